"""Reads of the catalogue and of the configuration in force for a region."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from xiaowei.catalog.models import CatalogSetting, PowerItem, PowerItemVersion
from xiaowei.catalog.quorum import MeetingRule, rules_with_overrides


def _ancestor_codes(code: str) -> list[str]:
    return [code[:n] for n in (2, 4, 6, 9, 12, 15) if n <= len(code)]


def items_for(region_code: str | None) -> QuerySet[PowerItem]:
    """The county list plus the 特色清单 of the townships above `region_code` (all items if None)."""
    if region_code is None:
        return PowerItem.objects.all()
    return PowerItem.objects.filter(Q(region__isnull=True) | Q(region_id__in=_ancestor_codes(region_code)))


def current_versions(region_code: str | None, day: dt.date) -> list[PowerItemVersion]:
    """The version in force on `day` for each item that applies to the region (two queries)."""
    items = list(items_for(region_code).order_by("code"))
    versions = PowerItemVersion.objects.filter(item__in=items, effective_from__lte=day).select_related("item")
    latest: dict[int, PowerItemVersion] = {}
    for v in versions.order_by("item_id", "effective_from", "number"):
        latest[v.item_id] = v
    return [latest[i.pk] for i in items if i.pk in latest]


def setting(region_code: str, key: str, default: Any = None) -> Any:
    """The value set on the nearest region up the tree from `region_code`."""
    rows = dict(
        CatalogSetting.objects.filter(region_id__in=_ancestor_codes(region_code), key=key).values_list(
            "region_id", "value"
        )
    )
    for code in reversed(_ancestor_codes(region_code)):
        if code in rows:
            return rows[code]
    return default


def meeting_rules(region_code: str) -> dict[str, MeetingRule]:
    return rules_with_overrides(setting(region_code, "meeting_rules", {}))


def params(region_code: str) -> dict[str, Any]:
    return dict(setting(region_code, "params", {}) or {})
