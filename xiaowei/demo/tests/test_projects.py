"""The generated county demo (at a test-sized scale; the generator is the same as `xiaowei demo`): every
project's history passes the gates the services enforce, every release validates with libcoveocds, and
the same seed gives the same data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tests_support.ocds import assert_clean
from xiaowei.assets import rules as asset_rules
from xiaowei.assets.models import Disposal, Lease
from xiaowei.disclosure import log
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import leaf_bytes
from xiaowei.procurement import ocds
from xiaowei.procurement.models import OcdsRelease
from xiaowei.projects import rules
from xiaowei.projects.models import Project
from xiaowei.projects.services import procurement_config, state_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command(
        "demo", "--projects", "400", "--assets", "300", "--results", "0", "--vouchers", "0", stdout=StringIO()
    )


def test_every_demo_project_passes_the_gates(demo: None) -> None:
    config = procurement_config("431382")
    stages = {p.stage for p in Project.objects.all()}
    assert {"approval", "tender", "closed"} <= stages  # various stages
    for project in Project.objects.select_related("decision_meeting"):
        state = state_of(project)
        order = rules.stages_for(project.category)
        reached = order.index(project.stage)
        for stage in order[: reached + 1]:
            assert rules.stage_data_missing(config, state, stage) == [], (project.code, stage)
        for stage in order[:reached]:
            assert rules.signoffs_missing(config, state, stage) == [], (project.code, stage)
        if project.route:
            assert rules.route_allowed(
                rules.band_for(config, project.category, project.amount_fen), project.route
            )


def test_every_demo_disposal_obeys_the_asset_rules(demo: None) -> None:
    config = asset_rules.Config()
    for d in Disposal.objects.select_related("asset", "decision_meeting").prefetch_related("bids"):
        m = d.decision_meeting
        vote = asset_rules.Vote(m.kind, m.held_on, m.passed, m.expected, m.votes_for)
        assert (
            asset_rules.decision_problems(
                vote, mode=d.mode, subkind=d.asset.subkind, to_outsider=d.to_outsider, decided_on=d.decided_on
            )
            == []
        )
        assert asset_rules.term_problems(config, d.mode, d.term_years) == []
        if d.award_fen is not None:
            assert d.reserve_fen is not None
            assert (
                asset_rules.award_problems(d.reserve_fen, [b.amount_fen for b in d.bids.all()], d.award_fen)
                == []
            )
    assert Lease.objects.exists()


def test_every_demo_release_validates_and_is_in_the_log(
    demo: None,
    cove: Callable[..., dict[str, Any]],
    disposal_ext_url: str,
) -> None:
    contents = list(OcdsRelease.objects.order_by("id").values_list("content", flat=True))
    releases = [json.loads(c) for c in contents]
    package = ocds.release_package(
        releases,
        "https://xiaowei.example/ocds/demo.json",
        dt.date(2026, 11, 20),
        "测试",
        extensions=[disposal_ext_url],
    )
    result = cove(package)
    assert_clean(result)
    report = log.verify_all(leaf_bytes)
    assert report.size == Publication.objects.count() and not report.problems
