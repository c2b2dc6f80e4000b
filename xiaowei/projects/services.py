"""Services for village projects, one per stage. One transaction and one audit event each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xiaowei.audit.log import record
from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.money import yuan
from xiaowei.matters.models import Document, Meeting
from xiaowei.procurement import from_projects, releases
from xiaowei.procurement.categories import CATEGORIES, Category
from xiaowei.procurement.models import Contractor
from xiaowei.projects import rules
from xiaowei.projects.models import (
    Project,
    ProjectBid,
    ProjectDocument,
    ProjectEvent,
    ProjectPayment,
    ProjectSignoff,
)
from xiaowei.projects.rules import Stage
from xiaowei.projects.search_text import index_projects
from xiaowei.regions import access
from xiaowei.regions.roles import BODY_LABELS, Body, Perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User

# ---------------------------------------------------------------------------------------------------------
# Projects: one service per stage. Each checks the gate (rules.gate), validates its own data, writes, and
# publishes the stage (_publish, through procurement.releases) in the same transaction.


def procurement_config(region_code: str) -> rules.Config:
    """The county's procurement configuration for a region (catalogue setting "procurement")."""
    try:
        return rules.parse_config(catalog_selectors.setting(region_code, "procurement", {}))
    except ValueError as e:  # a stored value is validated on write; this guards hand edits of the table
        raise ServiceError(f"采购配置有误：{e}", code="bad_config") from None


def state_of(project: Project) -> rules.ProjectState:
    signed: dict[str, set[str]] = {}
    saved = project.pk is not None
    for stage, body, agreed in project.signoffs.values_list("stage", "body", "agreed") if saved else []:
        if agreed:
            signed.setdefault(stage, set()).add(body)
    meeting = project.decision_meeting
    return rules.ProjectState(
        category=project.category,
        stage=project.stage,
        budget_fen=project.budget_fen,
        decision_kind=meeting.kind,
        decision_passed=meeting.passed,
        decision_on=meeting.held_on,
        reviewed_cost_fen=project.reviewed_cost_fen,
        route=project.route or None,
        tender_on=project.tender_on,
        bids=[
            rules.BidRow(contractor_id=c, amount_fen=a, valid=v)
            for c, a, v in (project.bids.values_list("contractor_id", "amount_fen", "valid") if saved else [])
        ],
        award_contractor_id=project.award_contractor_id,
        award_fen=project.award_fen,
        contract_fen=project.contract_fen,
        contract_signed_on=project.contract_signed_on,
        progress_percent=project.progress_percent,
        accepted_on=project.accepted_on,
        acceptance_passed=project.acceptance_passed,
        settled_fen=project.settled_fen,
        paid_fen=project.paid_fen,
        signed=signed,
    )


def _lock(project: Project) -> Project:
    """Re-read the project under a row lock, so two clerks cannot both pass a gate on stale data."""
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("region", "decision_meeting", "award_contractor")
        .get(pk=project.pk)
    )


def _gate(config: rules.Config, project: Project, stage: str) -> None:
    blocked = rules.gate(config, state_of(project), stage)
    if blocked:
        raise InvalidInput(f"“{rules.STAGES.get(stage, stage)}”阶段还不能开始", blocked)


def _own_data(config: rules.Config, project: Project, stage: str) -> None:
    missing = rules.stage_data_missing(config, state_of(project), stage)
    if missing:
        raise InvalidInput(f"“{rules.STAGES[stage]}”阶段的信息不完整", missing)


def _not_future(day: date, what: str, errors: list[str]) -> None:
    if day > timezone.localdate():
        errors.append(f"{what}不能晚于今天")


def _money(value: int | None, what: str, errors: list[str], *, allow_zero: bool = False) -> int:
    if not isinstance(value, int) or value < 0 or (value == 0 and not allow_zero):
        errors.append(f"{what}应为正数金额")
        return 0
    if value >= 10**14:
        errors.append(f"{what}超出范围")
        return 0
    return value


