"""Importing the township agency's books: good CSV and XLSX files are booked, numbered and reconcile with
the month's totals; any wrong row refuses the file with nothing written, unless the valid vouchers are
accepted; nothing is imported twice; the CLI prints the row report."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.utils import timezone

from tests_support.finance import book, draft
from tests_support.matters import World
from xiaowei.audit.models import AuditEvent
from xiaowei.finance import ledger
from xiaowei.finance.importer import Report, import_vouchers
from xiaowei.finance.models import MonthClose, Voucher, VoucherLine
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.money import parse_yuan

pytestmark = pytest.mark.django_db

A, B, TOWN_A = "431382105201", "431382106201", "431382105"
HEADER = [
    "village_code",
    "voucher_no",
    "date",
    "kind",
    "summary",
    "subject",
    "debit",
    "credit",
    "handler",
    "witness",
    "payee",
    "pay_method",
    "bank_ref",
]
Row = list[str]


# March 2026 of two villages, in the agency's file order (not date order); the first line is row 2.
BOOKS = """\
431382105201,J-01,2026-03-02,收,收鱼塘租金,102,"20,000.00",,李会计,,刘某某,银行,B1
431382105201,J-01,2026-03-02,收,收鱼塘租金,501003,,20000,,,,,
431382105201,J-02,2026-03-10,付,购买办公用品,541002,1200,,李会计,王监委,文具店,银行,9558800002
431382105201,J-02,2026-03-10,付,购买办公用品,102,,1200.00,,,,,
431382105201,J-03,2026-03-05,payment,付水电费,541004,350.50,,李会计,王监委,,cash,
431382105201,J-03,2026-03-05,payment,付水电费,101,,350.50,,,,,
431382105201,J-04,2026-03-01,收,收零星收入,101,500,,李会计,,张某,现金,
431382105201,J-04,2026-03-01,收,,531,,500,,,,,
431382105201,J-05,2026-03-20,转,计提干部报酬,541001,3000,,李会计,,,,
431382105201,J-05,2026-03-20,转,计提干部报酬,211,,3000,,,,,
431382106201,J-01,2026-03-03,receipt,收土地承包费,102,8000,,赵会计,,王某,bank,B7
431382106201,J-01,2026-03-03,receipt,收土地承包费,511001,,8000,,,,,
"""


def books() -> list[Row]:
    return [list(r) for r in csv.reader(StringIO(BOOKS))]


def write_csv(path: Path, rows: list[Row], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[Row]) -> Path:
    """As a spreadsheet stores it: dates as dates, amounts and codes as numbers, a trailing blank row."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(HEADER)
    for r in rows:
        amounts = [float(parse_yuan(v)) / 100 if v else None for v in r[6:8]]
        sheet.append([int(r[0]), r[1], dt.date.fromisoformat(r[2]), *r[3:5], int(r[5]), *amounts, *r[8:]])
    sheet.append([None] * len(HEADER))
    book.save(path)
    return path


def fen(rows: list[Row], village: str, column: int, subjects: tuple[str, ...] = ()) -> int:
    return sum(
        parse_yuan(r[column])
        for r in rows
        if r[0] == village and r[column] and (not subjects or r[5][:3] in subjects)
    )


def run(path: Path, *, accept_valid: bool = False, scope: str = "431382") -> Report:
    return import_vouchers(path, scope=scope, accept_valid=accept_valid, actor=None)


def nothing_written() -> bool:
    return (
        not Voucher.objects.exists()
        and not VoucherLine.objects.exists()
        and not AuditEvent.objects.filter(action="finance.vouchers.imported").exists()
    )


def _assert_reconciles(rows: list[Row]) -> None:
    for village in (A, B):
        m = ledger.month(village, "2026-03")
        assert len(m.vouchers) == len({r[1] for r in rows if r[0] == village})
        assert m.receipts_fen == fen(rows, village, 6, ("101", "102"))
        assert m.payments_fen == fen(rows, village, 7, ("101", "102"))
        assert m.fund_closing == m.receipts_fen - m.payments_fen
        assert sum(v.amount_fen for v in m.vouchers) == fen(rows, village, 6) == fen(rows, village, 7)


