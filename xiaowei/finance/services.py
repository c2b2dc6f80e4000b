"""Services of the village ledger (报账制, docs/domain-notes.md §6.2). One transaction each, and the
audit events of what it changed.

The flow: the 报账员 drafts a voucher with its lines and attaches the invoice → the 村务监督委员会 signs
(民主理财) → the roles of its amount band approve (联审联签) → the township agency books it (村账乡代管),
recording the bank transfer of a payment, or rejects it with a reason at any step → the agency closes the
month → the committee signs the month's 财务公开, which is published to the transparency log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from xiaowei.assets.models import Lease
from xiaowei.audit.log import record
from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish
from xiaowei.finance import ledger, rules
from xiaowei.finance.models import (
    MonthClose,
    Subject,
    Voucher,
    VoucherApproval,
    VoucherAttachment,
    VoucherLine,
)
from xiaowei.finance.search_text import index_vouchers
from xiaowei.finance.subjects import chart
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.money import yuan
from xiaowei.matters.models import Document, Matter
from xiaowei.matters.services import store_document
from xiaowei.projects.models import Project
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.uploadedfile import UploadedFile

    from xiaowei.accounts.models import User

S = Voucher.Status
WAITING = (S.AWAITING_COMMITTEE, S.AWAITING_APPROVAL, S.AWAITING_BOOKING)


def finance_config(region_code: str) -> rules.Config:
    try:
        return rules.parse_config(catalog_selectors.setting(region_code, "finance", {}))
    except ValueError as e:
        raise ServiceError(f"财务配置有误：{e}", code="bad_config") from None


def _lines(raw: Sequence[Mapping[str, Any] | rules.Line]) -> list[rules.Line]:
    out = []
    for item in raw:
        if isinstance(item, rules.Line):
            out.append(item)
            continue
        out.append(
            rules.Line(
                subject=str(item.get("subject", "")).strip(),
                debit_fen=int(item.get("debit_fen") or 0),
                credit_fen=int(item.get("credit_fen") or 0),
                summary=str(item.get("summary", "")).strip(),
            )
        )
    return out


def _closed(region_code: str, period: str) -> bool:
    return MonthClose.objects.filter(region_id=region_code, period=period).exists()


def _text(value: str, what: str, errors: list[str], *, required: bool, limit: int) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.append(f"请填写{what}")
    if len(value) > limit:
        errors.append(f"{what}不能超过 {limit} 字")
    pii = rules.personal_data_in(value)
    if pii:
        errors.append(f"{what}{pii}（公开的财务明细中不得出现）")
    return value


def _links(
    village: Region, matter_id: int | None, project_id: int | None, lease_id: int | None, errors: list[str]
) -> dict[str, Any]:
    found: dict[str, Any] = {"matter": None, "project": None, "lease": None}
    if matter_id:
        found["matter"] = Matter.objects.filter(pk=matter_id, region_id=village.code).first()
        if found["matter"] is None:
            errors.append("关联的事项不存在或不属于本村")
    if project_id:
        found["project"] = Project.objects.filter(pk=project_id, region_id=village.code).first()
        if found["project"] is None:
            errors.append("关联的工程项目不存在或不属于本村")
    if lease_id:
        found["lease"] = Lease.objects.filter(pk=lease_id, disposal__asset__region_id=village.code).first()
        if found["lease"] is None:
            errors.append("关联的租赁合同不存在或不属于本村")
    return found


@transaction.atomic(durable=True)
def do_draft_voucher(
    village: Region,
    *,
    kind: str,
    made_on: dt.date,
    summary: str,
    lines: Sequence[Mapping[str, Any] | rules.Line],
    handler: str,
    witness: str = "",
    payee: str = "",
    pay_method: str = "",
    matter_id: int | None = None,
    project_id: int | None = None,
    lease_id: int | None = None,
    actor: User,
) -> Voucher:
    """The 报账员 fills in a voucher (记账凭证) for the committee and the approvers. Everything wrong is
    reported at once; nothing is written unless the whole voucher is right."""
    access.check_region_code(actor, village.code, perm=Perm.DRAFT_VOUCHERS)
    errors: list[str] = []
    if village.level != "village":
        errors.append("凭证应填在村（社区）")
    if made_on > timezone.localdate():
        errors.append("业务日期不能晚于今天")
    period = rules.period_of(made_on)
    if _closed(village.code, period):
        errors.append(f"{period} 已月结，不能再填入该月的凭证")
    summary = _text(summary, "摘要", errors, required=True, limit=200)
    handler = _text(handler, "经手人", errors, required=True, limit=50)
    witness = _text(witness, "证明人", errors, required=kind == "payment", limit=50)
    payee = _text(payee, "收付款单位", errors, required=kind in ("receipt", "payment"), limit=100)
    if handler and witness and handler == witness:
        errors.append("经手人和证明人不能是同一人")
    if pay_method not in rules.PAY_METHODS:
        errors.append("结算方式应为银行转账或现金")
    parsed = _lines(lines)
    errors += rules.check_lines(kind, parsed, chart())
    config = finance_config(village.code)
    errors += rules.cash_problems(kind, parsed, pay_method, config)
    links = _links(village, matter_id, project_id, lease_id, errors)
    amount = rules.amount_of(parsed)
    band = rules.band_for(amount, config)
    if band.needs_basis and kind == "payment" and not any(links.values()):
        errors.append(
            f"金额 {yuan(amount)} 元达到 {yuan(band.from_fen)} 元，"
            "须关联其决策依据（四议两公开的事项、工程项目或租赁合同）"
        )
    if errors:
        raise InvalidInput("凭证未保存", errors)
    voucher = Voucher.objects.create(
        region=village,
        kind=kind,
        status=S.AWAITING_COMMITTEE,
        made_on=made_on,
        period=period,
        summary=summary,
        amount_fen=amount,
        handler=handler,
        witness=witness,
        payee=payee,
        pay_method=pay_method,
        required_approvers=list(band.approvers),
        created_by=actor,
        **links,
    )
    VoucherLine.objects.bulk_create(voucher_lines(voucher, parsed, summary))
    _event("drafted", voucher, actor, {"kind": kind, "amount": yuan(amount), "approvers": band.approvers})
    return voucher


def voucher_lines(voucher: Voucher, parsed: Sequence[rules.Line], summary: str) -> list[VoucherLine]:
    """The rows of a voucher's checked lines, numbered from 1; a line without its own summary takes the
    voucher's."""
    return [
        VoucherLine(
            voucher=voucher,
            position=n,
            subject_id=line.subject,
            summary=line.summary or summary,
            debit_fen=line.debit_fen,
            credit_fen=line.credit_fen,
        )
        for n, line in enumerate(parsed, start=1)
    ]


