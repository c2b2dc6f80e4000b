from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from xiaowei.lib.commands import XiaoweiCommand, importers


class Command(XiaoweiCommand):
    """`xiaowei import KIND FILE`: each KIND is an Importer of the app that owns the data (lib.commands)."""

    @property
    def help(self) -> str:  # type: ignore[override]
        return "导入数据：" + "".join(i.description for i in importers().values())

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        for importer in importers().values():
            kind = sub.add_parser(importer.name, help=importer.help)
            kind.add_argument("file", type=Path)
            kind.add_argument(
                "--region", default=settings.XIAOWEI_HOME_REGION, help="只导入这个区划下的村（默认全市）"
            )
            kind.add_argument("--accept-valid", action="store_true", help=importer.accept_valid_help)
            importer.add_arguments(kind)

    def handle(self, *args: Any, what: str, file: Path, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(f"找不到文件 {file}")
        importers()[what].handle(self, file, **options)
