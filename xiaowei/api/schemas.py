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