def _event(what: str, voucher: Voucher, actor: User | None, after: dict[str, Any]) -> None:
    record(f"finance.voucher.{what}", actor=actor, obj=voucher, region_code=voucher.region_id, after=after)


def _locked(voucher: Voucher) -> Voucher:
    return Voucher.objects.select_for_update(of=("self",)).select_related("region").get(pk=voucher.pk)


def _expect(voucher: Voucher, *states: str) -> None:
    if voucher.status not in states:
        raise ServiceError(f"该凭证{voucher.get_status_display()}，不能办理这一步", code="wrong_state")


@transaction.atomic(durable=True)
def do_attach_to_voucher(
    voucher: Voucher, *, document_id: int, public: bool = True, actor: User
) -> VoucherAttachment:
    """Attach an uploaded invoice or receipt (matters.Document of the same village) before booking."""
    voucher = _locked(voucher)
    _check_attachable(voucher, actor)
    document = Document.objects.filter(pk=document_id, region_id=voucher.region_id).first()
    if document is None:
        raise InvalidInput("附件未添加", ["材料不存在或不属于本村"])
    return _attach(voucher, document, public, actor)


@transaction.atomic(durable=True)
def do_attach_invoice(
    voucher: Voucher, *, title: str, upload: UploadedFile, public: bool = True, actor: User
) -> VoucherAttachment:
    """Keep an invoice file and attach it in one transaction, so a refused attachment leaves no stray
    document behind."""
    voucher = _locked(voucher)
    _check_attachable(voucher, actor)
    document = store_document(voucher.region, kind="invoice", title=title, upload=upload, actor=actor)
    return _attach(voucher, document, public, actor)


