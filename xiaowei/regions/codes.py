"""Region codes: the official statistical division codes (GB/T 2260 + 国家统计局 统计用区划代码).

Codes form a prefix tree: 省 2 digits, 市 4, 县 6, 乡镇/街道 9, 村/社区 12, and 村民小组 15 (the village
code plus a local three-digit suffix, since no national code exists for groups). Everything under a
region is therefore one indexed range query on the code column, which works the same on SQLite and
PostgreSQL and in any collation (digits only).
"""

from __future__ import annotations

import re

from django.db.models import Q

LEVEL_BY_LENGTH = {2: "province", 4: "city", 6: "county", 9: "township", 12: "village", 15: "group"}
LENGTH_BY_LEVEL = {level: length for length, level in LEVEL_BY_LENGTH.items()}
LEVEL_NAMES = {
    "province": "省",
    "city": "市",
    "county": "县(市、区)",
    "township": "乡镇(街道)",
    "village": "村(社区)",
    "group": "村民小组",
}
_DIGITS = re.compile(r"^[0-9]+$")  # ASCII only: \d also matches full-width digits


class CodeError(ValueError):
    pass


def level_of(code: str) -> str:
    if not _DIGITS.match(code) or len(code) not in LEVEL_BY_LENGTH:
        raise CodeError(f"区划代码“{code}”无效：应为 2、4、6、9、12 或 15 位数字")
    return LEVEL_BY_LENGTH[len(code)]


def parent_of(code: str) -> str | None:
    lengths = sorted(LEVEL_BY_LENGTH)
    index = lengths.index(len(code))
    return code[: lengths[index - 1]] if index > 0 else None


def normalize(raw: str) -> str:
    """Accept the short form or the 12-digit padded form ("431382100000" → "431382100")."""
    code = raw.strip()
    if len(code) == 12 and _DIGITS.match(code):
        # e.g. 430000000000 is the province 43, 431382000000 the county 431382
        for length in (2, 4, 6, 9):
            if code[length:].strip("0") == "":
                return code[:length]
    level_of(code)
    return code


def _successor(prefix: str) -> str | None:
    """The smallest digit string greater than every string that starts with `prefix`."""
    stripped = prefix.rstrip("9")
    if not stripped:
        return None
    return stripped[:-1] + str(int(stripped[-1]) + 1)


def under_q(field: str, code: str) -> Q:
    """Q for rows whose `field` is `code` or lies under it in the tree (an index range scan)."""
    upper = _successor(code)
    q = Q(**{f"{field}__gte": code})
    if upper is not None:
        q &= Q(**{f"{field}__lt": upper})
    return q
