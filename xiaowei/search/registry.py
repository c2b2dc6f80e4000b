"""The kinds of public object in the search index, and the one function that (re-)indexes them.

The app that owns a kind registers it from its AppConfig.ready() with a reader of its public text
(`<app>/search_text.py`), so the search app never imports the apps above it:

- 工程项目 (projects), 资产资源 (assets), 财务凭证 (finance: only booked vouchers are public);
- 办事结果 (results): written by results.importer in bulk, so it registers no reader.

``index(kind, ids)`` writes the entries of the ids the reader yields and removes the other ids from the
index (an object that is not, or no longer, public). It runs inside the caller's transaction. Fields go
shortest and most important first (bigrams.doc_text indexes a record up to its first 16,000 words). If a
reader adds a field, objects already indexed keep their old text until ``xiaowei search reindex``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from xiaowei.search.index import Row, index_many, remove

_READ_BATCH = 2000  # ids per query (SQLite allows 32,766 parameters)


@dataclass(frozen=True)
class Kind:
    code: str  # stored in the index; a contract (the API's and the search page's ?kind=)
    name: str  # what the search page calls it
    read: Callable[[list[int]], Iterable[Row]] | None = None  # the public text of these ids
    public_ids: Callable[[], list[int]] | None = None  # every public id, for a rebuild


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    """Called once per kind from the owning app's AppConfig.ready()."""
    if _KINDS.get(kind.code, kind) != kind:
        raise RuntimeError(f"search kind {kind.code!r} is registered twice")
    _KINDS[kind.code] = kind


def kind(code: str) -> Kind:
    return _KINDS[code]


def names() -> dict[str, str]:
    return {k.code: k.name for k in _KINDS.values()}


def rebuildable() -> list[str]:
    return [k.code for k in _KINDS.values() if k.read and k.public_ids]


def chunks(ids: Iterable[int], size: int = _READ_BATCH) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, size)):
        yield chunk


def index(code: str, ids: Iterable[int]) -> int:
    """(Re-)index these objects of one kind; ids the reader does not yield leave the index. Returns how
    many entries were written."""
    read = kind(code).read
    if read is None:
        raise ValueError(f"这一类由导入程序建立索引：{code}")
    written = 0
    for chunk in chunks(ids):
        rows = list(read(chunk))
        written += index_many(code, rows)
        gone = set(chunk) - {row[0] for row in rows}
        if gone:
            remove(code, gone)
    return written


def reindex_all(codes: Iterable[str] | None = None) -> dict[str, int]:
    """Index every public object of these kinds again (after a field is added to a reader, or for data
    loaded before the kind was indexed)."""
    done: dict[str, int] = {}
    for code in rebuildable() if codes is None else codes:
        k = kind(code) if code in _KINDS else None
        if k is None or k.public_ids is None:
            raise ValueError(f"不能重建这一类的索引：{code}")
        # The ids are read first: writing the index while a cursor over the table is open is not portable.
        done[code] = index(code, k.public_ids())
    return done
