"""The step engine: given a flowchart, a matter's attributes and the steps done so far, decide what may
happen next, and refuse anything else with a Chinese message that names the rule.

Pure Python, no ORM (services translate rows into these values): easy to test on its own and the single
place where "a step cannot be skipped" is decided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xiaowei.catalog.charts import DOCUMENT_KINDS, Condition, Flowchart, Step
from xiaowei.catalog.quorum import MEETING_KINDS, MeetingRule, Vote, evaluate
from xiaowei.lib.money import yuan
from xiaowei.regions.roles import Role


class ConditionError(ValueError):
    pass


def _value(raw: Any, params: dict[str, Any]) -> Any:
    if isinstance(raw, str) and raw.startswith("@"):
        if raw[1:] not in params:
            raise ConditionError(f"参数 {raw[1:]} 未配置")
        return params[raw[1:]]
    return raw


def holds(cond: Condition | None, attrs: dict[str, Any], money: set[str], params: dict[str, Any]) -> bool:
    """Evaluate a condition. Money attributes are stored in fen and compared with values in yuan."""
    if cond is None:
        return True
    if cond.all:
        return all(holds(c, attrs, money, params) for c in cond.all)
    if cond.any:
        return any(holds(c, attrs, money, params) for c in cond.any)
    if cond.negate is not None:
        return not holds(cond.negate, attrs, money, params)
    actual = attrs.get(cond.attr)
    expected = _value(cond.value, params)
    if cond.attr in money and actual is not None:
        actual = Decimal(int(actual)) / 100
        expected = [Decimal(str(e)) for e in expected] if cond.op == "in" else Decimal(str(expected))
    if cond.op == "eq":
        return actual == expected
    if cond.op == "ne":
        return actual != expected
    if cond.op == "in":
        return actual in expected
    if actual is None:
        return False  # an absent number satisfies no comparison
    return {
        "lt": actual < expected,
        "lte": actual <= expected,
        "gt": actual > expected,
        "gte": actual >= expected,
    }[cond.op]


@dataclass(frozen=True)
class Done:
    """A step already recorded for the matter."""

    key: str
    occurred_on: dt.date
    publicity_end: dt.date | None = None


@dataclass(frozen=True)
class ResolutionFacts:
    kind: str  # annual / authorization
    valid_from: dt.date
    valid_until: dt.date
    amount_cap_fen: int | None = None


@dataclass
class Attempt:
    """What someone wants to record for a step, with the evidence they bring."""

    step_key: str
    occurred_on: dt.date
    actor_roles: frozenset[str]
    documents: frozenset[str] = frozenset()
    vote: Vote | None = None
    resolution: ResolutionFacts | None = None
    publicity: tuple[dt.date, dt.date] | None = None
    signed_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Refusal:
    kind: str  # skipped, not_applicable, finished, wrong_role, missing_evidence, wrong_meeting,
    #            quorum_failed (vote), publicity_too_short, publicity_not_over, missing_signoff,
    #            missing_resolution, date_order
    message: str


@dataclass
class Matter:
    """The engine's view of a matter: its chart, attributes, and what has been done."""

    chart: Flowchart
    attrs: dict[str, Any]
    started_on: dt.date
    done: list[Done] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, MeetingRule] = field(default_factory=dict)

    @property
    def money(self) -> set[str]:
        return {a.key for a in self.chart.attributes if a.type == "money"}

    def applies(self, step: Step) -> bool:
        return holds(step.when, self.attrs, self.money, self.params)

    def plan(self) -> list[Step]:
        """The steps this matter has to go through, in order (conditions decided)."""
        return [s for s in self.chart.steps if self.applies(s)]

    def next_step(self) -> Step | None:
        done = {d.key for d in self.done}
        return next((s for s in self.plan() if s.key not in done), None)

    @property
    def finished(self) -> bool:
        return self.next_step() is None

    def due_on(self) -> dt.date | None:
        """When the next step is due: its deadline counted from the previous step (or the start)."""
        step = self.next_step()
        if step is None or not step.deadline_days:
            return None
        since = self.done[-1].publicity_end or self.done[-1].occurred_on if self.done else self.started_on
        return since + dt.timedelta(days=step.deadline_days)

    def is_overdue(self, today: dt.date) -> bool:
        due = self.due_on()
        return due is not None and today > due

    def check(self, attempt: Attempt) -> list[Refusal]:
        """Every reason the attempt must be refused; an empty list means it may be recorded."""
        step_by_key = {s.key: s for s in self.chart.steps}
        step = step_by_key.get(attempt.step_key)
        if step is None:
            return [Refusal("not_applicable", f"流程图“{self.chart.name}”没有“{attempt.step_key}”这一步")]
        expected = self.next_step()
        if expected is None:
            return [Refusal("finished", "该事项的流程已经全部完成")]
        if not self.applies(step):
            return [
                Refusal(
                    "not_applicable",
                    f"“{step.name}”不适用于本事项（条件：{step.when.describe() if step.when else ''}）",
                )
            ]
        if step.key != expected.key:
            done = {d.key for d in self.done}
            if step.key in done:
                return [Refusal("skipped", f"“{step.name}”已经记录过；下一步应为“{expected.name}”")]
            return [Refusal("skipped", f"不能跳过步骤：应先完成“{expected.name}”，才能进行“{step.name}”")]

        refusals: list[Refusal] = []
        if not attempt.actor_roles & set(step.roles):
            names = "、".join(Role(r).label for r in step.roles)
            refusals.append(Refusal("wrong_role", f"“{step.name}”须由{names}记录"))
        if self.done:
            last = self.done[-1]
            if attempt.occurred_on < last.occurred_on:
                refusals.append(
                    Refusal("date_order", f"日期 {attempt.occurred_on} 早于上一步的日期 {last.occurred_on}")
                )
            if last.publicity_end and attempt.occurred_on <= last.publicity_end:
                refusals.append(
                    Refusal(
                        "publicity_not_over",
                        f"上一步的公示期到 {last.publicity_end} 才结束，公示期满后才能进行“{step.name}”",
                    )
                )
        elif attempt.occurred_on < self.started_on:
            refusals.append(
                Refusal("date_order", f"日期 {attempt.occurred_on} 早于事项开始日期 {self.started_on}")
            )
        missing = [d for d in step.documents if d not in attempt.documents]
        if missing:
            names = "、".join(DOCUMENT_KINDS[d] for d in missing)
            refusals.append(Refusal("missing_evidence", f"“{step.name}”缺少材料：{names}"))
        refusals += self._check_meeting(step, attempt)
        if step.resolution:
            refusals += self._check_resolution(step, attempt)
        if step.publicity_days:
            refusals += self._check_publicity(step, attempt)
        unsigned = [r for r in step.signoffs if r not in attempt.signed_roles]
        if unsigned:
            names = "、".join(Role(r).label for r in unsigned)
            refusals.append(Refusal("missing_signoff", f"“{step.name}”尚需{names}签署意见"))
        return refusals

    def _check_meeting(self, step: Step, attempt: Attempt) -> list[Refusal]:
        if step.meeting is None:
            return []
        wanted = MEETING_KINDS[step.meeting.kind]
        vote = attempt.vote
        if vote is None:
            return [Refusal("missing_evidence", f"“{step.name}”须附{wanted}的会议记录（人数与表决结果）")]
        if vote.kind != step.meeting.kind:
            return [
                Refusal("wrong_meeting", f"“{step.name}”须为{wanted}，所附会议是{MEETING_KINDS[vote.kind]}")
            ]
        strict = (
            holds(step.meeting.strict_when, self.attrs, self.money, self.params)
            if step.meeting.strict_when
            else False
        )
        result = evaluate(vote, self.rules, strict_property=strict)
        return [Refusal("quorum_failed", reason) for reason in result.reasons]

    def _check_resolution(self, step: Step, attempt: Attempt) -> list[Refusal]:
        r = attempt.resolution
        if r is None:
            return [
                Refusal("missing_resolution", f"“{step.name}”须引用村民(代表)会议的年度决议或对议事会的授权")
            ]
        if not r.valid_from <= attempt.occurred_on <= r.valid_until:
            return [
                Refusal(
                    "missing_resolution",
                    f"所引用的决议有效期为 {r.valid_from} 至 {r.valid_until}，不含 {attempt.occurred_on}",
                )
            ]
        amount = self.attrs.get("amount")
        if r.amount_cap_fen is not None and amount is not None and int(amount) > r.amount_cap_fen:
            return [
                Refusal(
                    "missing_resolution",
                    f"金额 {yuan(amount)} 元超出授权上限 {yuan(r.amount_cap_fen)} 元，须提交村民(代表)会议",
                )
            ]
        return []

    def _check_publicity(self, step: Step, attempt: Attempt) -> list[Refusal]:
        if attempt.publicity is None:
            return [
                Refusal(
                    "missing_evidence", f"“{step.name}”须填写公示起止日期（至少 {step.publicity_days} 天）"
                )
            ]
        start, end = attempt.publicity
        days = (end - start).days + 1
        if days < step.publicity_days:
            return [Refusal("publicity_too_short", f"公示 {days} 天，少于规定的 {step.publicity_days} 天")]
        if start < attempt.occurred_on:
            return [Refusal("date_order", f"公示开始日期 {start} 早于本步骤日期 {attempt.occurred_on}")]
        return []

    def record(self, attempt: Attempt) -> Done:
        """Append a checked attempt (callers check first; this refuses again to be safe)."""
        refusals = self.check(attempt)
        if refusals:
            raise ValueError(refusals[0].message)
        done = Done(
            attempt.step_key, attempt.occurred_on, attempt.publicity[1] if attempt.publicity else None
        )
        self.done.append(done)
        return done
