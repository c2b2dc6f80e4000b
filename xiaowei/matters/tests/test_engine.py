"""The step engine on its own (no database): every refusal kind, and every catalogue chart's happy path."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from xiaowei.catalog.charts import Flowchart, parse_item
from xiaowei.catalog.files import read_catalog
from xiaowei.catalog.quorum import DEFAULT_RULES, Vote
from xiaowei.matters.engine import Attempt, Matter, ResolutionFacts

START = dt.date(2026, 3, 2)

CHART = parse_item(
    {
        "code": "T01",
        "category": "major_decision",
        "name": "测试事项",
        "flowcharts": [
            {
                "code": "T01-1",
                "name": "测试流程",
                "attributes": [
                    {"key": "amount", "label": "金额", "type": "money", "required": True},
                    {"key": "property_disposal", "label": "处分集体财产", "type": "bool"},
                ],
                "steps": [
                    {
                        "key": "propose",
                        "name": "提议",
                        "role": "village_cadre",
                        "meeting": "party_branch",
                        "deadline_days": 10,
                    },
                    {
                        "key": "decide",
                        "name": "决议",
                        "role": "village_cadre",
                        "documents": ["minutes"],
                        "meeting": {
                            "kind": "representatives",
                            "strict_when": {"attr": "property_disposal", "eq": True},
                        },
                        "when": {"attr": "amount", "gte": 50000},
                    },
                    {
                        "key": "council",
                        "name": "议事会决议",
                        "role": "village_cadre",
                        "meeting": "council",
                        "resolution": True,
                        "when": {"attr": "amount", "lt": 50000},
                    },
                    {
                        "key": "publish",
                        "name": "决议公开",
                        "role": "village_cadre",
                        "publicity_days": 7,
                        "signoffs": ["village_committee"],
                        "publishes": True,
                    },
                    {
                        "key": "review",
                        "name": "乡镇审核",
                        "role": "township_agency",
                        "documents": ["review_opinion"],
                    },
                ],
            }
        ],
    }
).flowcharts[0]


def matter(amount_yuan: int, **attrs: Any) -> Matter:
    return Matter(CHART, {"amount": amount_yuan * 100, **attrs}, START, rules=dict(DEFAULT_RULES))


def passing(kind: str, on: dt.date, expected: int = 21) -> Vote:
    return Vote(kind, on, on - dt.timedelta(days=15), expected, expected, expected, 0, 0)


def attempt(key: str, on: dt.date, **kw: Any) -> Attempt:
    kw.setdefault("actor_roles", frozenset({"village_cadre"}))
    return Attempt(key, on, **kw)


def kinds(refusals: list[Any]) -> list[str]:
    return [r.kind for r in refusals]


def test_conditions_choose_the_branch() -> None:
    assert [s.key for s in matter(80000).plan()] == ["propose", "decide", "publish", "review"]
    assert [s.key for s in matter(20000).plan()] == ["propose", "council", "publish", "review"]
    assert [s.key for s in matter(50000).plan()] == ["propose", "decide", "publish", "review"]  # band edge


def test_a_step_cannot_be_skipped_or_repeated() -> None:
    m = matter(80000)
    r = m.check(
        attempt("decide", START, documents=frozenset({"minutes"}), vote=passing("representatives", START))
    )
    assert kinds(r) == ["skipped"]
    assert "应先完成“提议”" in r[0].message
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    assert kinds(m.check(attempt("propose", START, vote=passing("party_branch", START)))) == ["skipped"]
    assert kinds(m.check(attempt("council", START))) == ["not_applicable"]
    assert kinds(m.check(attempt("nonsense", START))) == ["not_applicable"]


def test_the_wrong_role_is_refused() -> None:
    m = matter(80000)
    r = m.check(
        attempt(
            "propose",
            START,
            actor_roles=frozenset({"village_accountant"}),
            vote=passing("party_branch", START),
        )
    )
    assert kinds(r) == ["wrong_role"]
    assert "村干部" in r[0].message


def test_missing_evidence_names_what_is_missing() -> None:
    m = matter(80000)
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    r = m.check(attempt("decide", START))
    assert sorted(kinds(r)) == ["missing_evidence", "missing_evidence"]
    assert any("会议记录" in x.message for x in r)
    r = m.check(
        attempt("decide", START, documents=frozenset({"minutes"}), vote=passing("party_branch", START))
    )
    assert kinds(r) == ["wrong_meeting"]


def test_a_failed_vote_is_refused_with_the_rule() -> None:
    m = matter(80000)
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    lost = Vote("representatives", START, None, 30, 20, 10, 10, 0)  # a tie among those present
    r = m.check(attempt("decide", START, documents=frozenset({"minutes"}), vote=lost))
    assert kinds(r) == ["quorum_failed"]
    assert "超过半数" in r[0].message


def test_property_disposal_switches_to_two_thirds_of_all() -> None:
    m = matter(80000, property_disposal=True)
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    v = Vote("representatives", START, None, 30, 25, 19, 6, 0)  # 19 < 20 = 2/3 of 30
    assert kinds(m.check(attempt("decide", START, documents=frozenset({"minutes"}), vote=v))) == [
        "quorum_failed"
    ]
    v = Vote("representatives", START, None, 30, 25, 20, 5, 0)
    assert m.check(attempt("decide", START, documents=frozenset({"minutes"}), vote=v)) == []


def test_a_resolution_must_be_cited_valid_and_cover_the_amount() -> None:
    m = matter(20000)
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    council = passing("council", START)
    assert kinds(m.check(attempt("council", START, vote=council))) == ["missing_resolution"]
    old = ResolutionFacts("annual", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert kinds(m.check(attempt("council", START, vote=council, resolution=old))) == ["missing_resolution"]
    capped = ResolutionFacts(
        "authorization", dt.date(2026, 1, 1), dt.date(2026, 12, 31), amount_cap_fen=1_000_000
    )
    r = m.check(attempt("council", START, vote=council, resolution=capped))
    assert kinds(r) == ["missing_resolution"] and "超出授权上限 10,000.00 元" in r[0].message
    good = ResolutionFacts("annual", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert m.check(attempt("council", START, vote=council, resolution=good)) == []


def test_publicity_must_be_long_enough_and_over_before_the_next_step() -> None:
    m = matter(80000)
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    m.record(
        attempt("decide", START, documents=frozenset({"minutes"}), vote=passing("representatives", START))
    )
    signed = frozenset({"village_committee"})
    six_days = (START, START + dt.timedelta(days=5))
    r = m.check(attempt("publish", START, publicity=six_days, signed_roles=signed))
    assert kinds(r) == ["publicity_too_short"] and "公示 6 天，少于规定的 7 天" in r[0].message
    assert kinds(m.check(attempt("publish", START, publicity=(START, START + dt.timedelta(days=6))))) == [
        "missing_signoff"
    ]
    m.record(attempt("publish", START, publicity=(START, START + dt.timedelta(days=6)), signed_roles=signed))
    township = frozenset({"township_agency"})
    too_soon = attempt(
        "review", START + dt.timedelta(days=6), actor_roles=township, documents=frozenset({"review_opinion"})
    )
    assert kinds(m.check(too_soon)) == ["publicity_not_over"]
    later = attempt(
        "review", START + dt.timedelta(days=7), actor_roles=township, documents=frozenset({"review_opinion"})
    )
    assert m.check(later) == []
    m.record(later)
    assert m.finished
    assert kinds(m.check(later)) == ["finished"]


def test_dates_cannot_go_backwards() -> None:
    m = matter(80000)
    assert kinds(
        m.check(attempt("propose", START - dt.timedelta(days=1), vote=passing("party_branch", START)))
    ) == ["date_order"]


def test_overdue_is_counted_from_the_previous_step() -> None:
    m = matter(80000)
    assert m.due_on() == START + dt.timedelta(days=10)
    assert not m.is_overdue(START + dt.timedelta(days=10))
    assert m.is_overdue(START + dt.timedelta(days=11))
    m.record(attempt("propose", START, vote=passing("party_branch", START)))
    assert m.due_on() is None  # the next step has no deadline


# --- Every chart of the real catalogue runs from start to finish ----------------------------------

_, ITEMS = read_catalog()
CHARTS = [(item.code, chart) for item in ITEMS for chart in item.flowcharts]


def _candidate_attrs(chart: Flowchart) -> list[dict[str, Any]]:
    """Attribute sets covering each branch: amounts across every band, each bool and each choice."""
    options: list[list[tuple[str, Any]]] = []
    for a in chart.attributes:
        if a.type == "money":
            options.append([(a.key, y * 100) for y in (800, 20_000, 60_000, 150_000, 800_000, 5_000_000)])
        elif a.type == "bool":
            options.append([(a.key, False), (a.key, True)])
        elif a.type == "choice":
            options.append([(a.key, k) for k, _ in a.choices])
        elif a.type == "int":
            options.append([(a.key, 3)])
        else:
            options.append([(a.key, "测试")])
    return [dict(combo) for combo in itertools.product(*options)] or [{}]


def _satisfying_attempt(m: Matter, on: dt.date) -> Attempt:
    step = m.next_step()
    assert step is not None
    vote = None
    if step.meeting:
        vote = Vote(step.meeting.kind, on, on - dt.timedelta(days=30), 30, 30, 30, 0, 0)
    return Attempt(
        step.key,
        on,
        actor_roles=frozenset(step.roles),
        documents=frozenset(step.documents),
        vote=vote,
        resolution=ResolutionFacts("annual", on.replace(month=1, day=1), on.replace(month=12, day=31)),
        publicity=(on, on + dt.timedelta(days=step.publicity_days - 1)) if step.publicity_days else None,
        signed_roles=frozenset(step.signoffs),
    )


def test_the_catalogue_has_28_items_and_32_charts() -> None:
    assert len(ITEMS) == 28
    assert len(CHARTS) == 32
    counts = {c: sum(1 for i in ITEMS if i.category == c) for c in ("major_decision", "routine", "service")}
    assert counts == {"major_decision": 10, "routine": 3, "service": 15}


@pytest.mark.parametrize(("item_code", "chart"), CHARTS, ids=[c.code for _, c in CHARTS])
def test_every_chart_runs_to_the_end_on_every_branch(item_code: str, chart: Flowchart) -> None:
    from xiaowei.matters.engine import holds

    money = {a.key for a in chart.attributes if a.type == "money"}
    runs = 0
    for attrs in _candidate_attrs(chart):
        if not holds(chart.applies_when, attrs, money, {}):
            continue
        m = Matter(chart, attrs, START, rules=dict(DEFAULT_RULES))
        on = START
        for _ in range(len(chart.steps)):
            if m.finished:
                break
            a = _satisfying_attempt(m, on)
            assert m.check(a) == [], (chart.code, attrs, a.step_key)
            done = m.record(a)
            on = (done.publicity_end or on) + dt.timedelta(days=1)
        assert m.finished, (chart.code, attrs)
        assert any(s.publishes for s in m.plan()), f"{chart.code} publishes nothing for {attrs}"
        runs += 1
    assert runs, f"no attribute set selects {chart.code}"
