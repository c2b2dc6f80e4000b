"""Witnesses: independent parties (a township or the county 纪委) that cosign the log's checkpoints after
checking it only grew. Services, one transaction and one audit event each; the CLI is a thin wrapper."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.disclosure import log, merkle, note
from xiaowei.disclosure.models import Checkpoint, Cosignature, Witness
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.regions.models import Region

if TYPE_CHECKING:
    from xiaowei.accounts.models import User


@transaction.atomic(durable=True)
def do_add_witness(name: str, vkey: str, *, region: Region | None, actor: User | None) -> Witness:
    try:
        note.Verifier.from_text(vkey)
    except ValueError as e:
        raise InvalidInput(f"公钥格式错误：{e}") from None
    if Witness.objects.filter(name=name).exists():
        raise InvalidInput(f"见证方 {name} 已登记")
    witness = Witness.objects.create(name=name, vkey=vkey, region=region)
    record(
        "disclosure.witness.added",
        actor=actor,
        obj=witness,
        region_code=region.code if region else "",
        after={"name": name, "vkey": vkey},
    )
    return witness


@transaction.atomic(durable=True)
def do_cosign_latest_checkpoint(
    witness: Witness, signer: note.Signer, *, actor: User | None
) -> Cosignature | None:
    """Cosign the latest checkpoint; None when this witness already did. Refused when the key is not the
    witness's or the log is not an append-only extension of the last checkpoint this witness signed."""
    if signer.verifier_text() != witness.vkey:
        raise ServiceError("私钥与登记的见证方公钥不匹配", code="wrong_key")
    checkpoint = log.latest_checkpoint()
    if checkpoint is None:
        raise ServiceError("日志还是空的", code="empty_log")
    if Cosignature.objects.filter(checkpoint=checkpoint, witness=witness).exists():
        return None
    last = Checkpoint.objects.filter(cosignatures__witness=witness).order_by("-size").first()
    if last is not None and last.size != checkpoint.size:
        proof = log.consistency(last.size, checkpoint.size)
        if not merkle.verify_consistency(
            last.size, checkpoint.size, bytes(last.root), bytes(checkpoint.root), proof
        ):
            raise ServiceError(
                f"检查点 {checkpoint.size} 与已联署的检查点 {last.size} 不一致，拒绝联署", code="inconsistent"
            )
    cosignature = Cosignature.objects.create(
        checkpoint=checkpoint, witness=witness, line=note.cosign(checkpoint.note, signer, int(time.time()))
    )
    record(
        "disclosure.checkpoint.cosigned",
        actor=actor,
        obj=checkpoint,
        after={"witness": witness.name, "size": checkpoint.size},
    )
    return cosignature