def test_a_good_csv_is_booked_numbered_in_date_order_and_reconciles(tmp_path: Path, tree: object) -> None:
    rows = books()
    path = write_csv(tmp_path / "2026-03.csv", rows)
    report = run(path)
    assert (report.total_rows, report.vouchers_total, report.vouchers_imported, report.errors) == (
        12,
        6,
        6,
        [],
    )
    _assert_reconciles(rows)
    numbers = dict(Voucher.objects.filter(region_id=A).values_list("source_ref", "seq"))
    assert numbers == {"J-04": 1, "J-01": 2, "J-03": 1, "J-02": 2, "J-05": 1}  # per kind, by date
    v = Voucher.objects.get(region_id=A, source_ref="J-02")
    assert (v.status, v.number, v.booked_by_id, v.amount_fen) == (
        "booked",
        "2026-03 付字第 2 号",
        None,
        120_000,
    )
    assert (v.pay_method, v.bank_ref, v.paid_on, v.witness) == (
        "bank",
        "9558800002",
        dt.date(2026, 3, 10),
        "王监委",
    )
    assert v.source_sha256 == report.sha256 and len(report.sha256) == 64
    assert [line.summary for line in Voucher.objects.get(region_id=A, source_ref="J-04").lines.all()] == [
        "收零星收入",
        "收零星收入",  # an empty line summary takes the voucher's
    ]
    event = AuditEvent.objects.get(action="finance.vouchers.imported")
    assert event.after is not None
    assert (event.after["vouchers"], event.after["rows"], event.after["skipped_vouchers"]) == (6, 12, 0)
    assert event.after["sha256"] == report.sha256 and event.after["villages"] == [A, B]


def test_a_good_xlsx_is_booked_the_same(tmp_path: Path, tree: object) -> None:
    rows = books()
    report = run(write_xlsx(tmp_path / "2026-03.xlsx", rows))
    assert (report.total_rows, report.vouchers_imported, report.errors) == (12, 6, [])
    _assert_reconciles(rows)
    assert Voucher.objects.get(region_id=A, source_ref="J-03").amount_fen == 35_050


def _set(row: int, column: str, value: str) -> Callable[[list[Row]], None]:
    def change(rows: list[Row]) -> None:
        rows[row - 2][HEADER.index(column)] = value  # row as in the file: the header is row 1

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set(3, "credit", "19,999.00"), {2: "借贷不平", 3: "借贷不平"}),
        # the other line, left alone, is not a voucher on its own
        (_set(2, "village_code", "431382999999"), {2: "村代码“431382999999”不存在", 3: "至少要有借、贷两行"}),
        (_set(2, "village_code", TOWN_A), {2: "不是村（社区）", 3: "收款凭证应借记现金或银行存款"}),
        (_set(4, "subject", "541"), {4: "请用明细科目（541001、541002"}),
        (_set(4, "subject", "999"), {4: "科目“999”不存在"}),
        (_set(3, "credit", "2万"), {3: "贷方金额“2万”不是有效的数字"}),
        (_set(4, "debit", "12.345"), {4: "最多两位小数"}),
        (_set(4, "debit", "-1200"), {4: "借方、贷方金额应且只应填一个正数", 5: "借贷不平"}),
        (_set(2, "summary", "收刘某某 13812345678 鱼塘租金"), {2: "摘要不能包含手机号码"}),
        (_set(3, "summary", "付 43138219900101123X"), {3: "摘要不能包含身份证号码"}),
        (_set(2, "payee", "刘某某 13812345678"), {2: "收付款单位不能包含手机号码"}),
        (_set(2, "date", "2026/03/02"), {2: "应写成 2026-03-05 的形式"}),
        (_set(3, "date", "2026-03-03"), {3: "日期与本凭证第一行（第 2 行）不同"}),
        (_set(2, "kind", "借"), {2: "凭证类型“借”应为 收、付、转"}),
        (_set(4, "bank_ref", ""), {4: "银行转账付款须登记银行流水号", 5: "银行转账付款须登记银行流水号"}),
        (_set(6, "pay_method", "银行"), {6: "贷记现金的付款应登记为现金支付", 7: "现金支付"}),
        (_set(4, "pay_method", "支票"), {4: "结算方式“支票”应为 银行、现金"}),
        # J-04 brings the cash J-03 pays out: without it, J-03 would leave the cash negative
        (_set(9, "kind", "转"), {9: "凭证类型与本凭证第一行（第 8 行）不同", 6: "白条抵库", 7: "白条抵库"}),
        # the cash comes in only after it is paid out
        (lambda rows: [r.__setitem__(2, "2026-03-06") for r in rows[6:8]], {6: "白条抵库", 7: "-350.50 元"}),
    ],
)
def test_a_wrong_row_refuses_the_file_and_nothing_is_written(
    tmp_path: Path, tree: object, change: Callable[[list[Row]], None], expected: dict[int, str]
) -> None:
    rows = books()
    change(rows)
    report = run(write_csv(tmp_path / "bad.csv", rows))
    assert report.refused and report.vouchers_imported == 0 and nothing_written()
    errors = dict(report.errors)
    assert set(errors) == set(expected), report.errors
    for row, message in expected.items():
        assert message in errors[row], report.errors


