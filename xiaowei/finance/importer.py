"""Import of the township agency's books (代理记账凭证) from its accounting file:
`xiaowei import vouchers FILE`.

Columns (header row required; CSV in UTF-8 with or without BOM, or XLSX, first sheet):
``village_code, voucher_no, date, kind, summary, subject, debit, credit`` and optionally
``handler, witness, payee, pay_method, bank_ref``. One row is one line (分录); the rows with the same
village_code and voucher_no are one voucher, whose summary, handler, witness, payee, pay_method and
bank_ref come from its first row.

1. Every row and every voucher is checked before anything is written, with the rules the services apply
   (finance.rules and the village's county configuration, closed months, no cash below zero): the
   report names each wrong row as the user sees it (header = row 1). Any error refuses the whole file,
   unless the valid vouchers are accepted; a voucher is imported whole or not at all.
2. The valid vouchers are written in one transaction, already booked (the agency's books are final),
   numbered after the numbers on record, with the file's SHA-256 and the original voucher number, and one
   audit event for the import. The same file, or a voucher number already imported for the village and
   month, is refused: nothing is booked twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from xiaowei.audit.log import record
from xiaowei.finance import ledger, rules, services
from xiaowei.finance.models import MonthClose, Voucher, VoucherLine
from xiaowei.finance.search_text import index_vouchers
from xiaowei.finance.subjects import chart
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.money import parse_yuan, yuan
from xiaowei.lib.sheets import cell_text, file_sha256
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

REQUIRED = ("village_code", "voucher_no", "date", "kind", "summary", "subject", "debit", "credit")
OPTIONAL = ("handler", "witness", "payee", "pay_method", "bank_ref")
KIND_WORDS = {
    **{word: kind for kind, word in rules.KINDS.items()},
    **{kind: kind for kind in rules.KINDS},
}
PAY_WORDS = {"银行": "bank", "bank": "bank", "现金": "cash", "cash": "cash", "": ""}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LINE_ERROR = re.compile(r"^第 (\d+) 行：(.*)$")  # rules.check_lines names the line within the voucher


@dataclass
class Report:
    """What an import did. `errors`: (row in the file, what is wrong), one entry per wrong row."""

    file: str
    sha256: str
    total_rows: int = 0
    vouchers_total: int = 0
    vouchers_imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.errors) and not self.vouchers_imported


@dataclass
class _Row:
    number: int  # as the user sees it: the header is row 1
    village: str
    voucher_no: str
    made_on: dt.date | None
    kind: str
    line: rules.Line | None
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)


@dataclass
class _Voucher:
    village: str
    voucher_no: str
    rows: list[_Row]
    period: str = ""
    errors: list[str] = field(default_factory=list)  # of the voucher as a whole: shown on each of its rows

    @property
    def first(self) -> _Row:
        return self.rows[0]

    @property
    def valid(self) -> bool:
        return not self.errors and not any(row.errors for row in self.rows)

    def report(self) -> Iterator[tuple[int, str]]:
        whole = f"凭证“{self.voucher_no}”：{'；'.join(self.errors)}" if self.errors else ""
        for row in self.rows:
            messages = [*dict.fromkeys(row.errors), *([whole] if whole else [])]
            if messages:
                yield row.number, "；".join(messages)


def import_vouchers(path: Path, *, scope: str, accept_valid: bool, actor: User | None) -> Report:
    """Import ``path`` into the villages under ``scope``; ``actor`` None is the operator's CLI."""
    if actor is not None:
        access.check_region_code(actor, scope, perm=Perm.BOOK_VOUCHERS)
    if not Region.objects.filter(code=scope).exists():
        raise InvalidInput(f"区划“{scope}”不存在")
    sha = file_sha256(path)
    try:
        raw_rows = list(_read(path))
    except (ValueError, zipfile.BadZipFile) as e:
        raise InvalidInput(f"文件无法读取：{e}") from None
    if not raw_rows:
        raise InvalidInput("文件没有数据行")
    report = Report(file=path.name, sha256=sha, total_rows=len(raw_rows))
    with transaction.atomic():
        earlier = Voucher.objects.filter(source_sha256=sha).order_by("booked_at").first()
        if earlier is not None:
            day = timezone.localtime(earlier.booked_at).date() if earlier.booked_at else earlier.made_on
            raise InvalidInput(f"这个文件已于 {day.isoformat()} 导入过（SHA-256 相同），没有重复导入")
        vouchers = _check(raw_rows, scope)
        report.vouchers_total = len(vouchers)
        report.errors = sorted(e for v in vouchers for e in v.report())
        valid = [v for v in vouchers if v.valid]
        if not valid or (report.errors and not accept_valid):
            return report
        _write(valid, sha, actor)
        report.vouchers_imported = len(valid)
        record(
            "finance.vouchers.imported",
            actor=actor,
            object_type="finance.voucher",
            region_code=scope,
            after={
                "file": path.name,
                "sha256": sha,
                "rows": report.total_rows,
                "vouchers": len(valid),
                "skipped_vouchers": len(vouchers) - len(valid),
                "skipped_rows": len(report.errors),
                "villages": sorted({v.village for v in valid}),
                "amount": yuan(sum(rules.amount_of(_lines(v)) for v in valid)),
            },
        )
    return report


