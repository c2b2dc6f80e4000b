"""The contractor registry: GB 32100 codes checked, contact details never public, scope on registration."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaowei.audit.models import AuditEvent
from xiaowei.lib.errors import InvalidInput
from xiaowei.procurement.models import Contractor
from xiaowei.procurement.services import do_register_contractor
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db

VALID = "91110108551385082Q"  # a published code (see xiaowei/lib/tests/test_uscc.py)


def _register(user, **kw) -> Contractor:
    data = {
        "uscc": VALID,
        "name": "涟源市某建筑工程有限公司",
        "kind": "works",
        "legal_person": "张建国",
        "contact_phone": "13800000000",
        "region_code": "431382105",
    }
    return do_register_contractor(actor=user, **{**data, **kw})


def test_township_agency_registers_and_the_public_sees_no_phone(make_user) -> None:
    c = _register(make_user(Role.TOWNSHIP_AGENCY))
    assert c.uscc == VALID
    event = AuditEvent.objects.get(action="projects.contractor.registered")
    assert event.object_type == "projects.contractor"  # the audit log keeps its names across the move
    assert "13800000000" not in str(event.after)
    html = Client().get("/contractors/?q=建筑").content.decode()
    assert "涟源市某建筑工程有限公司" in html and VALID in html and "13800000000" not in html


def test_bad_codes_and_duplicates_are_refused_with_reasons(make_user) -> None:
    agency = make_user(Role.TOWNSHIP_AGENCY)
    with pytest.raises(InvalidInput) as e:
        _register(agency, uscc=VALID[:-1] + "A")
    assert any("校验" in err for err in e.value.errors)
    _register(agency)
    with pytest.raises(InvalidInput) as e:
        _register(agency, uscc=VALID.lower())
    assert any("已登记" in err for err in e.value.errors)
    assert Contractor.objects.count() == 1


def test_only_roles_with_the_registry_may_register(make_user) -> None:
    cadre = make_user(Role.VILLAGE_CADRE)
    c = Client()
    c.force_login(cadre)
    assert c.get("/office/contractors/").status_code == 403
    agency = Client()
    agency.force_login(make_user(Role.TOWNSHIP_AGENCY))
    r = agency.post(
        "/office/contractors/", {"uscc": "123", "name": "x", "kind": "works", "legal_person": "李"}
    )
    assert r.status_code == 200 and "统一社会信用代码" in r.content.decode()
    assert not Contractor.objects.exists()
    r = agency.post(
        "/office/contractors/", {"uscc": VALID, "name": "某公司", "kind": "goods", "legal_person": "李"}
    )
    assert r.status_code == 302 and Contractor.objects.get().kind == "goods"
