"""Writing and querying the search index: index_many, remove, search.

What a search means is in search.bigrams (exact substrings of 2+ characters, each query piece within one
field, AND across pieces). Both engines run the same code; only `_match` differs: FTS5 MATCH on SQLite,
a tsquery against the GIN-indexed tsvector on PostgreSQL (migration 0002).

A kind is one id range (models.SearchEntry), so the kind filter is `id BETWEEN` and "newest first"
(object_id descending) is id descending: FTS5 walks its own index backwards and never reads the table.
Counting and the page come first; nothing is ranked (ranking a common bigram costs up to a second).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from django.db import connection, transaction

from xiaowei.search.bigrams import MAX_REPEATS, SEPARATOR, doc_text, query_bigrams, scope_token
from xiaowei.search.models import OBJECT_ID_BITS, SearchEntry, SearchKind

Row = tuple[int, str, Sequence[str]]  # (object_id, region_code, fields)
_Part = tuple[str, int]  # (the words of a region or a field as doc_text writes them, how many)
T = TypeVar("T")

MAX_OBJECT_ID = (1 << OBJECT_ID_BITS) - 1
MAX_KINDS = (1 << (63 - OBJECT_ID_BITS)) - 1  # ids stay positive 64-bit integers

# Plain SQL that both engines accept. Upsert on the id (made of kind and object_id, so one per object):
# a record indexed again is replaced in place (on SQLite the update trigger refreshes FTS5; REPLACE would
# skip the delete trigger unless recursive_triggers is on). Many rows per statement: FTS5 flushes what it has
# gathered at each statement's end, so one statement per row wrote one tiny index segment per row
# (7× slower to build).
_UPSERT = (
    "INSERT INTO search_searchentry (id, kind, object_id, region_code, text) VALUES {} "
    "ON CONFLICT (id) DO UPDATE SET region_code = excluded.region_code, text = excluded.text"
)
MAX_BATCH = 6000  # × 5 parameters: under SQLite's 32,766 and PostgreSQL's 65,535 per statement
_ANY_BEFORE = "SELECT 1 FROM search_searchentry WHERE kind = %s AND region_code < %s LIMIT 1"
_ANY_FROM = "SELECT 1 FROM search_searchentry WHERE kind = %s AND region_code >= %s LIMIT 1"


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _kind_base(kind: str, *, create: bool) -> int | None:
    """The first id of the kind's range; None when the kind was never indexed (and create is False)."""
    if not kind or len(kind) > 20:
        raise ValueError(f"kind must be 1–20 characters: {kind!r}")
    if create:
        number = SearchKind.objects.get_or_create(name=kind)[0].pk
    else:
        with connection.cursor() as cursor:  # (plain SQL: the ORM would double a short search's time)
            cursor.execute("SELECT id FROM search_searchkind WHERE name = %s", [kind])
            row = cursor.fetchone()
        if row is None:
            return None
        number = row[0]
    if not 0 < number <= MAX_KINDS:
        raise RuntimeError(f"search kind number {number} is outside 1..{MAX_KINDS}")
    return number << OBJECT_ID_BITS


def _check_object_id(object_id: int) -> int:
    if not 0 <= object_id <= MAX_OBJECT_ID:
        raise ValueError(f"object_id must be in 0..2^{OBJECT_ID_BITS}-1: {object_id}")
    return object_id


def index_many(kind: str, rows: Iterable[Row], *, batch: int = 5000) -> int:
    """Index (or re-index) objects of `kind`: one entry per (object_id, region_code, fields) row, the
    fields kept apart; of two rows for one object, the later counts. `batch` rows go in one statement
    (at most MAX_BATCH). Returns how many entries were written. One transaction: call it inside the
    transaction that changes the objects."""
    text = _DOC_TEXTS
    return index_texts(
        kind, ((oid, region, text(fields, region)) for oid, region, fields in rows), batch=batch
    )


def entry_text(fields: Sequence[str], region_code: str) -> str:
    """The indexed text of one record (bigrams.doc_text), as index_many makes it. For a bulk writer that
    prepares its rows' texts elsewhere (in worker processes) and passes them to index_texts."""
    return _DOC_TEXTS(fields, region_code)


def index_texts(kind: str, rows: Iterable[tuple[int, str, str]], *, batch: int = 5000) -> int:
    """index_many for rows whose fields are already turned into their text: (object_id, region_code,
    entry_text(fields, region_code)). Nothing else may be passed as the text: searches would miss."""
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        base = _kind_base(kind, create=True)
        assert base is not None
        for chunk in _batched(rows, max(1, min(batch, MAX_BATCH))):
            # One row per object: PostgreSQL refuses to upsert the same row twice in one statement.
            latest = {_check_object_id(oid): (region, text) for oid, region, text in chunk}
            params: list[int | str] = []
            for oid, (region, text) in latest.items():
                params += [base + oid, kind, oid, region, text]
            cursor.execute(_UPSERT.format(", ".join(["(%s, %s, %s, %s, %s)"] * len(latest))), params)
            written += len(latest)
    return written


