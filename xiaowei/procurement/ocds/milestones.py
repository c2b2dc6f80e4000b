"""The milestones the adapters add by name: a 4+X body's sign-off of a stage and the acceptance (验收)."""

from __future__ import annotations

from xiaowei.procurement.ocds.types import Milestone, When
from xiaowei.procurement.ocds.vocabulary import SIGNOFF_STAGES, SUPERVISORS
from xiaowei.regions.roles import Body


def signoff(
    stage: str, body: Body, when: When, *, status: str = "met", department: str | None = None
) -> Milestone:
    """A 4+X sign-off: ``stage`` in SIGNOFF_STAGES, ``body`` in SUPERVISORS (``department`` names the X)."""
    if stage not in SIGNOFF_STAGES:
        raise ValueError(f"未知的监督环节“{stage}”（应为{'、'.join(SIGNOFF_STAGES)}之一）")
    if body not in SUPERVISORS:
        names = "、".join(s.name for s in SUPERVISORS.values())
        raise ValueError(f"未知的监督部门“{body}”（4+X：{names}）")
    name, code = SUPERVISORS[body]
    who = f"{name}（{department}）" if department else name
    return Milestone(
        id=f"4x-{SIGNOFF_STAGES[stage]}-{code}",
        title=f"{stage}：{who}签字",
        when=when,
        status=status,
        type="approval",
        code=f"4x-{code}",
        description=f"「4+X」联合监督：{who}对{stage}环节签署意见",
    )


def acceptance(
    when: When, *, title: str = "竣工验收", status: str = "met", note: str | None = None
) -> Milestone:
    """验收 as an assessment milestone (行业主管部门 leads; 村务监督委员会 and villagers sign)."""
    return Milestone(
        id="acceptance",
        title=title,
        when=when,
        status=status,
        type="assessment",
        code="acceptance",
        description=note,
    )