def _publish(
    project: Project, config: rules.Config, *, tags: list[str], what: str, when: date, actor: User
) -> None:
    """Publish a stage change of ``project``: the OCDS releases for ``tags``, built from the rows as they
    now are, in one publication of the log."""
    try:
        body = {
            "type": "project",
            "region": {"code": project.region_id, "name": project.region.name},
            "project": {
                "code": project.code,
                "title": project.title,
                "stage": project.stage,
                "stage_name": rules.STAGES[project.stage],
            },
            "event": what,
            "occurred_on": when,
            "lines": [{"text": f"{project.title}：{what}", "note": "", "amount": yuan(project.amount_fen)}],
        }
        releases.publish_ocds(
            from_projects.as_ocds(project, config.ocid_prefix),
            tags=tags,
            when=when,
            region=project.region,
            kind=Publication.Kind.PROJECT,
            title=f"{project.title}：{what}",
            body=body,
            subject=("project", project.code),
            actor=actor,
        )
    except ValueError as e:  # procurement.ocds found the data impossible: refuse; the transaction rolls back
        raise InvalidInput("项目数据前后矛盾，未保存", [str(e)]) from None


def _set_stage(project: Project, stage: str, when: date) -> None:
    project.stage = stage
    project.stage_on = when


def _event(action: str, project: Project, actor: User, after: dict[str, Any]) -> None:
    record(f"projects.project.{action}", actor=actor, obj=project, region_code=project.region_id, after=after)


@transaction.atomic(durable=True)
def do_create_project(
    *,
    region_code: str,
    title: str,
    category: str,
    project_type: str,
    year: int,
    budget_fen: int,
    funding_source: str,
    decision_meeting_id: int,
    approved_on: date,
    description: str = "",
    location: str = "",
    actor: User,
) -> Project:
    """立项: register a project that a passed decision approved. The band of the budget decides which
    meeting must have decided it (四议两公开 from 5万 by default)."""
    region = access.access_region(actor, region_code, perm=Perm.MANAGE_PROJECTS)
    config = procurement_config(region_code)
    errors: list[str] = []
    if region.level != "village":
        errors.append("项目应登记在村（社区）")
    if not title.strip():
        errors.append("请填写项目名称")
    if category not in CATEGORIES:
        errors.append("类别应为工程、货物或服务")
    if project_type not in config.sector:
        errors.append(f"项目类型应为：{'、'.join(rules.PROJECT_TYPE_NAMES.get(k, k) for k in config.sector)}")
    _money(budget_fen, "预算", errors)
    if not funding_source.strip():
        errors.append("请填写资金来源")
    _not_future(approved_on, "立项日期", errors)
    if not (2000 <= year <= approved_on.year + 1):
        errors.append("年度不正确")
    meeting = Meeting.objects.filter(pk=decision_meeting_id, region_id=region_code).first()
    if meeting is None:
        errors.append("所引用的决议会议不存在或不属于本村")
    elif meeting.held_on > approved_on:
        errors.append("立项日期早于决议会议")
    if errors:
        raise InvalidInput("立项信息有误，未登记", errors)
    seq = Project.objects.filter(region=region, year=year).count() + 1
    project = Project(
        code=f"{region_code}-{year}-{seq:03d}",
        region=region,
        title=title.strip()[:200],
        description=description.strip(),
        category=category,
        project_type=project_type,
        location=location.strip()[:200],
        year=year,
        budget_fen=budget_fen,
        funding_source=funding_source.strip()[:200],
        decision_meeting=meeting,
        approved_on=approved_on,
        stage=Stage.APPROVAL,
        stage_on=approved_on,
        created_by=actor,
    )
    _own_data(config, project, Stage.APPROVAL)
    project.save()
    band = rules.band_for(config, category, budget_fen)
    _event(
        "created", project, actor, {"code": project.code, "budget_fen": budget_fen, "band_route": band.route}
    )
    _publish(project, config, tags=["planning"], what="立项", when=approved_on, actor=actor)
    index_projects([project.pk])
    return project


