"""A project's life through the services: every gate refusal, each band's route, 4+X sign-offs, payments,
and the OCDS releases each stage publishes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from tests_support.projects import D, ProjectWorld
from xiaowei.catalog.services import do_set_setting
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import InvalidInput
from xiaowei.procurement.models import OcdsRelease
from xiaowei.projects import services
from xiaowei.projects.models import Project
from xiaowei.regions.models import Region


def test_a_project_runs_from_approval_to_closed_and_publishes_each_stage(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    project = pw.advance(project, "closed", cost_yuan=140_000)
    assert project.stage == "closed"
    assert project.paid_fen == project.settled_fen == 14_000_000 - 300_000
    tags = list(
        OcdsRelease.objects.filter(ocid__endswith=project.code).order_by("id").values_list("tag", flat=True)
    )
    assert tags[:5] == ["planning", "planning", "tender", "tender", "award"]
    assert tags[-2:] == ["implementation", "contractTermination"]
    pubs = Publication.objects.filter(subject_type="project", subject_id=project.code)
    # every release's exact bytes are committed to by a publication of the log
    for release in OcdsRelease.objects.filter(ocid__endswith=project.code):
        body = json.loads(release.publication.content)
        digest = hashlib.sha256(release.content.encode()).hexdigest()
        assert {"id": release.release_id, "tag": release.tag, "sha256": digest} in body["ocds"]
    assert pubs.count() == len(
        {r.publication_id for r in OcdsRelease.objects.filter(ocid__endswith=project.code)}
    )


def test_cost_review_is_refused_until_approval_is_signed_by_all_five(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    with pytest.raises(InvalidInput) as e:
        services.do_review_cost(
            project,
            reviewed_cost_fen=100,
            reviewer="财政所",
            reviewed_on=D + dt.timedelta(3),
            actor=pw.finance,
        )
    assert "缺少乡镇纪委、乡镇农经站、乡镇财政所、乡镇规划所、行业主管部门签字" in str(e.value.errors)
    services.do_sign_stage(
        project, stage="approval", agreed=True, opinion="同意", signed_on=D + dt.timedelta(2), actor=pw.jiwei
    )
    with pytest.raises(InvalidInput) as e:
        services.do_review_cost(
            project,
            reviewed_cost_fen=100,
            reviewer="财政所",
            reviewed_on=D + dt.timedelta(3),
            actor=pw.finance,
        )
    assert "乡镇纪委" not in str(e.value.errors) and "乡镇农经站" in str(e.value.errors)
    assert Project.objects.get(pk=project.pk).stage == "approval"


def test_a_refused_signoff_blocks_until_signed_again(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    day = D + dt.timedelta(2)
    with pytest.raises(InvalidInput, match="签字未保存"):
        services.do_sign_stage(
            project, stage="approval", agreed=False, opinion="", signed_on=day, actor=pw.guihua
        )
    services.do_sign_stage(
        project, stage="approval", agreed=False, opinion="选址占用基本农田", signed_on=day, actor=pw.guihua
    )
    for body in ("jiwei", "nongjing", "caizheng", "sector"):
        services.do_sign_stage(
            project, stage="approval", agreed=True, opinion="同意", signed_on=day, actor=pw.signers[body]
        )
    with pytest.raises(InvalidInput) as e:
        services.do_review_cost(
            project, reviewed_cost_fen=100, reviewer="财政所", reviewed_on=day, actor=pw.finance
        )
    assert "缺少乡镇规划所签字" in str(e.value.errors)
    services.do_sign_stage(
        project, stage="approval", agreed=True, opinion="已调整选址", signed_on=day, actor=pw.guihua
    )
    services.do_review_cost(
        project, reviewed_cost_fen=100_000, reviewer="财政所", reviewed_on=day, actor=pw.finance
    )
    with pytest.raises(InvalidInput, match="签字未保存"):  # an agreed sign-off is final
        services.do_sign_stage(
            project, stage="approval", agreed=False, opinion="反悔", signed_on=day, actor=pw.guihua
        )


def test_signing_a_stage_not_reached_or_for_another_body_is_refused(pw: ProjectWorld) -> None:
    project = pw.project(150_000)
    with pytest.raises(InvalidInput, match="签字未保存") as e:
        services.do_sign_stage(
            project, stage="acceptance", agreed=True, opinion="同意", signed_on=D, actor=pw.jiwei
        )
    assert "尚未进行到" in str(e.value.errors)
    with pytest.raises(InvalidInput) as e:
        services.do_sign_stage(
            project,
            stage="approval",
            agreed=True,
            opinion="同意",
            signed_on=D,
            actor=pw.jiwei,
            body="caizheng",
        )
    assert "不能代表" in str(e.value.errors)


@pytest.mark.parametrize(
    ("cost_yuan", "category", "required", "weaker"),
    [
        (8_000, "works", "直接发包", None),
        (30_000, "works", "比价", "直接发包"),
        (80_000, "works", "竞争性比选", "比价"),
        (1_500_000, "works", "竞争性比选", "比价"),
        (4_000_000, "works", "公开招标", "竞争性比选"),
        (2_000_000, "goods", "公开招标", "竞争性比选"),
        (1_990_000, "goods", "竞争性比选", "比价"),
    ],
)
def test_each_band_asks_for_its_route(
    pw: ProjectWorld, cost_yuan: int, category: str, required: str, weaker: str | None
) -> None:
    project = pw.project(cost_yuan, category=category, project_type="other")
    project = pw.advance(project, "cost_review", cost_yuan=cost_yuan)
    pw.sign(project, "cost_review", D + dt.timedelta(10))
    day = D + dt.timedelta(11)
    if weaker:
        with pytest.raises(InvalidInput) as e:
            services.do_open_tender(project, route=weaker, tender_on=day, bid_deadline=day, actor=pw.agency)
        assert f"至少须采用{required}" in str(e.value.errors)
    project = services.do_open_tender(
        project, route=required, tender_on=day, bid_deadline=day, actor=pw.agency
    )
    assert project.route == required
    # a stronger route is always allowed
    assert project.platform in ("village", "township", "county")


def test_statutory_threshold_beats_a_county_band(pw: ProjectWorld) -> None:
    county = Region.objects.get(code="431382")
    do_set_setting(
        county,
        "procurement",
        {
            "bands": {
                "works": [
                    [10_000_000, "比价", "representatives", "township", 3],
                    [None, "竞争性比选", "representatives", "county", 3],
                ]
            }
        },
        actor=None,
    )
    project = pw.advance(pw.project(5_000_000), "cost_review", cost_yuan=5_000_000)
    pw.sign(project, "cost_review", D + dt.timedelta(10))
    with pytest.raises(InvalidInput, match="招标") as e:
        services.do_open_tender(
            project,
            route="比价",
            tender_on=D + dt.timedelta(11),
            bid_deadline=D + dt.timedelta(20),
            actor=pw.agency,
        )
    assert "至少须采用公开招标" in str(e.value.errors)


def test_quotes_below_three_block_the_award(pw: ProjectWorld) -> None:
    project = pw.advance(pw.project(30_000), "cost_review", cost_yuan=30_000)
    pw.sign(project, "cost_review", D + dt.timedelta(10))
    day = D + dt.timedelta(11)
    services.do_open_tender(
        project, route="比价", tender_on=day, bid_deadline=day + dt.timedelta(5), actor=pw.agency
    )
    for c in pw.of_kind("works")[:2]:
        services.do_record_bid(
            project, contractor_id=c.pk, amount_fen=2_900_000, submitted_on=day, actor=pw.agency
        )
    with pytest.raises(InvalidInput) as e:
        services.do_award_project(
            project,
            contractor_id=pw.of_kind("works")[0].pk,
            awarded_on=day + dt.timedelta(5),
            actor=pw.agency,
        )
    assert "比价至少需要 3 家有效报价，现有 2 家" in str(e.value.errors)
    assert Project.objects.get(pk=project.pk).stage == "tender"


def test_bids_outside_the_window_or_of_the_wrong_kind_are_refused(pw: ProjectWorld) -> None:
    project = pw.advance(pw.project(80_000), "cost_review", cost_yuan=80_000)
    pw.sign(project, "cost_review", D + dt.timedelta(10))
    day = D + dt.timedelta(11)
    services.do_open_tender(
        project, route="竞争性比选", tender_on=day, bid_deadline=day + dt.timedelta(5), actor=pw.agency
    )
    with pytest.raises(InvalidInput) as e:
        services.do_record_bid(
            project,
            contractor_id=pw.of_kind("works")[0].pk,
            amount_fen=100,
            submitted_on=day + dt.timedelta(6),
            actor=pw.agency,
        )
    assert "报价日期应在公告日期和报价截止日期之间" in e.value.errors
    with pytest.raises(InvalidInput) as e:
        services.do_record_bid(
            project,
            contractor_id=pw.of_kind("goods")[0].pk,
            amount_fen=100,
            submitted_on=day,
            actor=pw.agency,
        )
    assert "与项目类别不符" in str(e.value.errors)


def test_decision_level_follows_the_band(pw: ProjectWorld) -> None:
    two = pw.w.meeting("two_committees", D)
    pw.project(8_000, meeting=two)  # below 5万: 两委 decides
    with pytest.raises(InvalidInput) as e:
        pw.project(80_000, meeting=two)
    assert "四议两公开" in str(e.value.errors)
    failed = pw.w.meeting("representatives", D, expected=30, present=10)
    with pytest.raises(InvalidInput) as e:
        pw.project(80_000, meeting=failed)
    assert "所引用的会议决议未通过" in str(e.value.errors)
    assert Project.objects.count() == 1


def test_construction_acceptance_settlement_and_payment_gates(pw: ProjectWorld) -> None:
    project = pw.advance(pw.project(150_000), "contract", cost_yuan=150_000)
    day = D + dt.timedelta(60)
    # 农经 has not signed the contract yet
    with pytest.raises(InvalidInput) as e:
        services.do_report_construction(
            project, kind="progress", percent=10, note="开工", occurred_on=day, actor=pw.cadre
        )
    assert "签订合同：缺少乡镇农经站签字" in e.value.errors
    pw.sign(project, "contract", day)
    services.do_report_construction(
        project, kind="progress", percent=50, note="路基完成", occurred_on=day, actor=pw.cadre
    )
    with pytest.raises(InvalidInput, match="施工记录未保存"):
        services.do_report_construction(
            project, kind="progress", percent=30, note="倒退", occurred_on=day, actor=pw.cadre
        )
    with pytest.raises(InvalidInput) as e:
        services.do_record_acceptance(project, accepted_on=day, passed=True, note="验收", actor=pw.cadre)
    assert "施工：施工进度为 50%，未报完工" in e.value.errors
    services.do_report_construction(
        project, kind="variation", amount_fen=500_000, note="增加排水沟", occurred_on=day, actor=pw.cadre
    )
    services.do_report_construction(
        project, kind="progress", percent=100, note="完工", occurred_on=day, actor=pw.cadre
    )
    with pytest.raises(InvalidInput) as e:
        services.do_record_acceptance(project, accepted_on=day, passed=True, note="验收", actor=pw.cadre)
    assert "施工：缺少乡镇纪委、乡镇规划所、行业主管部门签字" in e.value.errors
    pw.sign(project, "construction", day)
    project = services.do_record_acceptance(
        project, accepted_on=day, passed=False, note="路面有裂缝", actor=pw.cadre
    )
    assert project.stage == "construction"
    project = services.do_record_acceptance(
        project, accepted_on=day, passed=True, note="整改后合格", actor=pw.cadre
    )
    assert project.stage == "acceptance"
    project.refresh_from_db()
    assert project.contract_fen is not None
    cap = project.contract_fen + 500_000
    with pytest.raises(InvalidInput) as e:
        services.do_record_payment(project, paid_on=day, amount_fen=cap + 1, actor=pw.accountant)
    assert "累计付款将超过合同金额（含变更）" in str(e.value.errors)
    services.do_record_payment(project, paid_on=day, amount_fen=cap - 1_000_000, actor=pw.accountant)
    pw.sign(project, "acceptance", day)
    project.refresh_from_db()
    with pytest.raises(InvalidInput) as e:
        services.do_settle_project(
            project, settled_fen=1_000, settled_on=day, auditor="审计所", actor=pw.agency
        )
    assert "结算金额低于已付" in str(e.value.errors)
    services.do_settle_project(project, settled_fen=cap, settled_on=day, auditor="审计所", actor=pw.agency)
    project.refresh_from_db()
    services.do_record_payment(project, paid_on=day, amount_fen=1_000_000, actor=pw.accountant)
    project.refresh_from_db()
    assert project.stage == "settlement"  # paid in full but the settlement is not signed off yet
    pw.sign(project, "settlement", day)
    project.refresh_from_db()
    assert project.stage == "closed"


def test_goods_skip_construction(pw: ProjectWorld) -> None:
    project = pw.project(30_000, category="goods", project_type="other")
    project = pw.advance(project, "closed", cost_yuan=30_000)
    assert project.stage == "closed"
    with pytest.raises(InvalidInput, match="没有施工阶段"):
        services.do_report_construction(
            project, kind="progress", percent=10, note="x", occurred_on=D, actor=pw.cadre
        )


def test_other_villages_cadre_cannot_touch_the_project(pw: ProjectWorld) -> None:
    from django.http import Http404

    project = pw.project(8_000)
    with pytest.raises(Http404):
        services.do_sign_contract(
            project, contract_no="x", value_fen=1, signed_on=D, start_on=D, end_on=D, actor=pw.other_cadre
        )
