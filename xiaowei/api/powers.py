"""/api/v1/powers: the public power list (一张清单)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router

from xiaowei.api.schemas import Error, PowerOut
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.present import item_dict
from xiaowei.catalog.selectors import current_versions

router = Router(tags=["权力清单"])


def _with_absolute_urls(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    data["url"] = request.build_absolute_uri(data["url"])
    for chart in data["flowcharts"]:
        chart["url"] = request.build_absolute_uri(chart["url"])
    return data


@router.get("", response=list[PowerOut], auth=None)
def powers(
    request: HttpRequest, region: str | None = None, category: str | None = None
) -> list[dict[str, Any]]:
    """现行权力清单。给出 region（村或乡镇代码）时，包含该乡镇的特色清单。"""
    versions = current_versions(region, timezone.localdate())
    if region is None:
        versions = [v for v in versions if v.item.region_id is None]
    out = [
        _with_absolute_urls(
            request, {**item_dict(v.parsed), "version": v.number, "effective_from": v.effective_from}
        )
        for v in versions
    ]
    return [p for p in out if category is None or p["category"] == category]


@router.get("/{code}", response={200: PowerOut, 404: Error}, auth=None)
def power(request: HttpRequest, code: str) -> dict[str, Any]:
    """一项权力的现行版本（含流程图与各步骤）。"""
    item = PowerItem.objects.filter(code=code).first()
    version = item.version_on(timezone.localdate()) if item else None
    if version is None:
        raise Http404(f"权力事项 {code} 不存在")
    return _with_absolute_urls(
        request,
        {**item_dict(version.parsed), "version": version.number, "effective_from": version.effective_from},
    )
