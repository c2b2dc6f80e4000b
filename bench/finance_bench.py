"""Benchmarks for the village ledger at county scale (issue #6). Prints figures; asserts nothing.

  .venv/bin/python bench/finance_bench.py [--vouchers 200000] [--requests 200]

1. Load: about --vouchers booked vouchers with their lines across the demo county's 504 villages, months
   closed and published through the transparency log (finance.demo, bulk inserts).
2. A village's finance month page (`/r/<village>/finance/?month=…`, Django test client, server side):
   p50/p95 over random villages and months (target p95 ≤ 100 ms), next to the API month, the CSV
   download and the township and county overviews.

Fresh database in a temporary XIAOWEI_HOME (set XIAOWEI_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def timed(label: str, urls: list[str], client: Client, target: str = "") -> None:
    times = []
    for url in urls:
        t = time.perf_counter()
        r = client.get(url)
        times.append(time.perf_counter() - t)
        if r.status_code != 200:
            raise SystemExit(f"{url} answered {r.status_code}")
    print(
        f"{label:<34} n={len(urls):>4}  p50 {pct(times, 50) * 1000:6.1f} ms  "
        f"p95 {pct(times, 95) * 1000:6.1f} ms  {target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vouchers", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    from xiaowei.demo.finance import MONTHS, load_finance_demo
    from xiaowei.finance.models import MonthClose, Voucher, VoucherLine
    from xiaowei.lib.db import analyze
    from xiaowei.regions.models import Region

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", "--no-projects", "--results", "0", "--vouchers", "0", verbosity=0)
    t = time.perf_counter()
    loaded = load_finance_demo(args.vouchers)
    took = time.perf_counter() - t
    analyze()  # every table the pages read (publications, regions …), not only the ledger's
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"database: {connection.vendor}; loaded {Voucher.objects.count():,} vouchers, "
        f"{VoucherLine.objects.count():,} lines, {MonthClose.objects.count():,} month closes, "
        f"{loaded['publications']:,} publications in {took:.1f} s; peak RSS {rss:.0f} MB"
    )
    rng = random.Random(7)
    villages = sorted(Region.objects.filter(level="village").values_list("code", flat=True))
    n = args.requests
    pairs = [(rng.choice(villages), rng.choice(MONTHS)) for _ in range(n)]
    client = Client()
    client.get(f"/r/{villages[0]}/finance/")  # warm up templates and caches
    run: list[tuple[str, list[str], str]] = [
        ("village month page", [f"/r/{v}/finance/?month={p}" for v, p in pairs], "(target p95 ≤ 100 ms)"),
        ("village page, latest month", [f"/r/{v}/finance/" for v, _ in pairs], ""),
        ("API month", [f"/api/v1/finance/{v}/months/{p}" for v, p in pairs], ""),
        ("CSV download", [f"/r/{v}/finance/{p}.csv" for v, p in pairs[: n // 4]], ""),
        ("township overview", [f"/r/{v[:9]}/finance/" for v, _ in pairs[: n // 4]], ""),
        ("county overview", ["/r/431382/finance/"] * max(5, n // 20), ""),
    ]
    for label, urls, target in run:
        timed(label, urls, client, target)


if __name__ == "__main__":
    main()