def _check_attachable(voucher: Voucher, actor: User) -> None:
    access.check_region_code(actor, voucher.region_id, perm=Perm.DRAFT_VOUCHERS)
    _expect(voucher, S.AWAITING_COMMITTEE, S.AWAITING_APPROVAL, S.AWAITING_BOOKING)


def _attach(voucher: Voucher, document: Document, public: bool, actor: User) -> VoucherAttachment:
    if VoucherAttachment.objects.filter(voucher=voucher, document=document).exists():
        raise InvalidInput("附件未添加", ["该材料已附在凭证上"])
    attachment = VoucherAttachment.objects.create(voucher=voucher, document=document, public=public)
    _event("attached", voucher, actor, {"document": document.pk, "sha256": document.sha256, "public": public})
    return attachment


@transaction.atomic(durable=True)
def do_sign_voucher(voucher: Voucher, *, actor: User) -> Voucher:
    """The 村务监督委员会 reviews the voucher and its invoice (民主理财) and signs."""
    voucher = _locked(voucher)
    access.check_region_code(actor, voucher.region_id, perm=Perm.VIEW_OFFICE)
    if Role.VILLAGE_COMMITTEE not in access.roles_on(actor, voucher.region_id):
        raise ServiceError("只有本村村务监督委员会可以审核签字", code="wrong_role")
    _expect(voucher, S.AWAITING_COMMITTEE)
    if voucher.created_by_id == actor.pk:
        raise ServiceError("填制人不能审核自己填制的凭证", code="same_person")
    if voucher.kind == Voucher.Kind.PAYMENT and not voucher.attachments.exists():
        raise ServiceError("付款凭证须附发票或收据（不得以白条入账）", code="missing_invoice")
    voucher.status = S.AWAITING_APPROVAL
    voucher.committee_by, voucher.committee_at = actor, timezone.now()
    voucher.save(update_fields=["status", "committee_by", "committee_at"])
    _event("signed", voucher, actor, {})
    return voucher


def approvable_roles(voucher: Voucher, user: User, done: dict[str, int] | None = None) -> list[str]:
    """The required roles `user` could approve the voucher as now (the office offers the button on it)."""
    if done is None:
        done = dict(VoucherApproval.objects.filter(voucher=voucher).values_list("role", "user_id"))
    if voucher.status != S.AWAITING_APPROVAL or voucher.created_by_id == user.pk or user.pk in done.values():
        return []
    roles = access.roles_on(user, voucher.region_id)
    return [r for r in voucher.required_approvers if r in roles and r not in done]


def may_reject(voucher: Voucher, user: User) -> bool:
    """Who may send a voucher back: the committee at its step, a required approver at theirs, the agency
    at booking."""
    roles = access.roles_on(user, voucher.region_id)
    if voucher.status == S.AWAITING_COMMITTEE:
        return Role.VILLAGE_COMMITTEE in roles
    if voucher.status == S.AWAITING_APPROVAL:
        return bool(set(voucher.required_approvers) & roles)
    if voucher.status == S.AWAITING_BOOKING:
        return access.has_perm(user, voucher.region_id, Perm.BOOK_VOUCHERS)
    return False


def available_actions(voucher: Voucher, user: User | AnonymousUser) -> list[str]:
    """The steps this user may take on the voucher now, the main step first: sign (the committee, not the
    voucher's own author), approve, book, attach (before booking), reverse (a booked voucher not yet
    reversed), reject. The office shows exactly these; each service checks again when called."""
    if not user.is_authenticated:
        return []
    code = voucher.region_id
    can_book = access.has_perm(user, code, Perm.BOOK_VOUCHERS)
    offered = []
    if (
        voucher.status == S.AWAITING_COMMITTEE
        and Role.VILLAGE_COMMITTEE in access.roles_on(user, code)
        and voucher.created_by_id != user.pk
    ):
        offered.append("sign")
    done = {a.role: a.user_id for a in voucher.approvals.all()}
    if approvable_roles(voucher, user, done):
        offered.append("approve")
    if voucher.status == S.AWAITING_BOOKING and can_book:
        offered.append("book")
    if voucher.status in WAITING and access.has_perm(user, code, Perm.DRAFT_VOUCHERS):
        offered.append("attach")
    if voucher.status == S.BOOKED and can_book and not voucher.reversals.exclude(status=S.REJECTED).exists():
        offered.append("reverse")
    if may_reject(voucher, user):
        offered.append("reject")
    return offered


