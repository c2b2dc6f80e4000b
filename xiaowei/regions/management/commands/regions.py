from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions.services import RegionRow, do_import_regions

# Header names we accept for each column (the statistical table's Chinese headers and plain English).
_COLUMNS = {
    "code": ("code", "统计用区划代码", "区划代码", "代码"),
    "name": ("name", "名称"),
    "urban_rural": ("urban_rural", "城乡分类代码", "城乡分类"),
}


def read_region_csv(path: Path) -> list[RegionRow]:
    """Read a region CSV: a header row naming `code` and `name` (optionally `urban_rural`)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("文件不是 UTF-8 编码。请用 UTF-8 另存后再导入。") from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header:
        raise InvalidInput("文件是空的")
    names = [h.strip() for h in header]
    index: dict[str, int] = {}
    for key, aliases in _COLUMNS.items():
        for i, h in enumerate(names):
            if h in aliases:
                index[key] = i
    if "code" not in index or "name" not in index:
        raise InvalidInput("第 1 行应为表头，至少包含 code（统计用区划代码）和 name（名称）两列")
    rows: list[RegionRow] = []
    errors: list[str] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < len(names):
            errors.append(f"第 {line} 行：应有 {len(names)} 列，实际 {len(cells)} 列")
            continue
        ur = cells[index["urban_rural"]].strip() if "urban_rural" in index else ""
        rows.append(RegionRow(line, cells[index["code"]].strip(), cells[index["name"]].strip(), ur))
    if errors:
        raise InvalidInput(f"区划文件有 {len(errors)} 处错误，未导入任何数据", errors)
    return rows


class Command(XiaoweiCommand):
    help = "行政区划：regions import FILE 从统计用区划代码格式的 CSV 导入（全部成功才写入）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="导入区划 CSV（表头 code,name[,urban_rural]）")
        imp.add_argument("file", type=Path)

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        report = do_import_regions(read_region_csv(path), actor=None, source=path.name)
        self.stdout.write(
            f"导入完成：新建 {report.created}，更新 {report.updated}，未变 {report.unchanged}。"
        )