def test_future_dates_closed_months_and_other_regions_are_refused(tmp_path: Path, tree: object) -> None:
    rows = books()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    rows[-2][2] = rows[-1][2] = tomorrow
    MonthClose.objects.create(region_id=A, period="2026-03", closed_at=timezone.now())
    report = run(write_csv(tmp_path / "bad.csv", rows))
    errors = dict(report.errors)
    assert set(errors) == set(range(2, 14)) and nothing_written()
    assert "2026-03 已月结" in errors[2] and "日期不能晚于今天" in errors[12]
    report = run(write_csv(tmp_path / "town.csv", books()[-2:]), scope=TOWN_A)
    assert report.errors == [
        (2, "“431382106201 丙村”不在导入范围 431382105 内"),
        (3, "“431382106201 丙村”不在导入范围 431382105 内"),
    ]
    assert nothing_written()


def test_only_whole_valid_vouchers_are_imported_when_accepted(tmp_path: Path, tree: object) -> None:
    rows = books()
    rows[1][7] = "19999"  # J-01 of village A no longer balances
    rows[4][4] = "付水电费，联系 13812345678"  # nor is J-03 fit to publish
    report = run(write_csv(tmp_path / "partly.csv", rows), accept_valid=True)
    assert (report.vouchers_total, report.vouchers_imported) == (6, 4)
    assert [n for n, _ in report.errors] == [2, 3, 6]
    assert set(Voucher.objects.values_list("region_id", "source_ref")) == {
        (A, "J-02"),
        (A, "J-04"),
        (A, "J-05"),
        (B, "J-01"),
    }
    assert Voucher.objects.get(region_id=A, source_ref="J-04").number == "2026-03 收字第 1 号"
    event = AuditEvent.objects.get(action="finance.vouchers.imported")
    assert event.after is not None and (event.after["vouchers"], event.after["skipped_vouchers"]) == (4, 2)


