"""Back-office pages of the village ledger (报账制, docs/domain-notes.md §6.2): the vouchers of a region, the
form to draft one, one workspace per voucher that offers exactly the steps its status and the user's roles
allow (each step is one finance.services call; a refusal keeps what was typed and lists every reason), the
queue of vouchers waiting for the user, and a village's months with their close and 财务公开."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.finance import ledger, rules, services
from xiaowei.finance.models import MonthClose, Voucher, VoucherApproval, VoucherAttachment, VoucherLine
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office.actions import Action, handle
from xiaowei.office.forms import finance as ff
from xiaowei.regions import access
from xiaowei.regions.codes import under_q
from xiaowei.regions.roles import Perm, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User

    Someone = User | AnonymousUser

S = Voucher.Status

# Who works with the ledger: the links to these pages are shown to these roles only. The queue is for the
# roles that act on vouchers (the agency is also an approver role, and the only one that books).
QUEUE_ROLES = frozenset({Role.VILLAGE_COMMITTEE, *rules.APPROVER_ROLES})
LEDGER_ROLES = QUEUE_ROLES | {Role.VILLAGE_ACCOUNTANT, Role.COUNTY_SUPERVISOR}


def uses_ledger(user: Someone, code: str) -> bool:
    """Whether the ledger pages of region `code` are for this user (navigation only, not access)."""
    return bool(access.roles_on(user, code) & LEDGER_ROLES)


def has_voucher_queue(user: Someone) -> bool:
    return access.holds_any(user, QUEUE_ROLES)


def _role_q(user: Someone, roles: Collection[str]) -> Q:
    return access.role_scope_q(user, "region_id", roles)


def _attach(voucher: Voucher, f: dict[str, Any], user: User) -> VoucherAttachment:
    return services.do_attach_invoice(
        voucher, title=f["title"], upload=f["file"], public=f["public"], actor=user
    )


def _book_form(*args: Any, voucher: Voucher, **kwargs: Any) -> forms.Form:
    return (ff.BookForm if voucher.pay_method == "bank" else ff.CashBookForm)(*args, **kwargs)


# The steps of finance.services.available_actions, in the order the page shows them.
ACTIONS: dict[str, Action[Voucher]] = {
    "sign": Action(
        "村务监督委员会审核签字（民主理财）",
        ff.SignForm,
        lambda v, f, u: services.do_sign_voucher(v, actor=u),
        "监委已审核签字",
        button="审核无误，签字",
    ),
    "approve": Action(
        "审批（联审联签）",
        ff.ApproveForm,
        lambda v, f, u: services.do_approve_voucher(v, actor=u),
        "已审批",
        button="同意，签字审批",
    ),
    "book": Action(
        "代理记账",
        _book_form,
        lambda v, f, u: services.do_book_voucher(
            v, bank_ref=f.get("bank_ref", ""), paid_on=f.get("paid_on"), actor=u
        ),
        "已记账",
        button="记账",
        form_kwargs=lambda v: {"voucher": v},
    ),
    "attach": Action("附发票或收据", ff.AttachForm, _attach, "附件已添加", button="上传并附上", uploads=True),
    "reverse": Action(
        "红字冲销（记错时用冲销凭证更正）",
        ff.ReverseForm,
        lambda v, f, u: services.do_reverse_voucher(v, made_on=f["made_on"], reason=f["reason"], actor=u),
        "已冲销",
        button="冲销",
    ),
    "reject": Action(
        "退回",
        ff.RejectForm,
        lambda v, f, u: services.do_reject_voucher(v, reason=f["reason"], actor=u),
        "凭证已退回",
        button="退回",
    ),
}


def _voucher(request: AuthenticatedHttpRequest, pk: int) -> Voucher:
    rows = Voucher.objects.select_related(
        "region",
        "created_by",
        "committee_by",
        "booked_by",
        "rejected_by",
        "reverses",
        "matter",
        "project",
        "lease",
    ).prefetch_related(
        Prefetch("lines", queryset=VoucherLine.objects.select_related("subject").order_by("position")),
        Prefetch("attachments", queryset=VoucherAttachment.objects.select_related("document")),
        Prefetch("approvals", queryset=VoucherApproval.objects.select_related("user").order_by("at")),
    )
    return access.access_object(request.user, rows, pk, perm=Perm.VIEW_OFFICE)


@require_http_methods(["GET", "POST"])
@login_required
def voucher_workspace(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    voucher = _voucher(request, pk)

    def back(result: Any) -> HttpResponse:
        target = result if isinstance(result, Voucher) else voucher  # a reversal opens the new voucher
        return redirect("office-voucher", pk=target.pk)

    outcome = handle(
        request,
        voucher,
        ACTIONS,
        services.available_actions(voucher, request.user),
        back=back,
        stale="该操作现在不能进行（凭证状态已变化或您的角色没有此权限）",
    )
    if outcome.response:
        return outcome.response
    lines = list(voucher.lines.all())
    approved = {a.role for a in voucher.approvals.all()}
    blocked = []
    unsupported = voucher.kind == Voucher.Kind.PAYMENT and not voucher.attachments.all()
    if voucher.status == S.AWAITING_COMMITTEE and unsupported:
        blocked.append("付款凭证须先附发票或收据，监委才能审核签字（不得以白条入账）")
    return render(
        request,
        "office/voucher.html",
        {
            "voucher": voucher,
            "lines": lines,
            "debit_total": sum(x.debit_fen for x in lines),
            "credit_total": sum(x.credit_fen for x in lines),
            "pay_method": rules.PAY_METHODS.get(voucher.pay_method, ""),
            "approvals": [(Role(a.role).label, a) for a in voucher.approvals.all()],
            "still_needed": [Role(r).label for r in voucher.required_approvers if r not in approved],
            "reversals": voucher.reversals.order_by("id"),
            "forms": outcome.shown,
            "posted": outcome.posted,
            "blocked": blocked,
            "can_draft": access.has_perm(request.user, voucher.region_id, Perm.DRAFT_VOUCHERS),
        },
    )


# --- Lists -----------------------------------------------------------------------------------------------


def _filters(params: Any) -> tuple[str, str, list[str]]:
    """Status and month from the query string; bad values are dropped and reported, never a 500."""
    errors = []
    status = params.get("status", "").strip()
    month = params.get("month", "").strip()
    if status and status not in S.values:
        errors.append("状态不正确")
        status = ""
    if month:
        try:
            rules.parse_period(month)
        except ValueError as e:
            errors.append(str(e)[:60])
            month = ""
    return status, month, errors


@require_safe
@login_required
def voucher_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    status, month, errors = _filters(request.GET)
    rows = Voucher.objects.filter(access.scope_q(request.user, "region_id", Perm.VIEW_OFFICE)).filter(
        under_q("region_id", code)
    )
    if status:
        rows = rows.filter(status=status)
    if month:
        rows = rows.filter(period=month)
    rows = rows.select_related("region").order_by("-made_on", "-id")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "office/vouchers.html",
        {
            "region": region,
            "page": page,
            "status": status,
            "month": month,
            "errors": errors,
            "statuses": S.choices,
            "query": query.urlencode(),
            "can_draft": region.level == "village"
            and access.has_perm(request.user, code, Perm.DRAFT_VOUCHERS),
        },
    )


def _renumbered(message: str, rows: list[int]) -> str:
    # The service numbers the lines it was given; empty rows were left out, so its "第 n 行" is mapped
    # back to the row the user sees on the form.
    def screen(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"第 {rows[n - 1]} 行" if 0 < n <= len(rows) else m.group(0)

    return re.sub(r"第 (\d+) 行", screen, message)


def _error_list(form: forms.Form, rows: list[ff.LineForm]) -> list[str]:
    """Every problem on the page, in the order of the form, each saying where it is."""
    out = [str(e) for e in form.non_field_errors()]
    for name, field in form.fields.items():
        out += [f"{field.label}：{e}" for e in form.errors.get(name, [])]
    for row in rows:
        for name, field in row.fields.items():
            out += [f"第 {row.row} 行{field.label}：{e}" for e in row.errors.get(name, [])]
    return out


@require_http_methods(["GET", "POST"])
@login_required
def voucher_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.DRAFT_VOUCHERS)
    if village.level != "village":
        raise Http404("凭证应填在村（社区）")
    data = request.POST if request.method == "POST" else None
    form = ff.VoucherForm(data, region_code=village.code)
    rows = ff.line_forms(data, ff.leaf_subjects())
    if request.method == "POST":
        valid = [form.is_valid()] + [row.is_valid() for row in rows]  # every form, so every error shows
        if all(valid):
            filled = [row for row in rows if not row.blank]
            f = form.cleaned_data
            try:
                voucher = services.do_draft_voucher(
                    village,
                    kind=f["kind"],
                    made_on=f["made_on"],
                    summary=f["summary"],
                    lines=[row.as_line() for row in filled],
                    handler=f["handler"],
                    witness=f["witness"],
                    payee=f["payee"],
                    pay_method=f["pay_method"],
                    matter_id=f["matter"].pk if f["matter"] else None,
                    project_id=f["project"].pk if f["project"] else None,
                    lease_id=f["lease"].pk if f["lease"] else None,
                    actor=request.user,
                )
            except ServiceError as e:
                screen_rows = [row.row for row in filled]
                reasons = e.errors if isinstance(e, InvalidInput) and e.errors else [e.message]
                for reason in reasons:
                    form.add_error(None, _renumbered(reason, screen_rows))
            else:
                messages.success(request, f"凭证已保存，等待村务监督委员会审核：{voucher.number}")
                return redirect("office-voucher", pk=voucher.pk)
    return render(
        request,
        "office/voucher_new.html",
        {"village": village, "form": form, "rows": rows, "errors": _error_list(form, rows) if data else []},
    )


@require_safe
@login_required
def voucher_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """待我处理的凭证: the committee's, the approvers' and the agency's waiting vouchers in their cover."""
    user = request.user
    seen = Voucher.objects.filter(access.scope_q(user, "region_id", Perm.VIEW_OFFICE)).select_related(
        "region"
    )
    committee = (
        seen.filter(_role_q(user, {Role.VILLAGE_COMMITTEE}), status=S.AWAITING_COMMITTEE)
        .exclude(created_by=user)
        .order_by("made_on", "id")[:200]
    )
    candidates = (
        seen.filter(_role_q(user, rules.APPROVER_ROLES), status=S.AWAITING_APPROVAL)
        .exclude(created_by=user)
        .prefetch_related("approvals")
        .order_by("made_on", "id")[:2000]
    )
    approval = [
        (
            v,
            [
                Role(r).label
                for r in services.approvable_roles(v, user, {a.role: a.user_id for a in v.approvals.all()})
            ],
        )
        for v in candidates
    ]
    booking = (
        Voucher.objects.filter(
            access.scope_q(user, "region_id", Perm.BOOK_VOUCHERS), status=S.AWAITING_BOOKING
        )
        .select_related("region")
        .order_by("made_on", "id")[:200]
    )
    return render(
        request,
        "office/voucher_queue.html",
        {
            "committee": committee,
            "approval": [(v, roles) for v, roles in approval if roles][:200],
            "booking": booking,
        },
    )