@transaction.atomic(durable=True)
def do_sign_stage(
    project: Project,
    *,
    stage: str,
    agreed: bool,
    opinion: str,
    signed_on: date,
    body: str | None = None,
    actor: User,
) -> ProjectSignoff:
    """A 4+X body signs a stage off (or refuses, with reasons). A refusal can later be replaced by a new
    sign-off of the same body; an agreed sign-off is final."""
    access.check_region_code(actor, project.region_id, perm=Perm.SIGN_4X)
    project = _lock(project)
    config = procurement_config(project.region_id)
    mine = access.bodies_on(actor, project.region_id)
    if body is None and len(mine) == 1:
        body = mine[0]
    errors: list[str] = []
    if body not in mine:
        errors.append(f"您不能代表“{BODY_LABELS.get(body or '', body)}”签字")
    state = state_of(project)
    if stage not in rules.signable_stages(state):
        errors.append(f"项目尚未进行到“{rules.STAGES.get(stage, stage)}”阶段，不能签字")
    elif body in mine and body not in config.signoffs.get(project.category, {}).get(stage, []):
        errors.append(f"“{rules.STAGES[stage]}”阶段不需要{BODY_LABELS[body]}签字")
    if not agreed and not opinion.strip():
        errors.append("不同意时请写明意见和理由")
    _not_future(signed_on, "签署日期", errors)
    if signed_on < project.stage_on and stage == project.stage:
        errors.append("签署日期早于该阶段的日期")
    existing = ProjectSignoff.objects.filter(project=project, stage=stage, body=body).first()
    if existing and existing.agreed:
        errors.append(f"{BODY_LABELS.get(body or '', body)}已签署同意该阶段")
    if errors:
        raise InvalidInput("签字未保存", errors)
    assert body is not None
    department = Body(body).label
    if body == Body.SECTOR:  # the X: the sector department of the project's type
        department = config.sector.get(project.project_type, department)
    values = {
        "department": department,
        "agreed": agreed,
        "opinion": opinion.strip(),
        "signed_on": signed_on,
        "signer": actor,
    }
    before = None
    if existing:
        before = {"agreed": existing.agreed, "opinion": existing.opinion, "signed_on": existing.signed_on}
        for k, v in values.items():
            setattr(existing, k, v)
        existing.save()
        signoff = existing
    else:
        signoff = ProjectSignoff.objects.create(project=project, stage=stage, body=body, **values)
    record(
        "projects.project.signed",
        actor=actor,
        obj=project,
        region_code=project.region_id,
        before=before,
        after={"stage": stage, "body": body, "agreed": agreed, "opinion": opinion.strip()},
    )
    _maybe_close(project, config, actor, signed_on)
    return signoff


@transaction.atomic(durable=True)
def do_review_cost(
    project: Project, *, reviewed_cost_fen: int, reviewer: str, reviewed_on: date, actor: User
) -> Project:
    """造价评审 by the township finance office (or the third party it names)."""
    access.check_region_code(actor, project.region_id, perm=Perm.REVIEW_COST)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.COST_REVIEW)
    errors: list[str] = []
    _money(reviewed_cost_fen, "造价评审金额", errors)
    if not reviewer.strip():
        errors.append("请填写评审机构")
    _not_future(reviewed_on, "评审日期", errors)
    if reviewed_on < project.approved_on:
        errors.append("评审日期早于立项")
    if errors:
        raise InvalidInput("造价评审未保存", errors)
    project.reviewed_cost_fen = reviewed_cost_fen
    project.cost_reviewer = reviewer.strip()[:200]
    project.cost_reviewed_on = reviewed_on
    _set_stage(project, Stage.COST_REVIEW, reviewed_on)
    project.save()
    _own_data(config, project, Stage.APPROVAL)  # a higher reviewed cost can need a higher decision level
    _event("cost_reviewed", project, actor, {"reviewed_cost_fen": reviewed_cost_fen, "reviewer": reviewer})
    _publish(
        project,
        config,
        tags=["planning"],
        what=f"造价评审 {yuan(reviewed_cost_fen)} 元",
        when=reviewed_on,
        actor=actor,
    )
    return project


