"""Public pages of the 工程项目 section: lists under any region (village, township, county) with filters,
and a page per project with its whole timeline and a QR code for the printed board. Anybody may read them;
nothing here writes."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from xiaowei.disclosure.boards import qr_svg
from xiaowei.disclosure.selectors import timeline
from xiaowei.lib.http import query_without_page
from xiaowei.procurement.from_projects import ocid_for
from xiaowei.projects import rules, selectors
from xiaowei.projects.services import procurement_config
from xiaowei.regions.roles import BODY_LABELS, Body
from xiaowei.regions.selectors import region_or_404

PAGE_SIZE = 50


@require_safe
def project_list(request: HttpRequest, code: str) -> HttpResponse:
    region = region_or_404(code)
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
            "query": query_without_page(request),
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
                        "body": BODY_LABELS[b],
                        "department": config.sector.get(project.project_type) if b == Body.SECTOR else "",
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
            "timeline": timeline("project", project.code),
            "qr": qr_svg(url),
            "url": url,
            "ocid": ocid_for(project, config.ocid_prefix),
        },
    )
