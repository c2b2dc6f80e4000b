"""The portal's home page and a region's page (an area with its totals, a village with its matters).
Anybody may read them; nothing here writes."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.matters.models import Matter
from xiaowei.portal.selectors import children_with_counts, tree_totals
from xiaowei.regions.models import Region


def _get_region(code: str) -> Region:
    try:
        return Region.objects.select_related("parent").get(code=code)
    except Region.DoesNotExist:
        raise Http404("没有这个区划") from None


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    region = Region.objects.filter(code=settings.XIAOWEI_HOME_REGION).first()
    if region is None:
        return render(request, "portal/empty.html", status=200)
    return _render_region(request, region, is_home=True)


@require_safe
def region_page(request: HttpRequest, code: str) -> HttpResponse:
    return _render_region(request, _get_region(code), is_home=False)


def _render_region(request: HttpRequest, region: Region, *, is_home: bool) -> HttpResponse:
    context = {
        "region": region,
        "ancestors": region.ancestors(),
        "children": children_with_counts(region),
        "is_home": is_home,
    }
    if region.level == "village":
        context["matters"] = (
            Matter.objects.filter(region=region)
            .select_related("item_version")
            .order_by("-started_on", "-id")[:20]
        )
    if region.level in ("province", "city", "county", "township"):
        context["totals"] = tree_totals(region)
        return render(request, "portal/area.html", context)
    return render(request, "portal/village.html", context)
