"""Personal data: identity numbers checked (GB 11643), masked for display, hashed for lookups.

Every public page, export and API shows identity numbers only through `mask_id`. Numbers are never
stored in plain text: `id_hash` (HMAC-SHA256 with XIAOWEI_PII_KEY) finds a person's own records, and the
masked form is kept for display.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from django.conf import settings

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def check_id_number(raw: str) -> str:
    """Return the normalised 18-character number, or raise ValueError saying what is wrong."""
    number = str(raw).strip().upper()
    if (
        len(number) != 18
        or not number[:17].isascii()
        or not number[:17].isdigit()
        or number[17] not in "0123456789X"
    ):
        raise ValueError("身份证号码应为 18 位（前 17 位数字，最后一位数字或 X）")
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValueError("身份证号码中的出生日期无效") from None
    if id_check_digit(number[:17]) != number[17]:
        raise ValueError("身份证号码校验位不正确（GB 11643），请核对")
    return number


def mask_id(number: str) -> str:
    """Keep the first 6 and the last 4 characters: 431382********123X."""
    n = str(number).strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def id_hash(number: str) -> str:
    key = settings.XIAOWEI_PII_KEY.encode()
    return hmac.new(key, number.strip().upper().encode(), hashlib.sha256).hexdigest()


def mask_name(name: str, rule: str = "full") -> str:
    """A person's name for public display: in full where 公示 requires it ("full"), else with the middle
    hidden ("partial": 张*三, 张*)."""
    n = str(name).strip()
    if rule == "full" or len(n) <= 1:
        return n
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]
