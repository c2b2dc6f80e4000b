"""Money, dates and identifiers as OCDS writes them: integer fen checked and turned into exact yuan, dates
and aware datetimes as ISO 8601 (dates at midnight China time), and ocids."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

from xiaowei.procurement.ocds.types import When

T = TypeVar("T")

CURRENCY = "CNY"
CST = timezone(timedelta(hours=8))

# An ocid prefix is "ocds-" plus the six characters assigned by the Open Contracting Partnership
# (e.g. ocds-213czf); we allow a local namespace after it (e.g. a county code).
_OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}(-[A-Za-z0-9]+)*$")
_LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_MAX_FEN = 10**15 - 1  # 15 significant digits: float(Decimal) round-trips exactly below this


def make_ocid(prefix: str, local_id: str) -> str:
    """``ocds-xxxxxx[-namespace]-<local id>``. Unregistered prefixes validate but must not be published."""
    if not _OCID_PREFIX.match(prefix):
        raise ValueError(
            f"ocid 前缀“{prefix}”格式错误：应为 ocds- 加6位小写字母或数字（可再接 -本地命名空间）"
        )
    if not _LOCAL_ID.match(local_id):
        raise ValueError(f"ocid 本地编号“{local_id}”只能含字母、数字、点、下划线和连字符")
    return f"{prefix}-{local_id}"


def checked_fen(fen: int, what: str = "金额") -> int:
    """``fen`` if it is a non-negative integer amount that a JSON number holds exactly, else ValueError."""
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValueError(f"{what}必须是整数（分），收到 {fen!r}")
    if fen < 0:
        raise ValueError(f"{what}不能为负数：{fen} 分")
    if fen > _MAX_FEN:
        raise ValueError(f"{what}过大：{fen} 分")
    return fen


def yuan_number(fen: int) -> int | float:
    """Exact fen → yuan as a JSON number: 123456 → 1234.56, 18600000 → 186000, 18600050 → 186000.5."""
    exact = Decimal(checked_fen(fen)).scaleb(-2)  # exact decimal, no float arithmetic
    if exact == exact.to_integral_value():
        return int(exact)
    # Final serialisation step: the float nearest to a decimal of ≤ 15 significant digits has that decimal
    # as its shortest repr, so json.dumps writes exactly the yuan amount.
    return float(exact)


def money(fen: int) -> dict[str, Any]:
    """OCDS Value in CNY."""
    return {"amount": yuan_number(fen), "currency": CURRENCY}


def as_datetime(value: When, what: str) -> datetime:
    """An aware datetime (a date is midnight China time); ``what`` names the value in the error."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{what}必须带时区（例如 +08:00）")
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0), CST)
    raise ValueError(f"{what}不是日期：{value!r}")


def iso(value: When, what: str = "日期") -> str:
    """A date or aware datetime as OCDS wants it (dates at midnight China time)."""
    return as_datetime(value, what).isoformat(timespec="seconds")


def yuan_text(fen: int) -> str:
    """Fen as yuan for text: 19740050 → "197,400.50"."""
    whole, cents = divmod(fen, 100)
    return f"{whole:,}.{cents:02d}"


def present(value: T | None, what: str) -> T:
    """A value the data must hold at this stage (an award date once awarded, a settled amount once
    settled). Missing, the data is impossible: ValueError, which the publishing service refuses with."""
    if value is None:
        raise ValueError(f"缺少{what}")
    return value
