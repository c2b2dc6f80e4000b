"""Back-office pages for assets: the register of a region with a form to enter an asset, and one workspace
per asset that offers exactly the disposal and lease actions its state and the user's roles allow (each
action is one service call; a refusal keeps what was typed and lists every reason)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaowei.assets import selectors
from xiaowei.assets import services as asset_services
from xiaowei.assets.models import Asset, Disposal, Lease
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office import asset_forms as af
from xiaowei.office.actions import Shown
from xiaowei.regions import access
from xiaowei.regions.roles import Perm

# The tuple form of a step that office/projects.py also has, until both move to office.actions.Action
# (as finance did); action → (form, permission, service call, success message).
Action = tuple[type[forms.Form], str, Callable[[Any, dict[str, Any], Any], Any], str]

ASSET_ACTIONS: dict[str, Action] = {
    "dispose": (
        af.DisposalForm,
        Perm.MANAGE_ASSETS,
        lambda a, f, u: asset_services.do_start_disposal(
            a,
            mode=f["mode"],
            method=f["method"],
            decision_meeting_id=f["decision_meeting"].pk,
            decided_on=f["decided_on"],
            term_years=f["term_years"],
            to_outsider=f["to_outsider"],
            actor=u,
        ),
        "处置已登记并公开",
    ),
    "reserve": (
        af.ReserveForm,
        Perm.REVIEW_COST,
        lambda d, f, u: asset_services.do_review_reserve(
            d, reserve_fen=f["reserve"], reviewer=f["reviewer"], reviewed_on=f["reviewed_on"], actor=u
        ),
        "底价评审已登记",
    ),
    "notice": (
        af.NoticeForm,
        Perm.MANAGE_ASSETS,
        lambda d, f, u: asset_services.do_publish_disposal_notice(
            d, notice_on=f["notice_on"], notice_days=f["notice_days"], actor=u
        ),
        "处置公告已发布",
    ),
    "bid": (
        af.DisposalBidForm,
        Perm.MANAGE_ASSETS,
        lambda d, f, u: asset_services.do_record_disposal_bid(
            d, bidder_name=f["bidder_name"], amount_fen=f["amount"], submitted_on=f["submitted_on"], actor=u
        ),
        "报价已登记",
    ),
    "award": (
        af.AwardDisposalForm,
        Perm.MANAGE_ASSETS,
        lambda d, f, u: asset_services.do_award_disposal(d, awarded_on=f["awarded_on"], actor=u),
        "结果已公开",
    ),
    "lease": (
        af.LeaseForm,
        Perm.MANAGE_ASSETS,
        lambda d, f, u: asset_services.do_record_lease(
            d, contract_no=f["contract_no"], signed_on=f["signed_on"], start_on=f["start_on"], actor=u
        ),
        "合同已登记，收款计划已生成",
    ),
    "rent": (
        af.RentForm,
        Perm.RECORD_MONEY,
        lambda lease, f, u: asset_services.do_record_rent(
            lease, received_on=f["received_on"], amount_fen=f["amount"], voucher_no=f["voucher_no"], actor=u
        ),
        "收款已登记并公开",
    ),
}
_NEXT = {
    Disposal.Stage.DECIDED: ["reserve"],
    Disposal.Stage.PRICED: ["notice"],
    Disposal.Stage.NOTICED: ["bid", "award"],
    Disposal.Stage.AWARDED: ["lease"],
}


@require_http_methods(["GET", "POST"])
@login_required
def asset_workspace(request: HttpRequest, code: str) -> HttpResponse:
    asset = selectors.asset_detail(code)
    if asset is None:
        raise Http404("没有这个资产")
    access.check_region_code(request.user, asset.region_id, perm=Perm.VIEW_OFFICE)
    disposals = list(asset.disposals.all())
    current = disposals[-1] if disposals else None
    lease = Lease.objects.filter(disposal=current).first() if current else None
    offered: list[tuple[str, Any]] = []  # (action, the object it acts on)
    if asset.status not in (Asset.Status.IN_DISPOSAL, Asset.Status.TRANSFERRED):
        offered.append(("dispose", asset))
    if current is not None:
        offered += [(a, current) for a in _NEXT.get(current.stage, []) if not (a == "lease" and lease)]
    if lease is not None:
        offered.append(("rent", lease))
    offered = [
        (a, o) for a, o in offered if access.has_perm(request.user, asset.region_id, ASSET_ACTIONS[a][1])
    ]
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    targets = dict(offered)
    if posted and posted not in targets:
        messages.error(request, "该操作现在不能进行（处置阶段已变化或您的角色没有此权限）")
        return redirect("office-asset", code=asset.code)

    def make(action: str) -> forms.Form:
        cls = ASSET_ACTIONS[action][0]
        data = request.POST if action == posted else None
        if cls is af.DisposalForm:
            return cls(data, prefix=action, region_code=asset.region_id)
        return cls(data, prefix=action)

    forms_ = {a: make(a) for a, _ in offered}
    if posted and forms_[posted].is_valid():
        _, _, call, done = ASSET_ACTIONS[posted]
        try:
            call(targets[posted], forms_[posted].cleaned_data, request.user)
        except ServiceError as e:
            add_service_error(forms_[posted], e)
        else:
            messages.success(request, done)
            return redirect("office-asset", code=asset.code)
    titles = {
        "dispose": "登记处置（出租、发包、出让）",
        "reserve": "底价评审",
        "notice": "发布处置公告",
        "bid": "登记竞买报价",
        "award": "确定成交结果（无人竞买即流拍）",
        "lease": "登记合同",
        "rent": "登记收款",
    }
    status = asset_services.lease_status(lease) if lease else None
    return render(
        request,
        "office/asset.html",
        {
            "asset": asset,
            "current": current,
            "lease": lease,
            "status": status,
            "forms": [Shown(a, titles[a], "提交", forms_[a], False) for a, _ in offered],
            "posted": posted,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def asset_list(request: HttpRequest, code: str) -> HttpResponse:
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
