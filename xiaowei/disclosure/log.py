"""The transparency log in the database: append a leaf, sign a checkpoint, serve proofs, verify.

Every publication is one leaf. The hashes of all perfect subtrees are stored (LogNode), so a proof at
any size needs only O(log n) stored hashes, fetched in one query (merkle.py computes which). Appends are
serialised: SQLite's IMMEDIATE transactions do it already; on PostgreSQL an advisory lock does.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import connection

from xiaowei.disclosure import merkle, note
from xiaowei.disclosure.canonical import sha256_hex
from xiaowei.disclosure.models import Checkpoint, LogNode, Publication
from xiaowei.lib.db import in_service_transaction

_LOCK_ID = 9162  # the RFC's number, as good an advisory-lock id as any
_INDEX_BITS = 48


def node_key(level: int, index: int) -> int:
    return (level << _INDEX_BITS) | index


def left_siblings(index: int) -> list[tuple[int, int]]:
    """The stored nodes that appending leaf `index` combines with (one per trailing 1-bit of index)."""
    wanted = []
    level = 0
    while (index >> level) & 1:
        wanted.append((level, (index >> level) - 1))
        level += 1
    return wanted


def completed_span(start: int, end: int) -> list[tuple[int, int]]:
    """Every node completed by appending leaves start..end-1."""
    wanted = []
    for i in range(start, end):
        wanted.append((0, i))
        level = 1
        while (i + 1) % (1 << level) == 0:
            wanted.append((level, (i + 1 >> level) - 1))
            level += 1
    return wanted


def fetch_nodes(wanted: Iterable[tuple[int, int]], *, strict: bool = True) -> dict[tuple[int, int], bytes]:
    """The stored hashes of these nodes in few queries; a missing node is an error unless not `strict`
    (verification reports what is missing instead of stopping)."""
    keys = {node_key(level, index): (level, index) for level, index in wanted}
    if not keys:
        return {}
    found: dict[tuple[int, int], bytes] = {}
    key_list = list(keys)
    for start in range(0, len(key_list), 500):  # stay under SQLite's bound-parameter limit
        for key, digest in LogNode.objects.filter(key__in=key_list[start : start + 500]).values_list(
            "key", "hash"
        ):
            found[keys[key]] = bytes(digest)
    missing = set(keys.values()) - set(found)
    if missing and strict:
        raise LookupError(f"transparency log is missing nodes {sorted(missing)[:5]}")
    return found


# --- Keys --------------------------------------------------------------------------------------------


@cache
def _signer_text() -> str:
    """The log's signing key: XIAOWEI_LOG_KEY, else generated once into XIAOWEI_HOME/log_key (0600)."""
    from_env = os.environ.get("XIAOWEI_LOG_KEY", "").strip()
    if from_env:
        return from_env
    path = settings.XIAOWEI_LOG_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    signer_text, _ = note.generate_signer(settings.XIAOWEI_LOG_ORIGIN)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(signer_text)
    return signer_text


def signer() -> note.Signer:
    return note.Signer.from_text(_signer_text())


def verifier_key() -> str:
    """The public key (C2SP note verifier key) anyone uses to check our checkpoints."""
    return signer().verifier_text()


# --- Appending ---------------------------------------------------------------------------------------


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])


def current_size() -> int:
    latest = Checkpoint.objects.order_by("-size").values_list("size", flat=True).first()
    return int(latest or 0)


def reserve_index() -> int:
    """Lock the log for this transaction and return the index the next leaf will take."""
    if not in_service_transaction():
        raise RuntimeError("log appends must run inside the publishing transaction")
    _lock()
    return current_size()


def append(index: int, data: bytes) -> Checkpoint:
    """Add leaf `index` (from reserve_index) with the exact leaf bytes, then sign the new checkpoint."""
    leaf = merkle.leaf_hash(data)
    siblings = fetch_nodes(left_siblings(index))
    new_nodes = merkle.nodes_completed_by(index, leaf, lambda level, i: siblings[(level, i)])
    LogNode.objects.bulk_create([LogNode(key=node_key(level, i), hash=h) for level, i, h in new_nodes])
    size = index + 1
    wanted = merkle.root_nodes(size)
    known = {(level, i): h for level, i, h in new_nodes}
    nodes = known | fetch_nodes(set(wanted) - set(known))
    root = merkle.root(size, nodes)
    body = note.checkpoint_body(settings.XIAOWEI_LOG_ORIGIN, size, root)
    return Checkpoint.objects.create(size=size, root=root, note=note.sign_note(body, signer()))


_BULK_BATCH = 1000


