from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    code: str = Field(description="稳定的错误代码，例如 not_found、forbidden、invalid")
    message: str = Field(description="中文说明")


class RegionBrief(Schema):
    code: str
    name: str
    level: str = Field(description="province / city / county / township / village / group")


class RegionOut(RegionBrief):
    parent: str | None = Field(None, description="上级区划代码")
    children: list[RegionBrief]


class MembershipOut(Schema):
    role: str
    role_name: str
    region: RegionBrief
    permissions: list[str]


class MeOut(Schema):
    username: str
    display_name: str
    memberships: list[MembershipOut]


class ProfileIn(Schema):
    intro: str | None = Field(None, max_length=2000)
    office_address: str | None = Field(None, max_length=200)
    office_hours: str | None = Field(None, max_length=100)
    board_location: str | None = Field(None, max_length=200)


class ProfileOut(Schema):
    code: str
    name: str
    intro: str
    office_address: str
    office_hours: str
    board_location: str


class AuditEventOut(Schema):
    id: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    region_code: str
    before: Any = None
    after: Any = None
    origin: str


class AuditPage(Schema):
    count: int
    results: list[AuditEventOut]


class WorkspaceOut(RegionOut):
    profile: ProfileOut
    permissions: list[str]


class LegalRefOut(Schema):
    law: str
    article: str


class PolicyDocOut(Schema):
    title: str
    number: str


class StepOut(Schema):
    key: str
    name: str
    roles: list[str]
    role_names: list[str]
    meeting: str | None
    meeting_name: str | None
    strict_property_rule: bool
    documents: list[str]
    document_names: list[str]
    signoffs: list[str]
    resolution: bool
    publicity_days: int
    deadline_days: int
    publishes: bool
    outcome: bool
    condition: str | None = Field(None, description="该步骤适用的条件（为空时总是适用）")
    note: str


class ChoiceOut(Schema):
    value: str
    label: str


class AttributeOut(Schema):
    key: str
    label: str
    type: str
    required: bool
    choices: list[ChoiceOut]


class FlowchartOut(Schema):
    code: str
    name: str
    condition: str | None
    attributes: list[AttributeOut]
    steps: list[StepOut]
    url: str = Field(description="绘制该流程图的公开页面")


class PowerOut(Schema):
    code: str
    name: str
    category: str = Field(description="major_decision / routine / service")
    summary: str
    basis: list[LegalRefOut]
    documents: list[PolicyDocOut]
    executor: str
    supervisor: str
    risk_points: list[str]
    url: str = Field(description="该事项的公开页面")
    version: int
    effective_from: dt.date
    flowcharts: list[FlowchartOut]


class MatterIn(Schema):
    region: str = Field(description="村(社区)代码")
    item: str = Field(description="权力事项编号，如 D02")
    chart: str | None = Field(None, description="流程图编号；省略时按事项要素自动选择")
    title: str = Field(max_length=200)
    attributes: dict[str, str | int | bool] = Field(default_factory=dict, description="事项要素；金额以元计")
    started_on: dt.date | None = None


class StepIn(Schema):
    step: str
    occurred_on: dt.date
    meeting_id: int | None = None
    resolution_id: int | None = None
    document_ids: list[int] = Field(default_factory=list)
    publicity_start: dt.date | None = None
    publicity_end: dt.date | None = None
    note: str = Field("", max_length=2000)
    decision: str = Field("", description="作出结果的步骤：approved 或 refused")
    person_id: str = Field("", description="申请人身份证号（只存加密散列与脱敏形式）")


class SignoffIn(Schema):
    step: str
    role: str
    agreed: bool
    opinion: str = Field("", max_length=2000)


class MatterStepOut(Schema):
    seq: int
    key: str
    name: str
    occurred_on: dt.date
    actor: str
    actor_role: str
    meeting_id: int | None
    resolution_id: int | None
    document_ids: list[int]
    publicity_start: dt.date | None
    publicity_end: dt.date | None
    note: str
    decision: str
    published: bool


class MatterOut(Schema):
    id: int
    region: str
    region_name: str
    item: str
    item_name: str
    version: int
    chart: str
    chart_name: str
    title: str
    attributes: dict[str, Any]
    status: str = Field(description="open / finished / withdrawn")
    started_on: dt.date
    next_step: StepOut | None
    due_on: dt.date | None
    overdue: bool
    finished_on: dt.date | None
    steps: list[MatterStepOut] | None = None


class MeetingIn(Schema):
    region: str
    kind: str
    subject: str = Field(max_length=200)
    held_on: dt.date
    notice_on: dt.date | None = None
    expected: int = Field(ge=0)
    present: int = Field(ge=0)
    votes_for: int = Field(ge=0)
    votes_against: int = Field(ge=0)
    votes_abstain: int = Field(0, ge=0)
    attendees: str = ""
    minutes_id: int | None = None


class MeetingOut(Schema):
    id: int
    region_id: str
    kind: str
    subject: str
    held_on: dt.date
    expected: int
    present: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool
    reasons: list[str]


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    sha256: str
    size: int
