from __future__ import annotations

import json

import pytest
from django.test import Client

from xiaowei.accounts.services import do_create_api_token
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db


def test_region_answers_code_name_level_and_children(tree) -> None:
    r = Client().get("/api/v1/regions/431382105")
    assert r.status_code == 200
    body = r.json()
    assert {k: body[k] for k in ("code", "name", "level")} == {
        "code": "431382105",
        "name": "桥头河镇",
        "level": "township",
    }
    assert body["children"] == [
        {"code": "431382105201", "name": "甲村", "level": "village"},
        {"code": "431382105202", "name": "乙村", "level": "village"},
    ]
    group = Client().get("/api/v1/regions/431382105201001").json()
    assert group["level"] == "group" and group["children"] == []


@pytest.mark.parametrize("code", ["999999", "abc", "4313821052019999999"])
def test_unknown_region_is_a_json_404_in_chinese(tree, code: str) -> None:
    r = Client().get(f"/api/v1/regions/{code}")
    assert r.status_code == 404
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "not_found"
    assert "不存在" in r.json()["message"]


def test_unknown_api_path_is_json(db) -> None:
    r = Client().get("/api/v1/no-such-thing")
    assert r.status_code == 404
    assert r.json()["code"] == "not_found"


def test_openapi_document_and_docs_are_served_without_a_cdn(db) -> None:
    doc = Client().get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert "/api/v1/regions/{code}" in doc["paths"]
    assert "/api/v1/me" in doc["paths"]
    html = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui" in html
    assert "cdn" not in html.lower()


def test_validation_errors_are_json_with_a_stable_code(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    _, token = do_create_api_token(user, actor=None)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    r = c.patch(
        "/api/v1/regions/431382105201/profile",
        json.dumps({"office_hours": "x" * 101}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["code"] == "invalid"
    assert r.json()["message"] == "请求数据不合法"
    assert r.json()["errors"][0]["field"].endswith("office_hours")
    r = c.patch("/api/v1/regions/431382105201/profile", "not json", content_type="application/json")
    assert r.status_code in (400, 422)
    assert r.json()["code"] in ("invalid", "bad_request")
    assert Region.objects.get(code="431382105201").office_hours == ""
    r = c.get("/api/v1/audit/events?limit=abc")
    assert r.status_code in (403, 422)


def test_audit_paging_limits_are_checked(make_user) -> None:
    user = make_user(Role.COUNTY_SUPERVISOR)
    _, token = do_create_api_token(user, actor=None)
    c = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert c.get("/api/v1/audit/events?limit=1000").json()["code"] == "invalid"
    page = c.get("/api/v1/audit/events?limit=1").json()
    assert len(page["results"]) == 1 and page["count"] >= 2


def test_session_writes_need_the_csrf_token(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    c = Client(enforce_csrf_checks=True)
    c.force_login(user)
    r = c.patch(
        "/api/v1/regions/431382105201/profile", json.dumps({"intro": "x"}), content_type="application/json"
    )
    assert r.status_code in (401, 403)
    assert Region.objects.get(code="431382105201").intro == ""
    assert c.get("/api/v1/me").status_code == 200  # reads with the session are fine
