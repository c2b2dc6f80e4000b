from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.results.services import do_record_pending_outcomes


class Command(XiaoweiCommand):
    help = "办事结果：results handoff 把已批准、尚未公示为办事结果的便民服务事项结果补交（交接失败后重试）。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("handoff", help="补交尚未成为办事结果的已批准事项结果")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        done = do_record_pending_outcomes()
        self.stdout.write(f"办事结果：补交 {done} 条 / handed over {done} outcome(s)")
