"""Demo service results: a synthetic results file for the demo villages, imported through the real
importer (so the demo exercises checking, batches, masking, search and publication)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from xiaowei.regions.models import Region
from xiaowei.results.importer import import_results
from xiaowei.results.models import ServiceResult
from xiaowei.results.testing import rows, write_csv

RESULTS = 30_000


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
