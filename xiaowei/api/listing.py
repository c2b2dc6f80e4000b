"""What the public project and asset endpoints share: their tag, money as exact yuan strings, pages of 50
(400 for a bad page number) and the region asked for (404 for an unknown one)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse

from xiaowei.api.errors import error_response
from xiaowei.lib.money import yuan
from xiaowei.regions.models import Region

T = TypeVar("T")

TAG = "工程项目与资产资源"
PAGE_SIZE = 50


def money(fen: int | None) -> str | None:
    """Fen as a yuan string with two decimals and no thousands separator ("1234.50"), None as None."""
    return None if fen is None else yuan(fen).replace(",", "")


def page_of(request: HttpRequest, rows: Any) -> tuple[Any, int] | JsonResponse:
    """The page ``?page=`` asks for (50 rows) and the total count, or a 400 answer for a bad number."""
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 0 < int(raw) < 10**6:
        return error_response("bad_request", "page 应为正整数", 400)
    paginator = Paginator(rows, PAGE_SIZE)
    return paginator.get_page(int(raw)), paginator.count


def known_region(code: str) -> Region:
    """The region with this code; 404 for a malformed or unknown code."""
    region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) <= 15 else None
    if region is None:
        raise Http404(f"没有区划 {code}")
    return region


def listing(
    request: HttpRequest,
    filters: Any,
    rows: Callable[[Any], Iterable[T]],
    row_json: Callable[[T], dict[str, Any]],
) -> dict[str, Any] | JsonResponse:
    """One page of a filtered public list as the API answers it (count, page, pages, results), or a 400
    answer when a filter or the page number is wrong. ``filters`` is a ``(Filters, errors)`` pair as the
    selectors' ``from_query`` returns it."""
    parsed, errors = filters
    if errors:
        return error_response("bad_request", "；".join(errors), 400)
    paged = page_of(request, rows(parsed))
    if isinstance(paged, JsonResponse):
        return paged
    page, count = paged
    return {
        "count": count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [row_json(row) for row in page],
    }
