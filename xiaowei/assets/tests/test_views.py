"""The public 资产资源 pages and /api/v1/assets through HTTP, after a whole disposal: the register under a
village, a township and the county with filters, the asset's page with its disposal, lease and timeline,
and the same as JSON."""

from __future__ import annotations

from django.test import Client

from tests_support.projects import ProjectWorld
from xiaowei.assets.tests.test_disposals import run_full_disposal


def test_the_register_and_the_asset_page(client: Client, pw: ProjectWorld) -> None:
    d, lease = run_full_disposal(pw)
    for code in ("431382105201", "431382105", "431382"):
        html = client.get(f"/r/{code}/assets/").content.decode()
        assert "东头鱼塘" in html and d.asset.code in html
    assert "东头鱼塘" in client.get("/r/431382105201/assets/?kind=resource&status=leased").content.decode()
    assert "东头鱼塘" not in client.get("/r/431382105201/assets/?kind=operating").content.decode()
    response = client.get("/r/431382105201/assets/?kind=x&status=y")
    assert response.status_code == 200 and "资产类别不正确" in response.content.decode()
    assert client.get("/r/999999/assets/").status_code == 404
    html = client.get(f"/assets/{d.asset.code}/").content.decode()
    record = f"/ocds/v1/records/ocds-xw0000-{d.code}.json"
    for text in ("东头鱼塘", lease.contract_no, record, "verify/p/", "<svg"):
        assert text in html
    assert client.get("/assets/nope/").status_code == 404


def test_the_api_lists_and_shows_an_asset(client: Client, pw: ProjectWorld) -> None:
    d, lease = run_full_disposal(pw)
    page = client.get("/api/v1/assets?region=431382").json()
    assert page["count"] == 1 and page["results"][0]["status"] == "leased"
    assert page["results"][0]["value"] == "50000.00"
    asset = client.get(f"/api/v1/assets/{d.asset.code}").json()
    assert asset["disposals"][0]["ocid"] == f"ocds-xw0000-{d.code}"
    assert asset["disposals"][0]["award"] == "12800.00"
    assert asset["leases"][0]["contract_no"] == lease.contract_no
    assert asset["leases"][0]["receipts"] == [{"on": "2026-04-01", "amount": "12800.00"}]
    assert client.get("/api/v1/assets?region=431382&kind=x").json()["code"] == "bad_request"
    assert client.get("/api/v1/assets?region=431382&page=0").status_code == 400
    assert client.get("/api/v1/assets/nope").status_code == 404
