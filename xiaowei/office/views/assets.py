"""Back-office pages for assets: the register of a region with a form to enter an asset, and one workspace
per asset that offers exactly the disposal and lease actions its state and the user's roles allow (each
action is one service call; a refusal keeps what was typed and lists every reason)."""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.assets import selectors
from xiaowei.assets import services as asset_services
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office.actions import Action, handle
from xiaowei.office.forms import assets as af
from xiaowei.regions import access
from xiaowei.regions.roles import Perm

T = TypeVar("T")
Now = asset_services.Situation

# The steps of assets.services.available_actions. Each acts on the asset, its current disposal or lease.
ASSET_ACTIONS: dict[str, Action[Now]] = {
    "dispose": Action(
        "登记处置（出租、发包、出让）",
        af.DisposalForm,
        lambda n, f, u: asset_services.do_start_disposal(
            n.asset,
            mode=f["mode"],
            method=f["method"],
            decision_meeting_id=f["decision_meeting"].pk,
            decided_on=f["decided_on"],
            term_years=f["term_years"],
            to_outsider=f["to_outsider"],
            actor=u,
        ),
        "处置已登记并公开",
        form_kwargs=lambda n: {"region_code": n.asset.region_id},
    ),
    "reserve": Action(
        "底价评审",
        af.ReserveForm,
        lambda n, f, u: asset_services.do_review_reserve(
            _the(n.disposal),
            reserve_fen=f["reserve"],
            reviewer=f["reviewer"],
            reviewed_on=f["reviewed_on"],
            actor=u,
        ),
        "底价评审已登记",
    ),
    "notice": Action(
        "发布处置公告",
        af.NoticeForm,
        lambda n, f, u: asset_services.do_publish_disposal_notice(
            _the(n.disposal), notice_on=f["notice_on"], notice_days=f["notice_days"], actor=u
        ),
        "处置公告已发布",
    ),
    "bid": Action(
        "登记竞买报价",
        af.DisposalBidForm,
        lambda n, f, u: asset_services.do_record_disposal_bid(
            _the(n.disposal),
            bidder_name=f["bidder_name"],
            amount_fen=f["amount"],
            submitted_on=f["submitted_on"],
            actor=u,
        ),
        "报价已登记",
    ),
    "award": Action(
        "确定成交结果（无人竞买即流拍）",
        af.AwardDisposalForm,
        lambda n, f, u: asset_services.do_award_disposal(
            _the(n.disposal), awarded_on=f["awarded_on"], actor=u
        ),
        "结果已公开",
    ),
    "lease": Action(
        "登记合同",
        af.LeaseForm,
        lambda n, f, u: asset_services.do_record_lease(
            _the(n.disposal),
            contract_no=f["contract_no"],
            signed_on=f["signed_on"],
            start_on=f["start_on"],
            actor=u,
        ),
        "合同已登记，收款计划已生成",
    ),
    "rent": Action(
        "登记收款",
        af.RentForm,
        lambda n, f, u: asset_services.do_record_rent(
            _the(n.lease),
            received_on=f["received_on"],
            amount_fen=f["amount"],
            voucher_no=f["voucher_no"],
            actor=u,
        ),
        "收款已登记并公开",
    ),
}


def _the(obj: T | None) -> T:
    # available_actions offers a disposal's or a lease's step only when there is one.
    assert obj is not None
    return obj


@require_http_methods(["GET", "POST"])
@login_required
def asset_workspace(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    asset = selectors.asset_detail(code)
    if asset is None:
        raise Http404("没有这个资产")
    access.check_region_code(request.user, asset.region_id, perm=Perm.VIEW_OFFICE)
    now = asset_services.situation(asset)
    outcome = handle(
        request,
        now,
        ASSET_ACTIONS,
        asset_services.available_actions(now, request.user),
        back=lambda result: redirect("office-asset", code=asset.code),
        stale="该操作现在不能进行（处置阶段已变化或您的角色没有此权限）",
    )
    if outcome.response:
        return outcome.response
    return render(
        request,
        "office/asset.html",
        {
            "asset": asset,
            "current": now.disposal,
            "lease": now.lease,
            "status": asset_services.lease_status(now.lease) if now.lease else None,
            "forms": outcome.shown,
            "posted": outcome.posted,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def asset_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    can_register = region.level == "village" and access.has_perm(request.user, code, Perm.MANAGE_ASSETS)
    form = af.AssetForm(request.POST or None) if can_register else None
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.MANAGE_ASSETS)
        assert form is not None
        if form.is_valid():
            f = form.cleaned_data
            kind, _, subkind = f["subkind"].partition(":")
            try:
                asset = asset_services.do_register_asset(
                    region_code=code,
                    name=f["name"],
                    kind=kind,
                    subkind=subkind,
                    location=f["location"],
                    value_fen=f["value"] or 0,
                    area=f["area"],
                    unit=f["unit"],
                    acquired_on=f["acquired_on"],
                    status=f["status"],
                    note=f["note"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, f"已登记：{asset.code}")
                return redirect("office-asset", code=asset.code)
    filters, errors = selectors.AssetFilters.from_query(request.GET)
    page = Paginator(selectors.assets_under(code, filters), 50).get_page(request.GET.get("page"))
    return render(
        request, "office/assets.html", {"region": region, "form": form, "page": page, "errors": errors}
    )
