"""Reading the ledger: balances, a village's month (收支明细 and totals), the months on record, and the one
public form of a voucher. Only booked vouchers count; all of this is public for a village's own books."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, Sum

from xiaowei.finance import rules
from xiaowei.finance.models import MonthClose, Voucher, VoucherAttachment, VoucherLine
from xiaowei.lib.money import yuan

BOOKED = Voucher.Status.BOOKED


def net_debit(
    region_code: str, *, through: str, after: str = "", subjects: Iterable[str] = ()
) -> dict[str, int]:
    """Subject code → Σdebit − Σcredit of booked lines in periods (after, through]."""
    q = Q(voucher__region_id=region_code, voucher__status=BOOKED, voucher__period__lte=through)
    if after:
        q &= Q(voucher__period__gt=after)
    subjects = tuple(subjects)
    if subjects:
        sq = Q()
        for s in subjects:
            sq |= Q(subject__code__startswith=s)
        q &= sq
    rows = (
        VoucherLine.objects.filter(q).values("subject_id").annotate(d=Sum("debit_fen"), c=Sum("credit_fen"))
    )
    return {
        r["subject_id"]: int(r["d"] or 0) - int(r["c"] or 0) for r in rows if (r["d"] or 0) != (r["c"] or 0)
    }


def _fund(net: dict[str, int]) -> int:
    return sum(v for k, v in net.items() if k[:3] in rules.FUND_SUBJECTS)


@dataclass
class Month:
    region_code: str
    period: str
    vouchers: Sequence[Voucher]
    net_debit: dict[str, int]  # cumulative through the month's end
    opening: dict[str, int]  # cumulative through the previous month
    receipts_fen: int = 0
    payments_fen: int = 0
    income_fen: int = 0
    expense_fen: int = 0

    @property
    def fund_opening(self) -> int:
        return _fund(self.opening)

    @property
    def fund_closing(self) -> int:
        return _fund(self.net_debit)

    @property
    def cash_closing(self) -> int:
        return sum(v for k, v in self.net_debit.items() if k[:3] == rules.CASH)

    def totals(self) -> dict[str, int]:
        return {
            "vouchers": len(self.vouchers),
            "receipts_fen": self.receipts_fen,
            "payments_fen": self.payments_fen,
            "fund_opening_fen": self.fund_opening,
            "fund_closing_fen": self.fund_closing,
            "cash_closing_fen": self.cash_closing,
            "income_fen": self.income_fen,
            "expense_fen": self.expense_fen,
        }


def month(region_code: str, period: str) -> Month:
    from xiaowei.finance.subjects import chart

    vouchers = list(
        Voucher.objects.filter(region_id=region_code, period=period, status=BOOKED)
        .order_by("made_on", "kind", "seq")
        .select_related("reverses")
        .prefetch_related(
            Prefetch("lines", queryset=VoucherLine.objects.select_related("subject").order_by("position")),
            Prefetch(
                "attachments",
                queryset=VoucherAttachment.objects.filter(public=True).select_related("document"),
                to_attr="public_attachments",
            ),
        )
    )
    opening = net_debit(region_code, through=rules.previous_period(period))
    moved = net_debit(region_code, through=period, after=rules.previous_period(period))
    closing = dict(opening)
    for code, amount in moved.items():
        closing[code] = closing.get(code, 0) + amount
    closing = {k: v for k, v in closing.items() if v}
    return tally(Month(region_code, period, vouchers, closing, opening), chart().by_code)


def tally(m: Month, subjects: dict[str, rules.Subject]) -> Month:
    """Fill in the month's totals from its vouchers' lines. A voucher whose lines are all 现金/银行存款
    (cash paid into the bank) moves no money in or out and is left out of 收入/支出."""
    for v in m.vouchers:
        lines = list(v.lines.all())
        internal = all(line.subject_id[:3] in rules.FUND_SUBJECTS for line in lines)
        for line in lines:
            if line.subject_id[:3] in rules.FUND_SUBJECTS and not internal:
                m.receipts_fen += line.debit_fen
                m.payments_fen += line.credit_fen
            s = subjects.get(line.subject_id)
            if s is not None and s.cls == "pnl":
                if s.side == "credit":
                    m.income_fen += line.credit_fen - line.debit_fen
                else:
                    m.expense_fen += line.debit_fen - line.credit_fen
    return m


def publication_body(m: Month, region_name: str, *, show_images: bool) -> dict[str, Any]:
    """What a month's 财务公开 commits to the log: every booked voucher in its public form and the totals.
    The live service and the demo loader both build it here."""
    totals = m.totals()
    return {
        "type": "finance",
        "region": {"code": m.region_code, "name": region_name},
        "period": m.period,
        "totals": {k: yuan(v) for k, v in totals.items() if k.endswith("_fen")}
        | {"vouchers": totals["vouchers"]},
        "vouchers": [public_voucher(v, show_images=show_images) for v in m.vouchers],
        "reviewed": {"role": "village_committee"},
    }


@dataclass(frozen=True)
class MonthRow:
    period: str
    vouchers: int
    closed: bool
    published: bool


def months(region_code: str) -> list[MonthRow]:
    """The months with booked vouchers or a close, newest first."""
    counts = dict(
        Voucher.objects.filter(region_id=region_code, status=BOOKED)
        .values("period")
        .annotate(n=Count("id"))
        .values_list("period", "n")
    )
    closes = dict(MonthClose.objects.filter(region_id=region_code).values_list("period", "publication_id"))
    periods = sorted(set(counts) | set(closes), reverse=True)
    return [MonthRow(p, counts.get(p, 0), p in closes, bool(closes.get(p))) for p in periods]


def public_voucher(v: Voucher, *, show_images: bool = True) -> dict[str, Any]:
    """The one public form of a voucher: what the 财务公开 page, the exports, the API and the log show.
    Bank references, drafters' accounts and private attachments are left out."""
    return {
        "number": v.number,
        "date": v.made_on.isoformat(),
        "kind": v.get_kind_display(),
        "summary": v.summary,
        "amount": yuan(v.amount_fen),
        "payee": v.payee,
        "handler": v.handler,
        "pay_method": rules.PAY_METHODS.get(v.pay_method, ""),
        "reverses": v.reverses.number if v.reverses_id and v.reverses else "",
        "lines": [
            {
                "subject": line.subject_id,
                "subject_name": line.subject.name,
                "summary": line.summary,
                "debit": yuan(line.debit_fen) if line.debit_fen else "",
                "credit": yuan(line.credit_fen) if line.credit_fen else "",
            }
            for line in v.lines.all()
        ],
        "attachments": [
            {"title": a.document.title, "sha256": a.document.sha256, "attachment": a.pk}
            for a in getattr(v, "public_attachments", [])
        ]
        if show_images
        else [],
    }
