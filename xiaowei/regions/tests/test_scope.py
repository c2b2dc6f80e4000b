"""Scope, for every role: its own region vs a sibling vs the parent, pages and API, read and write."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from xiaowei.accounts.services import do_create_api_token
from xiaowei.audit.models import AuditEvent
from xiaowei.regions.models import Region
from xiaowei.regions.roles import ROLE_PERMISSIONS, Perm

pytestmark = pytest.mark.django_db


def _writes_profile(role: str) -> bool:
    return Perm.EDIT_REGION_PROFILE in ROLE_PERMISSIONS[role]


def _client(persona) -> Client:
    c = Client()
    c.force_login(persona.user)
    return c


def _api(persona) -> Client:
    _, token = do_create_api_token(persona.user, actor=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_it_reads_own_region_page_and_hides_sibling_and_parent(persona) -> None:
    c = _client(persona)
    assert c.get(f"/office/r/{persona.own}/").status_code == 200
    assert c.get(f"/office/r/{persona.sibling}/").status_code == 404
    assert c.get(f"/office/r/{persona.parent}/").status_code == 404


def test_it_reads_below_own_region(persona, tree) -> None:
    below = Region.objects.under(persona.own).exclude(code=persona.own).order_by("code").first()
    assert below is not None
    assert _client(persona).get(f"/office/r/{below.code}/").status_code == 200


def test_it_reads_own_region_in_api_and_hides_others(persona) -> None:
    c = _api(persona)
    r = c.get(f"/api/v1/workspace/{persona.own}")
    assert r.status_code == 200
    assert r.json()["code"] == persona.own
    assert Perm.VIEW_OFFICE in r.json()["permissions"]
    for other in (persona.sibling, persona.parent):
        r = c.get(f"/api/v1/workspace/{other}")
        assert r.status_code == 404
        assert r.json()["code"] == "not_found"


def test_page_write_is_allowed_only_where_the_role_may_write(persona) -> None:
    c = _client(persona)
    data = {"intro": "新的简介", "office_address": "", "office_hours": "", "board_location": ""}
    r = c.post(f"/office/r/{persona.own}/profile/", data)
    if _writes_profile(persona.role):
        assert r.status_code == 302
        assert Region.objects.get(code=persona.own).intro == "新的简介"
    else:
        assert r.status_code == 403
        assert Region.objects.get(code=persona.own).intro == ""
    assert c.post(f"/office/r/{persona.sibling}/profile/", data).status_code == 404
    assert c.post(f"/office/r/{persona.parent}/profile/", data).status_code == 404
    assert Region.objects.get(code=persona.sibling).intro == ""
    assert Region.objects.get(code=persona.parent).intro == ""


def test_api_write_is_allowed_only_where_the_role_may_write(persona) -> None:
    c = _api(persona)
    body = json.dumps({"board_location": "村部门口"})
    r = c.patch(f"/api/v1/regions/{persona.own}/profile", body, content_type="application/json")
    if _writes_profile(persona.role):
        assert r.status_code == 200, r.content
        assert r.json()["board_location"] == "村部门口"
    else:
        assert r.status_code == 403
        assert r.json()["code"] == "forbidden"
    for other in (persona.sibling, persona.parent):
        r = c.patch(f"/api/v1/regions/{other}/profile", body, content_type="application/json")
        assert r.status_code == 404
        assert Region.objects.get(code=other).board_location == ""


def test_audit_trail_is_visible_only_to_supervisors_in_scope(persona, tree) -> None:
    c = _client(persona)
    api = _api(persona)
    r = c.get("/office/audit/")
    r_api = api.get("/api/v1/audit/events")
    if Perm.VIEW_AUDIT not in ROLE_PERMISSIONS[persona.role]:
        assert r.status_code == 403
        assert r_api.status_code == 403
        return
    assert r.status_code == 200
    assert r_api.status_code == 200
    visible = {e["region_code"] for e in r_api.json()["results"]}
    assert visible, "a supervisor sees at least the events of its own region"
    assert all(code.startswith(persona.own) for code in visible)
    assert c.get(f"/office/audit/?region={persona.sibling}").status_code == 404
    assert api.get(f"/api/v1/audit/events?region={persona.sibling}").status_code == 404
    assert api.get(f"/api/v1/audit/events?region={persona.parent}").status_code == 404


def test_anonymous_gets_login_or_401(tree) -> None:
    c = Client()
    r = c.get("/office/r/431382/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    assert c.get("/api/v1/workspace/431382").status_code == 401
    r = c.patch("/api/v1/regions/431382/profile", "{}", content_type="application/json")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized"
    assert not AuditEvent.objects.filter(action="regions.profile.updated").exists()
