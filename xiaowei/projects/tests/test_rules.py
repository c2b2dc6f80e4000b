"""The default amount bands of projects.rules at their edges (domain.md §3.2 [INF] defaults, and the statutory
tender thresholds of 国家发改委令第16号), and that a route weaker than the band's is not allowed."""

from __future__ import annotations

import pytest

from xiaowei.projects import rules

DEFAULTS = rules.parse_config(None)


@pytest.mark.parametrize(
    ("amount_fen", "category", "route"),
    [
        (999_999, "works", "直接发包"),
        (1_000_000, "works", "比价"),
        (5_000_000, "works", "竞争性比选"),
        (399_999_999, "works", "竞争性比选"),
        (400_000_000, "works", "公开招标"),
        (100_000_000, "services", "公开招标"),
    ],
)
def test_default_bands_at_their_edges(amount_fen: int, category: str, route: str) -> None:
    assert rules.band_for(DEFAULTS, category, amount_fen).route == route


def test_a_route_weaker_than_the_band_is_not_allowed() -> None:
    band = rules.band_for(DEFAULTS, "works", 19_000_000)  # 19万: 竞争性比选 on the township platform
    assert band.route == "竞争性比选"
    assert not rules.route_allowed(band, "直接发包")
    assert rules.route_allowed(band, "竞争性比选") and rules.route_allowed(band, "公开招标")
