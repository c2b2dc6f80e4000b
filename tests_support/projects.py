"""Test fixtures for projects and assets: the matters `world` plus the 4+X bodies, registered contractors
and a driver that takes a project through its stages with the real services. Shared through
`pytest_plugins` in the root conftest.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests_support.county import MakeUser
from tests_support.matters import World
from xiaowei.accounts.models import User
from xiaowei.lib.uscc import org_code_check_char, uscc_check_char
from xiaowei.procurement.categories import Category
from xiaowei.procurement.models import Contractor
from xiaowei.procurement.services import do_register_contractor
from xiaowei.projects import services
from xiaowei.projects.models import Project, ProjectEvent
from xiaowei.projects.rules import DEFAULT_SIGNOFFS, Stage, stages_for
from xiaowei.regions.roles import Body, Role

D = dt.date(2026, 3, 1)


def uscc(n: int, kind: str = "91") -> str:
    """A valid unified social credit code (GB 32100 check digits) registered in 涟源 (431382)."""
    org = f"MA4L{n:04d}"
    body = kind + "431382" + org + org_code_check_char(org)
    return body + uscc_check_char(body)


@dataclass
class ProjectWorld:
    w: World
    jiwei: User
    guihua: User
    contractors: list[Contractor]
    signers: dict[str, User] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # the matters world's users and helpers
        return getattr(self.w, name)

    def project(
        self, budget_yuan: int = 150_000, *, category: str = Category.WORKS, **changes: Any
    ) -> Project:
        meeting = changes.pop("meeting", None) or self.w.meeting("representatives", D)
        values: dict[str, Any] = {
            "region_code": self.w.village.code,
            "title": "组级道路硬化",
            "category": category,
            "project_type": "road",
            "year": 2026,
            "budget_fen": budget_yuan * 100,
            "funding_source": "村集体经济收入及上级奖补",
            "decision_meeting_id": meeting.pk,
            "approved_on": D + dt.timedelta(days=1),
            "actor": self.w.cadre,
        }
        values.update(changes)
        return services.do_create_project(**values)

    def sign(self, project: Project, stage: str, on: dt.date) -> None:
        for body in DEFAULT_SIGNOFFS[project.category].get(stage, []):
            services.do_sign_stage(
                project, stage=stage, agreed=True, opinion="同意", signed_on=on, actor=self.signers[body]
            )

    def advance(self, project: Project, until: str, *, cost_yuan: int | None = None) -> Project:
        """Take ``project`` through every stage up to and including ``until``, signing each one off."""
        day = D + dt.timedelta(days=2)
        order = stages_for(project.category)
        cost = (cost_yuan * 100) if cost_yuan else project.budget_fen
        for stage in order[1 : order.index(until) + 1]:
            previous = order[order.index(stage) - 1]
            self.sign(project, previous, day)
            day += dt.timedelta(days=3)
            project.refresh_from_db()
            if stage == Stage.COST_REVIEW:
                services.do_review_cost(
                    project,
                    reviewed_cost_fen=cost,
                    reviewer="镇财政所",
                    reviewed_on=day,
                    actor=self.w.finance,
                )
            elif stage == Stage.TENDER:
                from xiaowei.projects.rules import band_for

                route = band_for(services.procurement_config(project.region_id), project.category, cost).route
                services.do_open_tender(
                    project,
                    route=route,
                    tender_on=day,
                    bid_deadline=day + dt.timedelta(days=10),
                    actor=self.w.agency,
                )
                for i, c in enumerate(self.of_kind(project.category)[:3]):
                    services.do_record_bid(
                        project,
                        contractor_id=c.pk,
                        amount_fen=cost - 100_000 * (3 - i),
                        submitted_on=day + dt.timedelta(days=5),
                        actor=self.w.agency,
                    )
                day += dt.timedelta(days=10)
            elif stage == Stage.AWARD:
                services.do_award_project(
                    project,
                    contractor_id=self.of_kind(project.category)[0].pk,
                    awarded_on=day,
                    actor=self.w.agency,
                )
            elif stage == Stage.CONTRACT:
                project.refresh_from_db()
                assert project.award_fen is not None
                services.do_sign_contract(
                    project,
                    contract_no="HT-2026-001",
                    value_fen=project.award_fen,
                    signed_on=day,
                    start_on=day,
                    end_on=day + dt.timedelta(days=90),
                    actor=self.w.cadre,
                )
            elif stage == Stage.CONSTRUCTION:
                for pct in (40, 100):
                    services.do_report_construction(
                        project,
                        kind=ProjectEvent.Kind.PROGRESS,
                        percent=pct,
                        note="按计划施工",
                        occurred_on=day,
                        actor=self.w.cadre,
                    )
                    day += dt.timedelta(days=20)
            elif stage == Stage.ACCEPTANCE:
                services.do_record_acceptance(
                    project,
                    accepted_on=day,
                    passed=True,
                    note="镇、村和村民代表联合验收合格",
                    actor=self.w.cadre,
                )
            elif stage == Stage.SETTLEMENT:
                project.refresh_from_db()
                assert project.contract_fen is not None
                services.do_settle_project(
                    project,
                    settled_fen=project.contract_fen,
                    settled_on=day,
                    auditor="涟源市审计事务所",
                    actor=self.w.agency,
                )
            elif stage == Stage.CLOSED:
                project.refresh_from_db()
                assert project.settled_fen is not None
                services.do_record_payment(
                    project,
                    paid_on=day,
                    amount_fen=project.settled_fen - project.paid_fen,
                    actor=self.w.accountant,
                )
            day += dt.timedelta(days=3)
        project.refresh_from_db()
        return project

    def of_kind(self, category: str) -> list[Contractor]:
        return [c for c in self.contractors if c.kind == category]


@pytest.fixture
def pw(world: World, make_user: MakeUser) -> ProjectWorld:
    admin = make_user(Role.ADMIN, region="431382", username="county_admin")
    contractors = []
    for n, (name, kind) in enumerate(
        [
            ("涟源市示范道路工程有限公司", Category.WORKS),
            ("娄底市示范建设有限公司", Category.WORKS),
            ("湖南示范土石方工程有限公司", Category.WORKS),
            ("涟源市示范农资有限公司", Category.GOODS),
            ("涟源市示范农机有限公司", Category.GOODS),
            ("涟源市示范商贸有限公司", Category.GOODS),
        ],
        1,
    ):
        contractors.append(
            do_register_contractor(
                uscc=uscc(n), name=name, kind=kind, legal_person="张三", region_code="431382", actor=admin
            )
        )
    jiwei = make_user(Role.TOWNSHIP_DISCIPLINE)
    guihua = make_user(Role.TOWNSHIP_PLANNING)
    signers: dict[str, User] = {
        Body.JIWEI: jiwei,
        Body.NONGJING: world.agency,
        Body.CAIZHENG: world.finance,
        Body.GUIHUA: guihua,
        Body.SECTOR: world.sector,
    }
    return ProjectWorld(world, jiwei, guihua, contractors, signers)