@transaction.atomic(durable=True)
def do_open_tender(
    project: Project, *, route: str, tender_on: date, bid_deadline: date, actor: User
) -> Project:
    """Publish the tender (or 比价/比选) notice with the route the reviewed amount's band asks for, or a
    stronger one."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.TENDER)
    band = rules.band_for(config, project.category, project.amount_fen)
    errors: list[str] = []
    if route not in rules.ROUTES:
        errors.append(f"采购方式应为：{'、'.join(rules.ROUTES)}")
    elif not rules.route_allowed(band, route):
        errors.append(
            f"评审金额 {yuan(project.amount_fen)} 元所在档次至少须采用{band.route}"
            f"（{rules.PLATFORMS[band.platform]}），不能采用{route}"
        )
    _not_future(tender_on, "公告日期", errors)
    if project.cost_reviewed_on and tender_on < project.cost_reviewed_on:
        errors.append("公告日期早于造价评审")
    if bid_deadline < tender_on:
        errors.append("报价截止日期早于公告日期")
    if errors:
        raise InvalidInput("招标（比价）公告未保存", errors)
    project.route = route
    project.platform = band.platform
    project.tender_on = tender_on
    project.bid_deadline = bid_deadline
    _set_stage(project, Stage.TENDER, tender_on)
    project.save()
    _event(
        "tender_opened", project, actor, {"route": route, "platform": band.platform, "band_route": band.route}
    )
    _publish(project, config, tags=["tender"], what=f"发布{route}公告", when=tender_on, actor=actor)
    return project


@transaction.atomic(durable=True)
def do_record_bid(
    project: Project,
    *,
    contractor_id: int,
    amount_fen: int,
    submitted_on: date,
    valid: bool = True,
    note: str = "",
    actor: User,
) -> ProjectBid:
    """A bid or quote received before the deadline, from a registered contractor."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    errors: list[str] = []
    if project.stage != Stage.TENDER:
        errors.append("只能在招标（比价）阶段、定标之前登记报价")
    contractor = Contractor.objects.filter(pk=contractor_id, active=True).first()
    if contractor is None:
        errors.append("投标单位未在承包商名录中登记，或已停用")
    elif project.bids.filter(contractor=contractor).exists():
        errors.append(f"{contractor.name}已报价")
    elif contractor.kind != project.category:
        errors.append(f"{contractor.name}登记的类别是{contractor.get_kind_display()}，与项目类别不符")
    _money(amount_fen, "报价", errors)
    if project.tender_on and not (
        project.tender_on <= submitted_on <= (project.bid_deadline or submitted_on)
    ):
        errors.append("报价日期应在公告日期和报价截止日期之间")
    if not valid and not note.strip():
        errors.append("无效报价请写明原因")
    if errors:
        raise InvalidInput("报价未登记", errors)
    bid = ProjectBid.objects.create(
        project=project,
        contractor=contractor,
        amount_fen=amount_fen,
        submitted_on=submitted_on,
        valid=valid,
        note=note.strip()[:200],
        recorded_by=actor,
    )
    _event(
        "bid_recorded",
        project,
        actor,
        {"contractor": contractor.uscc, "amount_fen": amount_fen, "valid": valid},
    )
    return bid


@transaction.atomic(durable=True)
def do_award_project(project: Project, *, contractor_id: int, awarded_on: date, actor: User) -> Project:
    """定标: the winner is one of the valid bidders, at its bid; the route's minimum number of valid bids
    must be there. Publishes the bids and the result."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.AWARD)
    bid = project.bids.filter(contractor_id=contractor_id, valid=True).select_related("contractor").first()
    errors: list[str] = []
    if bid is None:
        errors.append("中标单位应为有效投标人之一")
    _not_future(awarded_on, "定标日期", errors)
    if project.bid_deadline and awarded_on < project.bid_deadline:
        errors.append("定标日期早于报价截止日期")
    if errors:
        raise InvalidInput("定标未保存", errors)
    assert bid is not None
    project.award_contractor = bid.contractor
    project.award_fen = bid.amount_fen
    project.awarded_on = awarded_on
    _own_data(config, project, Stage.AWARD)
    _set_stage(project, Stage.AWARD, awarded_on)
    project.save()
    _event("awarded", project, actor, {"contractor": bid.contractor.uscc, "award_fen": bid.amount_fen})
    _publish(
        project,
        config,
        tags=["tender", "award"],
        what=f"定标：{bid.contractor.name}，{yuan(bid.amount_fen)} 元",
        when=awarded_on,
        actor=actor,
    )
    index_projects([project.pk])  # the contractor's name is searchable
    return project


@transaction.atomic(durable=True)
def do_sign_contract(
    project: Project,
    *,
    contract_no: str,
    value_fen: int,
    signed_on: date,
    start_on: date,
    end_on: date,
    actor: User,
) -> Project:
    """The contract with the winner, at no more than the award (changes later go through variations)."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.CONTRACT)
    errors: list[str] = []
    if not contract_no.strip():
        errors.append("请填写合同编号")
    _money(value_fen, "合同金额", errors)
    if project.award_fen is not None and value_fen > project.award_fen:
        errors.append(f"合同金额不能高于中标金额 {yuan(project.award_fen)} 元（增加须走设计变更）")
    _not_future(signed_on, "签订日期", errors)
    if project.awarded_on and signed_on < project.awarded_on:
        errors.append("签订日期早于定标")
    if end_on < start_on:
        errors.append("工期截止早于开始")
    if errors:
        raise InvalidInput("合同未保存", errors)
    project.contract_no = contract_no.strip()[:60]
    project.contract_fen = value_fen
    project.contract_signed_on = signed_on
    project.contract_start = start_on
    project.contract_end = end_on
    _set_stage(project, Stage.CONTRACT, signed_on)
    project.save()
    _event("contracted", project, actor, {"contract_no": project.contract_no, "value_fen": value_fen})
    _publish(
        project, config, tags=["contract"], what=f"签订合同 {yuan(value_fen)} 元", when=signed_on, actor=actor
    )
    return project


