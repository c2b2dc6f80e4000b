"""/api/v1/results: the public 办事结果, masked (present.public_result), searchable, paginated with
`count`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from ninja import Router

from xiaowei.api.errors import error_response
from xiaowei.regions.models import Region
from xiaowei.results.present import categories_for
from xiaowei.results.selectors import results_page

router = Router(tags=["办事结果"])


@router.get("/results/categories", auth=None)
def categories(request: HttpRequest, region: str | None = None) -> list[dict[str, str]]:
    """办事结果的类别（导入文件的 category 列用 code）。"""
    return [{"code": c.code, "name": c.name} for c in categories_for(region or settings.XIAOWEI_HOME_REGION)]


@router.get("/results", auth=None)
def results(request: HttpRequest, region: str, q: str = "", category: str = "", page: int = 1) -> Any:
    """一个区划（村、乡镇或全市）及其下的办事结果，已遮挡。q（至少 2 个字）按姓名、村民小组、
    类别名称精确匹配子串；每页 50 条，`count` 为总数。"""
    if not region.isdigit() or len(region) > 15 or not Region.objects.filter(code=region).exists():
        raise Http404(f"没有区划 {region[:20]}")
    if not 0 < page < 100_000:
        return error_response("bad_request", "page 应为正整数", 400)
    try:
        p = results_page(region, q=q[:50], category=category[:20], page=page)
    except ValueError as e:
        return error_response("bad_request", str(e), 400)
    return {"count": p.count, "page": p.page, "pages": p.pages, "results": p.results}
