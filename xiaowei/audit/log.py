"""The one way to write an audit event. Services call `record()` inside their own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import TYPE_CHECKING, Any

from django.db import models

from xiaowei.audit.models import AuditEvent
from xiaowei.lib.db import in_service_transaction
from xiaowei.lib.origin import current_origin

if TYPE_CHECKING:
    from xiaowei.accounts.models import User


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def record(
    action: str,
    *,
    actor: User | None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    region_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `action` is a dotted past-tense name, e.g. "regions.profile.updated".

    Must run inside the caller's transaction: the event and the change it describes commit together or
    not at all.
    """
    if not in_service_transaction():
        raise RuntimeError("audit.record() must be called inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    where = current_origin()
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=actor.username if actor is not None else "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        region_code=region_code,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        origin=where.channel,
        ip=where.ip,
    )
