"""/api/v1/powers and the scoped matter endpoints."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests_support.matters import DAY, World
from xiaowei.accounts.services import do_create_api_token

pytestmark = pytest.mark.django_db


def _api(user) -> Client:
    _, token = do_create_api_token(user, actor=None)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_powers_list_has_the_contract_fields(world: World) -> None:
    r = Client().get("/api/v1/powers")
    assert r.status_code == 200
    powers = r.json()
    assert len(powers) == 28
    assert {p["category"] for p in powers} == {"major_decision", "routine", "service"}
    d02 = next(p for p in powers if p["code"] == "D02")
    assert d02["name"] == "村级工程项目建设"
    assert d02["basis"][0]["law"] and d02["executor"] and d02["supervisor"]
    assert d02["url"].endswith("/powers/D02/")
    assert [c["code"] for c in d02["flowcharts"]] == ["D02-1", "D02-2"]
    chart = d02["flowcharts"][0]
    assert chart["url"].endswith("/powers/D02/charts/D02-1/") and chart["steps"][0]["key"]
    assert sum(len(p["flowcharts"]) for p in powers) == 32
    assert Client().get(chart["url"]).status_code == 200
    assert Client().get(d02["url"]).status_code == 200
    services_only = Client().get("/api/v1/powers?category=service").json()
    assert len(services_only) == 15


def test_one_power_and_unknown_power(world: World) -> None:
    assert Client().get("/api/v1/powers/M03").json()["name"] == "村级组织印章管理"
    r = Client().get("/api/v1/powers/Z99")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_start_and_record_a_step_through_the_api(world: World) -> None:
    w = world
    api = _api(w.cadre)
    r = api.post(
        "/api/v1/matters",
        json.dumps(
            {
                "region": w.village.code,
                "item": "D02",
                "title": "组级道路硬化",
                "attributes": {"project_name": "组级道路硬化", "amount": "150000"},
                "started_on": str(DAY),
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    matter = r.json()
    assert matter["chart"] == "D02-2" and matter["next_step"]["key"] == "propose"
    assert matter["attributes"]["amount"] == 15_000_000  # fen
    mid = matter["id"]
    # Refused: no meeting, no documents → 422 listing each rule.
    r = api.post(
        f"/api/v1/matters/{mid}/steps",
        json.dumps({"step": "propose", "occurred_on": str(DAY)}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert {e["kind"] for e in r.json()["errors"]} == {"missing_evidence"}
    # Skipping ahead is refused too.
    r = api.post(
        f"/api/v1/matters/{mid}/steps",
        json.dumps({"step": "decide", "occurred_on": str(DAY)}),
        content_type="application/json",
    )
    assert r.json()["code"] == "skipped"
    meeting = api.post(
        "/api/v1/meetings",
        json.dumps(
            {
                "region": w.village.code,
                "kind": "party_branch",
                "subject": "道路硬化提议",
                "held_on": str(DAY),
                "expected": 7,
                "present": 7,
                "votes_for": 6,
                "votes_against": 1,
            }
        ),
        content_type="application/json",
    )
    assert meeting.status_code == 201 and meeting.json()["passed"]
    docs = []
    for kind in ("proposal", "minutes"):
        r = api.post(
            "/api/v1/documents", {"region": w.village.code, "kind": kind, "title": kind, "file": _file(kind)}
        )
        assert r.status_code == 201, r.content
        docs.append(r.json()["id"])
    r = api.post(
        f"/api/v1/matters/{mid}/steps",
        json.dumps(
            {
                "step": "propose",
                "occurred_on": str(DAY),
                "meeting_id": meeting.json()["id"],
                "document_ids": docs,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["next_step"]["key"] == "deliberate"
    detail = api.get(f"/api/v1/matters/{mid}").json()
    assert [s["key"] for s in detail["steps"]] == ["propose"]
    listing = api.get(f"/api/v1/matters?region={w.village.code}").json()
    assert listing["count"] == 1


def _file(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{name}.txt", b"minutes", content_type="text/plain")


def test_matters_are_scoped_and_roles_checked(world: World) -> None:
    w = world
    m = w.start("D02")
    assert _api(w.other_cadre).get(f"/api/v1/matters/{m.pk}").status_code == 404
    assert _api(w.other_cadre).get("/api/v1/matters").json()["count"] == 0
    r = _api(w.other_cadre).post(
        "/api/v1/matters",
        json.dumps({"region": w.village.code, "item": "D02", "title": "x", "attributes": {}}),
        content_type="application/json",
    )
    assert r.status_code == 404
    # The committee may read but not start matters, nor record a cadre's step.
    committee = _api(w.committee)
    assert committee.get(f"/api/v1/matters/{m.pk}").status_code == 200
    r = committee.post(
        "/api/v1/matters",
        json.dumps({"region": w.village.code, "item": "D02", "title": "x", "attributes": {}}),
        content_type="application/json",
    )
    assert r.status_code == 403
    r = committee.post(
        f"/api/v1/matters/{m.pk}/steps",
        json.dumps({"step": "propose", "occurred_on": str(DAY)}),
        content_type="application/json",
    )
    assert r.status_code in (403, 422)
    assert "wrong_role" in {e["kind"] for e in r.json()["errors"]}


def test_bad_input_is_a_clear_422(world: World) -> None:
    api = _api(world.cadre)
    r = api.post(
        "/api/v1/matters",
        json.dumps(
            {"region": world.village.code, "item": "D02", "title": "x", "attributes": {"amount": "abc"}}
        ),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert any("不是有效的数字" in e for e in r.json()["errors"])
    r = api.post(
        "/api/v1/meetings",
        json.dumps(
            {
                "region": world.village.code,
                "kind": "party_branch",
                "subject": "x",
                "held_on": str(DAY),
                "expected": 5,
                "present": 9,
                "votes_for": 1,
                "votes_against": 0,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 422 and "实到 9 人多于应到 5 人" in r.json()["errors"][0]
    r = api.post(
        "/api/v1/documents", {"region": world.village.code, "kind": "minutes", "title": "x", "file": _exe()}
    )
    assert r.status_code == 422 and "只接受" in r.json()["message"]
    r = api.get("/api/v1/matters?limit=0")
    assert r.status_code == 422


def _exe():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
