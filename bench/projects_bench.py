"""Benchmarks for 工程项目 and 资产资源 at county scale (issue #5). Prints figures; asserts nothing.

  .venv/bin/python bench/projects_bench.py [--requests 200]

Loads the county-scale demo (504 villages, 4,520 projects, 2,948 assets, every stage published to the
transparency log) into a fresh database in a temporary XIAOWEI_HOME (set XIAOWEI_DATABASE_URL for
PostgreSQL), then requests the public list and detail pages, the JSON API and the OCDS endpoints through
Django's test client (the whole server-side path: URL routing, middleware, queries, templates), and
prints p50/p95 and the number of SQL queries per request. Target: p95 ≤ 100 ms with a bounded number of
queries per page (the count must not grow with the data).
"""

from __future__ import annotations

import argparse
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    args = parser.parse_args()
    from xiaowei.assets.models import Asset
    from xiaowei.procurement.models import OcdsRelease
    from xiaowei.projects.models import Project

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    call_command("demo", verbosity=0)
    print(
        f"database: {connection.vendor}; demo load {time.perf_counter() - started:.1f} s: "
        f"{Project.objects.count()} projects, {Asset.objects.count()} assets, "
        f"{OcdsRelease.objects.count()} OCDS releases"
    )
    rng = random.Random(1)
    projects = list(Project.objects.values_list("code", "region_id"))
    assets = list(Asset.objects.values_list("code", "region_id"))
    ocids = list(OcdsRelease.objects.values_list("ocid", flat=True).distinct()[:2000])
    busiest_village = max({r for _, r in projects}, key=lambda v: sum(1 for _, r in projects if r == v))
    township = busiest_village[:9]
    cases = {
        "list, county (page 1)": lambda: "/r/431382/projects/",
        "list, county, deep page": lambda: f"/r/431382/projects/?page={rng.randint(40, 90)}",
        "list, township": lambda: f"/r/{township}/projects/",
        "list, village": lambda: f"/r/{rng.choice(projects)[1]}/projects/",
        "list, county, filtered": lambda: (
            f"/r/431382/projects/?year={rng.randint(2019, 2026)}&stage=closed&min=50000"
        ),
        "list, county, name search": lambda: (
            f"/r/431382/projects/?q={rng.choice(['道路', '山塘', '路灯', '采购'])}"
        ),
        "project page": lambda: f"/projects/{rng.choice(projects)[0]}/",
        "assets, county": lambda: "/r/431382/assets/",
        "assets, village": lambda: f"/r/{rng.choice(assets)[1]}/assets/",
        "asset page": lambda: f"/assets/{rng.choice(assets)[0]}/",
        "API projects, township": lambda: f"/api/v1/projects?region={township}&page={rng.randint(1, 3)}",
        "API project": lambda: f"/api/v1/projects/{rng.choice(projects)[0]}",
        "API assets, village": lambda: f"/api/v1/assets?region={rng.choice(assets)[1]}",
        "API asset": lambda: f"/api/v1/assets/{rng.choice(assets)[0]}",
        "OCDS releases, village": lambda: f"/ocds/v1/releases.json?region={rng.choice(projects)[1]}",
        "OCDS releases, county (500)": lambda: "/ocds/v1/releases.json?region=431382",
        "OCDS record": lambda: f"/ocds/v1/records/{rng.choice(ocids)}.json",
    }
    client = Client()
    print(f"{'endpoint':<30} {'p50':>9} {'p95':>9} {'queries':>9}  (n={args.requests})")
    for name, make in cases.items():
        client.get(make())  # warm caches and the URL resolver
        times, queries = [], []
        for _ in range(args.requests):
            url = make()
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - t)
            if response.status_code != 200:
                raise SystemExit(f"{url} → {response.status_code}")
            queries.append(len(captured))
        q = f"{min(queries)}–{max(queries)}" if min(queries) != max(queries) else str(queries[0])
        print(f"{name:<30} {pct(times, 50) * 1000:>7.1f}ms {pct(times, 95) * 1000:>7.1f}ms {q:>9}")
    t = time.perf_counter()
    response = client.get("/ocds/v1/bulk/431382.json.gz")
    size = sum(len(c) for c in response.streaming_content)
    print(f"bulk county package: first build {time.perf_counter() - t:.2f} s, {size / 1e6:.1f} MB gzipped")


if __name__ == "__main__":
    main()
