from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from xiaowei.finance.importer import import_vouchers
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.results.importer import BATCH_ROWS, import_results
from xiaowei.results.models import ImportRun


class Command(XiaoweiCommand):
    help = (
        "导入数据：import results FILE 导入办事结果（CSV 或 XLSX，表头 village_code, category, name, "
        "id_number, household_size, amount, period, approved_on）。先校验全部行，有错误则不写入并列出；"
        "分批提交，中断后用同一文件重新运行即从断点继续。"
        "import vouchers FILE 导入乡镇代理记账的凭证（CSV 或 XLSX，表头 village_code, voucher_no, "
        "date, kind, summary, subject, debit, credit，可选 handler, witness, payee, pay_method, bank_ref），"
        "全部校验无误才记账。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        results = sub.add_parser("results", help="导入办事结果")
        results.add_argument("file", type=Path)
        results.add_argument(
            "--region", default=settings.XIAOWEI_HOME_REGION, help="只导入这个区划下的村（默认全市）"
        )
        results.add_argument("--accept-valid", action="store_true", help="有错误行时，仍导入其余正确的行")
        results.add_argument(
            "--batch", type=int, default=BATCH_ROWS, help=f"每批提交的行数（默认 {BATCH_ROWS}）"
        )
        vouchers = sub.add_parser("vouchers", help="导入乡镇代理记账的凭证（已记账）")
        vouchers.add_argument("file", type=Path)
        vouchers.add_argument(
            "--region", default=settings.XIAOWEI_HOME_REGION, help="只导入这个区划下的村（默认全市）"
        )
        vouchers.add_argument(
            "--accept-valid", action="store_true", help="有错误的凭证时，仍导入其余正确的凭证"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        if options["what"] == "vouchers":
            self._vouchers(path, region=options["region"], accept_valid=options["accept_valid"])
            return
        quiet = options["verbosity"] == 0

        checking = False

        def progress(done: int, total: int, rate: float) -> None:
            nonlocal checking
            if quiet:
                return
            if not total:  # still checking: the number of rows is not known yet
                checking = True
                self.stderr.write(f"\r检查中：已检查 {done:,} 行  {rate:,.0f} 行/秒", ending="")
                self.stderr.flush()
                return
            if checking:
                checking = False
                self.stderr.write("")  # (ends the checking line)
            width = 30
            filled = int(width * done / max(total, 1))
            bar = "█" * filled + "░" * (width - filled)
            self.stderr.write(f"\r{bar} {done:,}/{total:,} 行  {rate:,.0f} 行/秒", ending="")
            self.stderr.flush()

        run = import_results(
            path,
            actor=None,
            scope=options["region"],
            accept_valid=options["accept_valid"],
            batch_size=max(100, options["batch"]),
            progress=progress,
        )
        if not quiet:
            self.stderr.write("")
        if run.status == ImportRun.Status.REFUSED:
            lines = [
                f"文件有 {run.total_rows - run.valid_rows} 行错误，未导入任何数据（共 {run.total_rows} 行）："
            ]
            lines += [f"  第 {line} 行：{message}" for line, message in run.errors[:50]]
            if len(run.errors) > 50:
                lines.append(f"  … 另有 {run.total_rows - run.valid_rows - 50} 行错误")
            lines.append("改正后重新导入；或加 --accept-valid 只导入正确的行。")
            raise CommandError("\n".join(lines))
        skipped = run.total_rows - run.valid_rows
        self.stdout.write(
            f"已导入 {run.imported:,} 行"
            + (f"，跳过错误行 {skipped:,} 行" if skipped else "")
            + f"（文件 {run.filename}）"
        )

    def _vouchers(self, path: Path, *, region: str, accept_valid: bool) -> None:
        report = import_vouchers(path, scope=region, accept_valid=accept_valid, actor=None)
        rows = [f"  第 {line} 行：{message}" for line, message in report.errors[:50]]
        if len(report.errors) > 50:
            rows.append(f"  … 另有 {len(report.errors) - 50} 行错误")
        if report.refused:
            lines = [
                f"文件有 {len(report.errors)} 行错误，未导入任何凭证"
                f"（共 {report.total_rows} 行，{report.vouchers_total} 张凭证）：",
                *rows,
            ]
            if not accept_valid:
                lines.append("改正后重新导入；或加 --accept-valid 只导入全部行都正确的凭证。")
            raise CommandError("\n".join(lines))
        skipped = report.vouchers_total - report.vouchers_imported
        self.stdout.write(
            f"已导入并记账 {report.vouchers_imported} 张凭证（{report.total_rows} 行，文件 {report.file}）"
            + (f"，跳过有错误的凭证 {skipped} 张：" if skipped else "")
        )
        for row in rows:
            self.stdout.write(row)
