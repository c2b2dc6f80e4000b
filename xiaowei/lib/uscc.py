"""统一社会信用代码 (Unified Social Credit Identifier, USCI/USCC) checks per GB 32100-2015.

GB 32100-2015《法人和其他组织统一社会信用代码编码规则》 defines an 18-character code over the 31-character
alphabet ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, Z, S, V):

====== ===========================================================================================
位置   含义
====== ===========================================================================================
1      登记管理部门代码 (registration authority: 1 机构编制, 5 民政, 9 工商/市场监管, N 农业农村, Y 其他 …)
2      机构类别代码 (category within that authority, e.g. 91 企业, 92 个体工商户, 93 农民专业合作社)
3–8    登记管理机关行政区划码 (GB/T 2260 county-level region code of the registering office)
9–17   主体标识码 = 组织机构代码 (GB 11714-1997: 8 characters + its own mod-11 check character)
18     校验码: weights 3^(i) mod 31 = 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 over positions 1–17,
       check = (31 − Σ mod 31) mod 31, written with the same 31-character alphabet
====== ===========================================================================================

Decisions (documented so callers know what "valid" means here):

* Input is **normalised**, not rejected, for case and width: full-width characters (ＡＢ１２) become ASCII,
  lower case becomes upper case, and spaces/hyphens are removed. Case carries no information in the code,
  and codes are routinely typed in lower case. Everything after normalisation is strict.
* Position 1 must be a registration-authority code we know of (including ``A`` 中央军委改革和编制办公室,
  ``G`` used for overseas-NGO representative offices, seen in org-id.guide's CN-USCI examples, and ``N``
  农业农村 for rural collective economic organisations). Position 2 is checked only where the category list
  is fixed by the standard or the issuing ministry (``9`` → 1/2/3; ``N`` → 1/2/3/9); other authorities'
  category lists have been extended by later notices, so checking them would reject real codes.
* Positions 3–8 must be six digits whose first two are a GB/T 2260 province code (or ``10`` for codes
  registered at national level, e.g. ``911000…``). Whether the county exists is not checked (the region
  table changes every year).
* A valid check character proves only that the code is well formed, not that the organisation exists.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["ALPHABET", "WEIGHTS", "check_uscc", "org_code_check_char", "uscc_check_char"]

#: The 31-character code alphabet of GB 32100-2015 (I, O, Z, S, V are not used).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Weights W_i = 3^(i-1) mod 31 for positions 1–17.
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714-1997 组织机构代码: characters 0-9 and A-Z valued 0–35, weights for positions 1–8, mod 11.
_ORG_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_VALUES = {c: i for i, c in enumerate(ALPHABET)}

#: 登记管理部门代码 → (name, allowed 机构类别代码 or None when not checkable).
AUTHORITIES: dict[str, tuple[str, frozenset[str] | None]] = {
    "1": ("机构编制", None),
    "2": ("外交", None),
    "3": ("司法行政", None),
    "4": ("文化", None),
    "5": ("民政", None),
    "6": ("旅游", None),
    "7": ("宗教", None),
    "8": ("工会", None),
    # 9: 1 企业, 2 个体工商户, 3 农民专业合作社 (GB 32100-2015 附录)
    "9": ("工商（市场监管）", frozenset("123")),
    "A": ("中央军委改革和编制办公室", None),
    "G": ("公安（境外非政府组织代表机构）", None),
    "N": ("农业农村", frozenset("1239")),  # 1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他
    "Y": ("其他", None),
}

# GB/T 2260 province-level codes (first two digits of a region code); 10 = registered at national level.
_PROVINCE_CODES = (
    "10 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82"
)
_PROVINCES = frozenset(_PROVINCE_CODES.split())
_STRIP = re.compile(r"[\s\-‐‑–—]+")


def _normalise(raw: str) -> str:
    if not isinstance(raw, str):
        raise ValueError("统一社会信用代码必须是文本")
    return _STRIP.sub("", unicodedata.normalize("NFKC", raw)).upper()


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a code (GB 32100-2015 §4.2 / 附录)."""
    code = _normalise(first17)
    if len(code) != 17:
        raise ValueError(f"计算校验码需要前17位，收到{len(code)}位")
    bad = sorted({c for c in code if c not in _VALUES})
    if bad:
        raise ValueError(f"含有非法字符：{'、'.join(bad)}（代码字符集不含 I、O、Z、S、V）")
    total = sum(_VALUES[c] * w for c, w in zip(code, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check_char(first8: str) -> str:
    """Check character of a 组织机构代码 (GB 11714-1997): C9 = 11 − Σ(Ci·Wi) mod 11; 10 → X, 11 → 0."""
    if len(first8) != 8 or any(c not in _ORG_VALUES for c in first8):
        raise ValueError("组织机构代码本体应为8位数字或大写字母")
    value = 11 - sum(_ORG_VALUES[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def check_uscc(raw: str) -> str:
    """Return the normalised 18-character code, or raise ValueError saying (in Chinese) what is wrong."""
    code = _normalise(raw)
    if len(code) != 18:
        raise ValueError(f"统一社会信用代码应为18位，“{raw}”为{len(code)}位")
    bad = sorted({c for c in code if c not in _VALUES})
    if bad:
        raise ValueError(f"统一社会信用代码含有非法字符：{'、'.join(bad)}（代码字符集不含 I、O、Z、S、V）")
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        raise ValueError(f"第1位登记管理部门代码“{code[0]}”不存在")
    name, categories = authority
    if categories is not None and code[1] not in categories:
        raise ValueError(
            f"第2位机构类别代码“{code[1]}”不属于{name}登记管理部门（应为{'、'.join(sorted(categories))}之一）"
        )
    region = code[2:8]
    if not region.isdigit():
        raise ValueError(f"第3–8位登记管理机关行政区划码“{region}”应为6位数字")
    if region[:2] not in _PROVINCES:
        raise ValueError(f"第3–8位行政区划码“{region}”的省级代码“{region[:2]}”不存在")
    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        raise ValueError(
            f"第9–17位组织机构代码“{code[8:17]}”校验位错误：第17位应为“{expected_org}”，实为“{code[16]}”"
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValueError(f"统一社会信用代码校验码错误：第18位应为“{expected}”，实为“{code[17]}”")
    return code
