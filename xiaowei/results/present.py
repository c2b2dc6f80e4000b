"""The one public form of a service result: every page, export and API response shows a result through
``public_result`` (identity number masked to its first 6 and last 4 characters, names per the category's
rule, never the hash, a phone, a bank account or health details)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.money import yuan
from xiaowei.lib.pii import mask_name
from xiaowei.results.categories import Category, parse_config
from xiaowei.results.models import ServiceResult


def categories_for(region_code: str) -> tuple[Category, ...]:
    try:
        return parse_config(catalog_selectors.setting(region_code, "results", None))
    except ValueError as e:
        raise ServiceError(f"办事结果配置有误：{e}", code="bad_config") from None


def public_result(
    r: ServiceResult, categories: Mapping[str, Category], names: Mapping[str, str]
) -> dict[str, Any]:
    category = categories.get(r.category)
    rule = category.name_rule if category else "partial"  # an unknown category is shown with care
    return {
        "id": r.pk,
        "village": {"code": r.region_id, "name": names.get(r.region_id, "")},
        "group": r.group_name,
        "category": r.category,
        "category_name": category.name if category else r.category,
        "name": mask_name(r.person_name, rule),
        "id_number": r.id_masked,
        "household_size": r.household_size,
        "amount": yuan(r.amount_fen).replace(",", ""),
        "amount_fen": r.amount_fen,
        "period": r.period,
        "approved_on": r.approved_on.isoformat(),
        "status": r.status,
    }
