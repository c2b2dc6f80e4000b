"""Quorum and passing rules of village meetings (四议两公开), pure Python.

Sources (docs/domain-notes.md §2.2–2.3): 村民委员会组织法 Art. 21–28; 农村集体经济组织法 Art.
27–28; 农村土地承包法 Art. 52; 土地管理法 Art. 63. Marked [INF] where no source fixes the number; every
number is a default that a county can override (catalog settings, key "meeting_rules").

Ratios are exact fractions: "more than half" is strict (> 1/2, so a tie fails); "at least two thirds"
is inclusive (exactly 2/3 passes, one fewer fails).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

MEETING_KINDS = {
    "party_branch": "党支部会",
    "two_committees": "两委会",
    "party_members": "党员大会",
    "villagers": "村民会议",
    "representatives": "村民代表会议",
    "council": "村民议事会",
    "members": "成员大会",
    "member_representatives": "成员代表大会",
    "group": "村民小组会议",
}


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int
    strict: bool  # True: more than num/den; False: at least num/den

    def met(self, part: int, whole: int) -> bool:
        if whole <= 0:
            return False
        return part * self.den > whole * self.num if self.strict else part * self.den >= whole * self.num

    def describe(self) -> str:
        words = {(1, 2): "半数", (2, 3): "三分之二", (4, 5): "五分之四"}
        name = words.get((self.num, self.den), f"{self.num}/{self.den}")
        return f"超过{name}" if self.strict else f"{name}以上"


HALF = Ratio(1, 2, strict=True)
TWO_THIRDS = Ratio(2, 3, strict=False)


@dataclass(frozen=True)
class MeetingRule:
    quorum: Ratio  # of the members who should attend (应到)
    passing: Ratio  # of `base`
    base: str  # "present" (实到) or "all" (应到)
    notice_days: int = 0  # the notice must go out at least this many days before the meeting


DEFAULT_RULES: dict[str, MeetingRule] = {
    # [INF] branch and joint meetings: a majority present, decided by a majority of those present.
    "party_branch": MeetingRule(HALF, HALF, "present"),
    "two_committees": MeetingRule(HALF, HALF, "present"),
    # 党员大会: at least 2/3 of members attend; more than half of those who should attend agree.
    "party_members": MeetingRule(TWO_THIRDS, HALF, "all", notice_days=3),
    # 村民会议 (Art. 22): more than half of adult villagers; more than half of those present; 10 days' notice.
    "villagers": MeetingRule(HALF, HALF, "present", notice_days=10),
    # 村民代表会议 (Art. 26): at least 2/3 of members; more than half of those present.
    "representatives": MeetingRule(TWO_THIRDS, HALF, "present"),
    # [INF] 村民议事会: as the representatives' meeting.
    "council": MeetingRule(TWO_THIRDS, HALF, "present"),
    # 成员大会 (集体经济组织法 Art. 27): 2/3 present, 2/3 of ALL members agree, 10 days' notice.
    "members": MeetingRule(TWO_THIRDS, TWO_THIRDS, "all", notice_days=10),
    # 成员代表大会 (Art. 28): 2/3 of all representatives.
    "member_representatives": MeetingRule(TWO_THIRDS, TWO_THIRDS, "all"),
    # 村民小组会议 (Art. 28): 2/3 of the group's adults; more than half of those present.
    "group": MeetingRule(TWO_THIRDS, HALF, "present"),
}

# Collective property (leasing or selling collective land and assets, contracting land to outsiders):
# 2/3 of all members or representatives must agree (土地承包法 Art. 52, 土地管理法 Art. 63, 集体经济组织法
# Art. 27–28 applied by analogy, Art. 64).
STRICT_PASSING = Ratio(2, 3, strict=False)


def rules_with_overrides(overrides: dict[str, Any] | None) -> dict[str, MeetingRule]:
    """Apply a county's overrides, e.g. {"representatives": {"base": "all"}} or
    {"villagers": {"notice_days": 7}, "council": {"quorum": [2, 3, false]}}."""
    rules = dict(DEFAULT_RULES)
    for kind, changes in (overrides or {}).items():
        if kind not in rules or not isinstance(changes, dict):
            continue
        fields: dict[str, Any] = {}
        for name in ("quorum", "passing"):
            if name in changes:
                num, den, strict = changes[name]
                fields[name] = Ratio(int(num), int(den), bool(strict))
        if changes.get("base") in ("present", "all"):
            fields["base"] = changes["base"]
        if "notice_days" in changes:
            fields["notice_days"] = int(changes["notice_days"])
        rules[kind] = replace(rules[kind], **fields)
    return rules


@dataclass(frozen=True)
class Vote:
    kind: str
    held_on: dt.date
    notice_on: dt.date | None
    expected: int  # 应到
    present: int  # 实到
    yes: int
    no: int
    abstain: int


@dataclass(frozen=True)
class VoteResult:
    passed: bool
    reasons: tuple[str, ...]  # why it failed (empty when it passed)
    rule: MeetingRule


def inconsistencies(v: Vote) -> list[str]:
    """Numbers that cannot all be true: a clear input error, not a failed vote."""
    problems = []
    if min(v.expected, v.present, v.yes, v.no, v.abstain) < 0:
        problems.append("人数不能为负数")
    if v.present > v.expected:
        problems.append(f"实到 {v.present} 人多于应到 {v.expected} 人")
    if v.yes + v.no + v.abstain > v.present:
        problems.append(f"赞成、反对、弃权合计 {v.yes + v.no + v.abstain} 票，多于实到 {v.present} 人")
    if v.notice_on and v.notice_on > v.held_on:
        problems.append("通知日期晚于会议日期")
    return problems


def evaluate(v: Vote, rules: dict[str, MeetingRule], *, strict_property: bool = False) -> VoteResult:
    """Did the meeting reach its quorum, give enough notice, and pass the motion?"""
    rule = rules[v.kind]
    if strict_property and v.kind in ("villagers", "representatives", "members", "member_representatives"):
        rule = replace(rule, passing=STRICT_PASSING, base="all")
    name = MEETING_KINDS[v.kind]
    reasons = []
    if not rule.quorum.met(v.present, v.expected):
        reasons.append(
            f"{name}应到 {v.expected} 人、实到 {v.present} 人，未达到法定人数（须{rule.quorum.describe()}）"
        )
    if rule.notice_days:
        if v.notice_on is None:
            reasons.append(f"{name}须提前 {rule.notice_days} 天通知，未填写通知日期")
        elif (v.held_on - v.notice_on).days < rule.notice_days:
            reasons.append(
                f"{name}须提前 {rule.notice_days} 天通知，实际只提前了 {(v.held_on - v.notice_on).days} 天"
            )
    base = v.present if rule.base == "present" else v.expected
    base_name = "实到人数" if rule.base == "present" else "应到人数"
    if not rule.passing.met(v.yes, base):
        reasons.append(
            f"赞成 {v.yes} 票，未达到{base_name} {base} 的{rule.passing.describe()}"
            + ("（涉及集体财产处置，适用三分之二规则）" if strict_property else "")
        )
    return VoteResult(passed=not reasons, reasons=tuple(reasons), rule=rule)