@transaction.atomic(durable=True)
def do_approve_voucher(voucher: Voucher, *, actor: User) -> Voucher:
    """One approval by a role the amount band requires; the last one sends the voucher to the agency."""
    voucher = _locked(voucher)
    access.check_region_code(actor, voucher.region_id, perm=Perm.VIEW_OFFICE)
    _expect(voucher, S.AWAITING_APPROVAL)
    done = dict(VoucherApproval.objects.filter(voucher=voucher).values_list("role", "user_id"))
    if actor.pk in done.values():
        raise ServiceError("您已审批过这张凭证；联审联签须由不同的人签字", code="same_person")
    if voucher.created_by_id == actor.pk:
        raise ServiceError("填制人不能审批自己填制的凭证", code="same_person")
    mine = approvable_roles(voucher, actor, done)
    if not mine:
        names = "、".join(Role(r).label for r in voucher.required_approvers if r not in done)
        raise ServiceError(f"这张凭证还需要：{names} 审批", code="wrong_role")
    VoucherApproval.objects.create(voucher=voucher, role=mine[0], user=actor)
    if len(done) + 1 == len(voucher.required_approvers):
        voucher.status = S.AWAITING_BOOKING
        voucher.save(update_fields=["status"])
    _event("approved", voucher, actor, {"role": mine[0]})
    return voucher


@transaction.atomic(durable=True)
def do_reject_voucher(voucher: Voucher, *, reason: str, actor: User) -> Voucher:
    """Send a voucher back with the reason: the committee at its step, an approver at theirs, the agency
    at booking. A rejected voucher stays on record; the 报账员 drafts a corrected one."""
    voucher = _locked(voucher)
    access.check_region_code(actor, voucher.region_id, perm=Perm.VIEW_OFFICE)
    _expect(voucher, S.AWAITING_COMMITTEE, S.AWAITING_APPROVAL, S.AWAITING_BOOKING)
    if not may_reject(voucher, actor):
        raise ServiceError("您不能在这一步退回该凭证", code="wrong_role")
    reason = reason.strip()
    if not reason:
        raise InvalidInput("请写明退回原因")
    if len(reason) > 500:
        raise InvalidInput("退回原因不能超过 500 字")
    before = voucher.status
    voucher.status = S.REJECTED
    voucher.rejected_by, voucher.rejected_at, voucher.reject_reason = actor, timezone.now(), reason
    voucher.save(update_fields=["status", "rejected_by", "rejected_at", "reject_reason"])
    _event("rejected", voucher, actor, {"at": before, "reason": reason})
    return voucher


def next_seq(region_code: str, period: str, kind: str) -> int:
    """The next voucher number of a village, period and kind (凭证号), for booking now; also used by
    finance.importer, which numbers the agency's imported vouchers after the ones on record."""
    # The village row is locked first, so two bookings in one village cannot take the same number.
    Region.objects.select_for_update().filter(code=region_code).first()
    last = Voucher.objects.filter(region_id=region_code, period=period, kind=kind).aggregate(m=Max("seq"))[
        "m"
    ]
    return (last or 0) + 1


def _cash_after(voucher: Voucher) -> int:
    booked = ledger.net_debit(voucher.region_id, through=voucher.period, subjects=(rules.CASH,))
    own = VoucherLine.objects.filter(voucher=voucher, subject__code__startswith=rules.CASH).aggregate(
        d=Sum("debit_fen"), c=Sum("credit_fen")
    )
    return sum(booked.values()) + (own["d"] or 0) - (own["c"] or 0)