class _DocTexts:
    """doc_text(fields, region_code), remembering the words of each region and field it has seen (a
    batch has the same regions, categories and often names again and again). A record's text is its
    region's words, then the words of its non-empty fields joined by SEPARATOR: exactly what doc_text
    writes while a record has at most MAX_REPEATS words (none of its limits apply). Longer records go to
    doc_text itself."""

    MAX_REMEMBERED = 50_000  # of each kind of part (a few MB); then forgotten and learnt again

    def __init__(self) -> None:
        self.regions: dict[str, _Part] = {}
        self.fields: dict[str, _Part] = {}

    def _part(self, memo: dict[str, _Part], key: str, fields: Sequence[str], region: str) -> _Part:
        try:
            return memo[key]
        except KeyError:
            if len(memo) >= self.MAX_REMEMBERED:
                memo.clear()
            text = doc_text(fields, region)
            part = memo[key] = (text, text.count(" ") + 1 if text else 0)
            return part

    def __call__(self, fields: Sequence[str], region: str) -> str:
        head, total = self._part(self.regions, region, (), region)
        body: list[str] = []
        for field in fields:
            text, count = self._part(self.fields, field, (field,), "")
            if count:
                body.append(text)
                total += count
        if total + len(body) - 1 > MAX_REPEATS:  # (a separator between two fields is a word too)
            return doc_text(fields, region)
        tail = f" {SEPARATOR} ".join(body)
        return f"{head} {tail}" if head and tail else head or tail


_DOC_TEXTS = _DocTexts()


def remove(kind: str, object_ids: Iterable[int]) -> int:
    """Drop the entries of these objects (unknown ids are ignored). Returns how many were removed."""
    base = _kind_base(kind, create=False)
    if base is None:
        return 0
    removed = 0
    with transaction.atomic():
        for chunk in _batched(object_ids, 500):
            ids = [base + oid for oid in chunk if 0 <= oid <= MAX_OBJECT_ID]
            removed += SearchEntry.objects.filter(pk__in=ids).delete()[0]
    return removed


def _has_entries_outside(kind: str, prefix: str) -> bool:
    """Whether some entry of `kind` lies outside the region `prefix`. When none does, the scope word is
    left out of the query: it would match every entry, and on 1 M entries intersecting with it costs
    more than the rest of the search (p95 42 → 12 ms for county-wide 2-character queries)."""
    # Two probes of the (kind, region_code) index: codes before the prefix, codes after its range.
    after = str(int(prefix) + 1).zfill(len(prefix))
    with connection.cursor() as cursor:
        cursor.execute(_ANY_BEFORE, [kind, prefix])
        if cursor.fetchone():
            return True
        if len(after) > len(prefix):  # "999…": nothing sorts after its range
            return False
        cursor.execute(_ANY_FROM, [kind, after])
        return cursor.fetchone() is not None


def _match(vendor: str, terms: Sequence[str]) -> tuple[str, str, list[str]]:
    """The engine-specific part of every search: (FROM … WHERE clause, id column, parameters) selecting
    the entries that contain each term as a phrase (a term is space-separated index words), with two
    trailing placeholders for the id range. Terms go in as parameters only, never into the SQL."""
    if vendor == "sqlite":
        # FTS5 query syntax: each term one double-quoted string (quotes doubled inside), which
        # unicode61 splits into the phrase of its words; nothing the user typed can act as an operator.
        expr = " AND ".join('"' + term.replace('"', '""') + '"' for term in terms)
        return "FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s", "rowid", [expr]
    if vendor == "postgresql":
        # phraseto_tsquery: words in order at adjacent positions (it needs the bigrams already split).
        tsquery = " && ".join(["phraseto_tsquery('simple', %s)"] * len(terms))
        where = f"tsv @@ ({tsquery}) AND id BETWEEN %s AND %s"
        return f"FROM search_searchentry WHERE {where}", "id", list(terms)
    raise NotImplementedError(f"search does not support the {vendor} database")


def search(
    kind: str, q: str, *, region_code: str | None, limit: int = 20, offset: int = 0
) -> tuple[int, list[int]]:
    """(How many objects of `kind` match `q`, a page of their object ids, newest = highest first),
    within the county, township or village `region_code` (6, 9 or 12 digits; None = everywhere).
    Raises ValueError, with a message for the user, for a query of fewer than 2 characters (or with a
    1-character piece) and for a malformed region code."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    terms = query_bigrams(q)
    scope = scope_token(region_code) if region_code is not None else None
    base = _kind_base(kind, create=False)
    if base is None:
        return 0, []
    if region_code is not None and scope and _has_entries_outside(kind, region_code):
        terms.insert(0, scope)  # (FTS5 is a little faster with the rarer word first)
    source, key, params = _match(connection.vendor, terms)
    bounds = [base, base + MAX_OBJECT_ID]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {source}", [*params, *bounds])
        total = cursor.fetchone()[0]
        if total <= offset or limit == 0:
            return total, []
        page = f"SELECT {key} {source} ORDER BY {key} DESC LIMIT %s OFFSET %s"
        cursor.execute(page, [*params, *bounds, limit, offset])
        return total, [row[0] - base for row in cursor.fetchall()]
