"""Template filters for public pages."""

from __future__ import annotations

from django import template

from xiaowei.lib.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals ("" for None)."""
    return "" if fen is None else _yuan(fen)


@register.filter
def wan(fen: int | None) -> str:
    """Integer fen as 万元 with two decimals, for lists."""
    return "" if fen is None else f"{fen / 1_000_000:,.2f}"


@register.filter
def get_item(mapping: dict, key: str) -> object:
    """mapping[key] in a template ("" when absent)."""
    return mapping.get(key, "")
