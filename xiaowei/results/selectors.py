"""Reading service results for the public: a page of a region's results (optionally searched), always in
their public form (present.public_result)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from xiaowei.regions.codes import under_q
from xiaowei.regions.models import Region
from xiaowei.results.models import ServiceResult
from xiaowei.results.present import categories_for, public_result
from xiaowei.search.index import search

PAGE_SIZE = 50


@dataclass(frozen=True)
class ResultPage:
    count: int
    page: int
    pages: int
    results: list[dict[str, Any]]


def results_page(region_code: str, *, q: str = "", category: str = "", page: int = 1) -> ResultPage:
    """Results under ``region_code``, newest first, 50 a page. ``q`` (2+ characters) searches names,
    村民小组 and category names with exact substring semantics. Raises ValueError for a bad ``q`` or
    ``category`` (a Chinese message)."""
    categories = {c.code: c for c in categories_for(region_code)}
    if category and category not in categories:
        raise ValueError(f"类别“{category[:20]}”不存在")
    offset = (max(page, 1) - 1) * PAGE_SIZE
    if q.strip():
        query = q.strip() + (f" {categories[category].name}" if category else "")
        count, ids = search("result", query, region_code=region_code, limit=PAGE_SIZE, offset=offset)
        rows = sorted(ServiceResult.objects.filter(pk__in=ids), key=lambda r: -r.pk)
    else:
        qs = ServiceResult.objects.filter(under_q("region_id", region_code))
        if category:
            qs = qs.filter(category=category)
        count = qs.count()
        rows = list(qs.order_by("-id")[offset : offset + PAGE_SIZE])
    names = dict(Region.objects.filter(code__in={r.region_id for r in rows}).values_list("code", "name"))
    pages = max(1, -(-count // PAGE_SIZE))
    return ResultPage(count, page, pages, [public_result(r, categories, names) for r in rows])
