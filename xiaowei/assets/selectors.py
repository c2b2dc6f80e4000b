"""Reading assets for public pages, the office and the API: a filtered list under a region, and one asset
with its disposals and leases, in a bounded number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from xiaowei.assets.models import Asset, Disposal, Lease
from xiaowei.regions.codes import under_q


@dataclass(frozen=True)
class AssetFilters:
    kind: str = ""
    status: str = ""
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> tuple[AssetFilters, list[str]]:
        errors = []
        kind = params.get("kind", "").strip()
        status = params.get("status", "").strip()
        if kind and kind not in Asset.Kind.values:
            errors.append("资产类别不正确")
            kind = ""
        if status and status not in Asset.Status.values:
            errors.append("状态不正确")
            status = ""
        return cls(kind=kind, status=status, q=params.get("q", "").strip()[:50]), errors


def assets_under(code: str, f: AssetFilters) -> QuerySet[Asset]:
    rows = Asset.objects.filter(under_q("region_id", code))
    if f.kind:
        rows = rows.filter(kind=f.kind)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.q:
        rows = rows.filter(name__contains=f.q)
    return rows.select_related("region").order_by("region_id", "code")


def asset_detail(code: str) -> Asset | None:
    """An asset with its disposals (bids) and leases (dues, receipts) prefetched."""
    return (
        Asset.objects.select_related("region__parent")
        .prefetch_related(
            Prefetch(
                "disposals",
                queryset=Disposal.objects.select_related("decision_meeting")
                .prefetch_related("bids")
                .order_by("id"),
            ),
            Prefetch(
                "leases", queryset=Lease.objects.prefetch_related("dues", "receipts").order_by("start_on")
            ),
        )
        .filter(code=code)
        .first()
    )
