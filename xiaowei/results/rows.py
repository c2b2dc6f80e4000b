"""Reading and checking the rows of a results file (pure: no database). Columns, header row required:
``village_code, category, name, id_number, household_size, amount, period, approved_on`` and optionally
``group`` (村民小组) and ``basis``. CSV (UTF-8, with or without BOM) or XLSX (first sheet)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Container, Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from xiaowei.lib.money import parse_yuan
from xiaowei.lib.pii import check_id_number
from xiaowei.lib.sheets import cell_text

REQUIRED = (
    "village_code",
    "category",
    "name",
    "id_number",
    "household_size",
    "amount",
    "period",
    "approved_on",
)
OPTIONAL = ("group", "basis")
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])|Q[1-4])?$")


class Row(NamedTuple):
    """A checked row. (checked_rows gives the same values as a plain tuple, cheaper to make.)"""

    village_code: str
    category: str
    name: str
    id_number: str  # normalised; hashed and masked by the writer, never stored
    household_size: int
    amount_fen: int
    period: str
    approved_on: dt.date
    group: str = ""
    basis: str = ""


Values = tuple[str, str, str, str, int, int, str, dt.date, str, str]  # a Row's, in its order
Checked = tuple[Values | None, list[str]]


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The data rows as dicts keyed by the header. Raises ValueError for a missing column or format."""
    for header, values in raw_rows(path):
        yield dict(zip(header, values, strict=False))


def checked_rows(path: Path, villages: Container[str], categories: Container[str]) -> Iterator[Checked]:
    """check_row for each data row of the file, in order: the same results as
    ``check_row(raw, …) for raw in read_rows(path)``, without a dict or a Row per row."""
    return checked_values(raw_rows(path), villages, categories)


def checked_values(
    rows: Iterable[tuple[list[str], list[str]]], villages: Container[str], categories: Container[str]
) -> Iterator[Checked]:
    """check_row for each (header, values) of raw_rows(), in order."""
    header: list[str] = []
    pick: itemgetter[Any] = itemgetter(0)
    for row_header, values in rows:
        if row_header is not header:
            header = row_header
            last = {name: i for i, name in enumerate(header)}  # a repeated column: the last one counts
            pick = itemgetter(*(last.get(name, -1) for name in (*REQUIRED, *OPTIONAL)))  # -1: absent
        if len(values) >= len(header):
            values.append("")  # what an absent optional column (-1) reads
            yield _check(villages, categories, *pick(values))
        else:  # a short row: exactly what the dict of read_rows holds
            yield _check_dict(dict(zip(header, values, strict=False)), villages, categories)


def raw_rows(path: Path) -> Iterator[tuple[list[str], list[str]]]:
    """(header, stripped values) for each data row, unchecked. ValueError for a missing column or an
    unknown format."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            lines = _utf8(f)
            header = header_of(next(csv.reader(lines), []))
            for values in csv_values(lines):
                yield header, values
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = header_of([str(v or "") for v in next(rows, ())])
            for cells in rows:
                yield header, [cell_text(v) for v in cells]
        finally:
            book.close()
    else:
        raise ValueError("只支持 CSV（UTF-8）或 XLSX 文件")


def csv_values(lines: Iterable[str]) -> Iterator[list[str]]:
    """The stripped values of each CSV record in ``lines`` (text lines with their line ends)."""
    strip = str.strip
    for values in csv.reader(lines):
        yield list(map(strip, values))


def _utf8(lines: Iterable[str]) -> Iterator[str]:
    try:
        yield from lines
    except UnicodeDecodeError:
        raise ValueError(NOT_UTF8) from None


NOT_UTF8 = "文件不是 UTF-8 编码（在 Excel 中请“另存为 CSV UTF-8”，或导入 XLSX 文件）"


def header_of(values: list[str]) -> list[str]:
    """The header row's column names (lower case). ValueError when a required column is missing."""
    header = [v.strip().lower() for v in values]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(f"第一行应为表头，缺少列：{', '.join(missing)}（必需列：{', '.join(REQUIRED)}）")
    return header


def check_row(
    raw: dict[str, str], villages: Container[str], categories: Container[str]
) -> tuple[Row | None, list[str]]:
    """The row's values, or the list of what is wrong with it (in Chinese)."""
    values, errors = _check_dict(raw, villages, categories)
    return (None if values is None else Row._make(values)), errors


def _check_dict(raw: dict[str, str], villages: Container[str], categories: Container[str]) -> Checked:
    get = raw.get
    return _check(
        villages,
        categories,
        get("village_code", ""),
        get("category", ""),
        get("name", ""),
        get("id_number", ""),
        get("household_size", ""),
        get("amount", ""),
        get("period", ""),
        get("approved_on", ""),
        get("group", ""),
        get("basis", ""),
    )


# Bounded memos of the few thousand distinct periods and dates a file has (not of arbitrary text).
_MEMO_MAX = 100_000
_PERIODS: dict[str, bool] = {}
_DATES: dict[str, dt.date | None] = {}


def _period_ok(period: str) -> bool:
    ok = _PERIODS.get(period)
    if ok is None:
        ok = _PERIOD.match(period) is not None
        if len(_PERIODS) < _MEMO_MAX:
            _PERIODS[period] = ok
    return ok


def _date(text: str) -> dt.date | None:
    try:
        return _DATES[text]
    except KeyError:
        pass
    try:
        value: dt.date | None = dt.date.fromisoformat(text)
    except ValueError:
        value = None
    if len(_DATES) < _MEMO_MAX:
        _DATES[text] = value
    return value


def _check(
    villages: Container[str],
    categories: Container[str],
    village: str,
    category: str,
    name: str,
    id_number: str,
    size_text: str,
    amount_text: str,
    period: str,
    approved_text: str,
    group: str,
    basis: str,
) -> Checked:
    errors: list[str] = []
    if village not in villages:
        errors.append(f"村代码“{village[:20]}”不存在（应为 12 位村级区划代码）")
    if category not in categories:
        errors.append(f"类别“{category[:20]}”不存在（见 GET /api/v1/results/categories）")
    if not name or len(name) > 50:
        errors.append("姓名为空或过长")
    try:
        number = check_id_number(id_number)
    except ValueError as e:
        number = ""
        errors.append(str(e))
    size = int(size_text) if size_text.isdigit() and 0 < len(size_text) <= 2 else 0
    if not 1 <= size <= 30:
        errors.append(f"家庭人口“{size_text[:10]}”应为 1–30 的整数")
    try:
        amount = parse_yuan(amount_text)
        if amount < 0:
            raise ValueError("金额不能为负数")
    except ValueError as e:
        amount = 0
        errors.append(f"金额：{e}")
    if not _period_ok(period):
        errors.append(f"期间“{period[:10]}”应为 2026、2026-03 或 2026Q1")
    approved = _date(approved_text)
    if approved is None:
        errors.append(f"批准日期“{approved_text[:12]}”应为 YYYY-MM-DD")
    if errors:
        return None, errors
    assert approved is not None
    return (village, category, name, number, size, amount, period, approved, group[:50], basis[:200]), []
