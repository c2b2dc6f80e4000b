from __future__ import annotations

import os
import sys
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandParser

from xiaowei.portal.signals import serving


class Command(BaseCommand):
    help = "用 gunicorn 启动网站（生产级服务器，静态文件由应用自身提供）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("XIAOWEI_WORKERS", "2")))

    def handle(self, *args: Any, host: str, port: str, workers: int, **options: Any) -> None:
        url = f"http://{host}:{port}/"
        self.stdout.write(f"\n小微 Xiaowei 已启动：{url}")
        for _receiver, lines in serving.send(sender=self.__class__, url=url):
            for line in cast("list[str]", lines):
                self.stdout.write(line)
        self.stdout.write("按 Ctrl+C 停止。\n")
        sys.stdout.flush()
        # Sync workers: steadier than gthread under keep-alive load on two cores.
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "xiaowei.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "--timeout",
            "60",
        ]
        os.execv(sys.executable, argv)  # noqa: S606  (replace this process: signals reach gunicorn)
