"""Benchmarks for 办事结果 at county scale (issue #6). Prints figures; asserts nothing.

  .venv/bin/python bench/results_bench.py [--rows 1100000] [--requests 200]

1. Import: a deterministic CSV of --rows results across the demo county's 504 villages through
   `xiaowei import results` run as a user runs it, in a process of its own (full check pass, in worker
   processes on a multi-core machine, then batches: rows, keyed hashes, search entries, publications).
   Target ≤ 60 s for 1.1 M rows on SQLite and peak memory ≤ 300 MB; prints rows/s, the peak RSS of the
   command and, on Linux, the peak of the memory of the import as a whole (PSS of the command and its
   workers, sampled twice a second: RSS would count the pages the forked workers share twice).
2. Search through the API (`GET /api/v1/results?q=…&region=…`, Django test client): p50/p95 for 2-, 3- and
   5-character queries at village, township and county scope (target p95 ≤ 30 ms on SQLite), next to the
   index layer alone (search.index.search) for the same question. The ratio of the index layer to raw SQL
   is measured by bench/search_bench.py.
3. A village's results page: p95 (target ≤ 100 ms).

Fresh database in a temporary XIAOWEI_HOME (set XIAOWEI_DATABASE_URL for PostgreSQL).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("XIAOWEI_HOME", tempfile.mkdtemp(prefix="xiaowei-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaowei.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

FIVE = ["最低生活保", "特困人员救", "农村危房改", "易地扶贫搬", "建档立卡贫"]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


class MemorySampler(threading.Thread):
    """The peak of the summed PSS (/proc/PID/smaps_rollup) of a process and its descendants, and the
    largest peak RSS (VmHWM) among them. (getrusage's ru_maxrss of a child is no use here: Linux counts
    in it the memory of this process, which the child was forked from before it ran the command.)"""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self.peak_rss_mb = pid, 0.0, 0.0
        self.running = Path(f"/proc/{pid}/smaps_rollup").exists()

    def run(self) -> None:
        while self.running:
            self.peak_mb = max(self.peak_mb, self.total_mb())
            time.sleep(0.5)

    def total_mb(self) -> float:
        kib, pids = 0, [self.pid]
        while pids:
            pid = pids.pop()
            try:
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(child) for child in (task / "children").read_text().split()]
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        kib += int(line.split()[1])
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_rss_mb = max(self.peak_rss_mb, int(line.split()[1]) / 1024)
            except OSError:  # (a process that just ended)
                pass
        return kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    from xiaowei.demo.results import rows, write_csv
    from xiaowei.regions.models import Region
    from xiaowei.results.models import ServiceResult
    from xiaowei.search.index import search

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("demo", "--no-projects", "--results", "0", "--vouchers", "0", verbosity=0)
    villages = sorted(Region.objects.filter(level="village").values_list("code", flat=True))
    path = Path(os.environ["XIAOWEI_HOME"]) / "results.csv"
    t = time.perf_counter()
    write_csv(path, rows(args.rows, villages, seed=2017))
    size = path.stat().st_size / 1e6
    took = time.perf_counter() - t
    print(f"database: {connection.vendor}; file: {args.rows:,} rows, {size:.0f} MB, written in {took:.1f} s")

    connection.close()
    command = [sys.executable, str(ROOT / "manage.py"), "import", "-v", "0", "results", str(path)]
    t = time.perf_counter()
    process = subprocess.Popen(command)  # noqa: S603 (our own command, no shell)
    sampler = MemorySampler(process.pid)
    sampler.start()
    if process.wait() != 0:
        sys.exit(f"import failed: exit status {process.returncode}")
    took = time.perf_counter() - t
    sampler.running = False
    memory = (
        f"the import as a whole {sampler.peak_mb:.0f} MB PSS, the largest of its processes "
        f"{sampler.peak_rss_mb:.0f} MB RSS (seen twice a second)"
        if sampler.peak_mb
        else "not measured (no /proc)"
    )
    print(
        f"import: {ServiceResult.objects.count():,} rows in {took:.1f} s = {args.rows / took:,.0f} rows/s "
        f"(target ≤ 60 s; the command from start to exit); peak memory (target ≤ 300 MB): {memory}"
    )

    rng = random.Random(5)
    names = list(
        ServiceResult.objects.filter(category="dibao").values_list("person_name", "region_id")[:20000]
    )
    long_names = [(name, village) for name, village in names if len(name) >= 3]
    township_of = {v: v[:9] for v in villages}
    client = Client()
    client.get("/api/v1/results?region=431382&q=王伟")
    head = f"{'query':<22} {'scope':<9} {'API p50':>9} {'API p95':>9} {'index p95':>9} {'ratio':>6}"
    print(f"{head}  (n={args.requests})")
    for length in (2, 3, 5):
        for scope_name in ("village", "township", "county"):
            api_times, raw_times = [], []
            for _ in range(args.requests):
                # names have 2–3 characters: a 3-character query is a whole 3-character name, a 5-character
                # one the start of a category name (a seventh of all results: the most expensive to count)
                name, village = rng.choice(names if length == 2 else long_names)
                q = name[:length] if length <= 3 else rng.choice(FIVE)
                scope = {"village": village, "township": township_of[village], "county": "431382"}[scope_name]
                t = time.perf_counter()
                response = client.get(f"/api/v1/results?region={scope}&q={q}")
                api_times.append(time.perf_counter() - t)
                assert response.status_code == 200, response.content[:200]
                t = time.perf_counter()
                search("result", q, region_code=scope, limit=50)
                raw_times.append(time.perf_counter() - t)
            a50, a95, r95 = pct(api_times, 50), pct(api_times, 95), pct(raw_times, 95)
            figures = f"{a50 * 1000:>7.1f}ms {a95 * 1000:>7.1f}ms {r95 * 1000:>7.1f}ms {a95 / r95:>5.1f}×"
            what = {2: "2-character name", 3: "3-character name", 5: "5-char. category"}[length]
            print(f"{what:<22} {scope_name:<9} {figures}")
    times = []
    for _ in range(args.requests):
        village = rng.choice(villages)
        t = time.perf_counter()
        client.get(f"/r/{village}/results/")
        times.append(time.perf_counter() - t)
    p50, p95 = pct(times, 50) * 1000, pct(times, 95) * 1000
    print(f"village results page: p50 {p50:.1f} ms, p95 {p95:.1f} ms (target ≤ 100 ms)")


if __name__ == "__main__":
    main()
