"""Read-only queries for the public pages (the portal never writes)."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import Substr

from xiaowei.regions.codes import LENGTH_BY_LEVEL
from xiaowei.regions.models import Region


def children_with_counts(region: Region) -> list[dict[str, object]]:
    """The region's children, each with how many villages lie under it (two queries in all)."""
    children = list(region.children.order_by("code"))
    if not children or region.level in ("village", "group"):
        return [{"region": c, "villages": None} for c in children]
    length = len(children[0].code)
    counts = dict(
        Region.objects.under(region.code)
        .filter(level=Region.Level.VILLAGE)
        .annotate(prefix=Substr("code", 1, length))
        .values("prefix")
        .annotate(n=Count("code"))
        .values_list("prefix", "n")
    )
    return [{"region": c, "villages": counts.get(c.code, 0)} for c in children]


def tree_totals(region: Region) -> dict[str, int]:
    """How many regions of each level lie below `region`, itself not counted (one grouped query)."""
    below = Region.objects.under(region.code).exclude(code=region.code)
    rows = below.values("level").annotate(n=Count("code")).values_list("level", "n")
    totals = {level: 0 for level in LENGTH_BY_LEVEL}
    totals.update(dict(rows))
    return totals