@transaction.atomic(durable=True)
def do_report_construction(
    project: Project,
    *,
    kind: str,
    occurred_on: date,
    note: str,
    percent: int | None = None,
    amount_fen: int | None = None,
    actor: User,
) -> ProjectEvent:
    """A progress report (percent complete, never going back), an inspection, or a variation order (which
    changes the contract value). A progress report of 100% completes construction."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    if project.category != Category.WORKS:
        raise InvalidInput("货物、服务类采购没有施工阶段")
    if project.stage != Stage.CONTRACT:
        _gate(config, project, Stage.CONSTRUCTION)  # explains what is missing, or that construction is over
    elif rules.gate(config, state_of(project), Stage.CONSTRUCTION):
        _gate(config, project, Stage.CONSTRUCTION)
    errors: list[str] = []
    if kind not in ProjectEvent.Kind.values:
        errors.append("类型应为进度报告、监督检查或设计变更")
    if not note.strip():
        errors.append("请填写内容")
    _not_future(occurred_on, "日期", errors)
    if project.contract_signed_on and occurred_on < project.contract_signed_on:
        errors.append("日期早于合同签订")
    if kind == "progress":
        if not isinstance(percent, int) or not 0 < percent <= 100:
            errors.append("形象进度应为 1–100 的整数")
        elif percent < project.progress_percent:
            errors.append(f"形象进度不能小于上次报告的 {project.progress_percent}%")
    if kind == "variation":
        if not isinstance(amount_fen, int) or amount_fen == 0:
            errors.append("设计变更须填写增减金额（减少为负数）")
        elif (project.contract_fen or 0) + project.variations_fen + amount_fen <= 0:
            errors.append("变更后合同金额须大于零")
    if errors:
        raise InvalidInput("施工记录未保存", errors)
    event = ProjectEvent.objects.create(
        project=project,
        kind=kind,
        occurred_on=occurred_on,
        percent=percent if kind == "progress" else None,
        amount_fen=amount_fen if kind == "variation" else None,
        note=note.strip(),
        recorded_by=actor,
    )
    what = event.get_kind_display()
    if kind == "progress":
        project.progress_percent = percent or 0
        what = f"施工进度 {percent}%"
        if percent == 100:
            _set_stage(project, Stage.CONSTRUCTION, occurred_on)
            what = "完工"
    if kind == "variation":
        project.variations_fen += amount_fen or 0
        what = f"设计变更 {yuan(amount_fen or 0)} 元"
    project.save()
    _event(
        "construction_reported", project, actor, {"kind": kind, "percent": percent, "amount_fen": amount_fen}
    )
    _publish(project, config, tags=["implementation"], what=what, when=occurred_on, actor=actor)
    return event


@transaction.atomic(durable=True)
def do_record_acceptance(
    project: Project, *, accepted_on: date, passed: bool, note: str, actor: User
) -> Project:
    """竣工验收 (for goods and services: acceptance of delivery). A failed acceptance is published too; the
    project stays where it was until a later acceptance passes."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.ACCEPTANCE)
    errors: list[str] = []
    _not_future(accepted_on, "验收日期", errors)
    if accepted_on < project.stage_on:
        errors.append("验收日期早于完工（合同）日期")
    if not note.strip():
        errors.append("请填写验收意见（参加人员、结论）")
    if errors:
        raise InvalidInput("验收未保存", errors)
    project.accepted_on = accepted_on
    project.acceptance_passed = passed
    project.acceptance_note = note.strip()
    if passed:
        _set_stage(project, Stage.ACCEPTANCE, accepted_on)
    project.save()
    _event("accepted", project, actor, {"passed": passed})
    _publish(
        project,
        config,
        tags=["implementation"],
        what="验收合格" if passed else "验收不合格，限期整改",
        when=accepted_on,
        actor=actor,
    )
    return project


