from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.search import registry


class Command(XiaoweiCommand):
    help = (
        "搜索索引：search reindex [--kind project|asset|voucher]（重建工程项目、资产资源、财务凭证的索引）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="按现有数据重建索引（办事结果由导入时建立，不在此重建）")
        reindex.add_argument("--kind", action="append", choices=registry.rebuildable())

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        with transaction.atomic():
            done = registry.reindex_all(o["kind"])
        for kind, n in done.items():
            self.stdout.write(f"{kind}: {n}")
