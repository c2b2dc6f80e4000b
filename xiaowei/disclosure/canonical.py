"""Canonical JSON (RFC 8785, JCS): the exact bytes that are published, hashed and logged."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import rfc8785


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float):
        # Floats have no exact canonical form we want to promise; money is integer fen, text is text.
        raise TypeError("公开内容中不能有浮点数（金额请用整数分或字符串）")
    return value


def canonical(value: Any) -> bytes:
    return rfc8785.dumps(_plain(value))


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
