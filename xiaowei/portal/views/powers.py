"""Public pages of the power list (权力清单) and of matters' public timelines."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from xiaowei.catalog.charts import CATEGORIES, Flowchart
from xiaowei.catalog.diff import changes
from xiaowei.catalog.models import PowerItem, PowerItemVersion
from xiaowei.catalog.present import item_dict
from xiaowei.catalog.selectors import current_versions
from xiaowei.catalog.svg import render_chart
from xiaowei.matters.models import Matter
from xiaowei.regions.models import Region


def _village(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    return region


@require_safe
def power_list(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """The list by category; under /r/<code>/powers/ it includes that township's 特色清单."""
    region = _village(code)
    versions = current_versions(region.code if region else None, timezone.localdate())
    if region is None:
        versions = [v for v in versions if v.item.region_id is None]
    groups = [
        (key, label, [v for v in versions if v.item.category == key]) for key, label in CATEGORIES.items()
    ]
    return render(
        request,
        "portal/powers.html",
        {"groups": groups, "region": region, "chart_count": sum(len(v.parsed.flowcharts) for v in versions)},
    )


def _item(code: str) -> PowerItem:
    item = PowerItem.objects.filter(code=code).first()
    if item is None:
        raise Http404("没有这项权力")
    return item


@require_safe
def power_detail(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    item = _item(code)
    versions = list(item.versions.order_by("number"))
    if number is None:
        version = item.version_on(timezone.localdate()) or (versions[0] if versions else None)
    else:
        version = next((v for v in versions if v.number == number), None)
    if version is None:
        raise Http404("没有这个版本")
    previous = next((v for v in reversed(versions) if v.number < version.number), None)
    village = _village(request.GET.get("r"))
    matters = Matter.objects.filter(item_version__item=item).select_related("region").order_by("-started_on")
    if village is not None:
        matters = matters.filter(region=village)
    context = {
        "item": item,
        "version": version,
        "data": item_dict(version.parsed),
        "versions": versions,
        "changes": changes(previous.parsed, version.parsed) if previous else [],
        "previous": previous,
        "village": village,
        "matters": matters[:10],
        "charts": [(c, render_chart(c)) for c in version.parsed.flowcharts],
        "is_current": version == item.version_on(timezone.localdate()),
    }
    return render(request, "portal/power.html", context)


def _chart(code: str, chart_code: str, number: int | None) -> tuple[PowerItem, PowerItemVersion, Flowchart]:
    item = _item(code)
    version = item.versions.filter(number=number).first() if number else item.version_on(timezone.localdate())
    if version is None:
        raise Http404("没有这个版本")
    try:
        return item, version, version.parsed.chart(chart_code)
    except KeyError:
        raise Http404("没有这张流程图") from None


@require_safe
def chart_page(request: HttpRequest, code: str, chart_code: str) -> HttpResponse:
    number = request.GET.get("v")
    item, version, chart = _chart(code, chart_code, int(number) if number and number.isdigit() else None)
    return render(
        request,
        "portal/chart.html",
        {
            "item": item,
            "version": version,
            "chart": chart,
            "svg": render_chart(chart),
            "data": item_dict(version.parsed),
        },
    )


@require_safe
def chart_svg(request: HttpRequest, code: str, chart_code: str) -> HttpResponse:
    _, _, chart = _chart(code, chart_code, None)
    response = HttpResponse(render_chart(chart), content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def matter_public(request: HttpRequest, pk: int) -> HttpResponse:
    """A matter's public timeline: only the steps its flowchart publishes."""
    matter = Matter.objects.select_related("region", "item_version").filter(pk=pk).first()
    if matter is None:
        raise Http404("没有这个事项")
    steps = matter.steps.filter(published=True).order_by("seq")
    chart = matter.chart
    return render(
        request,
        "portal/matter.html",
        {
            "matter": matter,
            "steps": steps,
            "chart": chart,
            "item": matter.item,
            "svg": render_chart(
                chart,
                done=frozenset(matter.steps.values_list("key", flat=True)),
                highlight=matter.next_step_key or None,
            ),
        },
    )
