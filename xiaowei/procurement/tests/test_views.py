"""The OCDS endpoints through HTTP: release packages and records that the official validator (libcoveocds)
accepts with zero errors, paging with a Link header, and the bulk download."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from django.test import Client

from tests_support.ocds import assert_clean
from tests_support.projects import ProjectWorld
from xiaowei.procurement import ocds
from xiaowei.procurement.models import OcdsRelease
from xiaowei.procurement.views import ocds as ocds_views
from xiaowei.projects.models import Project


@pytest.fixture
def done(pw: ProjectWorld) -> Project:
    """Two projects of one village with their releases: one at the contract, one closed."""
    pw.advance(pw.project(8_000, title="村部门前路灯", project_type="lighting"), "contract", cost_yuan=8_000)
    return pw.advance(pw.project(150_000), "closed", cost_yuan=140_000)


def test_release_package_validates_with_zero_errors(
    client: Client, done: Project, cove: Callable[..., dict[str, Any]]
) -> None:
    response = client.get("/ocds/v1/releases.json?region=431382105")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    package = response.json()
    assert len(package["releases"]) == OcdsRelease.objects.count()
    result = cove(package)
    assert_clean(result)
    assert result["validation_errors"] == []
    ids = [r["id"] for r in package["releases"]]
    assert len(ids) == len(set(ids))


def test_record_has_payments_as_transactions_and_4x_as_milestones(client: Client, done: Project) -> None:
    ocid = f"ocds-xw0000-{done.code}"
    package = client.get(f"/ocds/v1/records/{ocid}.json").json()
    record = package["records"][0]
    compiled = record["compiledRelease"]
    contract = compiled["contracts"][0]
    assert [t["value"]["amount"] for t in contract["implementation"]["transactions"]] == [done.paid_fen / 100]
    codes = {m.get("code") for m in contract["implementation"]["milestones"]}
    assert {"acceptance", "4x-jiwei", "4x-nongjing", "settlement"} <= codes
    assert {m["code"] for m in compiled["planning"]["milestones"]} >= {
        "siyi-resolution",
        "4x-caizheng",
        "cost-review",
    }
    assert contract["status"] == "terminated"
    schema = ocds.patched_release_schema()
    assert list(jsonschema.Draft4Validator(schema).iter_errors(compiled)) == []
    assert client.get("/ocds/v1/records/ocds-xw0000-none.json").status_code == 404


def test_packages_page_with_a_link_header_and_bad_params_get_400(
    client: Client, done: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocds_views, "PAGE_SIZE", 3)
    seen = []
    url = "/ocds/v1/releases.json?region=431382"
    while url:
        response = client.get(url)
        seen += [r["id"] for r in response.json()["releases"]]
        link = response.get("Link")
        url = link[link.index("/ocds") : link.index(">")] if link else ""
    assert seen == list(OcdsRelease.objects.order_by("region_id", "id").values_list("release_id", flat=True))
    assert client.get("/ocds/v1/releases.json?region=abc").status_code == 400
    assert client.get("/ocds/v1/releases.json?region=431382&after=-1").json()["code"] == "bad_request"
    assert client.get("/ocds/v1/releases.json?region=431382&after=1.x").status_code == 400
    assert client.get("/ocds/v1/releases.json?region=999").status_code == 404


def test_bulk_download_holds_every_release(client: Client, done: Project) -> None:
    response = client.get("/ocds/v1/bulk/431382.json.gz")
    package = json.loads(gzip.decompress(response.getvalue()))  # getvalue joins the streamed file
    assert len(package["releases"]) == OcdsRelease.objects.count()
    first = client.get("/ocds/v1/bulk/431382.json.gz")
    again = client.get("/ocds/v1/bulk/431382.json.gz")
    assert again.getvalue() == first.getvalue()  # served from the cache