@transaction.atomic(durable=True)
def do_book_voucher(
    voucher: Voucher, *, bank_ref: str = "", paid_on: dt.date | None = None, actor: User
) -> Voucher:
    """The township agency checks and books the voucher; a bank payment is booked with its transfer."""
    voucher = _locked(voucher)
    access.check_region_code(actor, voucher.region_id, perm=Perm.BOOK_VOUCHERS)
    _expect(voucher, S.AWAITING_BOOKING)
    errors = []
    if _closed(voucher.region_id, voucher.period):
        errors.append(f"{voucher.period} 已月结，不能再记入该月")
    bank_ref = bank_ref.strip()
    if voucher.kind == Voucher.Kind.PAYMENT and voucher.pay_method == "bank":
        if not bank_ref:
            errors.append("银行转账付款须登记银行流水号")
        if paid_on is None:
            errors.append("请填写付款日期")
        elif paid_on < voucher.made_on or paid_on > timezone.localdate():
            errors.append("付款日期应在业务日期之后、今天之前")
    if len(bank_ref) > 60:
        errors.append("银行流水号过长")
    if _cash_after(voucher) < 0:
        errors.append("记账后现金余额将为负数：不得以白条抵库，请核对现金收付")
    if errors:
        raise InvalidInput("凭证未记账", errors)
    voucher.seq = next_seq(voucher.region_id, voucher.period, voucher.kind)
    voucher.status = S.BOOKED
    voucher.booked_by, voucher.booked_at = actor, timezone.now()
    voucher.bank_ref, voucher.paid_on = bank_ref, paid_on
    voucher.save(update_fields=["seq", "status", "booked_by", "booked_at", "bank_ref", "paid_on"])
    _event("booked", voucher, actor, {"number": voucher.number, "bank_ref": bank_ref})
    index_vouchers([voucher.pk])
    return voucher


@transaction.atomic(durable=True)
def do_reverse_voucher(voucher: Voucher, *, made_on: dt.date, reason: str, actor: User) -> Voucher:
    """Put a booked voucher right the only way the books allow: a voucher with the same lines on the
    opposite sides (冲销), booked by the agency in an open month. Both stay public."""
    original = _locked(voucher)
    access.check_region_code(actor, original.region_id, perm=Perm.BOOK_VOUCHERS)
    _expect(original, S.BOOKED)
    errors: list[str] = []
    reason = _text(reason, "冲销原因", errors, required=True, limit=150)
    if Voucher.objects.filter(reverses=original).exclude(status=S.REJECTED).exists():
        errors.append("该凭证已被冲销")
    if made_on > timezone.localdate() or made_on < original.made_on:
        errors.append("冲销日期应在原凭证日期之后、今天之前")
    period = rules.period_of(made_on)
    if _closed(original.region_id, period):
        errors.append(f"{period} 已月结，请在未结账的月份冲销")
    if errors:
        raise InvalidInput("未冲销", errors)
    kind = {"receipt": "payment", "payment": "receipt"}.get(original.kind, original.kind)
    reversal = Voucher.objects.create(
        region=original.region,
        kind=kind,
        status=S.BOOKED,
        made_on=made_on,
        period=period,
        seq=next_seq(original.region_id, period, kind),
        summary=f"冲销 {original.number}：{reason}"[:200],
        amount_fen=original.amount_fen,
        handler=original.handler,
        witness=original.witness,
        payee=original.payee,
        pay_method=original.pay_method,
        reverses=original,
        created_by=actor,
        booked_by=actor,
        booked_at=timezone.now(),
    )
    VoucherLine.objects.bulk_create(
        VoucherLine(
            voucher=reversal,
            position=line.position,
            subject_id=line.subject_id,
            summary=f"冲销：{line.summary}"[:200],
            debit_fen=line.credit_fen,
            credit_fen=line.debit_fen,
        )
        for line in original.lines.all()
    )
    _event("reversed", reversal, actor, {"reverses": original.pk, "reason": reason})
    index_vouchers([reversal.pk])
    return reversal


