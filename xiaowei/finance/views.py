"""Public pages of 村级财务: a village's booked lines by month with totals that reconcile, the balance
sheet, CSV/XLSX downloads and the voucher images the county allows; above village level, which villages
have books on record and up to which month."""

from __future__ import annotations

from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.finance import exports, ledger, rules
from xiaowei.finance.models import MonthClose, Voucher, VoucherAttachment
from xiaowei.finance.services import finance_config
from xiaowei.finance.subjects import chart
from xiaowei.regions.models import Region


def _region(code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    return region


def _month_of(request: HttpRequest, rows: list[ledger.MonthRow]) -> tuple[str, str]:
    """The month asked for (?month=2026-03), else the latest on record; and an error for a bad one."""
    raw = request.GET.get("month", "").strip()[:7]
    if raw:
        try:
            rules.parse_period(raw)
            return raw, ""
        except ValueError as e:
            return (rows[0].period if rows else ""), str(e)
    return (rows[0].period if rows else ""), ""


@require_safe
def finance_page(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(code)
    if region.level != "village":
        return _overview(request, region)
    rows = ledger.months(code)
    period, error = _month_of(request, rows)
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "months": rows,
        "period": period,
        "error": error,
    }
    if period:
        month = ledger.month(code, period)
        show_images = finance_config(code).show_voucher_images
        close = MonthClose.objects.filter(region_id=code, period=period).select_related("publication").first()
        context.update(
            month=month,
            vouchers=[ledger.public_voucher(v, show_images=show_images) for v in month.vouchers],
            sheet=rules.balance_sheet(month.net_debit, chart()),
            close=close,
            cash_over_limit=month.cash_closing > finance_config(code).cash_limit_fen,
        )
    return render(request, "finance/month.html", context)


def _overview(request: HttpRequest, region: Region) -> HttpResponse:
    stats = {
        r["region_id"]: r
        for r in Voucher.objects.filter(region__code__startswith=region.code, status=Voucher.Status.BOOKED)
        .values("region_id")
        .annotate(latest=Max("period"), n=Count("id"))
    }
    published = dict(
        MonthClose.objects.filter(region__code__startswith=region.code, publication__isnull=False)
        .values("region_id")
        .annotate(latest=Max("period"))
        .values_list("region_id", "latest")
    )
    villages = Region.objects.filter(code__startswith=region.code, level="village").order_by("code")
    return render(
        request,
        "finance/overview.html",
        {
            "region": region,
            "ancestors": region.ancestors(),
            "villages": [
                {
                    "region": v,
                    "latest": stats.get(v.code, {}).get("latest", ""),
                    "vouchers": stats.get(v.code, {}).get("n", 0),
                    "published": published.get(v.code, ""),
                }
                for v in villages
            ],
        },
    )


@require_safe
def finance_export(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    region = _region(code)
    if fmt not in ("csv", "xlsx"):
        raise Http404("可下载 CSV 或 XLSX")
    try:
        rules.parse_period(period)
    except ValueError as e:
        raise Http404(str(e)) from None
    if region.level != "village":
        raise Http404("财务明细按村（社区）下载")
    month = ledger.month(code, period)
    title = f"{region.name} {period} 财务收支明细"
    if fmt == "csv":
        body, ctype = exports.as_csv(month, title), "text/csv; charset=utf-8"
    else:
        body = exports.as_xlsx(month, title)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="finance-{code}-{period}.{fmt}"'
    return response


@require_safe
def voucher_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A voucher's image or PDF, only when it is attached to a booked voucher, marked public, and the
    county publishes voucher images."""
    attachment = (
        VoucherAttachment.objects.select_related("document", "voucher")
        .filter(pk=pk, public=True, voucher__status=Voucher.Status.BOOKED)
        .first()
    )
    if attachment is None or not finance_config(attachment.voucher.region_id).show_voucher_images:
        raise Http404("没有这个公开附件")
    document = attachment.document
    response = FileResponse(
        document.file.open("rb"), content_type=document.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = "inline"
    return response
