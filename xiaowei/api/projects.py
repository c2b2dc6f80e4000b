"""/api/v1/projects and /api/v1/assets: the public 工程项目 and 资产资源 sections as JSON (anyone may read;
the same selectors as the pages). Money is given as yuan strings with two decimals, exactly."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from ninja import Router

from xiaowei.api.errors import error_response
from xiaowei.lib.money import yuan
from xiaowei.procurement.from_projects import ocid_for
from xiaowei.projects import rules, selectors
from xiaowei.projects.services import procurement_config
from xiaowei.regions.models import Region

router = Router(tags=["工程项目与资产资源"])
PAGE_SIZE = 50


def _money(fen: int | None) -> str | None:
    return None if fen is None else yuan(fen).replace(",", "")


def _page(request: HttpRequest, rows: Any) -> tuple[Any, int] | JsonResponse:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 10**6:
        return error_response("bad_request", "page 应为正整数", 400)
    paginator = Paginator(rows, PAGE_SIZE)
    return paginator.get_page(int(raw)), paginator.count


def _region(code: str) -> Region:
    region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) <= 15 else None
    if region is None:
        raise Http404(f"没有区划 {code}")
    return region


@router.get("/projects", auth=None)
def projects(request: HttpRequest, region: str) -> Any:
    """一个区划（村、乡镇或全市）及其下的工程项目，可按 year、stage、category、type、min、max（元）、q 筛选，
    每页 50 条，`count` 为总数。"""
    _region(region)
    filters, errors = selectors.ProjectFilters.from_query(request.GET)
    if errors:
        return error_response("bad_request", "；".join(errors), 400)
    paged = _page(request, selectors.projects_under(region, filters))
    if isinstance(paged, JsonResponse):
        return paged
    page, count = paged
    prefix = procurement_config(region).ocid_prefix
    return {
        "count": count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [
            {
                "code": p.code,
                "title": p.title,
                "village": {"code": p.region_id, "name": p.region.name},
                "year": p.year,
                "category": p.category,
                "type": p.project_type,
                "stage": p.stage,
                "stage_name": rules.STAGES[p.stage],
                "budget": _money(p.budget_fen),
                "reviewed_cost": _money(p.reviewed_cost_fen),
                "route": p.route or None,
                "supplier": p.award_contractor.name if p.award_contractor else None,
                "paid": _money(p.paid_fen),
                "ocid": ocid_for(p, prefix),
                "url": request.build_absolute_uri(reverse("portal-project", args=[p.code])),
            }
            for p in page
        ],
    }


@router.get("/projects/{code}", auth=None)
def project(request: HttpRequest, code: str) -> dict[str, Any]:
    """一个项目的全部阶段数据：报价、“4+X”签字、施工记录、付款与公开记录。"""
    p = selectors.project_detail(code)
    if p is None:
        raise Http404(f"没有项目 {code}")
    prefix = procurement_config(p.region_id).ocid_prefix
    return {
        "code": p.code,
        "title": p.title,
        "description": p.description,
        "village": {"code": p.region_id, "name": p.region.name},
        "year": p.year,
        "category": p.category,
        "type": p.project_type,
        "stage": p.stage,
        "stage_name": rules.STAGES[p.stage],
        "budget": _money(p.budget_fen),
        "funding_source": p.funding_source,
        "decision": {"kind": p.decision_meeting.kind, "held_on": p.decision_meeting.held_on},
        "cost_review": {
            "amount": _money(p.reviewed_cost_fen),
            "by": p.cost_reviewer,
            "on": p.cost_reviewed_on,
        },
        "procurement": {
            "route": p.route or None,
            "platform": p.platform or None,
            "notice_on": p.tender_on,
            "deadline": p.bid_deadline,
        },
        "bids": [
            {
                "supplier": b.contractor.name,
                "uscc": b.contractor.uscc,
                "amount": _money(b.amount_fen),
                "on": b.submitted_on,
                "valid": b.valid,
            }
            for b in p.bids.all()
        ],
        "award": {"supplier": p.award_contractor.name, "amount": _money(p.award_fen), "on": p.awarded_on}
        if p.award_contractor
        else None,
        "contract": {
            "number": p.contract_no,
            "amount": _money(p.contract_fen),
            "variations": _money(p.variations_fen),
            "signed_on": p.contract_signed_on,
            "start": p.contract_start,
            "end": p.contract_end,
        }
        if p.contract_signed_on
        else None,
        "construction": [
            {
                "kind": e.kind,
                "on": e.occurred_on,
                "percent": e.percent,
                "amount": _money(e.amount_fen),
                "note": e.note,
            }
            for e in p.events.all()
        ],
        "acceptance": {"on": p.accepted_on, "passed": p.acceptance_passed, "note": p.acceptance_note}
        if p.accepted_on
        else None,
        "settlement": {"amount": _money(p.settled_fen), "on": p.settled_on, "auditor": p.auditor}
        if p.settled_on
        else None,
        "payments": [
            {"on": x.paid_on, "amount": _money(x.amount_fen), "voucher": x.voucher_no}
            for x in p.payments.all()
        ],
        "paid": _money(p.paid_fen),
        "signoffs": [
            {
                "stage": s.stage,
                "body": s.body,
                "department": s.department,
                "agreed": s.agreed,
                "opinion": s.opinion,
                "on": s.signed_on,
            }
            for s in p.signoffs.all()
        ],
        "ocid": ocid_for(p, prefix),
        "ocds_record": request.build_absolute_uri(reverse("ocds-record", args=[ocid_for(p, prefix)])),
        "url": request.build_absolute_uri(reverse("portal-project", args=[p.code])),
    }


@router.get("/assets", auth=None)
def assets(request: HttpRequest, region: str) -> Any:
    """一个区划及其下的资产资源，可按 kind、status、q 筛选，每页 50 条。"""
    _region(region)
    filters, errors = selectors.AssetFilters.from_query(request.GET)
    if errors:
        return error_response("bad_request", "；".join(errors), 400)
    paged = _page(request, selectors.assets_under(region, filters))
    if isinstance(paged, JsonResponse):
        return paged
    page, count = paged
    return {
        "count": count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [
            {
                "code": a.code,
                "name": a.name,
                "village": {"code": a.region_id, "name": a.region.name},
                "kind": a.kind,
                "subkind": a.subkind,
                "location": a.location,
                "area": str(a.area) if a.area is not None else None,
                "unit": a.unit,
                "value": _money(a.value_fen),
                "status": a.status,
                "url": request.build_absolute_uri(reverse("portal-asset", args=[a.code])),
            }
            for a in page
        ],
    }


@router.get("/assets/{code}", auth=None)
def asset(request: HttpRequest, code: str) -> dict[str, Any]:
    """一项资产及其处置、合同、收款计划与收款。"""
    a = selectors.asset_detail(code)
    if a is None:
        raise Http404(f"没有资产 {code}")
    prefix = procurement_config(a.region_id).ocid_prefix
    return {
        "code": a.code,
        "name": a.name,
        "village": {"code": a.region_id, "name": a.region.name},
        "kind": a.kind,
        "subkind": a.subkind,
        "location": a.location,
        "area": str(a.area) if a.area is not None else None,
        "unit": a.unit,
        "value": _money(a.value_fen),
        "status": a.status,
        "disposals": [
            {
                "code": d.code,
                "mode": d.mode,
                "method": d.method,
                "stage": d.stage,
                "term_years": d.term_years,
                "decided_on": d.decided_on,
                "reserve": _money(d.reserve_fen),
                "notice_on": d.notice_on,
                "notice_days": d.notice_days,
                "bids": [
                    {"bidder": b.bidder_name, "amount": _money(b.amount_fen), "on": b.submitted_on}
                    for b in d.bids.all()
                ],
                "winner": d.winner_name or None,
                "award": _money(d.award_fen),
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
                "annual_rent": _money(lease.annual_rent_fen),
                "dues": [{"on": d.due_on, "amount": _money(d.amount_fen)} for d in lease.dues.all()],
                "receipts": [
                    {"on": r.received_on, "amount": _money(r.amount_fen)} for r in lease.receipts.all()
                ],
            }
            for lease in a.leases.all()
        ],
        "url": request.build_absolute_uri(reverse("portal-asset", args=[a.code])),
    }
