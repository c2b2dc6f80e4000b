"""The words of the search index: overlapping character bigrams (pure Python, no Django).

Semantics (identical on SQLite and PostgreSQL). Text and query are NFKC-normalised and lowercased
(full-width `１２３ＡＢ` = `123ab`). The query is split on whitespace into pieces; every piece needs at
least 2 characters. A record matches when **every piece is a substring of one of its fields** (different
pieces may be found in different fields). A piece never matches across two fields, nor across whitespace
inside a field.

Why that is exact: a field is split on whitespace into pieces, and each piece becomes its overlapping
bigrams (`王小伟` → `王小 小伟`), one token each, with a separator token between pieces and between fields.
A query piece of n ≥ 2 characters becomes the phrase of its n-1 bigrams, and a phrase can only sit on
consecutive bigrams of one field piece, which spell exactly the query piece. Without the separator,
`…ab` + `bc…` would match the phrase `ab bc` (= "abc") across two fields.

Every character counts, CJK or not. Bigrams of CJK ideographs and of ASCII letters and digits are kept
as they are (both engines' tokenizers keep them as one word, which test_search checks); any other
bigram is written `u` + the two code points as 6 hex digits each, so punctuation, kana, emoji … stay
searchable and no tokenizer can split or fold them.

Two limits come from PostgreSQL's tsvector (positions stop at 16,383; at most 255 positions are kept
per word) and are applied here, so both engines behave alike: a record is indexed up to its first
MAX_TOKENS tokens, and any occurrence of a bigram after its 255th in one record is not searchable.
Put short, important fields (names) first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

SEPARATOR = "sep"  # 3 letters: no query produces it (query tokens are 2 characters, or `u` + 12 hex digits)
MAX_TOKENS = 16_000  # PostgreSQL clamps positions at 16,383
MAX_REPEATS = 255  # PostgreSQL keeps 255 positions per word
MAX_QUERY_CHARS = 100
SCOPE_LENGTHS = (6, 9, 12)  # county, township, village

# Ideographs assigned long ago (Unicode 1.1–3.1), so every tokenizer version knows them as letters:
# the URO, extension A and extension B. Later additions (e.g. U+9FA6–) take the hex form.
_PLAIN_CJK = ((0x4E00, 0x9FA5), (0x3400, 0x4DB5), (0x20000, 0x2A6D6))
_PLAIN_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = re.compile(r"[0-9]*")
_ALL_PLAIN = re.compile("[a-z0-9" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _PLAIN_CJK) + "]+")


def normalize(text: str) -> str:
    """NFKC, then lowercase: the form both records and queries are compared in."""
    return unicodedata.normalize("NFKC", text).lower()


def _plain(ch: str) -> bool:
    if ch in _PLAIN_ASCII:
        return True
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _PLAIN_CJK)


def token(bigram: str) -> str:
    """The index word for one bigram (see the module docstring)."""
    if _plain(bigram[0]) and _plain(bigram[1]):
        return bigram
    return "u" + "".join(f"{ord(ch):06x}" for ch in bigram)


def _piece_tokens(piece: str) -> list[str]:
    pairs = [piece[i : i + 2] for i in range(len(piece) - 1)]
    if _ALL_PLAIN.fullmatch(piece):  # the common case, and 20× faster than looking at each pair
        return pairs
    return [token(pair) for pair in pairs]


def region_tokens(region_code: str) -> list[str]:
    """Scope words for the 6-, 9- and 12-digit prefixes the code has (`r431382`, `r431382105`, …)."""
    if not _DIGITS.fullmatch(region_code):
        raise ValueError(f"区划代码只能由数字组成：{region_code!r}")
    return [f"r{region_code[:n]}" for n in SCOPE_LENGTHS if len(region_code) >= n]


def scope_token(region_code: str) -> str:
    """The word a search scoped to this county (6 digits), township (9) or village (12) requires."""
    if not _DIGITS.fullmatch(region_code) or len(region_code) not in SCOPE_LENGTHS:
        raise ValueError(f"查询范围须为 6、9 或 12 位区划代码：{region_code!r}")
    return f"r{region_code}"


def doc_text(fields: Sequence[str], region_code: str) -> str:
    """The indexed text of one record: its scope words, then the bigrams of each field piece, pieces
    and fields kept apart by SEPARATOR. Limits: see the module docstring."""
    words = region_tokens(region_code)
    body: list[str] = []
    for field in fields:
        for piece in normalize(field).split():
            if len(piece) < 2:
                continue  # no bigram; a query piece needs 2+ characters, so nothing could find it
            if body:
                body.append(SEPARATOR)
            body += _piece_tokens(piece)
        if len(body) >= MAX_TOKENS:
            break
    words += body
    del words[MAX_TOKENS:]
    if len(words) > MAX_REPEATS:
        # PostgreSQL keeps 255 positions of a word: later ones become separators (keeping the count).
        seen: Counter[str] = Counter()
        for i, word in enumerate(words):
            seen[word] += 1
            if seen[word] > MAX_REPEATS and word != SEPARATOR:
                words[i] = SEPARATOR
    return " ".join(words)


def query_bigrams(q: str) -> list[str]:
    """The phrases a record must all contain: one per whitespace-separated piece of `q`, each the
    space-separated bigram words of that piece. Raises ValueError (a message for the user) when the
    query is too short, has a 1-character piece, or is too long."""
    pieces = normalize(q).split()
    if sum(len(p) for p in pieces) < 2:
        raise ValueError("请输入至少两个字")
    if any(len(p) < 2 for p in pieces):
        # A single character has no bigram: searching it exactly would mean scanning every record.
        raise ValueError("空格隔开的每个词至少要两个字")
    if sum(len(p) for p in pieces) > MAX_QUERY_CHARS:
        raise ValueError(f"搜索词太长（最多 {MAX_QUERY_CHARS} 个字）")
    # A piece contained in another piece adds nothing: drop it (and repeats).
    unique = list(dict.fromkeys(pieces))
    kept = [p for p in unique if not any(p != other and p in other for other in unique)]
    return [" ".join(_piece_tokens(p)) for p in kept]
