"""`xiaowei import vouchers FILE`: the importer of the township agency's booked vouchers
(lib.commands.Importer)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from xiaowei.finance.importer import import_vouchers
from xiaowei.lib.commands import Importer, XiaoweiCommand, error_lines


class VouchersImporter(Importer):
    name = "vouchers"
    help = "导入乡镇代理记账的凭证（已记账）"
    description = (
        "import vouchers FILE 导入乡镇代理记账的凭证（CSV 或 XLSX，表头 village_code, voucher_no, "
        "date, kind, summary, subject, debit, credit，可选 handler, witness, payee, pay_method, bank_ref），"
        "全部校验无误才记账。"
    )
    accept_valid_help = "有错误的凭证时，仍导入其余正确的凭证"

    def handle(
        self, command: XiaoweiCommand, path: Path, *, region: str, accept_valid: bool, **options: Any
    ) -> None:
        report = import_vouchers(path, scope=region, accept_valid=accept_valid, actor=None)
        rows = error_lines(report.errors, more=len(report.errors) - 50)
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
        command.stdout.write(
            f"已导入并记账 {report.vouchers_imported} 张凭证（{report.total_rows} 行，文件 {report.file}）"
            + (f"，跳过有错误的凭证 {skipped} 张：" if skipped else "")
        )
        for row in rows:
            command.stdout.write(row)


IMPORTERS = [VouchersImporter()]
