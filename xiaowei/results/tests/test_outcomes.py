"""The hand-off from service matters: an approved 便民服务 outcome becomes a public, masked, searchable and
published 办事结果; a refusal does not; doing it twice makes one result."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests_support.matters import DAY, World, finish_matter
from xiaowei.catalog.files import read_catalog
from xiaowei.catalog.models import PowerItem
from xiaowei.disclosure.models import Publication
from xiaowei.matters import services as matters
from xiaowei.matters.models import MatterOutcome
from xiaowei.results.categories import DEFAULT_CATEGORIES
from xiaowei.results.models import ServiceResult
from xiaowei.results.services import do_record_outcome

pytestmark = pytest.mark.django_db
ID = "43138219900101124X"


def _dibao(w: World, name: str = "王伟") -> Any:
    return matters.do_start_matter(
        w.village,
        PowerItem.objects.get(code="S05"),
        title=f"{name} 低保申请",
        attributes={"applicant_name": name, "amount": "450", "household_size": 3},
        started_on=DAY,
        actor=w.cadre,
    )


def test_every_result_category_of_the_built_in_list_is_a_default_category() -> None:
    raw, _ = read_catalog()
    used = {item["result_category"] for item in raw if item.get("result_category")}
    assert used <= {c.code for c in DEFAULT_CATEGORIES}
    assert len(used) >= 6


def test_an_approved_outcome_becomes_a_public_masked_result(
    world: World, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        m = finish_matter(world, _dibao(world), DAY, person_id=ID)
    result = ServiceResult.objects.get()
    assert result.matter_outcome is not None and result.matter_outcome.matter_id == m.pk
    assert result.category == "dibao"
    assert (result.amount_fen, result.household_size, result.id_masked) == (45000, 3, "431382********124X")
    pub = Publication.objects.get(kind=Publication.Kind.SERVICE_RESULT)
    body = json.loads(pub.content)
    assert body["result"]["name"] == "王伟" and body["result"]["id_number"] == "431382********124X"
    assert ID not in pub.content
    page = client.get(f"/api/v1/results?region={world.village.code}&q=王伟").json()
    assert page["count"] == 1 and page["results"][0]["id_number"] == "431382********124X"
    assert do_record_outcome(MatterOutcome.objects.get()) == result  # idempotent
    assert ServiceResult.objects.count() == 1


def test_a_refusal_makes_no_public_result(world: World) -> None:
    m = finish_matter(world, _dibao(world, "李娜"), DAY, person_id=ID, decision="refused")
    outcome = MatterOutcome.objects.get(matter=m)
    assert not outcome.approved
    assert do_record_outcome(outcome) is None and not ServiceResult.objects.exists()


def test_an_outcome_whose_hand_off_was_missed_is_handed_over_by_the_cli(world: World) -> None:
    # Without the on-commit callbacks running, the signal never fires: as after a failed hand-off.
    finish_matter(world, _dibao(world), DAY, person_id=ID)
    finish_matter(world, _dibao(world, "李娜"), DAY, person_id=ID, decision="refused")
    assert not ServiceResult.objects.exists()
    out = io.StringIO()
    call_command("results", "handoff", stdout=out)
    assert "补交 1 条" in out.getvalue()
    assert list(ServiceResult.objects.values_list("person_name", flat=True)) == ["王伟"]
    call_command("results", "handoff", stdout=io.StringIO())  # a second run finds nothing more
    assert ServiceResult.objects.count() == 1