# --- Month close and 财务公开 -----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def do_close_month(village: Region, *, period: str, actor: User) -> MonthClose:
    """月结: the agency closes a month once it is over and nothing in it is waiting; months close in
    order. The closing balances and totals are kept; they must reconcile with the lines."""
    access.check_region_code(actor, village.code, perm=Perm.BOOK_VOUCHERS)
    try:
        rules.parse_period(period)
    except ValueError as e:
        raise InvalidInput(str(e)) from None
    errors = []
    if period >= rules.period_of(timezone.localdate()):
        errors.append(f"{period} 还没有结束，不能月结")
    if _closed(village.code, period):
        errors.append(f"{period} 已经月结")
    waiting = Voucher.objects.filter(
        region=village,
        period__lte=period,
        status__in=(S.AWAITING_COMMITTEE, S.AWAITING_APPROVAL, S.AWAITING_BOOKING),
    ).count()
    if waiting:
        errors.append(f"{period} 及以前还有 {waiting} 张凭证在审核或待记账，请先办结或退回")
    closed = set(MonthClose.objects.filter(region=village).values_list("period", flat=True))
    open_before = sorted(
        {
            p
            for p in Voucher.objects.filter(region=village, period__lt=period, status=S.BOOKED).values_list(
                "period", flat=True
            )
        }
        - closed
    )
    if open_before:
        errors.append(f"请先月结 {open_before[0]}（按月份顺序结账）")
    if errors:
        raise InvalidInput("未月结", errors)
    month = ledger.month(village.code, period)
    if month.fund_opening + month.receipts_fen - month.payments_fen != month.fund_closing:
        raise ServiceError("现金和银行存款的期初、收入、支出与期末不一致，请核对账簿", code="unbalanced")
    sheet = rules.balance_sheet(month.net_debit, chart())
    if sheet.assets_total != sheet.claims_total:
        raise ServiceError("资产负债表不平，请核对账簿", code="unbalanced")
    close = MonthClose.objects.create(
        region=village,
        period=period,
        closed_by=actor,
        closed_at=timezone.now(),
        balances=month.net_debit,
        totals=month.totals(),
    )
    record(
        "finance.month.closed",
        actor=actor,
        obj=close,
        region_code=village.code,
        after={"period": period, **month.totals()},
    )
    return close


@transaction.atomic(durable=True)
def do_publish_month(close: MonthClose, *, actor: User) -> Publication:
    """The 村务监督委员会 signs the closed month's 财务公开: every booked line of the month, its totals and
    balances go to the transparency log as one publication."""
    close = MonthClose.objects.select_for_update().select_related("region").get(pk=close.pk)
    access.check_region_code(actor, close.region_id, perm=Perm.VIEW_OFFICE)
    if Role.VILLAGE_COMMITTEE not in access.roles_on(actor, close.region_id):
        raise ServiceError("财务公开须由本村村务监督委员会审核签署", code="wrong_role")
    if close.publication_id:
        raise ServiceError(f"{close.period} 的财务收支已公开", code="wrong_state")
    month = ledger.month(close.region_id, close.period)
    if month.totals() != close.totals:
        raise ServiceError("月结后的账簿与月结时不一致，请核对", code="unbalanced")
    show_images = finance_config(close.region_id).show_voucher_images
    body = ledger.publication_body(month, close.region.name, show_images=show_images)
    pub = publish(
        region=close.region,
        kind=Publication.Kind.FINANCE,
        title=f"{close.region.name} {close.period} 财务收支公开",
        body=body,
        actor=actor,
        period=close.period,
        signed_by=actor,
        subject=("finance.month", f"{close.region_id}/{close.period}"),
    )
    close.publication = pub
    close.save(update_fields=["publication"])
    return pub


@transaction.atomic(durable=True)
def do_load_subjects(subjects: Sequence[rules.Subject], *, actor: User | None) -> int:
    """Load a chart of accounts. Subjects in use keep their code; their name may change."""
    used = set(VoucherLine.objects.values_list("subject_id", flat=True).distinct())
    codes = {s.code for s in subjects}
    missing = sorted(used - codes)
    if missing:
        raise InvalidInput("科目表未加载", [f"科目“{c}”已有凭证使用，不能删除" for c in missing])
    Subject.objects.exclude(code__in=codes).delete()
    for s in subjects:
        Subject.objects.update_or_create(code=s.code, defaults={"name": s.name, "cls": s.cls, "side": s.side})
    record(
        "finance.subjects.loaded",
        actor=actor,
        object_type="finance.subject",
        after={"subjects": len(subjects)},
    )
    return len(subjects)
