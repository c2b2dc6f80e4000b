"""/api/v1/assets: the public 资产资源 section as JSON (anyone may read; the same selectors as the pages).
Money is given as yuan strings with two decimals, exactly. The endpoints keep the OpenAPI operation ids
they had when they lived in api/projects.py, so clients generated from the schema keep working."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router

from xiaowei.api.listing import TAG, known_region, listing, money
from xiaowei.assets import selectors
from xiaowei.assets.models import Asset
from xiaowei.projects.services import procurement_config

router = Router(tags=[TAG])


def _summary(request: HttpRequest, a: Asset) -> dict[str, Any]:
    return {
        "code": a.code,
        "name": a.name,
        "village": {"code": a.region_id, "name": a.region.name},
        "kind": a.kind,
        "subkind": a.subkind,
        "location": a.location,
        "area": str(a.area) if a.area is not None else None,
        "unit": a.unit,
        "value": money(a.value_fen),
        "status": a.status,
        "url": request.build_absolute_uri(reverse("portal-asset", args=[a.code])),
    }


@router.get("/assets", auth=None, operation_id="xiaowei_api_projects_assets")
def assets(request: HttpRequest, region: str) -> Any:
    """一个区划及其下的资产资源，可按 kind、status、q 筛选，每页 50 条。"""
    known_region(region)
    return listing(
        request,
        selectors.AssetFilters.from_query(request.GET),
        lambda f: selectors.assets_under(region, f),
        lambda a: _summary(request, a),
    )


@router.get("/assets/{code}", auth=None, operation_id="xiaowei_api_projects_asset")
def asset(request: HttpRequest, code: str) -> dict[str, Any]:
    """一项资产及其处置、合同、收款计划与收款。"""
    a = selectors.asset_detail(code)
    if a is None:
        raise Http404(f"没有资产 {code}")
    prefix = procurement_config(a.region_id).ocid_prefix
    summary = _summary(request, a)
    del summary["url"]
    return {
        **summary,
        "disposals": [
            {
                "code": d.code,
                "mode": d.mode,
                "method": d.method,
                "stage": d.stage,
                "term_years": d.term_years,
                "decided_on": d.decided_on,
                "reserve": money(d.reserve_fen),
                "notice_on": d.notice_on,
                "notice_days": d.notice_days,
                "bids": [
                    {"bidder": b.bidder_name, "amount": money(b.amount_fen), "on": b.submitted_on}
                    for b in d.bids.all()
                ],
                "winner": d.winner_name or None,
                "award": money(d.award_fen),
                "ocid": f"{prefix}-{d.code}",
            }
            for d in a.disposals.all()
        ],
        "leases": [
            {
                "contract_no": lease.contract_no,
                "lessee": lease.lessee_name,
                "start": lease.start_on,
                "end": lease.end_on,
                "annual_rent": money(lease.annual_rent_fen),
                "dues": [{"on": d.due_on, "amount": money(d.amount_fen)} for d in lease.dues.all()],
                "receipts": [
                    {"on": r.received_on, "amount": money(r.amount_fen)} for r in lease.receipts.all()
                ],
            }
            for lease in a.leases.all()
        ],
        "url": request.build_absolute_uri(reverse("portal-asset", args=[a.code])),
    }
