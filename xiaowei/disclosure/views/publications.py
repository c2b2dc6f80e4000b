"""Public disclosure pages: a village's publications, boards (HTML and PDF), verification, open data."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.disclosure import log, opendata
from xiaowei.disclosure.boards import BoardFontMissing, render_board_html, render_board_pdf
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.sheets import build_sheet, lines_of, period_bounds, period_label, publications_for
from xiaowei.disclosure.verification import verify_publication
from xiaowei.regions.models import Region


def _village(code: str) -> Region:
    region = Region.objects.filter(code=code, level=Region.Level.VILLAGE).select_related("parent").first()
    if region is None:
        raise Http404("没有这个村(社区)")
    return region


def _period(period: str) -> str:
    try:
        period_bounds(period)
    except ValueError:
        raise Http404("期间格式应为 2026-03 或 2026Q1") from None
    return period


def _size(request: HttpRequest) -> int | None:
    raw = request.GET.get("size", "")
    return int(raw) if raw.isdigit() and len(raw) < 15 else None


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def village_disclosure(request: HttpRequest, code: str) -> HttpResponse:
    village = _village(code)
    periods = opendata.periods_of(village)
    recent = Publication.objects.filter(region=village).order_by("-leaf_index")[:50]
    return render(
        request,
        "disclosure/village.html",
        {
            "region": village,
            "periods": [(p, period_label(p)) for p in periods],
            "publications": recent,
            "ancestors": village.ancestors(),
        },
    )


@require_safe
def publication_page(request: HttpRequest, pk: int) -> HttpResponse:
    pub = Publication.objects.select_related("region", "corrects").filter(pk=pk).first()
    if pub is None:
        raise Http404("没有这条公开记录")
    verdict = verify_publication(pub, _size(request))
    body = json.loads(pub.content)
    return render(
        request,
        "disclosure/publication.html",
        {
            "correction": body.get("correction") if isinstance(body, dict) else None,
            "pub": pub,
            "verdict": verdict,
            "lines": lines_of(pub),
            "corrections": pub.corrections.order_by("leaf_index"),
            "content": json.dumps(json.loads(pub.content), ensure_ascii=False, indent=2),
        },
    )


@require_safe
def verify_board(request: HttpRequest, code: str, period: str) -> HttpResponse:
    village, period = _village(code), _period(period)
    size = _size(request)
    verdicts = [verify_publication(p, size) for p in publications_for(village, period, size=size)]
    return render(
        request,
        "disclosure/verify_board.html",
        {
            "region": village,
            "period": period,
            "period_label": period_label(period),
            "verdicts": verdicts,
            "ok": all(v.ok for v in verdicts),
            "size": size,
        },
    )


@require_safe
def board_html(request: HttpRequest, code: str, period: str) -> HttpResponse:
    village, period = _village(code), _period(period)
    paper = "A3" if request.GET.get("paper") == "A3" else "A4"
    sheet = build_sheet(village, period, base_url=_base(request), paper=paper)
    # On screen each QR is also a link; ?print=1 gives the bare print layout.
    return HttpResponse(render_board_html(sheet, for_print=request.GET.get("print") == "1"))


@require_safe
def board_pdf(request: HttpRequest, code: str, period: str) -> HttpResponse:
    village, period = _village(code), _period(period)
    paper = "A3" if request.GET.get("paper") == "A3" else "A4"
    try:
        pdf = render_board_pdf(build_sheet(village, period, base_url=_base(request), paper=paper))
    except (BoardFontMissing, RuntimeError) as e:
        return render(request, "errors/503.html", {"message": str(e)}, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{village.code}-{period}-{paper}.pdf"'
    return response


@require_safe
def open_data(request: HttpRequest, code: str, period: str, fmt: str) -> HttpResponse:
    village, period = _village(code), _period(period)
    if fmt not in opendata.FORMATS:
        raise Http404("格式应为 csv、json 或 xlsx")
    data = opendata.render(village, period, fmt)
    response = HttpResponse(data, content_type=opendata.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{village.code}-{period}.{fmt}"'
    response["Digest"] = f"sha-256={opendata.checksum(data)}"
    return response


@require_safe
def open_sums(request: HttpRequest, code: str, period: str) -> HttpResponse:
    village, period = _village(code), _period(period)
    lines = [
        f"{opendata.checksum(opendata.render(village, period, fmt))}  {village.code}-{period}.{fmt}"
        for fmt in opendata.FORMATS
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def open_catalog(request: HttpRequest) -> JsonResponse:
    # Every download is rendered to checksum it, so the catalogue is cached per log size: it can only
    # change when something new is published.
    key = f"dcat:{log.current_size()}:{_base(request)}"
    catalog = cache.get(key)
    if catalog is None:
        region_ids = Publication.objects.values_list("region_id", flat=True).distinct()
        villages = list(
            Region.objects.filter(code__in=list(region_ids), level=Region.Level.VILLAGE).order_by("code")
        )
        catalog = opendata.dcat_catalog(_base(request), villages)
        cache.set(key, catalog, 3600)
    return JsonResponse(
        catalog, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
