"""The test county and its people: a small region tree, users with one role each, and a persona for every
role (with regions that make a good scope test for it). Fixtures registered by the root conftest.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pytest

from xiaowei.accounts.models import User
from xiaowei.accounts.services import do_create_user
from xiaowei.regions.models import Region
from xiaowei.regions.roles import ROLE_CODES, Role
from xiaowei.regions.services import RegionRow, do_import_regions

PASSWORD = "correct-horse-battery"

# 湖南省 43 › 娄底市 4313 › 涟源市 431382 (+ sibling county 冷水江市 431381)
#   桥头河镇 431382105 › 甲村 431382105201 (› 一组 …201001), 乙村 431382105202
#   七星街镇 431382106 › 丙村 431382106201

COUNTY, OTHER_COUNTY = "431382", "431381"
TOWN_A, TOWN_B = "431382105", "431382106"
VILLAGE_A, VILLAGE_A2, VILLAGE_B = "431382105201", "431382105202", "431382106201"

TREE = [
    ("43", "湖南省"),
    ("4313", "娄底市"),
    (COUNTY, "涟源市"),
    (OTHER_COUNTY, "冷水江市"),
    (TOWN_A, "桥头河镇"),
    (TOWN_B, "七星街镇"),
    ("431381100", "禾青镇"),
    (VILLAGE_A, "甲村"),
    (VILLAGE_A + "001", "一组"),
    (VILLAGE_A2, "乙村"),
    (VILLAGE_B, "丙村"),
]


@dataclass(frozen=True)
class Persona:
    """A user holding one role, with the regions that make a good scope test for that role."""

    user: User
    role: str
    own: str  # the region the role is held on
    sibling: str  # a region at the same level, outside the role's cover
    parent: str  # the region above, outside the role's cover


def _sibling_and_parent(code: str) -> tuple[str, str]:
    return {
        VILLAGE_A: (VILLAGE_B, TOWN_A),
        TOWN_A: (TOWN_B, COUNTY),
        COUNTY: (OTHER_COUNTY, "4313"),
    }[code]


HOME_OF_ROLE: dict[str, str] = {
    Role.VILLAGE_CADRE: VILLAGE_A,
    Role.VILLAGE_ACCOUNTANT: VILLAGE_A,
    Role.VILLAGE_COMMITTEE: VILLAGE_A,
    Role.TOWNSHIP_DISCIPLINE: TOWN_A,
    Role.TOWNSHIP_AGENCY: TOWN_A,
    Role.TOWNSHIP_FINANCE: TOWN_A,
    Role.TOWNSHIP_PLANNING: TOWN_A,
    Role.TOWNSHIP_CIVIL: TOWN_A,
    Role.SECTOR_DEPARTMENT: COUNTY,
    Role.COUNTY_SUPERVISOR: COUNTY,
    Role.ADMIN: COUNTY,
}


class MakeUser(Protocol):
    """The `make_user` fixture: a user holding ``role`` on ``region`` (by default the role's home)."""

    def __call__(self, role: str, region: str | None = None, username: str | None = None) -> User: ...


@pytest.fixture
def tree(db: None) -> dict[str, Region]:
    rows = [RegionRow(i + 1, code, name) for i, (code, name) in enumerate(TREE)]
    do_import_regions(rows, actor=None, source="tests")
    return {r.code: r for r in Region.objects.all()}


@pytest.fixture
def make_user(tree: dict[str, Region]) -> MakeUser:
    def make(role: str, region: str | None = None, username: str | None = None) -> User:
        return do_create_user(
            username or f"u_{role}",
            password=PASSWORD,
            role=role,
            region=Region.objects.get(code=region or HOME_OF_ROLE[role]),
            actor=None,
        )

    return make


@pytest.fixture(params=sorted(ROLE_CODES))
def persona(request: pytest.FixtureRequest, make_user: MakeUser) -> Persona:
    role = request.param
    own = HOME_OF_ROLE[role]
    sibling, parent = _sibling_and_parent(own)
    return Persona(make_user(role), role, own, sibling, parent)
