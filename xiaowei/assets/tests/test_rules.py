"""The pure rules of collective assets: the 2/3 decisions, terms, reserve price, rent schedule and the
lease flags. No database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaowei.assets import rules
from xiaowei.assets.models import Disposal
from xiaowei.assets.rules import Config, Vote

CONFIG = Config()
BEFORE = date(2025, 4, 20)  # before the 农村集体经济组织法 (2025-05-01)
AFTER = date(2025, 5, 1)


def vote(yes: int, *, kind: str = "representatives", passed: bool = True, held_on: date = BEFORE) -> Vote:
    return Vote(kind=kind, held_on=held_on, passed=passed, expected=30, votes_for=yes)


# --- 2/3 of all members or representatives ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "subkind", "to_outsider", "decided_on", "law"),
    [
        ("contracting", "farmland", True, BEFORE, "农村土地承包法第五十二条"),
        ("contracting", "forest", True, BEFORE, "农村土地承包法第五十二条"),
        ("lease", "construction_land", False, BEFORE, "土地管理法第六十三条"),
        ("transfer", "construction_land", False, BEFORE, "土地管理法第六十三条"),
        ("lease", "farmland", False, AFTER, "农村集体经济组织法"),
        ("lease", "building", False, date(2026, 3, 1), "农村集体经济组织法"),
    ],
)
def test_two_thirds_required(mode: str, subkind: str, to_outsider: bool, decided_on: date, law: str) -> None:
    assert law in (rules.two_thirds_required(mode, subkind, to_outsider, decided_on) or "")


@pytest.mark.parametrize(
    ("mode", "subkind", "to_outsider"),
    [
        ("contracting", "farmland", False),  # to members of the collective
        ("lease", "farmland", False),
        ("lease", "building", False),
        ("contracting", "building", True),  # not land: 土地承包法 Art. 52 does not apply
    ],
)
def test_ordinary_rules_before_the_collective_law(mode: str, subkind: str, to_outsider: bool) -> None:
    assert rules.two_thirds_required(mode, subkind, to_outsider, date(2025, 4, 30)) is None
    assert (
        rules.decision_problems(
            vote(16), mode=mode, subkind=subkind, to_outsider=to_outsider, decided_on=BEFORE
        )
        == []
    )


def test_two_thirds_of_all_is_inclusive() -> None:
    kw: dict[str, Any] = {
        "mode": "contracting",
        "subkind": "farmland",
        "to_outsider": True,
        "decided_on": BEFORE,
    }
    assert rules.decision_problems(vote(20), **kw) == []  # exactly 2/3 of 30
    (problem,) = rules.decision_problems(vote(19), **kw)
    assert "应到 30 人的三分之二以上" in problem and "赞成只有 19 人" in problem
    assert "农村土地承包法第五十二条" in problem


def test_from_2025_05_01_every_disposal_needs_two_thirds() -> None:
    kw: dict[str, Any] = {"mode": "lease", "subkind": "building", "to_outsider": False}
    assert rules.decision_problems(vote(19), decided_on=date(2025, 4, 30), **kw) == []
    (problem,) = rules.decision_problems(vote(19), decided_on=AFTER, **kw)
    assert "农村集体经济组织法" in problem
    assert rules.decision_problems(vote(20), decided_on=AFTER, **kw) == []


def test_wrong_meeting_failed_vote_and_late_meeting() -> None:
    kw: dict[str, Any] = {"mode": "lease", "subkind": "building", "to_outsider": False, "decided_on": BEFORE}
    assert rules.decision_problems(vote(30, kind="two_committees"), **kw) == [
        "资产处置须由村民会议、村民代表会议或成员（代表）大会决定"
    ]
    for kind in rules.PROPERTY_MEETINGS:
        assert rules.decision_problems(vote(30, kind=kind), **kw) == []
    assert rules.decision_problems(vote(30, passed=False), **kw) == ["所引用的会议决议未通过"]
    assert rules.decision_problems(vote(30, held_on=date(2025, 4, 21)), **kw) == ["决议日期晚于处置登记日期"]


# --- terms ----------------------------------------------------------------------------------------------


def test_lease_term_is_at_most_20_years() -> None:
    assert rules.term_problems(CONFIG, "lease", 20) == []
    (problem,) = rules.term_problems(CONFIG, "lease", 21)
    assert "不得超过 20 年" in problem and "民法典第七百零五条" in problem


def test_contracting_term_cap_and_missing_terms() -> None:
    assert rules.term_problems(CONFIG, "contracting", 30) == []
    assert "不得超过 30 年（县级配置）" in rules.term_problems(CONFIG, "contracting", 31)[0]
    assert rules.term_problems(Config(max_contracting_years=15), "contracting", 16) != []
    assert rules.term_problems(CONFIG, "lease", None) == ["出租须写明期限（年）"]
    assert rules.term_problems(CONFIG, "contracting", 0) == ["发包须写明期限（年）"]
    assert rules.term_problems(CONFIG, "transfer", None) == []


def test_parse_config() -> None:
    assert rules.parse_config(None) == CONFIG
    assert rules.parse_config({"min_notice_days": 10}).min_notice_days == 10
    with pytest.raises(ValueError, match="民法典第七百零五条"):
        rules.parse_config({"max_lease_years": 21})
    with pytest.raises(ValueError, match="未知项：lease_years"):
        rules.parse_config({"lease_years": 5})
    with pytest.raises(ValueError, match="非负整数"):
        rules.parse_config({"arrears_grace_days": -1})


def test_the_models_mode_names_are_the_rules_names() -> None:
    # procurement.from_disposals names a disposal's mode by get_mode_display() (it does not import assets)
    assert dict(Disposal.Mode.choices) == rules.MODES


# --- reserve price --------------------------------------------------------------------------------------


def test_award_problems() -> None:
    assert rules.award_problems(100_000, [120_000, 110_000], 120_000) == []
    assert rules.award_problems(100_000, [120_000, 110_000], 110_000) == ["成交价应为不低于底价的最高报价"]
    (below,) = rules.award_problems(100_000, [90_000], 90_000)
    assert below == "成交价 900.00 元低于底价 1000.00 元，不得成交"
    assert rules.award_problems(100_000, [100_000], 100_000) == []  # at the reserve is allowed


# --- rent schedule --------------------------------------------------------------------------------------


def test_rent_schedule_annual_in_advance() -> None:
    assert rules.rent_schedule(date(2025, 7, 1), date(2028, 7, 1), 1_200_000) == [
        (date(2025, 7, 1), 1_200_000),
        (date(2026, 7, 1), 1_200_000),
        (date(2027, 7, 1), 1_200_000),
    ]


def test_rent_schedule_last_part_year_is_pro_rata_by_days() -> None:
    # 2026-01-01 → 2026-07-01 is 181 of 365 days
    assert rules.rent_schedule(date(2025, 1, 1), date(2026, 7, 1), 36_500) == [
        (date(2025, 1, 1), 36_500),
        (date(2026, 1, 1), 18_100),
    ]
    # rounded to the fen
    assert rules.rent_schedule(date(2025, 1, 1), date(2025, 1, 2), 100) == [(date(2025, 1, 1), 0)]
    assert rules.rent_schedule(date(2025, 1, 1), date(2025, 1, 1), 100) == []


def test_rent_schedule_from_29_february_keeps_to_the_term() -> None:
    # a 4-year lease from 2024-02-29 ends on 2028-02-28 (the services pass the day after, exclusive):
    # exactly four full years of rent, no extra one-day part at the end
    end = rules.add_years(date(2024, 2, 29), 4)
    assert end == date(2028, 2, 29)
    assert rules.rent_schedule(date(2024, 2, 29), end, 36_600) == [
        (date(2024, 2, 29), 36_600),
        (date(2025, 2, 28), 36_600),
        (date(2026, 2, 28), 36_600),
        (date(2027, 2, 28), 36_600),
    ]
    assert rules.add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


# --- arrears and expiry ---------------------------------------------------------------------------------

DUES = [(date(2025, 7, 1), 100_000), (date(2026, 7, 1), 100_000)]
END = date(2027, 6, 30)


def test_arrears_only_after_the_grace_period() -> None:
    within = rules.lease_status(CONFIG, dues=DUES, received_fen=0, end_on=END, today=date(2025, 7, 30))
    assert (within.due_fen, within.arrears_fen, within.flags) == (0, 0, ())
    late = rules.lease_status(CONFIG, dues=DUES, received_fen=0, end_on=END, today=date(2025, 7, 31))
    assert (late.due_fen, late.arrears_fen) == (100_000, 100_000)
    assert late.flags == ("欠缴租金 1000.00 元",)
    paid = rules.lease_status(CONFIG, dues=DUES, received_fen=100_000, end_on=END, today=date(2026, 7, 30))
    assert (paid.arrears_fen, paid.flags) == (0, ())
    second = rules.lease_status(CONFIG, dues=DUES, received_fen=100_000, end_on=END, today=date(2026, 8, 1))
    assert (second.due_fen, second.arrears_fen) == (200_000, 100_000)
    # paying ahead never shows as negative arrears
    ahead = rules.lease_status(CONFIG, dues=DUES, received_fen=200_000, end_on=END, today=date(2025, 8, 1))
    assert ahead.arrears_fen == 0


def test_expiry_warning_and_expired() -> None:
    def flags(today: date, config: Config = CONFIG) -> tuple[str, ...]:
        return rules.lease_status(
            config, dues=[], received_fen=0, end_on=date(2026, 6, 30), today=today
        ).flags

    assert flags(date(2025, 12, 31)) == ()  # 181 days left: one day too early for the warning
    assert flags(date(2026, 1, 1)) == ("180 天后到期：应启动重新公开处置",)
    assert flags(date(2026, 6, 30)) == ("0 天后到期：应启动重新公开处置",)
    assert flags(date(2026, 7, 1)) == ("合同已到期：须重新公开处置，不得私下续租",)
    assert flags(date(2025, 12, 1), Config(expiry_warning_days=365)) == ("211 天后到期：应启动重新公开处置",)
