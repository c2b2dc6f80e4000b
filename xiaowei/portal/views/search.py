"""The portal's search: 办事结果, 工程项目, 资产资源 and 财务凭证 under one county, township or village, with
exact substring semantics for queries of 2+ characters (search.index). Every hit is shown in its public
form only: results through results.present.public_result, vouchers through finance.ledger.public_voucher
(booked vouchers only). Anybody may read it; nothing here writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from xiaowei.assets.models import Asset
from xiaowei.finance.ledger import public_voucher
from xiaowei.finance.models import Voucher
from xiaowei.lib.money import yuan
from xiaowei.projects import rules as project_rules
from xiaowei.projects.models import Project
from xiaowei.regions.models import Region
from xiaowei.results.models import ServiceResult
from xiaowei.results.present import categories_for, public_result
from xiaowei.search import registry
from xiaowei.search.index import search

PAGE_SIZE = 20  # one kind's page
PREVIEW = 5  # hits per kind when all kinds are shown
SCOPE_LEVELS = ("county", "township", "village")  # the scopes search.index supports (6, 9, 12 digits)

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Hit:
    title: str
    detail: str
    url: str


@dataclass
class Section:
    kind: str
    label: str
    count: int
    hits: list[Hit] = field(default_factory=list)
    more: str = ""  # the link to all hits of this kind (when all kinds are shown)


def _scope(raw: str) -> Region:
    """The region searched: ?region=CODE (a 村民小组 searches its village), else the portal's home."""
    code = raw.strip()[:15] or settings.XIAOWEI_HOME_REGION
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    if region.level == "group" and region.parent is not None:
        region = region.parent
    return region


def _ordered(ids: Sequence[int], rows: Iterable[M]) -> list[M]:
    by_pk = {r.pk: r for r in rows}
    return [by_pk[i] for i in ids if i in by_pk]


def _village_names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _results(ids: Sequence[int], *, scope: str, q: str, kiosk: bool) -> list[Hit]:
    rows = _ordered(ids, ServiceResult.objects.filter(pk__in=ids))
    categories = {c.code: c for c in categories_for(scope)}
    names = _village_names({r.region_id for r in rows})
    url = "kiosk-results" if kiosk else "portal-results"
    hits = []
    for r in rows:
        p = public_result(r, categories, names)
        where = " ".join(x for x in (p["village"]["name"], p["group"]) if x)
        hits.append(
            Hit(
                f"{p['name']} · {p['category_name']}",
                f"{where} · {p['amount']} 元 · {p['period']} · 批准于 {p['approved_on']}",
                reverse(url, args=[r.region_id]) + "?" + urlencode({"q": q}),
            )
        )
    return hits


def _projects(ids: Sequence[int], *, kiosk: bool, **_: Any) -> list[Hit]:
    rows = _ordered(ids, Project.objects.filter(pk__in=ids).select_related("region", "award_contractor"))
    url = "kiosk-project" if kiosk else "portal-project"
    return [
        Hit(
            p.title,
            " · ".join(
                x
                for x in (
                    p.code,
                    p.region.name,
                    project_rules.STAGES.get(p.stage, p.stage),
                    f"{yuan(p.amount_fen)} 元",
                    p.award_contractor.name if p.award_contractor else "",
                )
                if x
            ),
            reverse(url, args=[p.code]),
        )
        for p in rows
    ]


def _assets(ids: Sequence[int], *, kiosk: bool, **_: Any) -> list[Hit]:
    rows = _ordered(ids, Asset.objects.filter(pk__in=ids).select_related("region"))
    url = "kiosk-asset" if kiosk else "portal-asset"
    return [
        Hit(
            a.name,
            f"{a.code} · {a.region.name} · {a.location} · {a.get_status_display()}",
            reverse(url, args=[a.code]),
        )
        for a in rows
    ]


def _vouchers(ids: Sequence[int], *, kiosk: bool, **_: Any) -> list[Hit]:
    # Booked only, again: the index holds booked vouchers only, but what is shown must not depend on it.
    booked = Voucher.objects.filter(pk__in=ids, status=Voucher.Status.BOOKED)
    rows = _ordered(ids, booked.select_related("region", "reverses").prefetch_related("lines__subject"))
    url = "kiosk-finance" if kiosk else "portal-finance"
    hits = []
    for v in rows:
        p = public_voucher(v, show_images=False)
        hits.append(
            Hit(
                p["summary"],
                " · ".join(
                    x for x in (p["number"], v.region.name, p["date"], p["payee"], f"{p['amount']} 元") if x
                ),
                reverse(url, args=[v.region_id]) + "?" + urlencode({"month": v.period}),
            )
        )
    return hits


# The sections of the page, in this order (the kinds' codes are the search registry's).
_HITS: dict[str, Callable[..., list[Hit]]] = {
    "result": _results,
    "project": _projects,
    "asset": _assets,
    "voucher": _vouchers,
}


def _page_number(raw: str) -> int:
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    kiosk = getattr(request, "kiosk", False)
    q = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("kind", "")
    kind = kind if kind in _HITS else ""
    region = _scope(request.GET.get("region", ""))
    page = _page_number(request.GET.get("page", "1"))
    sections: list[Section] = []
    error = ""
    if region.level not in SCOPE_LEVELS:
        error = "请在县（市、区）、乡镇（街道）或村（社区）范围内搜索"
    elif q:
        base = {"q": q, "region": region.code}
        try:
            for k in [kind] if kind else list(_HITS):
                limit, offset = (PAGE_SIZE, (page - 1) * PAGE_SIZE) if kind else (PREVIEW, 0)
                count, ids = search(k, q, region_code=region.code, limit=limit, offset=offset)
                hits = _HITS[k](ids, scope=region.code, q=q, kiosk=kiosk)
                sections.append(
                    Section(k, registry.kind(k).name, count, hits, "?" + urlencode({**base, "kind": k}))
                )
        except ValueError as e:  # too short, a 1-character piece, too long: a message for the user
            error, sections = str(e), []
    pages = max(1, -(-sections[0].count // PAGE_SIZE)) if kind and sections else 1
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "portal/search.html",
        {
            "region": region,
            "scopes": [r for r in [*region.ancestors(), region] if r.level in SCOPE_LEVELS],
            "q": q,
            "kind": kind,
            "kinds": {k: registry.kind(k).name for k in _HITS},
            "sections": sections,
            "total": sum(s.count for s in sections),
            "error": error,
            "page": page,
            "pages": pages,
            "query": params.urlencode(),
            "search_url": "kiosk-search" if kiosk else "portal-search",
        },
    )
