"""search.index against a plain substring scan, on whichever engine the suite runs on (SQLite or
PostgreSQL): the same hits, the same count, the same order, at every scope; plus the engine keeping each
index word whole, fields kept apart, literal queries, re-indexing and removal."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import pytest
from django.db import connection, transaction

from xiaowei.search.bigrams import doc_text, normalize
from xiaowei.search.index import index_many, remove, search
from xiaowei.search.models import SearchEntry

KIND, OTHER_KIND = "test_person", "test_other"
SOLO = "test_solo"  # the small tests' own kind: the module's corpus is still there
COUNTY, OTHER_COUNTY = "431382", "431381"
TOWNSHIPS = ("431382105", "431382106")
VILLAGES = [t + str(v) for t in TOWNSHIPS for v in range(201, 206)]  # 10 villages in 2 townships

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华"
CATEGORIES = ["低保", "五保供养", "临时救助", "医疗救助", "危房改造", "残疾人补贴", "高龄津贴", "特困供养"]
WORDS = ["家庭", "收入", "困难", "因病", "致贫", "子女", "就学", "房屋", "失修", "申请", "审核", "通过"]
WORDS += [
    "公示",
    "无异议",
    "发放",
    "资金",
    "每月",
    "王伟",
    "伟业",
    "李强",
    "2026年",
    "第3组",
    "A区",
    "（补）",
]
# Rows with characters a query language would treat as syntax; they must be found literally.
LITERAL_ROWS = [
    ['王"伟', 'say "hi" AND bye', "李强"],
    ["a*b c-d", "e:f NEAR(王伟)", "^王伟 x|y"],
    ["it's 王伟's", "OR NOT &&", "(开始) [结束]"],
]

Row = tuple[int, str, Sequence[str]]


def _rows(rng: random.Random) -> list[Row]:
    ids = rng.sample(range(1, 10**9), 5000)  # indexed in random order: the order must come from the ids
    rows: list[Row] = []
    for i, oid in enumerate(ids):
        if i < len(LITERAL_ROWS):
            rows.append((oid, VILLAGES[i], LITERAL_ROWS[i]))
            continue
        region = rng.choice(VILLAGES) if i % 50 else OTHER_COUNTY + "100201"
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 1, 2))))
        desc = ""
        while len(desc) < rng.randint(10, 20):
            desc += rng.choice(WORDS)
        rows.append((oid, region, [name, rng.choice(CATEGORIES), desc]))
    return rows


def _other_rows(rows: Sequence[Row]) -> list[Row]:
    return [(oid + 1, region, fields) for oid, region, fields in rows[:500]]


def _expected(rows: Sequence[Row], q: str, scope: str | None) -> list[int]:
    """The plain scan: every query piece a substring of one field, fields never joined."""
    pieces = normalize(q).split()
    hits = [
        oid
        for oid, region, fields in rows
        if (scope is None or region.startswith(scope))
        and all(any(p in normalize(f) for f in fields) for p in pieces)
    ]
    return sorted(hits, reverse=True)


def _check(rows: Sequence[Row], q: str, scope: str | None, kind: str = KIND) -> int:
    want = _expected(rows, q, scope)
    total, everything = search(kind, q, region_code=scope, limit=10**6)
    assert (total, everything) == (len(want), want), (q, scope)
    assert search(kind, q, region_code=scope) == (len(want), want[:20]), (q, scope)
    return total


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker) -> Iterator[list[Row]]:
    """~5,000 people indexed once for the module (rolled back at its end), plus a second kind holding
    the same texts under other ids, which no search of the first kind may return."""
    rows = _rows(random.Random(431382))
    with django_db_blocker.unblock(), transaction.atomic():
        index_many(KIND, rows, batch=700)
        index_many(OTHER_KIND, _other_rows(rows))
        yield rows
        transaction.set_rollback(True)


def _queries(rows: Sequence[Row], length: int, rng: random.Random) -> list[tuple[str, str]]:
    """(query, the village it came from): substrings of the data, and strings that are not in it."""
    out: list[tuple[str, str]] = []
    while len(out) < 30:
        _, region, fields = rng.choice(rows)
        text = rng.choice([f for f in fields if len(f) >= length] or [""])
        if text:
            start = rng.randrange(len(text) - length + 1)
            q = text[start : start + length]
            if all(len(p) >= 2 for p in q.split()):
                out.append((q, region))
    pool = SURNAMES + GIVEN + "".join(CATEGORIES)
    out += [("".join(rng.choices(pool, k=length)), rng.choice(VILLAGES)) for _ in range(10)]
    return out


@pytest.mark.parametrize("level", ["everywhere", "county", "township", "village"])
@pytest.mark.parametrize("length", [2, 3, 5])
def test_it_finds_exactly_what_a_substring_scan_finds(corpus, db, length: int, level: str) -> None:
    rng = random.Random(length * 100 + len(level))
    found = 0
    for q, village in _queries(corpus, length, rng):
        scope = {"everywhere": None, "county": COUNTY, "township": village[:9], "village": village}[level]
        found += _check(corpus, q, scope)
    assert found > 0


def test_pieces_are_anded(corpus, db) -> None:
    rng = random.Random(7)
    for _ in range(20):
        _, region, (name, category, _desc) = rng.choice(corpus[10:])
        _check(corpus, f"{name} {category[:2]}", None)
        _check(corpus, f"{category} {name[:2]}", region[:9])


def test_two_character_names_work(corpus, db) -> None:
    assert _check(corpus, "王伟", None) > 0
    assert _check(corpus, "李强", COUNTY) > 0


def test_queries_are_taken_literally(corpus, db) -> None:
    queries = ['王"伟', '"hi"', "AND bye", "AND", "OR NOT", "&&", "a*b", "c-d", "e:f", "NEAR(王伟)"]
    queries += ["^王伟", "x|y", "it's", "王伟'", "(开始)", "[结束]", '""', "**", "--", "::", "NOT 王伟"]
    queries += ["'; DROP TABLE search_searchentry; --", "x' OR '1'='1", "search_fts:王伟", "%王伟%", "\\王伟"]
    hits = sum(_check(corpus, q, scope) for q in queries for scope in (None, COUNTY))
    assert hits > 0
    assert SearchEntry.objects.filter(kind=KIND).count() == len(corpus)


def test_other_counties_and_kinds_stay_out(corpus, db) -> None:
    total, _ = search(KIND, "低保", region_code=None)
    county, _ = search(KIND, "低保", region_code=COUNTY)
    other, _ = search(KIND, "低保", region_code=OTHER_COUNTY)
    assert other > 0 and county + other == total
    _check(_other_rows(corpus), "低保", None, kind=OTHER_KIND)


def test_pages_follow_object_ids_down(corpus, db) -> None:
    want = _expected(corpus, "救助", TOWNSHIPS[0])
    for offset in (0, 7, 20, len(want) - 3, len(want), len(want) + 5):
        assert search(KIND, "救助", region_code=TOWNSHIPS[0], limit=7, offset=offset) == (
            len(want),
            want[offset : offset + 7],
        )


@pytest.mark.django_db
def test_a_phrase_never_spans_two_fields_or_two_pieces() -> None:
    index_many(
        SOLO,
        [(1, VILLAGES[0], ["张王", "伟业"]), (2, VILLAGES[0], ["xab bcy"]), (3, VILLAGES[0], ["xab", "bcy"])],
    )
    assert search(SOLO, "王伟", region_code=None) == (0, [])
    assert search(SOLO, "abc", region_code=None) == (0, [])  # "ab" then "bc" at adjacent positions
    assert search(SOLO, "张王 伟业", region_code=None) == (1, [1])
    assert search(SOLO, "ab bc", region_code=VILLAGES[0]) == (2, [3, 2])


@pytest.mark.django_db
def test_reindexing_replaces_and_remove_removes() -> None:
    index_many(SOLO, [(5, VILLAGES[0], ["王伟"]), (6, VILLAGES[1], ["王伟"])])
    index_many(SOLO, [(5, VILLAGES[0], ["李强"]), (6, VILLAGES[1], ["王伟"])])  # 6: unchanged text
    assert search(SOLO, "王伟", region_code=None) == (1, [6])
    assert search(SOLO, "李强", region_code=VILLAGES[0]) == (1, [5])
    index_many(SOLO, [(6, VILLAGES[5], ["王伟"])])  # moved to another township
    assert search(SOLO, "王伟", region_code=TOWNSHIPS[0]) == (0, [])
    assert search(SOLO, "王伟", region_code=TOWNSHIPS[1]) == (1, [6])
    assert SearchEntry.objects.filter(kind=SOLO).count() == 2
    index_many(SOLO, [(7, VILLAGES[0], ["王伟"]), (7, VILLAGES[0], ["张三"])])  # the last one counts
    assert search(SOLO, "张三", region_code=None) == (1, [7])
    assert remove(SOLO, [7]) == 1
    assert remove(SOLO, [5, 404]) == 1
    assert remove("never_indexed", [6]) == 0
    assert search(SOLO, "李强", region_code=None) == (0, [])
    assert search(SOLO, "王伟", region_code=None) == (1, [6])


@pytest.mark.django_db
def test_a_scope_word_matching_the_whole_kind_is_left_out_correctly() -> None:
    index_many(SOLO, [(1, VILLAGES[0], ["王伟"]), (2, VILLAGES[9], ["王伟"]), (3, COUNTY, ["王伟"])])
    assert search(SOLO, "王伟", region_code=COUNTY) == (3, [3, 2, 1])  # everything: no scope word
    assert search(SOLO, "王伟", region_code=OTHER_COUNTY) == (0, [])
    assert search(SOLO, "王伟", region_code=TOWNSHIPS[1]) == (1, [2])
    index_many(SOLO, [(4, "431383100200", ["王伟"]), (5, "999999", ["王伟"])])
    assert search(SOLO, "王伟", region_code=COUNTY) == (3, [3, 2, 1])
    assert search(SOLO, "王伟", region_code="999999") == (1, [5])
    remove(SOLO, [1, 2, 3, 4])
    assert search(SOLO, "王伟", region_code="999999") == (1, [5])


@pytest.mark.django_db
def test_it_refuses_what_it_cannot_search_exactly() -> None:
    index_many(SOLO, [(1, VILLAGES[0], ["王伟"])])
    for q in ("王", " ", "王伟 李"):
        with pytest.raises(ValueError):
            search(SOLO, q, region_code=None)
    with pytest.raises(ValueError, match="区划代码"):
        search(SOLO, "王伟", region_code="4313")
    assert search("never_indexed", "王伟", region_code=None) == (0, [])


# --- The engine keeps every index word whole and in its place -----------------------------------------


def _engine_words(entry_id: int) -> list[str]:
    """The words the engine indexed for one entry, in position order."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, search_fts, instance)"
            )
            cursor.execute('SELECT term, "offset" FROM temp.search_vocab WHERE doc = %s', [entry_id])
            at = {offset: term for term, offset in cursor.fetchall()}
            cursor.execute("DROP TABLE temp.search_vocab")
            return [at[i] for i in range(len(at))]
        cursor.execute(
            "SELECT lexeme, unnest(positions) FROM (SELECT (unnest(tsv)).* FROM search_searchentry "
            "WHERE id = %s) w",
            [entry_id],
        )
        at = {pos: lexeme for lexeme, pos in cursor.fetchall()}
        return [at[i] for i in range(1, len(at) + 1)]


