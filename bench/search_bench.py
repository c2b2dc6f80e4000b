"""Benchmark for the search index (xiaowei.search). Prints figures; asserts nothing.

  .venv/bin/python bench/search_bench.py [--rows 1100000] [--queries 200]

1. Build: --rows synthetic people (a 2–3 character name, a category, a 10–20 character description)
   across 504 villages of one county (431382 + township 101..120 + village 201..226), written through
   search.index.index_many; rows/s.
2. Queries: p50/p95 over --queries queries each of 2, 3 and 5 characters taken from the data, scoped to
   the village, township or county they came from, through search.index.search (count + first page of
   20), next to the floor: the same count + page in raw indexed SQL (FTS5 MATCH / tsquery) with the
   words prepared beforehand (and no scope word for the county: it holds every row).
   Targets: p95 ≤ 30 ms through search() on SQLite; search() ≤ 3× the floor.

Runs on a fresh SQLite database in a temporary XIAOWEI_HOME (set XIAOWEI_DATABASE_URL for PostgreSQL: a
throwaway database, whose search tables are emptied first).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("XIAOWEI_HOME", tempfile.mkdtemp(prefix="xiaowei-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaowei.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

KIND = "bench_person"
COUNTY = "431382"
VILLAGES = [f"{COUNTY}{101 + i % 20:03d}{201 + i // 20:03d}" for i in range(504)]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈"
)
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华桂红玉萍建国志文辉春梅海燕鹏飞宇浩云亮林"
CATEGORIES = ["低保", "五保供养", "临时救助", "医疗救助", "危房改造", "残疾人补贴", "高龄津贴", "特困供养"]
CATEGORIES += ["耕地地力保护补贴", "农机购置补贴", "养老保险", "教育资助", "就业帮扶", "产业奖补"]
WORDS = [
    "家庭",
    "收入",
    "困难",
    "因病",
    "致贫",
    "子女",
    "就学",
    "房屋",
    "年久",
    "失修",
    "申请",
    "审核",
    "通过",
    "公示",
    "无异议",
    "发放",
    "资金",
    "每月",
    "按时",
    "足额",
]
WORDS += [
    "村民",
    "小组",
    "评议",
    "乡镇",
    "复核",
    "县级",
    "审批",
    "慢性病",
    "住院",
    "报销",
    "种植",
    "养殖",
    "水稻",
    "柑橘",
    "生猪",
    "务工",
    "返乡",
    "创业",
]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def generate(n: int, sample: list[tuple[str, list[str]]]) -> Iterator[tuple[int, str, list[str]]]:
    """n deterministic people, object ids 1..n; every 97th is kept in `sample` to draw queries from."""
    rng = random.Random(431382)
    for oid in range(1, n + 1):
        village = VILLAGES[oid % len(VILLAGES)]
        name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))
        target, desc = rng.randint(10, 20), ""
        while len(desc) < target:
            desc += rng.choice(WORDS)
        fields = [name, rng.choice(CATEGORIES), desc[:target]]
        if oid % 97 == 0:
            sample.append((village, fields))
        yield oid, village, fields


def build(n: int) -> list[tuple[str, list[str]]]:
    from xiaowei.search.index import index_many

    with connection.cursor() as cursor:  # a throwaway database: start from empty search tables
        cursor.execute("DELETE FROM search_searchentry")
        cursor.execute("DELETE FROM search_searchkind")
    sample: list[tuple[str, list[str]]] = []
    start = time.perf_counter()
    index_many(KIND, generate(n, sample))
    took = time.perf_counter() - start
    print(f"1. build: {n:,} rows through index_many in {took:.1f} s = {n / took:,.0f} rows/s")
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = Path(connection.settings_dict["NAME"]).stat().st_size
        else:
            # Flush the GIN pending list and give the planner statistics (a bulk load needs both).
            cursor.execute("VACUUM ANALYZE search_searchentry")
            cursor.execute("SELECT pg_total_relation_size('search_searchentry')")
            size = cursor.fetchone()[0]
    print(
        f"   then {time.perf_counter() - start:.1f} s of upkeep; database/table size {size / 2**20:,.0f} MiB"
    )
    return sample


def queries(sample: list[tuple[str, list[str]]], length: int, n: int, rng: random.Random) -> list[tuple]:  # type: ignore[type-arg]
    out = []
    while len(out) < n:
        village, fields = rng.choice(sample)
        text = rng.choice([f for f in fields if len(f) >= length] or [""])
        if text:
            start = rng.randrange(len(text) - length + 1)
            out.append((text[start : start + length], village))
    return out


def raw_sql(q: str, scope: str | None, base: int) -> tuple[str, str, list]:  # type: ignore[type-arg]
    """The floor: the same question in raw SQL, words prepared outside the timing. Every row lies in the
    county, so the county question needs no scope word (search() finds that out for itself)."""
    from xiaowei.search.bigrams import query_bigrams, scope_token

    terms = ([scope_token(scope)] if scope != COUNTY else []) + query_bigrams(q)
    hi = base + (1 << 48) - 1
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"' for t in terms)
        where = "FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
        return (
            f"SELECT count(*) {where}",
            f"SELECT rowid {where} ORDER BY rowid DESC LIMIT 20",
            [match, base, hi],
        )
    tsq = " && ".join(["phraseto_tsquery('simple', %s)"] * len(terms))
    where = f"FROM search_searchentry WHERE tsv @@ ({tsq}) AND id BETWEEN %s AND %s"
    return f"SELECT count(*) {where}", f"SELECT id {where} ORDER BY id DESC LIMIT 20", [*terms, base, hi]


def timed_raw(count_sql: str, page_sql: str, params: list) -> tuple[float, int]:  # type: ignore[type-arg]
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(count_sql, params)
        count = cursor.fetchone()[0]
        cursor.execute(page_sql, params)
        cursor.fetchall()
    return time.perf_counter() - t, count


def timed_api(q: str, scope: str) -> tuple[float, int]:
    from xiaowei.search.index import search

    t = time.perf_counter()
    total, _ = search(KIND, q, region_code=scope)
    return time.perf_counter() - t, total


def bench_queries(sample: list[tuple[str, list[str]]], n: int) -> None:
    from xiaowei.search.index import search
    from xiaowei.search.models import SearchKind

    base = SearchKind.objects.get(name=KIND).pk << 48
    rng = random.Random(2026)
    print(
        f"2. queries: count + first 20, {n} queries per line "
        "(target: search() p95 ≤ 30 ms on SQLite, ≤ 3× raw)"
    )
    for q, village in queries(sample, 3, 50, rng):  # warm up the page cache
        search(KIND, q, region_code=village[:6])
    for length in (2, 3, 5):
        qs = queries(sample, length, n, rng)
        for level, cut in (("village", 12), ("township", 9), ("county", 6)):
            api: list[float] = []
            raw: list[float] = []
            hits: list[int] = []
            for i, (q, village) in enumerate(qs):
                scope = village[:cut]
                sql = raw_sql(q, scope, base)
                # Alternate which goes first, so neither always finds the pages the other just read.
                if i % 2:
                    raw.append(timed_raw(*sql)[0])
                took, found = timed_api(q, scope)
                api.append(took)
                if not i % 2:
                    raw.append(timed_raw(*sql)[0])
                hits.append(found)
            ratio = pct(api, 95) / pct(raw, 95)
            print(
                f"   {length}-char, {level:8}: search() p50 {ms(pct(api, 50))} p95 {ms(pct(api, 95))} | "
                f"raw p50 {ms(pct(raw, 50))} p95 {ms(pct(raw, 95))} | ratio {ratio:.2f}× | "
                f"hits median {pct(hits, 50):,} max {max(hits):,}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; XIAOWEI_HOME={os.environ['XIAOWEI_HOME']}; {os.cpu_count()} cores")
    call_command("migrate", verbosity=0)
    sample = build(args.rows)
    bench_queries(sample, args.queries)


if __name__ == "__main__":
    main()
