from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.disclosure import log, note
from xiaowei.disclosure.models import Witness
from xiaowei.disclosure.services import leaf_bytes
from xiaowei.disclosure.witnesses import do_add_witness, do_cosign_latest_checkpoint
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.regions.models import Region


class Command(XiaoweiCommand):
    help = (
        "透明日志：log verify（逐条重算并核对）；log key（公钥）；log witness keygen/add；"
        "log cosign --name NAME --key FILE（见证方联署最新检查点）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify", help="重算每条公开记录的叶子和整棵树，核对所有检查点；不一致时以非零状态退出"
        )
        sub.add_parser("key", help="打印日志的公钥（C2SP note verifier key）")
        witness = sub.add_parser("witness", help="见证方")
        wsub = witness.add_subparsers(dest="witness_action", required=True)
        keygen = wsub.add_parser(
            "keygen", help="生成见证方密钥（私钥只打印一次，由见证方自行保管）并登记公钥"
        )
        keygen.add_argument("name")
        keygen.add_argument("--region", default="")
        keygen.add_argument("--out", type=Path, help="把私钥写入此文件（权限 0600）而不是打印")
        add = wsub.add_parser("add", help="登记一个见证方的公钥")
        add.add_argument("name")
        add.add_argument("vkey")
        add.add_argument("--region", default="")
        cosign = sub.add_parser("cosign", help="以见证方身份联署最新检查点（先核验与上次联署的一致性）")
        cosign.add_argument("--name", required=True)
        cosign.add_argument("--key", type=Path, required=True, help="见证方私钥文件")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "verify":
            self._verify()
        elif action == "key":
            self.stdout.write(log.verifier_key())
        elif action == "witness":
            self._witness(o)
        else:
            self._cosign(o["name"], o["key"])

    def _verify(self) -> None:
        report = log.verify_all(leaf_bytes)
        if report.ok:
            self.stdout.write(f"日志一致：{report.size} 条公开记录，{report.checkpoints} 个检查点均已核对。")
            return
        for problem in report.problems:
            self.stderr.write(problem)
        bad = ", ".join(map(str, report.bad_publications)) or "无"
        raise CommandError(f"日志核对发现 {len(report.problems)} 处问题；不一致的公开记录：{bad}")

    def _region(self, code: str) -> Region | None:
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"区划代码 {code} 不存在")
        return region

    def _witness(self, o: dict[str, Any]) -> None:
        region = self._region(o["region"])
        if o["witness_action"] == "keygen":
            signer_text, vkey = note.generate_signer(o["name"], witness=True)
            do_add_witness(o["name"], vkey, region=region, actor=None)
            if o["out"]:
                path: Path = o["out"]
                path.write_text(signer_text + "\n")
                path.chmod(0o600)
                self.stdout.write(f"私钥已写入 {path}；公钥：{vkey}")
            else:
                self.stdout.write(signer_text)
                self.stdout.write(vkey)
        else:
            do_add_witness(o["name"], o["vkey"], region=region, actor=None)
            self.stdout.write(f"已登记见证方 {o['name']}")

    def _cosign(self, name: str, key_file: Path) -> None:
        witness = Witness.objects.filter(name=name).first()
        if witness is None:
            raise CommandError(f"见证方 {name} 未登记（先运行 xiaowei log witness add）")
        try:
            signer = note.Signer.from_text(key_file.read_text().strip())
        except (OSError, ValueError) as e:
            raise CommandError(f"无法读取见证方私钥：{e}") from None
        cosignature = do_cosign_latest_checkpoint(witness, signer, actor=None)
        latest = log.latest_checkpoint()
        assert latest is not None  # do_cosign_latest_checkpoint refuses an empty log, and checkpoints stay
        size = latest.size
        self.stdout.write(f"{name} 已联署检查点 {size}" if cosignature else f"检查点 {size} 已由 {name} 联署")