@transaction.atomic(durable=True)
def do_settle_project(
    project: Project, *, settled_fen: int, settled_on: date, auditor: str, actor: User
) -> Project:
    """结算审计: the audited final amount, which the payments then settle."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    project = _lock(project)
    config = procurement_config(project.region_id)
    _gate(config, project, Stage.SETTLEMENT)
    errors: list[str] = []
    _money(settled_fen, "结算审计金额", errors)
    if settled_fen < project.paid_fen:
        errors.append(f"结算金额低于已付 {yuan(project.paid_fen)} 元，须先追回多付款项")
    if not auditor.strip():
        errors.append("请填写审计（结算审核）单位")
    _not_future(settled_on, "结算日期", errors)
    if settled_on < project.stage_on:
        errors.append("结算日期早于验收")
    if errors:
        raise InvalidInput("结算未保存", errors)
    project.settled_fen = settled_fen
    project.settled_on = settled_on
    project.auditor = auditor.strip()[:200]
    _set_stage(project, Stage.SETTLEMENT, settled_on)
    project.save()
    _event("settled", project, actor, {"settled_fen": settled_fen, "auditor": project.auditor})
    _publish(
        project,
        config,
        tags=["implementation"],
        what=f"结算审计 {yuan(settled_fen)} 元",
        when=settled_on,
        actor=actor,
    )
    return project


@transaction.atomic(durable=True)
def do_record_payment(
    project: Project, *, paid_on: date, amount_fen: int, voucher_no: str = "", note: str = "", actor: User
) -> ProjectPayment:
    """A payment to the winner. Before settlement the total stays within the contract value (with
    variations); after it, within the settled amount. The payment that settles it in full closes the
    project once the settlement is signed off."""
    access.check_region_code(actor, project.region_id, perm=Perm.RECORD_MONEY)
    project = _lock(project)
    config = procurement_config(project.region_id)
    errors: list[str] = []
    if project.contract_signed_on is None:
        errors.append("签订合同之后才能付款")
    elif paid_on < project.contract_signed_on:
        errors.append("付款日期早于合同签订")
    if project.stage == Stage.CLOSED:
        errors.append("项目已付清结项")
    _money(amount_fen, "付款金额", errors)
    cap = (
        project.settled_fen
        if project.settled_fen is not None
        else (project.contract_fen or 0) + project.variations_fen
    )
    if not errors and project.paid_fen + amount_fen > cap:
        what = "结算金额" if project.settled_fen is not None else "合同金额（含变更）"
        errors.append(f"累计付款将超过{what} {yuan(cap)} 元（已付 {yuan(project.paid_fen)} 元）")
    _not_future(paid_on, "付款日期", errors)
    if errors:
        raise InvalidInput("付款未登记", errors)
    payment = ProjectPayment.objects.create(
        project=project,
        paid_on=paid_on,
        amount_fen=amount_fen,
        voucher_no=voucher_no.strip()[:40],
        note=note.strip()[:200],
        recorded_by=actor,
    )
    project.paid_fen += amount_fen
    project.save()
    _event("paid", project, actor, {"amount_fen": amount_fen, "paid_fen": project.paid_fen})
    if not _maybe_close(project, config, actor, paid_on):
        _publish(
            project,
            config,
            tags=["implementation"],
            what=f"付款 {yuan(amount_fen)} 元",
            when=paid_on,
            actor=actor,
        )
    return payment


def _maybe_close(project: Project, config: rules.Config, actor: User, when: date) -> bool:
    """Close the project when it is settled, paid in full and the settlement is signed off."""
    if project.stage != Stage.SETTLEMENT or rules.gate(config, state_of(project), Stage.CLOSED):
        return False
    if rules.stage_data_missing(config, state_of(project), Stage.CLOSED):
        return False
    _set_stage(project, Stage.CLOSED, when)
    project.save()
    _event("closed", project, actor, {"paid_fen": project.paid_fen})
    _publish(
        project,
        config,
        tags=["implementation", "contractTermination"],
        what=f"付清结项，合计 {yuan(project.paid_fen)} 元",
        when=when,
        actor=actor,
    )
    return True


@transaction.atomic(durable=True)
def do_attach_document(project: Project, *, document_id: int, stage: str, actor: User) -> ProjectDocument:
    """Attach an uploaded document (matters.Document of the same village) to a stage of the project."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    document = Document.objects.filter(pk=document_id, region_id=project.region_id).first()
    errors = []
    if document is None:
        errors.append("材料不存在或不属于本村")
    if stage not in rules.STAGES:
        errors.append("阶段不正确")
    elif document is not None and ProjectDocument.objects.filter(project=project, document=document).exists():
        errors.append("该材料已附在项目上")
    if errors:
        raise InvalidInput("材料未附加", errors)
    link = ProjectDocument.objects.create(project=project, stage=stage, document=document)
    _event("document_attached", project, actor, {"stage": stage, "document": document_id})
    return link


