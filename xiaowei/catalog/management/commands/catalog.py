from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from xiaowei.catalog.charts import CatalogError
from xiaowei.catalog.files import DEFAULT_CATALOG, read_catalog
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.selectors import current_versions
from xiaowei.catalog.services import do_load_catalog, do_set_setting
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions.models import Region


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期“{text}”应为 YYYY-MM-DD") from None


class Command(XiaoweiCommand):
    help = "权力清单：catalog load [FILE]（载入/更新清单，变化的事项生成新版本）；catalog list；catalog set。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入清单文件（YAML），默认为内置的 28 项清单")
        load.add_argument("file", nargs="?", type=Path, default=DEFAULT_CATALOG)
        load.add_argument("--effective", help="新版本的生效日期（默认今天）")
        load.add_argument("--note", default="", help="修改说明")
        load.add_argument("--if-empty", action="store_true", help="库中已有清单时什么也不做")
        sub.add_parser("list", help="列出现行清单")
        setting = sub.add_parser("set", help="设置辖区配置，例如 meeting_rules 或 params（JSON）")
        setting.add_argument("region")
        setting.add_argument("key")
        setting.add_argument("value", help='JSON，例如 \'{"representatives": {"base": "all"}}\'')

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "load":
            if o["if_empty"] and PowerItem.objects.exists():
                self.stdout.write("库中已有权力清单，未载入。")
                return
            path: Path = o["file"]
            if not path.is_file():
                raise CommandError(f"找不到文件：{path}")
            try:
                raw_items, _ = read_catalog(path)
            except CatalogError as e:
                raise InvalidInput(f"清单文件有 {len(e.errors)} 处错误，未载入", e.errors) from None
            effective = _date(o["effective"]) if o["effective"] else timezone.localdate()
            report = do_load_catalog(raw_items, effective_from=effective, note=o["note"], actor=None)
            self.stdout.write(
                f"清单已载入：新增 {len(report.created)} 项，修订 {len(report.revised)} 项，"
                f"未变 {len(report.unchanged)} 项。"
            )
            if report.revised:
                self.stdout.write("修订：" + "、".join(report.revised))
            if report.not_in_file:
                self.stdout.write("库中有、文件中没有（保留不动）：" + "、".join(report.not_in_file))
        elif action == "list":
            for v in current_versions(None, timezone.localdate()):
                charts = ", ".join(c.code for c in v.parsed.flowcharts)
                self.stdout.write(
                    f"{v.item.code:<6} v{v.number:<3} {v.item.get_category_display():<5} {v.name}  [{charts}]"
                )
        else:
            try:
                region = Region.objects.get(code=o["region"])
            except Region.DoesNotExist:
                raise CommandError(f"区划代码 {o['region']} 不存在") from None
            try:
                value = json.loads(o["value"])
            except json.JSONDecodeError as e:
                raise CommandError(f"value 不是有效的 JSON：{e}") from None
            do_set_setting(region, o["key"], value, actor=None)
            self.stdout.write(f"已设置 {region.name} 的 {o['key']}")