PLAIN_CJK = [(0x4E00, 0x9FA5), (0x3400, 0x4DB5), (0x20000, 0x2A6D6)]
MIXED = [
    "王伟 1王 王1 ab1 12 01 伟ab ｕ0000",
    "阿依古丽·买买提 a-b c:d e*f \"q\" 'x' (y) 【注】 100%",
    "カタカナ 한글 éß İstanbul ﬁ ① 😀😀 e\u0301 ä\u0308 鿐鿑 \U00030000\U00030001 \uff61\uff62",
]


@pytest.mark.django_db
def test_the_engine_keeps_each_word_whole() -> None:
    cjk = "".join(chr(cp) for lo, hi in PLAIN_CJK for cp in range(lo, hi + 1))
    fields = [[cjk[i : i + 15_000]] for i in range(0, len(cjk), 14_999)]  # every pair of neighbours
    rows = [(n, "431382105201", f) for n, f in enumerate([*fields, MIXED, ["王伟"]], start=1)]
    index_many(SOLO, rows)
    for oid, region, f in rows:
        entry = SearchEntry.objects.get(kind=SOLO, object_id=oid)
        assert entry.text == doc_text(f, region)
        assert _engine_words(entry.pk) == entry.text.split(), f[0][:20]
    assert _engine_words(SearchEntry.objects.get(kind=SOLO, object_id=len(rows)).pk)[-1] == "王伟"
