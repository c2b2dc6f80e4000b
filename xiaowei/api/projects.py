"""/api/v1/projects: the public 工程项目 section as JSON (anyone may read; the same selectors as the
pages). Money is given as yuan strings with two decimals, exactly."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router

from xiaowei.api.listing import TAG, known_region, listing, money
from xiaowei.procurement.from_projects import ocid_for
from xiaowei.projects import rules, selectors
from xiaowei.projects.services import procurement_config

router = Router(tags=[TAG])


@router.get("/projects", auth=None)
def projects(request: HttpRequest, region: str) -> Any:
    """一个区划（村、乡镇或全市）及其下的工程项目，可按 year、stage、category、type、min、max（元）、q 筛选，
    每页 50 条，`count` 为总数。"""
    known_region(region)
    prefix = procurement_config(region).ocid_prefix
    return listing(
        request,
        selectors.ProjectFilters.from_query(request.GET),
        lambda f: selectors.projects_under(region, f),
        lambda p: {
            "code": p.code,
            "title": p.title,
            "village": {"code": p.region_id, "name": p.region.name},
            "year": p.year,
            "category": p.category,
            "type": p.project_type,
            "stage": p.stage,
            "stage_name": rules.STAGES[p.stage],
            "budget": money(p.budget_fen),
            "reviewed_cost": money(p.reviewed_cost_fen),
            "route": p.route or None,
            "supplier": p.award_contractor.name if p.award_contractor else None,
            "paid": money(p.paid_fen),
            "ocid": ocid_for(p, prefix),
            "url": request.build_absolute_uri(reverse("portal-project", args=[p.code])),
        },
    )


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
        "budget": money(p.budget_fen),
        "funding_source": p.funding_source,
        "decision": {"kind": p.decision_meeting.kind, "held_on": p.decision_meeting.held_on},
        "cost_review": {
            "amount": money(p.reviewed_cost_fen),
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
                "amount": money(b.amount_fen),
                "on": b.submitted_on,
                "valid": b.valid,
            }
            for b in p.bids.all()
        ],
        "award": {"supplier": p.award_contractor.name, "amount": money(p.award_fen), "on": p.awarded_on}
        if p.award_contractor
        else None,
        "contract": {
            "number": p.contract_no,
            "amount": money(p.contract_fen),
            "variations": money(p.variations_fen),
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
                "amount": money(e.amount_fen),
                "note": e.note,
            }
            for e in p.events.all()
        ],
        "acceptance": {"on": p.accepted_on, "passed": p.acceptance_passed, "note": p.acceptance_note}
        if p.accepted_on
        else None,
        "settlement": {"amount": money(p.settled_fen), "on": p.settled_on, "auditor": p.auditor}
        if p.settled_on
        else None,
        "payments": [
            {"on": x.paid_on, "amount": money(x.amount_fen), "voucher": x.voucher_no}
            for x in p.payments.all()
        ],
        "paid": money(p.paid_fen),
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
