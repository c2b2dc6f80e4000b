"""Running matters through the services: 四议两公开 on a real chart, each refusal kind, scope, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import Http404

from tests_support.matters import DAY, World, finish_matter
from xiaowei.audit.models import AuditEvent
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.services import do_revise_item
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.matters import services
from xiaowei.matters.models import MatterOutcome, MatterStep

pytestmark = pytest.mark.django_db


def _four_deliberations(w: World, m, on: dt.date = DAY) -> None:
    """propose → deliberate → review → decide (the 四议), each with its meeting and minutes."""
    for key, kind in (
        ("propose", "party_branch"),
        ("deliberate", "two_committees"),
        ("review", "party_members"),
        ("decide", "representatives"),
    ):
        docs = [w.doc("minutes")] + ([w.doc("proposal")] if key == "propose" else [])
        services.do_record_step(
            m, key, occurred_on=on, actor=w.cadre, meeting=w.meeting(kind, on), documents=docs
        )


def test_a_project_runs_through_si_yi_liang_gong_kai(world: World) -> None:
    w = world
    m = w.start("D02")
    assert m.chart_code == "D02-2"  # 150,000 元 selects the ≥ 10万 chart
    assert m.next_step_key == "propose"
    _four_deliberations(w, m)
    m.refresh_from_db()
    assert m.next_step_key == "publish_decision"
    assert m.due_on == DAY + dt.timedelta(days=3)
    services.do_sign_step(
        m, "publish_decision", role="village_committee", agreed=True, opinion="", actor=w.committee
    )
    step = services.do_record_step(
        m,
        "publish_decision",
        occurred_on=DAY + dt.timedelta(days=1),
        actor=w.cadre,
        documents=[w.doc("notice")],
        publicity=(DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=7)),
    )
    assert step.published
    m.refresh_from_db()
    assert m.next_step_key == "township_filing"
    assert [s.key for s in MatterStep.objects.filter(matter=m).order_by("seq")] == [
        "propose",
        "deliberate",
        "review",
        "decide",
        "publish_decision",
    ]
    # The township records its own step, but not before the 公示 is over.
    with pytest.raises(services.StepRefused) as refused:
        services.do_record_step(
            m,
            "township_filing",
            occurred_on=DAY + dt.timedelta(days=7),
            actor=w.agency,
            documents=[w.doc("review_opinion", by=w.agency)],
        )
    assert refused.value.refusals[0].kind == "publicity_not_over"
    services.do_record_step(
        m,
        "township_filing",
        occurred_on=DAY + dt.timedelta(days=8),
        actor=w.agency,
        documents=[w.doc("review_opinion", by=w.agency)],
    )


def test_each_refusal_writes_nothing(world: World) -> None:
    w = world
    m = w.start("D02")
    before = (AuditEvent.objects.filter(action="matters.step.recorded").count(), MatterStep.objects.count())
    minutes = w.doc("minutes")
    cases: list[tuple[str, dict[str, Any]]] = [
        (
            "skipped",
            dict(key="decide", actor=w.cadre, meeting=w.meeting("representatives", DAY), documents=[minutes]),
        ),
        (
            "wrong_role",
            dict(
                key="propose",
                actor=w.accountant,
                meeting=w.meeting("party_branch", DAY),
                documents=[minutes, w.doc("proposal")],
            ),
        ),
        (
            "missing_evidence",
            dict(key="propose", actor=w.cadre, meeting=w.meeting("party_branch", DAY), documents=[minutes]),
        ),
        (
            "quorum_failed",
            dict(
                key="propose",
                actor=w.cadre,
                documents=[minutes, w.doc("proposal")],
                meeting=w.meeting("party_branch", DAY, present=20, yes=10),
            ),
        ),
        (
            "wrong_meeting",
            dict(
                key="propose",
                actor=w.cadre,
                documents=[minutes, w.doc("proposal")],
                meeting=w.meeting("two_committees", DAY),
            ),
        ),
    ]
    for kind, c in cases:
        with pytest.raises(services.StepRefused) as refused:
            services.do_record_step(m, c.pop("key"), occurred_on=DAY, **c)
        assert kind in [r.kind for r in refused.value.refusals], (kind, refused.value.refusals)
    assert (
        AuditEvent.objects.filter(action="matters.step.recorded").count(),
        MatterStep.objects.count(),
    ) == before


def test_a_short_publicity_and_a_missing_signoff_are_refused(world: World) -> None:
    w = world
    m = w.start("D02")
    _four_deliberations(w, m)
    notice = w.doc("notice")
    with pytest.raises(services.StepRefused) as refused:
        services.do_record_step(
            m,
            "publish_decision",
            occurred_on=DAY,
            actor=w.cadre,
            documents=[notice],
            publicity=(DAY, DAY + dt.timedelta(days=5)),
        )
    assert {r.kind for r in refused.value.refusals} == {"publicity_too_short", "missing_signoff"}
    assert "公示 6 天，少于规定的 7 天" in refused.value.message


def test_signoffs_are_checked(world: World) -> None:
    w = world
    m = w.start("D02")
    with pytest.raises(ServiceError, match="不是本村的村务监督委员会"):
        services.do_sign_step(
            m, "publish_decision", role="village_committee", agreed=True, opinion="", actor=w.cadre
        )
    with pytest.raises(InvalidInput, match="不同意时请写明意见"):
        services.do_sign_step(
            m, "publish_decision", role="village_committee", agreed=False, opinion="", actor=w.committee
        )
    services.do_sign_step(
        m,
        "publish_decision",
        role="village_committee",
        agreed=False,
        opinion="公示内容不全",
        actor=w.committee,
    )
    with pytest.raises(ServiceError, match="已对"):
        services.do_sign_step(
            m, "publish_decision", role="village_committee", agreed=True, opinion="", actor=w.committee
        )


def test_the_small_band_takes_a_shorter_route(world: World) -> None:
    m = world.start("D02", amount="8000")
    assert m.chart_code == "D02-1"
    assert m.next_step_key == "deliberate"  # below 5万: no 党支部会提议, no 党员大会, no 代表会议


def test_matters_keep_their_version_when_the_item_changes(world: World) -> None:
    w = world
    m = w.start("D02")
    item = PowerItem.objects.get(code="D02")
    definition = dict(item.versions.get(number=1).definition)
    definition["summary"] = "修订后的说明"
    v2 = do_revise_item(item, definition, effective_from=dt.date(2026, 5, 1), note="调整说明", actor=None)
    assert v2.number == 2
    m.refresh_from_db()
    assert m.item_version.number == 1
    later = services.do_start_matter(
        w.village,
        item,
        title="新项目",
        attributes={"project_name": "x", "amount": "200000"},
        started_on=dt.date(2026, 5, 2),
        actor=w.cadre,
    )
    assert later.item_version.number == 2


def test_another_village_cannot_see_or_touch_the_matter(world: World) -> None:
    w = world
    m = w.start("D02")
    with pytest.raises(Http404):
        services.do_record_step(m, "propose", occurred_on=DAY, actor=w.other_cadre)
    with pytest.raises(Http404):
        services.do_start_matter(
            w.village,
            PowerItem.objects.get(code="D02"),
            title="x",
            attributes={"project_name": "x", "amount": "1"},
            started_on=DAY,
            actor=w.other_cadre,
        )


def test_bad_attributes_are_explained(world: World) -> None:
    with pytest.raises(InvalidInput) as e:
        world.start("D02", amount="十万")
    assert "不是有效的数字" in " ".join(e.value.errors)
    with pytest.raises(InvalidInput) as e:
        services.do_start_matter(
            world.village,
            PowerItem.objects.get(code="D02"),
            title="x",
            attributes={"amount": "150000"},
            started_on=DAY,
            actor=world.cadre,
        )
    assert e.value.errors == ["请填写“项目名称”"]


def test_a_service_matter_hands_over_its_outcome_with_a_masked_id(world: World) -> None:
    w = world
    m = services.do_start_matter(
        w.village,
        PowerItem.objects.get(code="S05"),
        title="王伟 低保申请",
        attributes={"applicant_name": "王伟", "amount": "450"},
        started_on=DAY,
        actor=w.cadre,
    )
    assert m.chart_code == "S05-1"
    with pytest.raises(InvalidInput, match="校验位"):
        finish_matter(w, m, DAY, person_id="431382199001011240")
    assert m.next_step_key == "county_approval"  # the outcome step, after 7 days of publicity: DAY + 10
    m = finish_matter(w, m, DAY + dt.timedelta(days=10), person_id="43138219900101124X")
    assert m.status == "finished"
    outcome = MatterOutcome.objects.get(matter=m)
    assert outcome.approved and outcome.category == "dibao" and outcome.person_name == "王伟"
    assert outcome.amount_fen == 45000
    assert outcome.id_masked == "431382********124X"
    assert "19900101" not in outcome.id_hash and len(outcome.id_hash) == 64


def test_meetings_are_judged_and_impossible_numbers_refused(world: World) -> None:
    w = world
    passed = w.meeting("representatives", DAY, expected=30, present=20, yes=11)
    assert passed.passed and passed.reasons == []
    failed = w.meeting("representatives", DAY, expected=30, present=19, yes=19)
    assert not failed.passed and "未达到法定人数" in failed.reasons[0]
    count = AuditEvent.objects.count()
    with pytest.raises(InvalidInput) as e:
        w.meeting("representatives", DAY, expected=30, present=31)
    assert "实到 31 人多于应到 30 人" in e.value.errors[0]
    assert AuditEvent.objects.count() == count


def test_resolutions_come_only_from_passed_villagers_meetings(world: World) -> None:
    w = world
    failed = w.meeting("representatives", DAY, present=19)
    with pytest.raises(InvalidInput, match="未通过"):
        services.do_record_resolution(
            failed,
            kind="annual",
            title="年度决议",
            valid_from=DAY,
            valid_until=dt.date(2026, 12, 31),
            actor=w.cadre,
        )
    branch = w.meeting("party_branch", DAY)
    with pytest.raises(InvalidInput, match="只能由村民会议或村民代表会议"):
        services.do_record_resolution(
            branch, kind="annual", title="x", valid_from=DAY, valid_until=dt.date(2026, 12, 31), actor=w.cadre
        )
    ok = w.meeting("representatives", DAY)
    r = services.do_record_resolution(
        ok,
        kind="authorization",
        title="授权议事会",
        valid_from=DAY,
        valid_until=dt.date(2026, 12, 31),
        amount_cap_fen=5_000_000,
        actor=w.cadre,
    )
    assert r.amount_cap_fen == 5_000_000


def test_seal_rules(world: World, make_user) -> None:
    w = world
    seal = services.do_register_seal(
        w.village, name="甲村村民委员会", keeper=w.accountant, registered_on=DAY, actor=w.cadre
    )
    base: dict[str, Any] = dict(used_on=DAY, reason="开具居住证明", document_title="居住证明")
    with pytest.raises(ServiceError, match="须由保管人"):
        services.do_log_seal_use(seal, purpose="certificate", approver=w.cadre, actor=w.cadre, **base)
    with pytest.raises(ServiceError, match="审批人与保管人不能是同一人"):
        services.do_log_seal_use(
            seal, purpose="certificate", approver=w.accountant, actor=w.accountant, **base
        )
    with pytest.raises(ServiceError, match="须先经村民会议或村民代表会议决定"):
        services.do_log_seal_use(seal, purpose="loan", approver=w.cadre, actor=w.accountant, **base)
    use = services.do_log_seal_use(seal, purpose="certificate", approver=w.cadre, actor=w.accountant, **base)
    assert use.keeper == w.accountant
    resolution = services.do_record_resolution(
        w.meeting("representatives", DAY),
        kind="annual",
        title="2026 年度决议",
        valid_from=DAY,
        valid_until=dt.date(2026, 12, 31),
        actor=w.cadre,
    )
    services.do_log_seal_use(
        seal, purpose="loan", approver=w.cadre, actor=w.accountant, resolution=resolution, **base
    )
    with pytest.raises(ServiceError, match="有效期"):
        services.do_log_seal_use(
            seal,
            purpose="contract",
            approver=w.cadre,
            actor=w.accountant,
            resolution=resolution,
            **{**base, "used_on": dt.date(2027, 1, 2)},
        )
    assert AuditEvent.objects.filter(action="matters.seal.used").count() == 2


def test_overdue_matters_are_flagged(world: World) -> None:
    w = world
    m = w.start("D02")
    _four_deliberations(w, m)
    m.refresh_from_db()
    assert m.due_on == DAY + dt.timedelta(days=3)
    em = services.engine_matter(m)
    assert em.is_overdue(DAY + dt.timedelta(days=4))