# --- Reading --------------------------------------------------------------------------------------------


def _read(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, values by column) of each non-blank data row. ValueError for a bad header or format."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = _header(next(reader, []))
            for n, values in enumerate(reader, start=2):
                yield from _row(n, header, [v.strip() for v in values])
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = book.worksheets[0].iter_rows(values_only=True)
            header = _header([cell_text(v) for v in next(rows, ())])
            for n, cells in enumerate(rows, start=2):
                yield from _row(n, header, [cell_text(v) for v in cells])
        finally:
            book.close()
    else:
        raise ValueError("只支持 CSV（UTF-8）或 XLSX 文件")


def _row(n: int, header: list[str], values: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    if any(values):  # spreadsheets often end with formatted but empty rows
        yield n, dict(zip(header, values, strict=False))


def _header(values: list[str]) -> list[str]:
    header = [v.strip().lower() for v in values]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(
            f"第一行应为表头，缺少列：{', '.join(missing)}"
            f"（必需列：{', '.join(REQUIRED)}；可选列：{', '.join(OPTIONAL)}）"
        )
    return header


# --- Checking -------------------------------------------------------------------------------------------


def _parse(n: int, raw: dict[str, str], villages: dict[str, Region], scope: str, today: dt.date) -> _Row:
    """One row's values, with what is wrong with it on its own."""
    values = {c: raw.get(c, "") or "" for c in REQUIRED + OPTIONAL}
    errors: list[str] = []
    code = values["village_code"]
    village = villages.get(code)
    if not code:
        errors.append("请填写村代码")
    elif village is None:
        errors.append(f"村代码“{code[:20]}”不存在（应为 12 位村级区划代码）")
    elif village.level != Region.Level.VILLAGE:
        errors.append(f"“{code} {village.name}”不是村（社区），凭证应记在村")
    elif not code.startswith(scope):
        errors.append(f"“{code} {village.name}”不在导入范围 {scope} 内")
    voucher_no = values["voucher_no"]
    if not voucher_no:
        errors.append("请填写凭证号")
    elif len(voucher_no) > 30:
        errors.append("凭证号不能超过 30 字")
    made_on = _date(values["date"])
    if made_on is None:
        errors.append(f"日期“{values['date'][:12]}”应写成 2026-03-05 的形式")
    elif made_on > today:
        errors.append("日期不能晚于今天")
    kind = KIND_WORDS.get(values["kind"].lower(), "")
    if not kind:
        errors.append(f"凭证类型“{values['kind'][:10]}”应为 收、付、转（或 receipt、payment、transfer）")
    amounts = []
    for column, word in (("debit", "借方"), ("credit", "贷方")):
        try:
            amounts.append(parse_yuan(values[column]) if values[column] else 0)
        except ValueError as e:
            errors.append(f"{word}{e}")
    if not values["subject"]:
        errors.append("请填写科目编码")
    line = None
    if not errors:  # a line the voucher's checks can use: they are not run on guesses
        line = rules.Line(values["subject"], amounts[0], amounts[1], values["summary"])
    errors += _summary_problems(values["summary"])
    return _Row(n, code, voucher_no, made_on, kind, line, values, errors)


def _date(text: str) -> dt.date | None:
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:  # 2026-02-30
        return None


def _summary_problems(summary: str) -> list[str]:
    # Worded as rules.check_lines words them, so that a row it also reports is listed once.
    problems = ["摘要超过 200 字"] if len(summary) > 200 else []
    pii = rules.personal_data_in(summary)
    return [*problems, f"摘要{pii}"] if pii else problems


def _text(value: str, what: str, *, limit: int) -> list[str]:
    errors = []
    if len(value) > limit:
        errors.append(f"{what}不能超过 {limit} 字")
    pii = rules.personal_data_in(value)
    if pii:
        errors.append(f"{what}{pii}（公开的财务明细中不得出现）")
    return errors


def _check(raw_rows: list[tuple[int, dict[str, str]]], scope: str) -> list[_Voucher]:
    """Every row and every voucher of the file, with their errors. Runs inside the import's transaction:
    the villages are locked so that two imports cannot both pass the duplicate checks."""
    today = timezone.localdate()
    codes = sorted({raw.get("village_code", "") for _, raw in raw_rows})
    villages = {r.code: r for r in Region.objects.select_for_update().filter(code__in=codes).order_by("code")}
    vouchers: dict[tuple[str, str], _Voucher] = {}
    for n, raw in raw_rows:
        row = _parse(n, raw, villages, scope, today)
        key = (row.village, row.voucher_no)
        if key not in vouchers:
            vouchers[key] = _Voucher(row.village, row.voucher_no, [])
        vouchers[key].rows.append(row)
    the_chart = chart()
    configs: dict[str, rules.Config] = {}
    for v in vouchers.values():
        _check_voucher(v, the_chart, configs)
    _check_cash(vouchers.values())
    return list(vouchers.values())


def _check_cash(vouchers: Iterable[_Voucher]) -> None:
    """No 白条抵库: cash may not go negative, counting the cash on record (as services._cash_after counts
    it: everything booked through the voucher's month) and the file's valid vouchers in date order, a
    day's receipts before its payments. A voucher refused here does not count for the ones after it."""
    order = {"receipt": 0, "transfer": 1, "payment": 2}
    booked: dict[tuple[str, str], int] = {}
    moved: dict[str, int] = {}
    for v in sorted(
        (v for v in vouchers if v.valid),
        key=lambda v: (v.village, v.first.made_on, order[v.first.kind], v.first.number),
    ):
        if (v.village, v.period) not in booked:
            net = ledger.net_debit(v.village, through=v.period, subjects=(rules.CASH,))
            booked[v.village, v.period] = sum(net.values())
        own = sum(line.debit_fen - line.credit_fen for line in _lines(v) if line.subject[:3] == rules.CASH)
        after = booked[v.village, v.period] + moved.get(v.village, 0) + own
        if own and after < 0:
            v.errors.append(f"记账后现金余额将为 {yuan(after)} 元：不得以白条抵库，请核对现金收付")
        else:
            moved[v.village] = moved.get(v.village, 0) + own


def _check_voucher(v: _Voucher, the_chart: rules.Chart, configs: dict[str, rules.Config]) -> None:
    """The checks of the voucher as a whole, once each of its rows can be read. Mirrors
    services.do_draft_voucher and do_book_voucher: if you change a rule there, change it here."""
    first = v.first
    consistent = True
    for row in v.rows[1:]:
        if first.made_on and row.made_on and row.made_on != first.made_on:
            row.errors.append(f"日期与本凭证第一行（第 {first.number} 行）不同")
            consistent = False
        if first.kind and row.kind and row.kind != first.kind:
            row.errors.append(f"凭证类型与本凭证第一行（第 {first.number} 行）不同")
            consistent = False
    if not consistent or any(row.line is None for row in v.rows):
        return
    assert first.made_on is not None
    v.period = rules.period_of(first.made_on)
    values = first.values
    if not values["summary"]:
        first.errors.append("凭证第一行应填写摘要（凭证的摘要取自第一行）")
    for column, what, limit in (
        ("handler", "经手人", 50),
        ("witness", "证明人", 50),
        ("payee", "收付款单位", 100),
    ):
        for problem in _text(values[column], what, limit=limit):
            first.errors.append(problem)
    pay_method = PAY_WORDS.get(values["pay_method"].lower())
    if pay_method is None:
        first.errors.append(f"结算方式“{values['pay_method'][:10]}”应为 银行、现金 或不填（或 bank、cash）")
    if len(values["bank_ref"]) > 60:
        first.errors.append("银行流水号不能超过 60 字")
    lines = _lines(v)
    for message in rules.check_lines(first.kind, lines, the_chart):
        m = _LINE_ERROR.match(message)
        if m and 1 <= int(m.group(1)) <= len(v.rows):
            v.rows[int(m.group(1)) - 1].errors.append(m.group(2))
        else:
            v.errors.append(message)
    if v.village not in configs:
        configs[v.village] = services.finance_config(v.village)
    if pay_method is not None:  # else only the wrong value is reported, not what follows from it
        for message in rules.cash_problems(first.kind, lines, pay_method, configs[v.village]):
            v.errors.append(message)
        if first.kind == Voucher.Kind.PAYMENT and pay_method == "bank" and not values["bank_ref"]:
            v.errors.append("银行转账付款须登记银行流水号（bank_ref）")
    if MonthClose.objects.filter(region_id=v.village, period=v.period).exists():
        v.errors.append(f"{v.period} 已月结，不能再导入该月的凭证")
    earlier = (
        Voucher.objects.filter(region_id=v.village, period=v.period, source_ref=v.voucher_no)
        .exclude(source_sha256="")
        .first()
    )
    if earlier is not None:
        day = timezone.localtime(earlier.booked_at).date().isoformat() if earlier.booked_at else ""
        v.errors.append(
            f"该村 {v.period} 的这张凭证已于 {day} 从另一文件导入（{earlier.number}），不能重复记账"
        )


def _lines(v: _Voucher) -> list[rules.Line]:
    return [row.line for row in v.rows if row.line is not None]


# --- Writing --------------------------------------------------------------------------------------------


def _write(valid: list[_Voucher], sha: str, actor: User | None) -> None:
    """Book the vouchers, numbered per village, period and kind in date order after those on record."""
    now = timezone.now()
    lines: list[VoucherLine] = []
    for v in sorted(
        valid, key=lambda v: (v.village, v.period, v.first.kind, v.first.made_on, v.first.number)
    ):
        first = v.first
        assert first.made_on is not None
        values = first.values
        pay_method = PAY_WORDS[values["pay_method"].lower()]
        parsed = _lines(v)
        summary = values["summary"]
        voucher = Voucher.objects.create(
            region_id=v.village,
            kind=first.kind,
            status=Voucher.Status.BOOKED,
            made_on=first.made_on,
            period=v.period,
            seq=services.next_seq(v.village, v.period, first.kind),
            summary=summary,
            amount_fen=rules.amount_of(parsed),
            handler=values["handler"],
            witness=values["witness"],
            payee=values["payee"],
            pay_method=pay_method,
            bank_ref=values["bank_ref"],
            # The file has no payment date: the agency books a bank payment on the day of the transfer.
            paid_on=first.made_on if first.kind == Voucher.Kind.PAYMENT and pay_method == "bank" else None,
            created_by=actor,
            booked_by=actor,
            booked_at=now,
            source_sha256=sha,
            source_ref=v.voucher_no,
        )
        lines += services.voucher_lines(voucher, parsed, summary)
    VoucherLine.objects.bulk_create(lines)
    index_vouchers({line.voucher_id for line in lines})
