"""Personal data: identity numbers checked (GB 11643), masked for display, hashed for lookups.

Every public page, export and API shows identity numbers only through `mask_id`. Numbers are never
stored in plain text: `id_hash` (HMAC-SHA256 with XIAOWEI_PII_KEY) finds a person's own records, and the
masked form is kept for display.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Callable
from functools import partial
from operator import mul

from django.conf import settings

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ZEROS = ord("0") * sum(_WEIGHTS)  # the weighted sum of the character codes counts each "0" as 48
_CHECK = "10X98765432"
_BIRTHS: dict[str, bool] = {}  # "YYYYMMDD" → whether it is a date (there are some 40,000 in practice)
_MAX_BIRTHS = 100_000


def id_check_digit(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():  # the weights over the bytes, in C
        return _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _ZEROS) % 11]
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def _is_birth_date(text: str) -> bool:
    valid = _BIRTHS.get(text)
    if valid is None:
        try:
            dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
            valid = True
        except ValueError:
            valid = False
        if len(_BIRTHS) < _MAX_BIRTHS:
            _BIRTHS[text] = valid
    return valid


def check_id_number(raw: str) -> str:
    """Return the normalised 18-character number, or raise ValueError saying what is wrong."""
    number = str(raw).strip().upper()
    first17 = number[:17]
    if len(number) != 18 or not first17.isascii() or not first17.isdigit() or number[17] not in "0123456789X":
        raise ValueError("身份证号码应为 18 位（前 17 位数字，最后一位数字或 X）")
    if not _is_birth_date(number[6:14]):
        raise ValueError("身份证号码中的出生日期无效")
    if _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _ZEROS) % 11] != number[17]:
        raise ValueError("身份证号码校验位不正确（GB 11643），请核对")
    return number


def mask_id(number: str) -> str:
    """Keep the first 6 and the last 4 characters: 431382********123X."""
    n = str(number).strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def id_hash(number: str) -> str:
    return _keyed_hash(settings.XIAOWEI_PII_KEY.encode(), number)


def id_hasher() -> Callable[[str], str]:
    """id_hash with the key looked up once, for hashing many numbers."""
    return partial(_keyed_hash, settings.XIAOWEI_PII_KEY.encode())


def _keyed_hash(key: bytes, number: str) -> str:
    return hmac.digest(key, number.strip().upper().encode(), "sha256").hex()  # HMAC-SHA256, hex


def mask_name(name: str, rule: str = "full") -> str:
    """A person's name for public display: in full where 公示 requires it ("full"), else with the middle
    hidden ("partial": 张*三, 张*)."""
    n = str(name).strip()
    if rule == "full" or len(n) <= 1:
        return n
    if len(n) == 2:
        return n[0] + "*"
    return n[0] + "*" * (len(n) - 2) + n[-1]
