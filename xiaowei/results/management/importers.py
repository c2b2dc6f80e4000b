"""`xiaowei import results FILE`: the 办事结果 importer (lib.commands.Importer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.lib.commands import Importer, XiaoweiCommand, error_lines
from xiaowei.results.importer import BATCH_ROWS, import_results
from xiaowei.results.models import ImportRun


class ResultsImporter(Importer):
    name = "results"
    help = "导入办事结果"
    description = (
        "import results FILE 导入办事结果（CSV 或 XLSX，表头 village_code, category, name, "
        "id_number, household_size, amount, period, approved_on）。先校验全部行，有错误则不写入并列出；"
        "分批提交，中断后用同一文件重新运行即从断点继续。"
    )
    accept_valid_help = "有错误行时，仍导入其余正确的行"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=BATCH_ROWS, help=f"每批提交的行数（默认 {BATCH_ROWS}）"
        )

    def handle(
        self, command: XiaoweiCommand, path: Path, *, region: str, accept_valid: bool, **options: Any
    ) -> None:
        quiet = options["verbosity"] == 0

        checking = False

        def progress(done: int, total: int, rate: float) -> None:
            nonlocal checking
            if quiet:
                return
            if not total:  # still checking: the number of rows is not known yet
                checking = True
                command.stderr.write(f"\r检查中：已检查 {done:,} 行  {rate:,.0f} 行/秒", ending="")
                command.stderr.flush()
                return
            if checking:
                checking = False
                command.stderr.write("")  # (ends the checking line)
            width = 30
            filled = int(width * done / max(total, 1))
            bar = "█" * filled + "░" * (width - filled)
            command.stderr.write(f"\r{bar} {done:,}/{total:,} 行  {rate:,.0f} 行/秒", ending="")
            command.stderr.flush()

        run = import_results(
            path,
            actor=None,
            scope=region,
            accept_valid=accept_valid,
            batch_size=max(100, options["batch"]),
            progress=progress,
        )
        if not quiet:
            command.stderr.write("")
        if run.status == ImportRun.Status.REFUSED:
            lines = [
                f"文件有 {run.total_rows - run.valid_rows} 行错误，未导入任何数据（共 {run.total_rows} 行）："
            ]
            lines += error_lines(run.errors, more=run.total_rows - run.valid_rows - 50)
            lines.append("改正后重新导入；或加 --accept-valid 只导入正确的行。")
            raise CommandError("\n".join(lines))
        skipped = run.total_rows - run.valid_rows
        command.stdout.write(
            f"已导入 {run.imported:,} 行"
            + (f"，跳过错误行 {skipped:,} 行" if skipped else "")
            + f"（文件 {run.filename}）"
        )


IMPORTERS = [ResultsImporter()]
