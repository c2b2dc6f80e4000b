"""Public pages of the 资产资源 section: lists under any region (village, township, county) with filters,
and a page per asset with its disposals, leases (arrears and expiry flags), whole timeline and a QR code
for the printed board. Anybody may read them; nothing here writes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from xiaowei.assets import rules, selectors
from xiaowei.assets.models import Asset
from xiaowei.assets.services import assets_config
from xiaowei.disclosure.boards import qr_svg
from xiaowei.disclosure.selectors import timeline
from xiaowei.lib.http import query_without_page
from xiaowei.projects.services import procurement_config
from xiaowei.regions.selectors import region_or_404

PAGE_SIZE = 50


@require_safe
def asset_list(request: HttpRequest, code: str) -> HttpResponse:
    region = region_or_404(code)
    filters, errors = selectors.AssetFilters.from_query(request.GET)
    page = Paginator(selectors.assets_under(code, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "assets/list.html",
        {
            "region": region,
            "ancestors": region.ancestors(),
            "page": page,
            "filters": filters,
            "errors": errors,
            "query": query_without_page(request),
            "kinds": Asset.Kind.choices,
            "statuses": Asset.Status.choices,
            "subkinds": {k: v for group in rules.SUBKINDS.values() for k, v in group.items()},
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
        status = rules.lease_status(
            config, dues=dues, received_fen=received, end_on=lease.end_on, today=today
        )
        leases.append({"lease": lease, "status": status})
    prefix = procurement_config(asset.region_id).ocid_prefix
    url = request.build_absolute_uri(reverse("portal-asset", args=[asset.code]))
    return render(
        request,
        "assets/detail.html",
        {
            "asset": asset,
            "region": asset.region,
            "ancestors": asset.region.ancestors(),
            "subkind": rules.SUBKINDS.get(asset.kind, {}).get(asset.subkind, asset.subkind),
            "disposals": [
                {"d": d, "ocid": f"{prefix}-{d.code}", "mode": rules.MODES[d.mode]}
                for d in asset.disposals.all()
            ],
            "leases": leases,
            "timeline": timeline("asset", asset.code),
            "qr": qr_svg(url),
            "url": url,
        },
    )
