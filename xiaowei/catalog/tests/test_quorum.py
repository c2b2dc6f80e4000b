"""Quorum and passing rules at their edges, for every meeting kind (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaowei.catalog.quorum import (
    DEFAULT_RULES,
    MEETING_KINDS,
    Vote,
    evaluate,
    inconsistencies,
    rules_with_overrides,
)

DAY = dt.date(2026, 6, 20)


def vote(kind: str, expected: int, present: int, yes: int, *, notice_days: int = 30) -> Vote:
    return Vote(kind, DAY, DAY - dt.timedelta(days=notice_days), expected, present, yes, present - yes, 0)


def _min_present(kind: str, expected: int) -> int:
    rule = DEFAULT_RULES[kind]
    return next(p for p in range(expected + 1) if rule.quorum.met(p, expected))


@pytest.mark.parametrize("kind", list(MEETING_KINDS))
def test_quorum_edge_passes_and_one_fewer_fails(kind: str) -> None:
    expected = 30
    present = _min_present(kind, expected)
    result = evaluate(vote(kind, expected, present, present), DEFAULT_RULES)
    assert result.passed, result.reasons
    short = evaluate(vote(kind, expected, present - 1, present - 1), DEFAULT_RULES)
    assert not short.passed
    assert any("未达到法定人数" in r for r in short.reasons)


def test_two_thirds_is_inclusive_and_half_is_strict() -> None:
    # 村民代表会议: 2/3 of 30 = 20 present is enough, 19 is not.
    assert evaluate(vote("representatives", 30, 20, 11), DEFAULT_RULES).passed
    assert not evaluate(vote("representatives", 30, 19, 19), DEFAULT_RULES).passed
    # 村民会议: more than half of 30 means 16; exactly 15 is not "more than half".
    assert evaluate(vote("villagers", 30, 16, 9), DEFAULT_RULES).passed
    assert not evaluate(vote("villagers", 30, 15, 15), DEFAULT_RULES).passed


@pytest.mark.parametrize("kind", list(MEETING_KINDS))
def test_a_tie_fails_and_one_more_yes_passes(kind: str) -> None:
    rule = DEFAULT_RULES[kind]
    expected = 24
    present = 24
    base = present if rule.base == "present" else expected
    # The smallest passing number of yes votes, then one fewer.
    yes = next(y for y in range(base + 1) if rule.passing.met(y, base))
    assert evaluate(vote(kind, expected, present, yes), DEFAULT_RULES).passed
    failed = evaluate(vote(kind, expected, present, yes - 1), DEFAULT_RULES)
    assert not failed.passed
    assert any("赞成" in r for r in failed.reasons)
    if rule.passing.num * 2 == rule.passing.den:  # "more than half": the tie itself fails
        assert not evaluate(vote(kind, expected, present, base // 2), DEFAULT_RULES).passed


def test_party_members_pass_on_half_of_all_members_not_of_those_present() -> None:
    # 30 members, 20 present: 15 yes is half of all, not more than half → fails; 16 passes.
    assert not evaluate(vote("party_members", 30, 20, 15), DEFAULT_RULES).passed
    assert evaluate(vote("party_members", 30, 20, 16), DEFAULT_RULES).passed


def test_collective_property_needs_two_thirds_of_all_members() -> None:
    ordinary = vote("representatives", 30, 21, 16)
    assert evaluate(ordinary, DEFAULT_RULES).passed
    strict = evaluate(ordinary, DEFAULT_RULES, strict_property=True)
    assert not strict.passed
    assert any("三分之二" in r for r in strict.reasons)
    assert evaluate(vote("representatives", 30, 21, 20), DEFAULT_RULES, strict_property=True).passed
    assert not evaluate(vote("representatives", 30, 21, 19), DEFAULT_RULES, strict_property=True).passed


def test_villagers_meeting_needs_ten_days_notice() -> None:
    assert evaluate(vote("villagers", 100, 60, 40, notice_days=10), DEFAULT_RULES).passed
    late = evaluate(vote("villagers", 100, 60, 40, notice_days=9), DEFAULT_RULES)
    assert not late.passed
    assert any("提前 10 天通知" in r for r in late.reasons)


def test_a_county_can_switch_the_passing_base_to_all_members() -> None:
    rules = rules_with_overrides({"representatives": {"base": "all"}, "villagers": {"notice_days": 7}})
    assert evaluate(vote("representatives", 30, 20, 11), DEFAULT_RULES).passed
    assert not evaluate(vote("representatives", 30, 20, 11), rules).passed  # 11 of 30 is not more than half
    assert evaluate(vote("representatives", 30, 20, 16), rules).passed
    assert evaluate(vote("villagers", 100, 60, 40, notice_days=7), rules).passed


def test_impossible_numbers_are_reported() -> None:
    v = Vote("representatives", DAY, DAY + dt.timedelta(days=1), 10, 12, 8, 3, 2)
    problems = inconsistencies(v)
    assert len(problems) == 3