# ---------------------------------------------------------------------------------------------------------
# What a user may do on a project now: the office shows exactly this; each service checks again.

_STAGE_STEPS = ("cost_review", "tender", "award", "contract", "acceptance", "settlement")
_STEP_PERMS = {
    "cost_review": Perm.REVIEW_COST,
    "tender": Perm.MANAGE_PROJECTS,
    "bid": Perm.MANAGE_PROJECTS,
    "award": Perm.MANAGE_PROJECTS,
    "contract": Perm.MANAGE_PROJECTS,
    "construction": Perm.MANAGE_PROJECTS,
    "acceptance": Perm.MANAGE_PROJECTS,
    "settlement": Perm.MANAGE_PROJECTS,
    "payment": Perm.RECORD_MONEY,
    "attach": Perm.MANAGE_PROJECTS,
    "sign": Perm.SIGN_4X,
}


def waiting_signoffs(
    state: rules.ProjectState, config: rules.Config, bodies: Sequence[str]
) -> list[tuple[str, list[str]]]:
    """The reached stages that still wait for one of `bodies` (the user's 4+X bodies), with those bodies:
    [(stage, [body, …])]. The workspace's sign form and the sign-off queue both ask this."""
    out = []
    for stage in rules.signable_stages(state):
        needed = config.signoffs.get(state.category, {}).get(stage, [])
        mine = [b for b in needed if b in bodies and b not in state.signed.get(stage, set())]
        if mine:
            out.append((stage, mine))
    return out


@dataclass(frozen=True)
class Offer:
    """The steps `user` may take on a project now, the stages their body may sign, and why the next stage
    cannot start yet (the gate's reasons, shown to everyone)."""

    actions: list[str]
    signable: list[str]
    blocked: list[str]


def available_actions(project: Project, user: User | AnonymousUser) -> Offer:
    config = procurement_config(project.region_id)
    state = state_of(project)
    nxt = rules.next_stage(state)
    blocked = rules.gate(config, state, nxt) if nxt else []
    if not user.is_authenticated:
        return Offer([], [], blocked)
    code = project.region_id
    steps = [nxt] if nxt in _STAGE_STEPS else []
    if project.stage == Stage.TENDER:
        steps.insert(0, "bid")
    if project.stage == Stage.CONTRACT and project.category == Category.WORKS:
        steps.append("construction")
    if project.contract_signed_on and project.stage != Stage.CLOSED:
        steps.append("payment")
    steps.append("attach")
    signable = [s for s, _ in waiting_signoffs(state, config, access.bodies_on(user, code))]
    if signable:
        steps.insert(0, "sign")
    allowed = [s for s in steps if s is not None and access.has_perm(user, code, _STEP_PERMS[s])]
    return Offer(allowed, signable if "sign" in allowed else [], blocked)
