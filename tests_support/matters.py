"""Test fixtures for matters (a village with one user per role and the catalogue loaded), shared by the
matters, API and page tests through `pytest_plugins` in the root conftest.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests_support.county import VILLAGE_A, VILLAGE_B, MakeUser
from xiaowei.accounts.models import User
from xiaowei.catalog.files import read_catalog
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.services import do_load_catalog
from xiaowei.matters import services
from xiaowei.matters.models import Document, Matter, Meeting
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role

DAY = dt.date(2026, 4, 1)


@dataclass
class World:
    village: Region
    other_village: Region
    cadre: User
    committee: User
    agency: User
    finance: User
    civil: User
    sector: User
    accountant: User
    other_cadre: User

    def doc(self, kind: str, *, by: User | None = None, region: Region | None = None) -> Document:
        upload = SimpleUploadedFile(f"{kind}.txt", f"{kind} 的内容".encode(), content_type="text/plain")
        return services.do_upload_document(
            region or self.village, kind=kind, title=f"{kind}材料", upload=upload, actor=by or self.cadre
        )

    def meeting(
        self,
        kind: str,
        on: dt.date,
        *,
        expected: int = 30,
        present: int = 30,
        yes: int | None = None,
        notice_days: int = 15,
        region: Region | None = None,
    ) -> Meeting:
        yes = present if yes is None else yes
        return services.do_record_meeting(
            region or self.village,
            kind=kind,
            subject="议题",
            held_on=on,
            notice_on=on - dt.timedelta(days=notice_days),
            expected=expected,
            present=present,
            votes_for=yes,
            votes_against=present - yes,
            votes_abstain=0,
            actor=self.cadre,
        )

    def start(self, code: str, amount: str = "150000", **attrs: Any) -> Matter:
        return services.do_start_matter(
            self.village,
            PowerItem.objects.get(code=code),
            title=f"{code} 测试事项",
            attributes={"project_name": "组级道路硬化", "amount": amount, **attrs},
            started_on=DAY,
            actor=self.cadre,
        )

    def small_project(self, **step: Any) -> Matter:
        """A D02 project below 5 万 with its first step (两委会商议) recorded; ``step`` adds to that step."""
        m = self.start("D02", amount="8000")
        services.do_record_step(
            m,
            "deliberate",
            occurred_on=DAY,
            actor=self.cadre,
            meeting=self.meeting("two_committees", DAY),
            documents=[self.doc("proposal"), self.doc("minutes")],
            **step,
        )
        return m


@pytest.fixture
def world(tree: dict[str, Region], make_user: MakeUser) -> World:
    raw, _ = read_catalog()
    do_load_catalog(raw, effective_from=dt.date(2026, 1, 1), actor=None)
    return World(
        village=Region.objects.get(code=VILLAGE_A),
        other_village=Region.objects.get(code=VILLAGE_B),
        cadre=make_user(Role.VILLAGE_CADRE),
        committee=make_user(Role.VILLAGE_COMMITTEE),
        agency=make_user(Role.TOWNSHIP_AGENCY),
        finance=make_user(Role.TOWNSHIP_FINANCE),
        civil=make_user(Role.TOWNSHIP_CIVIL),
        sector=make_user(Role.SECTOR_DEPARTMENT),
        accountant=make_user(Role.VILLAGE_ACCOUNTANT),
        other_cadre=make_user(Role.VILLAGE_CADRE, region=VILLAGE_B, username="other_cadre"),
    )


def finish_matter(
    w: World, m: Matter, on: dt.date, *, person_id: str = "", decision: str = "approved"
) -> Matter:
    """Record every remaining step of ``m`` with the real services (sign-offs, meetings, publicity and
    documents as each step needs), the outcome step with ``decision`` and ``person_id``."""
    for _ in range(20):
        m.refresh_from_db()
        if not m.next_step_key:
            break
        step = m.chart.step(m.next_step_key)
        actor = {"village_cadre": w.cadre, "township_civil": w.civil, "sector_department": w.sector}[
            step.roles[0]
        ]
        for role in step.signoffs:
            services.do_sign_step(m, step.key, role=role, agreed=True, opinion="", actor=w.committee)
        kwargs: dict[str, Any] = {"decision": decision, "person_id": person_id} if step.outcome else {}
        meeting = w.meeting(step.meeting.kind, on) if step.meeting else None
        publicity = (on, on + dt.timedelta(days=step.publicity_days - 1)) if step.publicity_days else None
        services.do_record_step(
            m,
            step.key,
            occurred_on=on,
            actor=actor,
            meeting=meeting,
            publicity=publicity,
            documents=[w.doc(d, by=actor) for d in step.documents],
            **kwargs,
        )
        on = (publicity[1] if publicity else on) + dt.timedelta(days=1)
    m.refresh_from_db()
    return m
