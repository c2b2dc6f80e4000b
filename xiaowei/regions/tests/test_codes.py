from __future__ import annotations

import pytest

from xiaowei.regions.codes import CodeError, level_of, normalize, parent_of
from xiaowei.regions.models import Region
from xiaowei.regions.services import RegionRow, do_import_regions


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("43", "province"),
        ("4313", "city"),
        ("431382", "county"),
        ("431382105", "township"),
        ("431382105201", "village"),
        ("431382105201003", "group"),
    ],
)
def test_it_knows_the_level_from_the_length(code: str, level: str) -> None:
    assert level_of(code) == level


@pytest.mark.parametrize("bad", ["", "4", "43138", "4313821052011", "43a382", "４３"])
def test_it_rejects_malformed_codes(bad: str) -> None:
    with pytest.raises(CodeError):
        level_of(bad)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("430000000000", "43"),
        ("431300000000", "4313"),
        ("431382000000", "431382"),
        ("431382105000", "431382105"),
        ("431382105201", "431382105201"),
        (" 431382 ", "431382"),
    ],
)
def test_it_normalizes_the_padded_statistical_form(raw: str, code: str) -> None:
    assert normalize(raw) == code


def test_it_finds_the_parent() -> None:
    assert parent_of("431382105201001") == "431382105201"
    assert parent_of("431382105") == "431382"
    assert parent_of("43") is None


@pytest.mark.django_db
def test_under_is_exactly_the_prefix_subtree_even_across_a_carry() -> None:
    codes = ["43", "4313", "431389", "431389199", "431389199999", "431389200", "431390", "4314"]
    do_import_regions([RegionRow(i, c, f"区{i}") for i, c in enumerate(codes, 1)], actor=None)
    under = set(Region.objects.under("431389199").values_list("code", flat=True))
    assert under == {"431389199", "431389199999"}
    assert set(Region.objects.under("431389").values_list("code", flat=True)) == {
        "431389",
        "431389199",
        "431389199999",
        "431389200",
    }
    assert set(Region.objects.under("4313").values_list("code", flat=True)) == {
        "4313",
        "431389",
        "431389199",
        "431389199999",
        "431389200",
        "431390",
    }