# --- Months ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def finance_months(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    if village.level != "village":
        raise Http404("月结按村（社区）办理")
    can_close = access.has_perm(request.user, code, Perm.BOOK_VOUCHERS)
    can_publish = Role.VILLAGE_COMMITTEE in access.roles_on(request.user, code)
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    form = ff.CloseMonthForm(request.POST if posted else None)
    if (posted == "close" and not can_close) or (posted == "publish" and not can_publish):
        raise PermissionDenied("您的角色不能办理这一步")
    if posted not in ("", "close", "publish"):
        messages.error(request, "该操作不存在")
        return redirect("office-finance-months", code=village.code)
    if posted and form.is_valid():
        period = form.cleaned_data["period"]
        try:
            if posted == "close":
                services.do_close_month(village, period=period, actor=request.user)
                done = f"{period} 已月结，请村务监督委员会审核签署财务公开"
            else:
                close = MonthClose.objects.filter(region=village, period=period).first()
                if close is None:
                    raise InvalidInput(f"{period} 还没有月结，不能公开")
                services.do_publish_month(close, actor=request.user)
                done = f"{period} 的财务收支已公开"
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, done)
            return redirect("office-finance-months", code=village.code)
    closes = {c.period: c for c in MonthClose.objects.filter(region=village)}
    current = rules.period_of(timezone.localdate())
    months = [
        {
            "row": m,
            "close": closes.get(m.period),
            "closable": can_close and not m.closed and m.period < current,
            "publishable": can_publish and m.closed and not m.published,
        }
        for m in ledger.months(village.code)
    ]
    return render(
        request,
        "office/finance_months.html",
        {
            "village": village,
            "months": months,
            "form": form,
            "posted": posted,
            "can_close": can_close,
            "can_publish": can_publish,
        },
    )
