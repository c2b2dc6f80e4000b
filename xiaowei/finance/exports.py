"""A village month's 收支明细 as CSV or XLSX: one row per booked line, the same public form as the page
(ledger.public_voucher), then the month's totals, so a download reconciles with what the page shows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from xiaowei.finance import ledger
from xiaowei.lib.money import yuan

HEADER = [
    "凭证号",
    "日期",
    "类型",
    "摘要",
    "科目编码",
    "科目名称",
    "借方（元）",
    "贷方（元）",
    "收付款单位",
    "经手人",
]


def rows(month: ledger.Month) -> list[list[str]]:
    out = []
    for v in month.vouchers:
        public = ledger.public_voucher(v, show_images=False)
        for line in public["lines"]:
            out.append(
                [
                    public["number"],
                    public["date"],
                    public["kind"],
                    line["summary"],
                    line["subject"],
                    line["subject_name"],
                    line["debit"],
                    line["credit"],
                    public["payee"],
                    public["handler"],
                ]
            )
    return out


def totals(month: ledger.Month) -> list[list[str]]:
    return [
        ["期初资金余额（现金+银行存款）", yuan(month.fund_opening)],
        ["本月资金收入", yuan(month.receipts_fen)],
        ["本月资金支出", yuan(month.payments_fen)],
        ["期末资金余额（现金+银行存款）", yuan(month.fund_closing)],
        ["本月收入（损益类）", yuan(month.income_fen)],
        ["本月支出（损益类）", yuan(month.expense_fen)],
    ]


def _safe(cell: str) -> str:
    # A cell starting with = + - @ would be run as a formula by a spreadsheet (CSV injection).
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") and not _is_number(cell) else cell


def _is_number(cell: str) -> bool:
    return cell.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()


def _number(cell: str) -> Decimal | None:
    return Decimal(cell.replace(",", "")) if cell else None


def as_csv(month: ledger.Month, title: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([title])
    w.writerow(HEADER)
    for row in rows(month):
        w.writerow([_safe(c) for c in row])
    w.writerow([])
    for row in totals(month):
        w.writerow(row)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # the BOM lets Excel read it as UTF-8


def as_xlsx(month: ledger.Month, title: str) -> bytes:
    wb = Workbook(write_only=False)
    ws = wb.worksheets[0]
    ws.title = month.period
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(HEADER)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows(month):
        ws.append([_number(c) if i in (6, 7) else _safe(c) for i, c in enumerate(row)])
        for cell in ws[ws.max_row][6:8]:
            cell.number_format = "#,##0.00"
    ws.append([])
    for label, amount in totals(month):
        ws.append([label, _number(amount)])
        ws.cell(ws.max_row, 2).number_format = "#,##0.00"
    for col, width in zip("ABCDEFGHIJ", (22, 12, 10, 30, 10, 16, 14, 14, 20, 10), strict=True):
        ws.column_dimensions[col].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
