from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.finance.services import do_load_subjects
from xiaowei.finance.subjects import DEFAULT_FILE, read_chart_file
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.lib.errors import InvalidInput


class Command(XiaoweiCommand):
    help = (
        "村级财务：finance subjects [FILE]（载入会计科目表；默认为内置的《村集体经济组织会计制度》科目表）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        subjects = sub.add_parser("subjects", help="载入会计科目表（YAML）；已有凭证使用的科目不能删除")
        subjects.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        path: Path = o["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            subjects = read_chart_file(path)
        except ValueError as e:
            raise InvalidInput("科目表未加载", str(e).split("；")) from None
        count = do_load_subjects(subjects, actor=None)
        self.stdout.write(f"科目表已载入：{count} 个科目。")
