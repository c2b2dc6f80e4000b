"""Benchmarks for disclosure (issue: "Disclosure you can verify"). Prints figures; asserts nothing.

  .venv/bin/python bench/log_bench.py [--leaves 10000000] [--appends 300] [--proofs 1000] [--boards 10]

1. Append rate: publications through the real service (draft → committee → publish: canonical JSON, log
   append, signed checkpoint, audit), and bare log appends.
2. Inclusion and consistency proofs in a log of --leaves leaves (target p95 ≤ 5 ms): the node table is
   filled directly (the same hashes the service would store), then proofs are served by disclosure.log
   (one indexed query + the RFC 9162 computation) and through HTTP, next to the floor: the raw indexed
   SELECT of the same node keys.
3. Board PDF per village (target ≤ 1 s): a 25-line sheet, rendered N times.

Runs on a fresh SQLite database in a temporary XIAOWEI_HOME (set XIAOWEI_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("XIAOWEI_HOME", tempfile.mkdtemp(prefix="xiaowei-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaowei.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def setup_world() -> tuple:  # type: ignore[type-arg]
    from xiaowei.accounts.services import do_create_user
    from xiaowei.regions.models import Region
    from xiaowei.regions.services import RegionRow, do_import_regions

    call_command("migrate", verbosity=0)
    rows = [
        ("43", "湖南省"),
        ("4313", "娄底市"),
        ("431382", "涟源市"),
        ("431382105", "桥头河镇"),
        ("431382105201", "古园村"),
    ]
    do_import_regions([RegionRow(i, c, n) for i, (c, n) in enumerate(rows, 1)], actor=None)
    village = Region.objects.get(code="431382105201")
    cadre = do_create_user(
        "bench_cadre", password="bench-password-1", role="village_cadre", region=village, actor=None
    )
    committee = do_create_user(
        "bench_jianwei", password="bench-password-1", role="village_committee", region=village, actor=None
    )
    return village, cadre, committee


def bench_appends(village, cadre, committee, n: int) -> None:  # type: ignore[no-untyped-def]
    from xiaowei.disclosure import log
    from xiaowei.disclosure.services import do_create_draft, do_publish_draft, do_review_draft

    lines = [{"text": f"第 {i} 条公开内容：村集体收支明细", "amount": f"{i * 137}.00"} for i in range(1, 21)]
    start = time.perf_counter()
    for i in range(n):
        draft = do_create_draft(
            village, kind="finance", title=f"财务公开 {i}", period="2026-03", lines=lines, actor=cadre
        )
        do_review_draft(draft, agreed=True, opinion="", actor=committee)
        do_publish_draft(draft, actor=cadre)
    full = time.perf_counter() - start
    start = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            index = log.reserve_index()
            log.append(index, f"bench leaf {i}".encode())
    bare = time.perf_counter() - start
    print(
        f"1. append: {n} publications through the services in {full:.2f} s = {n / full:.0f} publications/s "
        f"(each: draft, committee sign-off, publish = 3 transactions)"
    )
    print(f"   bare log appends (leaf + nodes + signed checkpoint, one transaction each): {n / bare:.0f}/s")


def fill_log(leaves: int) -> float:
    """Write the node table of a `leaves`-leaf log straight into the database (as appends would)."""
    from xiaowei.disclosure import merkle, note
    from xiaowei.disclosure.log import node_key, signer
    from xiaowei.disclosure.models import Checkpoint, LogNode

    table = LogNode._meta.db_table
    sql = f"INSERT INTO {table} (key, hash) VALUES (%s, %s)"
    start = time.perf_counter()
    stack: list[tuple[int, bytes]] = []
    batch: list[tuple[int, bytes]] = []
    sha = hashlib.sha256
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(leaves):
            leaf = sha(b"\x00" + i.to_bytes(8, "big")).digest()
            batch.append((node_key(0, i), leaf))
            stack.append((0, leaf))
            while len(stack) >= 2 and stack[-1][0] == stack[-2][0]:
                (level, right), (_, left) = stack.pop(), stack.pop()
                parent = sha(b"\x01" + left + right).digest()
                batch.append((node_key(level + 1, (i + 1 >> (level + 1)) - 1), parent))
                stack.append((level + 1, parent))
            if len(batch) >= 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        root = stack[-1][1]
        for _, h in reversed(stack[:-1]):
            root = merkle.node_hash(h, root)
        body = note.checkpoint_body(django.conf.settings.XIAOWEI_LOG_ORIGIN, leaves, root)
        Checkpoint.objects.create(size=leaves, root=root, note=note.sign_note(body, signer()))
    return time.perf_counter() - start


def bench_proofs(leaves: int, n: int) -> None:
    from xiaowei.disclosure import log, merkle
    from xiaowei.disclosure.models import LogNode

    took = fill_log(leaves)
    print(
        f"2. proofs in a log of {leaves:,} leaves (node table written in {took:.0f} s, "
        f"{LogNode.objects.count():,} nodes)"
    )
    rng = random.Random(9162)
    size = leaves
    cases = [(rng.randrange(size), rng.randrange(1, size)) for _ in range(n)]
    assert merkle.verify_inclusion(
        log.fetch_nodes({(0, 5)})[(0, 5)], 5, size, log.inclusion(5, size), log.root_at(size)
    )
    timings: dict[str, list[float]] = {"inclusion": [], "consistency": [], "floor": [], "http": []}
    table = LogNode._meta.db_table
    client = Client()
    for index, first in cases:
        t = time.perf_counter()
        log.inclusion(index, size)
        timings["inclusion"].append(time.perf_counter() - t)
        t = time.perf_counter()
        log.consistency(first, size)
        timings["consistency"].append(time.perf_counter() - t)
        keys = [log.node_key(level, i) for level, i in merkle.inclusion_proof_nodes(index, size)]
        t = time.perf_counter()
        with connection.cursor() as cursor:  # the floor: the same rows by primary key, nothing else
            cursor.execute(
                f"SELECT key, hash FROM {table} WHERE key IN ({', '.join(['%s'] * len(keys))})", keys
            )
            cursor.fetchall()
        timings["floor"].append(time.perf_counter() - t)
    for index, _ in cases[: min(n, 300)]:
        t = time.perf_counter()
        r = client.get(f"/transparency/v1/proof/inclusion?index={index}&size={size}")
        timings["http"].append(time.perf_counter() - t)
        assert r.status_code == 200
    for name, label in (
        ("inclusion", "inclusion proof (disclosure.log)"),
        ("consistency", "consistency proof"),
        ("http", "inclusion proof over HTTP (Django test client)"),
        ("floor", "floor: raw indexed SELECT of the same nodes"),
    ):
        values = timings[name]
        print(f"   {label}: p50 {ms(pct(values, 50))}, p95 {ms(pct(values, 95))} (n={len(values)})")
    ratio = pct(timings["inclusion"], 95) / pct(timings["floor"], 95)
    print(f"   inclusion p95 / floor p95 = {ratio:.1f}×   (target: p95 ≤ 5 ms)")


def bench_boards(cadre, committee, n: int) -> None:  # type: ignore[no-untyped-def]
    from xiaowei.accounts.services import do_grant_membership
    from xiaowei.disclosure.boards import cjk_font_available, render_board_pdf
    from xiaowei.disclosure.services import do_create_draft, do_publish_draft, do_review_draft
    from xiaowei.disclosure.sheets import build_sheet
    from xiaowei.regions.models import Region
    from xiaowei.regions.services import RegionRow, do_import_regions

    # A village with one month's ordinary board: 25 finance lines.
    do_import_regions([RegionRow(1, "431382105202", "古园二村")], actor=None)
    village = Region.objects.get(code="431382105202")
    do_grant_membership(cadre, role="village_cadre", region=village, actor=None)
    do_grant_membership(committee, role="village_committee", region=village, actor=None)
    lines = [
        {
            "text": f"支出：第 {i} 笔村级日常开支（办公用品、水电、维修）",
            "amount": f"{i * 211}.50",
            "note": f"凭证 2026-03-{i:03d}",
        }
        for i in range(1, 26)
    ]
    draft = do_create_draft(
        village, kind="finance", title="2026 年 3 月财务收支公开", period="2026-03", lines=lines, actor=cadre
    )
    do_review_draft(draft, agreed=True, opinion="", actor=committee)
    do_publish_draft(draft, actor=cadre)

    if not cjk_font_available():
        print("3. board PDF: skipped — no CJK font (apt-get install fonts-noto-cjk)")
        return
    sheet = build_sheet(village, "2026-03", base_url="http://127.0.0.1:8000")
    lines = sum(len(s.lines) for s in sheet.sections)
    render_board_pdf(sheet)  # warm-up: imports WeasyPrint, loads fonts
    times = []
    for _ in range(n):
        t = time.perf_counter()
        pdf = render_board_pdf(sheet)
        times.append(time.perf_counter() - t)
    print(
        f"3. board PDF (A4, {lines} lines, {len(pdf) // 1024} KiB): p50 {ms(pct(times, 50))}, "
        f"p95 {ms(pct(times, 95))}, max {ms(max(times))} over {n} renders (target ≤ 1 s per village)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leaves", type=int, default=10_000_000)
    parser.add_argument("--appends", type=int, default=300)
    parser.add_argument("--proofs", type=int, default=1000)
    parser.add_argument("--boards", type=int, default=10)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; XIAOWEI_HOME={os.environ['XIAOWEI_HOME']}; {os.cpu_count()} cores")
    village, cadre, committee = setup_world()
    bench_appends(village, cadre, committee, args.appends)
    bench_boards(cadre, committee, args.boards)
    # The proof benchmark uses its own log: clear the small one written above first.
    from xiaowei.disclosure.models import Checkpoint, LogNode, Publication

    with connection.cursor() as cursor:
        for model in (LogNode, Checkpoint):
            table = model._meta.db_table
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            else:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(f"DELETE FROM {table}")
    del Publication
    bench_proofs(args.leaves, args.proofs)


if __name__ == "__main__":
    main()