def test_nothing_is_booked_twice(tmp_path: Path, tree: object) -> None:
    path = write_csv(tmp_path / "2026-03.csv", books())
    run(path)
    with pytest.raises(InvalidInput, match=f"已于 {timezone.localdate().isoformat()} 导入过"):
        run(path)
    extra = [A, "J-06", "2026-03-21", "转", "计提福利费", "541006", "100", "", "", "", "", "", ""]
    again = [*books(), extra, [*extra[:5], "212", "", "100", *extra[8:]]]
    report = run(write_csv(tmp_path / "2026-03-corrected.csv", again))
    assert report.refused and len(report.errors) == 12
    assert "凭证“J-01”：该村 2026-03 的这张凭证已于" in report.errors[0][1]
    assert "不能重复记账" in report.errors[0][1] and "收字第 2 号" in report.errors[0][1]
    report = run(write_csv(tmp_path / "2026-03-rest.csv", again), accept_valid=True)
    assert report.vouchers_imported == 1 and Voucher.objects.count() == 7
    assert Voucher.objects.get(source_ref="J-06").number == "2026-03 转字第 2 号"


def test_numbers_continue_after_the_books_on_record_and_the_agency_imports_its_town(
    tmp_path: Path, world: World
) -> None:
    booked = book(world, draft(world, "receipt", amount=10_000))
    assert booked.number == "2026-03 收字第 1 号"
    town_rows = [r for r in books() if r[0] == A]
    path = write_csv(tmp_path / "town.csv", town_rows)
    with pytest.raises(Http404):
        import_vouchers(path, scope=TOWN_A, accept_valid=False, actor=world.other_cadre)
    report = import_vouchers(path, scope=TOWN_A, accept_valid=False, actor=world.agency)
    assert report.vouchers_imported == 5
    imported = Voucher.objects.filter(source_sha256=report.sha256)
    assert dict(imported.filter(kind="receipt").values_list("source_ref", "seq")) == {"J-04": 2, "J-01": 3}
    assert set(imported.values_list("booked_by", flat=True)) == {world.agency.pk}
    m = ledger.month(A, "2026-03")
    assert m.receipts_fen == 10_000 + fen(town_rows, A, 6, ("101", "102"))
    assert AuditEvent.objects.get(action="finance.vouchers.imported").actor_id == world.agency.pk


def test_unreadable_files_are_refused(tmp_path: Path, tree: object) -> None:
    path = write_csv(tmp_path / "cols.csv", [r[:6] for r in books()], header=HEADER[:6])
    with pytest.raises(InvalidInput, match="缺少列：debit, credit"):
        run(path)
    with pytest.raises(InvalidInput, match="没有数据行"):
        run(write_csv(tmp_path / "empty.csv", []))
    (tmp_path / "books.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InvalidInput, match="只支持 CSV"):
        run(tmp_path / "books.xls")
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="文件无法读取"):
        run(tmp_path / "broken.xlsx")
    assert nothing_written()


def test_the_cli_prints_the_row_report(tmp_path: Path, tree: object) -> None:
    rows = books()
    rows[1][7] = "19999"
    path = write_csv(tmp_path / "bad.csv", rows)
    with pytest.raises(CommandError) as e:
        call_command("import", "vouchers", str(path), stdout=StringIO(), stderr=StringIO())
    assert "文件有 2 行错误，未导入任何凭证（共 12 行，6 张凭证）" in str(e.value)
    assert "第 3 行：凭证“J-01”：借贷不平" in str(e.value) and "--accept-valid" in str(e.value)
    assert nothing_written()
    out = StringIO()
    call_command("import", "vouchers", str(path), "--accept-valid", stdout=out, stderr=StringIO())
    assert "已导入并记账 5 张凭证（12 行，文件 bad.csv），跳过有错误的凭证 1 张" in out.getvalue()
    assert "第 2 行：凭证“J-01”：借贷不平" in out.getvalue()
    with pytest.raises(CommandError, match="导入过"):
        call_command("import", "vouchers", str(path), "--region", TOWN_A, stdout=StringIO())
    good = write_csv(tmp_path / "good.csv", [[B, "X-1", *r[2:]] for r in books()[-2:]])
    out = StringIO()
    call_command("import", "vouchers", str(good), stdout=out, stderr=StringIO())
    assert out.getvalue().strip() == "已导入并记账 1 张凭证（2 行，文件 good.csv）"
