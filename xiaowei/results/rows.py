"""Reading and checking the rows of a results file (pure: no database). Columns, header row required:
``village_code, category, name, id_number, household_size, amount, period, approved_on`` and optionally
``group`` (村民小组) and ``basis``. CSV (UTF-8, with or without BOM) or XLSX (first sheet)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from xiaowei.lib.money import parse_yuan
from xiaowei.lib.pii import check_id_number

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


@dataclass(frozen=True)
class Row:
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


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The data rows as dicts keyed by the header. Raises ValueError for a missing column or format."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            header = _header(next(reader, []))
            for values in reader:
                yield dict(zip(header, (v.strip() for v in values), strict=False))
    elif suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            rows = sheet.iter_rows(values_only=True)
            header = _header([str(v or "") for v in next(rows, ())])
            for values in rows:
                yield dict(zip(header, (_cell(v) for v in values), strict=False))
        finally:
            book.close()
    else:
        raise ValueError("只支持 CSV（UTF-8）或 XLSX 文件")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header(values: list[str]) -> list[str]:
    header = [v.strip().lower() for v in values]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ValueError(f"第一行应为表头，缺少列：{', '.join(missing)}（必需列：{', '.join(REQUIRED)}）")
    return header


def check_row(raw: dict[str, str], villages: set[str], categories: set[str]) -> tuple[Row | None, list[str]]:
    """The row's values, or the list of what is wrong with it (in Chinese)."""
    errors: list[str] = []
    village = raw.get("village_code", "")
    if village not in villages:
        errors.append(f"村代码“{village[:20]}”不存在（应为 12 位村级区划代码）")
    category = raw.get("category", "")
    if category not in categories:
        errors.append(f"类别“{category[:20]}”不存在（见 GET /api/v1/results/categories）")
    name = raw.get("name", "")
    if not name or len(name) > 50:
        errors.append("姓名为空或过长")
    try:
        number = check_id_number(raw.get("id_number", ""))
    except ValueError as e:
        number = ""
        errors.append(str(e))
    size_text = raw.get("household_size", "")
    size = int(size_text) if size_text.isdigit() and 0 < len(size_text) <= 2 else 0
    if not 1 <= size <= 30:
        errors.append(f"家庭人口“{size_text[:10]}”应为 1–30 的整数")
    try:
        amount = parse_yuan(raw.get("amount", ""))
        if amount < 0:
            raise ValueError("金额不能为负数")
    except ValueError as e:
        amount = 0
        errors.append(f"金额：{e}")
    period = raw.get("period", "")
    if not _PERIOD.match(period):
        errors.append(f"期间“{period[:10]}”应为 2026、2026-03 或 2026Q1")
    try:
        approved = dt.date.fromisoformat(raw.get("approved_on", ""))
    except ValueError:
        approved = None
        errors.append(f"批准日期“{raw.get('approved_on', '')[:12]}”应为 YYYY-MM-DD")
    if errors:
        return None, errors
    assert approved is not None
    return (
        Row(
            village_code=village,
            category=category,
            name=name,
            id_number=number,
            household_size=size,
            amount_fen=amount,
            period=period,
            approved_on=approved,
            group=raw.get("group", "")[:50],
            basis=raw.get("basis", "")[:200],
        ),
        [],
    )
