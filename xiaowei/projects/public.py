"""Public pages of the 工程项目 and 资产资源 sections: lists under any region (village, township, county)
with filters, a page per project and per asset with its whole timeline, and a QR code for the printed
board. Anybody may read them; nothing here writes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from xiaowei.assets import rules as asset_rules
from xiaowei.assets.models import Asset
from xiaowei.assets.services import assets_config
from xiaowei.disclosure.boards import qr_svg
from xiaowei.procurement.from_projects import ocid_for
from xiaowei.projects import rules, selectors
from xiaowei.projects.services import procurement_config
from xiaowei.regions.models import Region

PAGE_SIZE = 50


def _region(code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    return region


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
def project_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(code)
    filters, errors = selectors.ProjectFilters.from_query(request.GET)
    page = Paginator(selectors.projects_under(code, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/list.html",
        {
            "region": region,
            "ancestors": region.ancestors(),
            "page": page,
            "filters": filters,
            "errors": errors,
            "query": _query_without_page(request),
            "stages": rules.STAGES,
            "categories": rules.CATEGORIES,
            "types": rules.PROJECT_TYPE_NAMES,
            "years": range(timezone.localdate().year, 2016, -1),
            "show_village": region.level != "village",
        },
    )


@require_safe
def project_page(request: HttpRequest, code: str) -> HttpResponse:
    project = selectors.project_detail(code)
    if project is None:
        raise Http404("没有这个项目")
    config = procurement_config(project.region_id)
    signoffs: dict[str, list[Any]] = defaultdict(list)
    for s in project.signoffs.all():
        signoffs[s.stage].append(s)
    order = rules.stages_for(project.category)
    reached = order.index(project.stage)
    stages = []
    for i, key in enumerate(order):
        needed = config.signoffs.get(project.category, {}).get(key, [])
        have = {s.body: s for s in signoffs.get(key, [])}
        stages.append(
            {
                "key": key,
                "name": rules.STAGES[key],
                "done": i <= reached,
                "current": i == reached + 1,
                "signoffs": [
                    {
                        "body": rules.BODIES[b],
                        "department": config.sector.get(project.project_type) if b == "sector" else "",
                        "row": have.get(b),
                    }
                    for b in needed
                ],
            }
        )
    url = request.build_absolute_uri(reverse("portal-project", args=[project.code]))
    band = rules.band_for(config, project.category, project.amount_fen)
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "stage_name": rules.STAGES[project.stage],
            "region": project.region,
            "ancestors": project.region.ancestors(),
            "stages": stages,
            "band": band,
            "band_platform": rules.PLATFORMS[band.platform],
            "type_name": rules.PROJECT_TYPE_NAMES.get(project.project_type, project.project_type),
            "timeline": selectors.timeline("project", project.code),
            "qr": qr_svg(url),
            "url": url,
            "ocid": ocid_for(project, config.ocid_prefix),
        },
    )


@require_safe
def asset_list(request: HttpRequest, code: str) -> HttpResponse:
    region = _region(code)
    filters, errors = selectors.AssetFilters.from_query(request.GET)
    page = Paginator(selectors.assets_under(code, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/assets.html",
        {
            "region": region,
            "ancestors": region.ancestors(),
            "page": page,
            "filters": filters,
            "errors": errors,
            "query": _query_without_page(request),
            "kinds": Asset.Kind.choices,
            "statuses": Asset.Status.choices,
            "subkinds": {k: v for group in asset_rules.SUBKINDS.values() for k, v in group.items()},
            "show_village": region.level != "village",
        },
    )


@require_safe
def asset_page(request: HttpRequest, code: str) -> HttpResponse:
    asset = selectors.asset_detail(code)
    if asset is None:
        raise Http404("没有这个资产")
    config = assets_config(asset.region_id)
    today = timezone.localdate()
    leases = []
    for lease in asset.leases.all():
        dues = [(d.due_on, d.amount_fen) for d in lease.dues.all()]
        received = sum(r.amount_fen for r in lease.receipts.all())
        status = asset_rules.lease_status(
            config, dues=dues, received_fen=received, end_on=lease.end_on, today=today
        )
        leases.append({"lease": lease, "status": status})
    prefix = procurement_config(asset.region_id).ocid_prefix
    url = request.build_absolute_uri(reverse("portal-asset", args=[asset.code]))
    return render(
        request,
        "projects/asset.html",
        {
            "asset": asset,
            "region": asset.region,
            "ancestors": asset.region.ancestors(),
            "subkind": asset_rules.SUBKINDS.get(asset.kind, {}).get(asset.subkind, asset.subkind),
            "disposals": [
                {"d": d, "ocid": f"{prefix}-{d.code}", "mode": asset_rules.MODES[d.mode]}
                for d in asset.disposals.all()
            ],
            "leases": leases,
            "timeline": selectors.timeline("asset", asset.code),
            "qr": qr_svg(url),
            "url": url,
        },
    )
