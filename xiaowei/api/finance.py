"""/api/v1/finance: a village's public books by month, in the same public form as the 村级财务 page
(finance.ledger.public_voucher), with totals that reconcile with the lines."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from xiaowei.api.errors import error_response
from xiaowei.finance import ledger, rules
from xiaowei.finance.models import MonthClose
from xiaowei.finance.services import finance_config
from xiaowei.lib.money import yuan
from xiaowei.regions.models import Region

router = Router(tags=["村级财务"])


def _village(code: str) -> Region:
    region = Region.objects.filter(code=code[:15]).first() if code.isdigit() else None
    if region is None or region.level != "village":
        raise Http404(f"没有村（社区）{code[:20]}")
    return region


@router.get("/finance/{code}/months", auth=None)
def months(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    """一个村（社区）有记账记录的月份（新到旧），以及是否已月结、已公开。"""
    _village(code)
    return [
        {"period": m.period, "vouchers": m.vouchers, "closed": m.closed, "published": m.published}
        for m in ledger.months(code)
    ]


@router.get("/finance/{code}/months/{period}", auth=None)
def month(request: HttpRequest, code: str, period: str) -> Any:
    """一个月的全部已记账凭证及其分录、资金收支合计和期初期末余额（金额为精确到分的元字符串）。"""
    _village(code)
    try:
        rules.parse_period(period)
    except ValueError as e:
        return error_response("bad_request", str(e), 400)
    m = ledger.month(code, period)
    close = MonthClose.objects.filter(region_id=code, period=period).first()
    show_images = finance_config(code).show_voucher_images
    return {
        "village": code,
        "period": period,
        "closed": close is not None,
        "publication": close.publication_id if close else None,
        "totals": {
            "fund_opening": yuan(m.fund_opening),
            "receipts": yuan(m.receipts_fen),
            "payments": yuan(m.payments_fen),
            "fund_closing": yuan(m.fund_closing),
            "income": yuan(m.income_fen),
            "expense": yuan(m.expense_fen),
        },
        "count": len(m.vouchers),
        "vouchers": [ledger.public_voucher(v, show_images=show_images) for v in m.vouchers],
    }
