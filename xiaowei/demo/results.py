"""Demo service results: a synthetic, deterministic results file for the demo villages (valid identity
numbers with GB 11643 check digits, real village codes, names of 2–3 characters), imported through the
real importer, so the demo exercises checking, batches, masking, search and publication. The tests and
the benchmark write their files with the same generator."""

from __future__ import annotations

import csv
import datetime as dt
import random
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from xiaowei.lib.pii import id_check_digit
from xiaowei.regions.models import Region
from xiaowei.results.categories import DEFAULT_CATEGORIES
from xiaowei.results.importer import import_results
from xiaowei.results.models import ServiceResult
from xiaowei.results.rows import REQUIRED

RESULTS = 30_000

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
    "顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅林玉兰德福海燕春"
    "生金山满仓永福长青小梅卫东文斌国平"
)
HEADER = [*REQUIRED, "group"]


def id_number(rng: random.Random, area: str = "431382") -> str:
    born = dt.date(1930, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 75))
    first17 = f"{area}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + id_check_digit(first17)


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 1, 2))))


def rows(n: int, villages: Sequence[str], *, seed: int = 1) -> Iterator[list[str]]:
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
    codes = [c.code for c in DEFAULT_CATEGORIES]
    for _ in range(n):
        year = rng.randint(2019, 2026)
        month = rng.randint(1, 12 if year < 2026 else 10)
        yield [
            rng.choice(villages),
            rng.choice(codes),
            name(rng),
            id_number(rng),
            str(rng.randint(1, 6)),
            f"{rng.randint(100, 60000)}.{rng.randint(0, 99):02d}",
            f"{year}-{month:02d}",
            f"{year}-{month:02d}-{rng.randint(1, 28):02d}",
            f"{rng.randint(1, 12)}组",
        ]


def write_csv(
    path: Path, data: Iterator[list[str]] | list[list[str]], header: Sequence[str] = HEADER
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(data)
    return path


def load_results_demo(n: int = RESULTS, scope: str = "431382") -> int:
    """Import ``n`` synthetic results (skipped when results exist). Returns the number imported."""
    if n <= 0 or ServiceResult.objects.exists():
        return 0
    villages = list(
        Region.objects.filter(level="village", code__startswith=scope).values_list("code", flat=True)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "demo-results.csv", rows(n, sorted(villages), seed=431382))
        return import_results(path, actor=None, scope=scope).imported
