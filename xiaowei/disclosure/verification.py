"""Checking that a publication (a board line, a web page, a download) is what was published: its content
hashes to the committed digest, its leaf is in the log at the checkpoint printed on the board (inclusion
proof), that checkpoint is signed by the log, and the log has only grown since (consistency proof)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from xiaowei.disclosure import log, merkle, note
from xiaowei.disclosure.canonical import sha256_hex
from xiaowei.disclosure.models import Checkpoint, Publication
from xiaowei.disclosure.services import leaf_bytes


@dataclass
class Check:
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Verdict:
    publication: Publication
    checkpoint: Checkpoint | None
    latest: Checkpoint | None
    checks: list[Check] = field(default_factory=list)
    proof: list[str] = field(default_factory=list)
    leaf_b64: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


def verify_publication(pub: Publication, size: int | None = None) -> Verdict:
    latest = log.latest_checkpoint()
    checkpoint = latest if size is None else Checkpoint.objects.filter(size=size).first()
    v = Verdict(pub, checkpoint, latest)
    digest = sha256_hex(pub.content.encode())
    v.checks.append(
        Check(
            "内容摘要（SHA-256）",
            digest == pub.content_sha256,
            f"重算 {digest[:16]}…，公开时登记 {pub.content_sha256[:16]}…",
        )
    )
    data = leaf_bytes(pub)
    v.leaf_b64 = log.b64(data)
    if checkpoint is None:
        v.checks.append(Check("检查点", False, f"没有长度为 {size} 的检查点"))
        return v
    if pub.leaf_index >= checkpoint.size:
        v.checks.append(Check("检查点", False, f"该记录在检查点 {checkpoint.size} 之后才公开"))
        return v
    try:
        text, signers = note.open_note(checkpoint.note, [note.Verifier.from_text(log.verifier_key())])
        origin, cp_size, root = note.parse_checkpoint(text)
        signed = bool(signers) and origin == settings.XIAOWEI_LOG_ORIGIN and cp_size == checkpoint.size
    except ValueError as e:
        signed, root = False, b""
        v.checks.append(Check("检查点签名", False, str(e)))
    else:
        v.checks.append(Check("检查点签名", signed, f"{origin} · 长度 {cp_size}"))
    proof = log.inclusion(pub.leaf_index, checkpoint.size)
    v.proof = [log.b64(h) for h in proof]
    included = merkle.verify_inclusion(merkle.leaf_hash(data), pub.leaf_index, checkpoint.size, proof, root)
    v.checks.append(
        Check(
            "包含证明（RFC 9162）",
            included,
            f"第 {pub.leaf_index} 条，树长 {checkpoint.size}，证明 {len(proof)} 个哈希",
        )
    )
    if latest is not None and latest.size > checkpoint.size:
        consistent = merkle.verify_consistency(
            checkpoint.size,
            latest.size,
            bytes(checkpoint.root),
            bytes(latest.root),
            log.consistency(checkpoint.size, latest.size),
        )
        v.checks.append(Check("一致性证明（此后只增不改）", consistent, f"{checkpoint.size} → {latest.size}"))
    return v