def append_many(first_index: int, datas: list[bytes]) -> Checkpoint:
    """Add leaves first_index, first_index + 1, … (first_index from reserve_index) with their exact leaf
    bytes in one go, then sign ONE checkpoint for the new size.

    Stores exactly the nodes that appending them one by one with append() would (same keys, same hashes,
    same final root); only the checkpoints of the intermediate sizes are not signed. Every left sibling a
    leaf of the batch combines with is either completed earlier in the batch or one of the perfect
    subtrees along the right edge of the tree of first_index leaves, so those are fetched once and the
    rest is computed in memory.
    """
    if not datas:
        raise ValueError("append_many() needs at least one leaf")
    known = fetch_nodes(merkle.root_nodes(first_index))
    new_nodes: list[LogNode] = []
    for offset, data in enumerate(datas):
        completed = merkle.nodes_completed_by(
            first_index + offset, merkle.leaf_hash(data), lambda level, i: known[(level, i)]
        )
        for level, i, h in completed:
            known[(level, i)] = h
            new_nodes.append(LogNode(key=node_key(level, i), hash=h))
    LogNode.objects.bulk_create(new_nodes, batch_size=_BULK_BATCH)
    size = first_index + len(datas)
    root = merkle.root(size, known)  # the right edge at `size` is all in `known` (see above)
    body = note.checkpoint_body(settings.XIAOWEI_LOG_ORIGIN, size, root)
    return Checkpoint.objects.create(size=size, root=root, note=note.sign_note(body, signer()))


# --- Reading -----------------------------------------------------------------------------------------


def checkpoint_text(checkpoint: Checkpoint) -> str:
    """The signed note as served: the log's signature, then every witness cosignature."""
    lines = [c.line.rstrip("\n") + "\n" for c in checkpoint.cosignatures.order_by("witness__name")]
    return checkpoint.note + "".join(lines)


def inclusion(index: int, size: int) -> list[bytes]:
    return merkle.inclusion_proof(index, size, fetch_nodes(merkle.inclusion_proof_nodes(index, size)))


def consistency(first: int, second: int) -> list[bytes]:
    return merkle.consistency_proof(first, second, fetch_nodes(merkle.consistency_proof_nodes(first, second)))


def root_at(size: int) -> bytes:
    return merkle.root(size, fetch_nodes(merkle.root_nodes(size)))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# --- Verifying everything ----------------------------------------------------------------------------


@dataclass
class VerifyReport:
    size: int = 0
    checkpoints: int = 0
    problems: list[str] = field(default_factory=list)
    bad_publications: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_all(leaf_bytes: Callable[[Publication], bytes], *, batch: int = 2000) -> VerifyReport:
    """Recompute every leaf from its stored publication and the whole tree from the leaves; compare with
    the stored nodes, and check every stored checkpoint's root and signature.

    `leaf_bytes(publication)` rebuilds the exact leaf bytes (disclosure.services.leaf_bytes).
    """
    report = VerifyReport(size=current_size())
    checkpoints = {c.size: c for c in Checkpoint.objects.order_by("size")}
    verifier = note.Verifier.from_text(verifier_key())
    stack: list[tuple[int, bytes]] = []  # perfect subtrees along the right edge: (level, hash)
    expected_index = 0
    while True:
        rows = list(Publication.objects.filter(leaf_index__gte=expected_index).order_by("leaf_index")[:batch])
        if not rows:
            break
        stored = fetch_nodes(completed_span(expected_index, expected_index + len(rows)), strict=False)
        for pub in rows:
            if pub.leaf_index != expected_index:
                report.problems.append(f"日志序号 {expected_index} 缺失（下一条是 {pub.leaf_index}）")
                expected_index = pub.leaf_index
            digest = sha256_hex(pub.content.encode())
            if digest != pub.content_sha256:
                report.problems.append(f"公开记录 {pub.pk}（{pub.title}）的内容与其摘要不符：内容被改动过")
                report.bad_publications.append(pub.pk)
            leaf = merkle.leaf_hash(leaf_bytes(pub))
            if stored.get((0, pub.leaf_index)) != leaf:
                report.problems.append(f"公开记录 {pub.pk}（{pub.title}）与日志第 {pub.leaf_index} 条不符")
                if pub.pk not in report.bad_publications:
                    report.bad_publications.append(pub.pk)
            stack.append((0, leaf))
            while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
                (level, right), (_, left) = stack.pop(), stack.pop()
                parent = merkle.node_hash(left, right)
                index = (expected_index + 1) // (1 << (level + 1)) - 1
                if stored.get((level + 1, index)) not in (None, parent):
                    report.problems.append(f"日志节点 {level + 1}/{index} 与重算结果不符")
                stack.append((level + 1, parent))
            expected_index += 1
            size = expected_index
            if size in checkpoints:
                _check_checkpoint(checkpoints.pop(size), stack, verifier, report)
                report.checkpoints += 1
    for size in checkpoints:
        report.problems.append(f"检查点 {size} 超出了日志的实际长度 {expected_index}")
    if expected_index != report.size:
        report.problems.append(f"日志应有 {report.size} 条，实际找到 {expected_index} 条公开记录")
    return report


def _check_checkpoint(
    cp: Checkpoint, stack: list[tuple[int, bytes]], verifier: note.Verifier, report: VerifyReport
) -> None:
    root = stack[-1][1]
    for _, h in reversed(stack[:-1]):
        root = merkle.node_hash(h, root)
    if bytes(cp.root) != root:
        report.problems.append(f"检查点 {cp.size} 的根哈希与重算结果不符")
    try:
        text, signers = note.open_note(cp.note, [verifier])
        origin, size, signed_root = note.parse_checkpoint(text)
    except ValueError as e:
        report.problems.append(f"检查点 {cp.size} 的签名无效：{e}")
        return
    if not signers or size != cp.size or signed_root != root or origin != settings.XIAOWEI_LOG_ORIGIN:
        report.problems.append(f"检查点 {cp.size} 的签名内容与日志不符")


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.order_by("-size").first()
