"""Services for village projects, one per stage. One transaction each, with the audit event of the stage
(and the publication's own, when the stage publishes)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Unpack

from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.money import yuan
from xiaowei.matters.models import Document, Meeting
from xiaowei.procurement import from_projects, stages
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
# Projects: one service per stage. Each checks the actor's scope, locks the project and checks the gate
# (_open), refuses with every reason its data gives (procurement.stages.Refusals), writes, and records and
# publishes the stage (_announce) in the same transaction.


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


def _open(
    project: Project, actor: User, perm: str, *, gate: str | None = None
) -> tuple[Project, rules.Config]:
    """The start of a stage service: the actor's scope, the project re-read under a row lock (two clerks
    cannot both pass a gate on stale data), the county's configuration and, for a stage, its gate."""
    project = _lock(project, actor, perm)
    config = procurement_config(project.region_id)
    if gate is not None:
        _gate(config, project, gate)
    return project, config


def _lock(project: Project, actor: User, perm: str) -> Project:
    access.check_region_code(actor, project.region_id, perm=perm)
    return stages.locked(
        Project.objects.select_related("region", "decision_meeting", "award_contractor"), project.pk
    )


def _gate(config: rules.Config, project: Project, stage: str) -> None:
    blocked = rules.gate(config, state_of(project), stage)
    if blocked:
        raise InvalidInput(f"“{rules.STAGES.get(stage, stage)}”阶段还不能开始", blocked)


def _own_data(config: rules.Config, project: Project, stage: str) -> None:
    missing = rules.stage_data_missing(config, state_of(project), stage)
    if missing:
        raise InvalidInput(f"“{rules.STAGES[stage]}”阶段的信息不完整", missing)


def _announce(
    project: Project,
    config: rules.Config,
    actor: User,
    action: str,
    after: dict[str, Any],
    **change: Unpack[stages.Change],
) -> None:
    """The end of a stage service, once the project is saved: the audit event ``action`` and the
    publication of the change."""
    _event(action, project, actor, after)
    _publish(project, config, actor, **change)


def _publish(project: Project, config: rules.Config, actor: User, **change: Unpack[stages.Change]) -> None:
    """Publish a stage change of ``project``: the OCDS releases for its tags, built from the rows as they
    now are, in one publication of the log."""
    state = {
        "code": project.code,
        "title": project.title,
        "stage": project.stage,
        "stage_name": rules.STAGES[project.stage],
    }
    stages.publish(
        lambda: from_projects.as_ocds(project, config.ocid_prefix),
        {"type": "project", "project": state},
        title=f"{project.title}：{change['what']}",
        region=project.region,
        kind=Publication.Kind.PROJECT,
        subject=("project", project.code),
        refused="项目数据前后矛盾，未保存",
        amount=yuan(project.amount_fen),
        actor=actor,
        **change,
    )


def _set_stage(project: Project, stage: str, when: date) -> None:
    project.stage = stage
    project.stage_on = when


def _event(
    action: str, project: Project, actor: User, after: dict[str, Any], before: dict[str, Any] | None = None
) -> None:
    record(
        f"projects.project.{action}",
        actor=actor,
        obj=project,
        region_code=project.region_id,
        before=before,
        after=after,
    )


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
    refusals = stages.Refusals("立项信息有误，未登记")
    refusals.check(region.level == "village", "项目应登记在村（社区）")
    refusals.check(bool(title.strip()), "请填写项目名称")
    refusals.check(category in CATEGORIES, "类别应为工程、货物或服务")
    if project_type not in config.sector:
        refusals.add(f"项目类型应为：{'、'.join(rules.PROJECT_TYPE_NAMES.get(k, k) for k in config.sector)}")
    refusals.money(budget_fen, "预算")
    refusals.check(bool(funding_source.strip()), "请填写资金来源")
    refusals.not_future(approved_on, "立项日期")
    refusals.check(2000 <= year <= approved_on.year + 1, "年度不正确")
    meeting = Meeting.objects.filter(pk=decision_meeting_id, region_id=region_code).first()
    if meeting is None:
        refusals.add("所引用的决议会议不存在或不属于本村")
    elif meeting.held_on > approved_on:
        refusals.add("立项日期早于决议会议")
    refusals.raise_if_any()
    assert meeting is not None
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
    after = {"code": project.code, "budget_fen": budget_fen, "band_route": band.route}
    _announce(project, config, actor, "created", after, tags=["planning"], what="立项", when=approved_on)
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
    project, config = _open(project, actor, Perm.SIGN_4X)
    mine = access.bodies_on(actor, project.region_id)
    if body is None and len(mine) == 1:
        body = mine[0]
    name = BODY_LABELS.get(body or "", body)
    refusals = stages.Refusals("签字未保存")
    refusals.check(body in mine, f"您不能代表“{name}”签字")
    if stage not in rules.signable_stages(state_of(project)):
        refusals.add(f"项目尚未进行到“{rules.STAGES.get(stage, stage)}”阶段，不能签字")
    elif body in mine and body not in config.signoffs.get(project.category, {}).get(stage, []):
        refusals.add(f"“{rules.STAGES[stage]}”阶段不需要{name}签字")
    refusals.check(agreed or bool(opinion.strip()), "不同意时请写明意见和理由")
    refusals.not_future(signed_on, "签署日期")
    if signed_on < project.stage_on and stage == project.stage:
        refusals.add("签署日期早于该阶段的日期")
    existing = ProjectSignoff.objects.filter(project=project, stage=stage, body=body).first()
    if existing and existing.agreed:
        refusals.add(f"{name}已签署同意该阶段")
    refusals.raise_if_any()
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
    after = {"stage": stage, "body": body, "agreed": agreed, "opinion": opinion.strip()}
    _event("signed", project, actor, after, before)
    _maybe_close(project, config, actor, signed_on)
    return signoff


@transaction.atomic(durable=True)
def do_review_cost(
    project: Project, *, reviewed_cost_fen: int, reviewer: str, reviewed_on: date, actor: User
) -> Project:
    """造价评审 by the township finance office (or the third party it names)."""
    project, config = _open(project, actor, Perm.REVIEW_COST, gate=Stage.COST_REVIEW)
    refusals = stages.Refusals("造价评审未保存")
    refusals.money(reviewed_cost_fen, "造价评审金额")
    refusals.check(bool(reviewer.strip()), "请填写评审机构")
    refusals.not_future(reviewed_on, "评审日期")
    refusals.check(reviewed_on >= project.approved_on, "评审日期早于立项")
    refusals.raise_if_any()
    project.reviewed_cost_fen = reviewed_cost_fen
    project.cost_reviewer = reviewer.strip()[:200]
    project.cost_reviewed_on = reviewed_on
    _set_stage(project, Stage.COST_REVIEW, reviewed_on)
    project.save()
    _own_data(config, project, Stage.APPROVAL)  # a higher reviewed cost can need a higher decision level
    after = {"reviewed_cost_fen": reviewed_cost_fen, "reviewer": reviewer}
    what = f"造价评审 {yuan(reviewed_cost_fen)} 元"
    _announce(project, config, actor, "cost_reviewed", after, tags=["planning"], what=what, when=reviewed_on)
    return project


@transaction.atomic(durable=True)
def do_open_tender(
    project: Project, *, route: str, tender_on: date, bid_deadline: date, actor: User
) -> Project:
    """Publish the tender (or 比价/比选) notice with the route the reviewed amount's band asks for, or a
    stronger one."""
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS, gate=Stage.TENDER)
    band = rules.band_for(config, project.category, project.amount_fen)
    refusals = stages.Refusals("招标（比价）公告未保存")
    if route not in rules.ROUTES:
        refusals.add(f"采购方式应为：{'、'.join(rules.ROUTES)}")
    elif not rules.route_allowed(band, route):
        refusals.add(
            f"评审金额 {yuan(project.amount_fen)} 元所在档次至少须采用{band.route}"
            f"（{rules.PLATFORMS[band.platform]}），不能采用{route}"
        )
    refusals.not_future(tender_on, "公告日期")
    if project.cost_reviewed_on and tender_on < project.cost_reviewed_on:
        refusals.add("公告日期早于造价评审")
    refusals.check(bid_deadline >= tender_on, "报价截止日期早于公告日期")
    refusals.raise_if_any()
    project.route = route
    project.platform = band.platform
    project.tender_on = tender_on
    project.bid_deadline = bid_deadline
    _set_stage(project, Stage.TENDER, tender_on)
    project.save()
    after = {"route": route, "platform": band.platform, "band_route": band.route}
    what = f"发布{route}公告"
    _announce(project, config, actor, "tender_opened", after, tags=["tender"], what=what, when=tender_on)
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
    project = _lock(project, actor, Perm.MANAGE_PROJECTS)
    refusals = stages.Refusals("报价未登记")
    refusals.check(project.stage == Stage.TENDER, "只能在招标（比价）阶段、定标之前登记报价")
    contractor = Contractor.objects.filter(pk=contractor_id, active=True).first()
    if contractor is None:
        refusals.add("投标单位未在承包商名录中登记，或已停用")
    elif project.bids.filter(contractor=contractor).exists():
        refusals.add(f"{contractor.name}已报价")
    elif contractor.kind != project.category:
        refusals.add(f"{contractor.name}登记的类别是{contractor.get_kind_display()}，与项目类别不符")
    refusals.money(amount_fen, "报价")
    if project.tender_on and not (
        project.tender_on <= submitted_on <= (project.bid_deadline or submitted_on)
    ):
        refusals.add("报价日期应在公告日期和报价截止日期之间")
    refusals.check(valid or bool(note.strip()), "无效报价请写明原因")
    refusals.raise_if_any()
    assert contractor is not None
    bid = ProjectBid.objects.create(
        project=project,
        contractor=contractor,
        amount_fen=amount_fen,
        submitted_on=submitted_on,
        valid=valid,
        note=note.strip()[:200],
        recorded_by=actor,
    )
    after = {"contractor": contractor.uscc, "amount_fen": amount_fen, "valid": valid}
    _event("bid_recorded", project, actor, after)
    return bid


@transaction.atomic(durable=True)
def do_award_project(project: Project, *, contractor_id: int, awarded_on: date, actor: User) -> Project:
    """定标: the winner is one of the valid bidders, at its bid; the route's minimum number of valid bids
    must be there. Publishes the bids and the result."""
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS, gate=Stage.AWARD)
    bid = project.bids.filter(contractor_id=contractor_id, valid=True).select_related("contractor").first()
    refusals = stages.Refusals("定标未保存")
    refusals.check(bid is not None, "中标单位应为有效投标人之一")
    refusals.not_future(awarded_on, "定标日期")
    if project.bid_deadline and awarded_on < project.bid_deadline:
        refusals.add("定标日期早于报价截止日期")
    refusals.raise_if_any()
    assert bid is not None
    project.award_contractor = bid.contractor
    project.award_fen = bid.amount_fen
    project.awarded_on = awarded_on
    _own_data(config, project, Stage.AWARD)
    _set_stage(project, Stage.AWARD, awarded_on)
    project.save()
    after = {"contractor": bid.contractor.uscc, "award_fen": bid.amount_fen}
    what = f"定标：{bid.contractor.name}，{yuan(bid.amount_fen)} 元"
    _announce(project, config, actor, "awarded", after, tags=["tender", "award"], what=what, when=awarded_on)
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
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS, gate=Stage.CONTRACT)
    refusals = stages.Refusals("合同未保存")
    refusals.check(bool(contract_no.strip()), "请填写合同编号")
    refusals.money(value_fen, "合同金额")
    if project.award_fen is not None and value_fen > project.award_fen:
        refusals.add(f"合同金额不能高于中标金额 {yuan(project.award_fen)} 元（增加须走设计变更）")
    refusals.not_future(signed_on, "签订日期")
    if project.awarded_on and signed_on < project.awarded_on:
        refusals.add("签订日期早于定标")
    refusals.check(end_on >= start_on, "工期截止早于开始")
    refusals.raise_if_any()
    project.contract_no = contract_no.strip()[:60]
    project.contract_fen = value_fen
    project.contract_signed_on = signed_on
    project.contract_start = start_on
    project.contract_end = end_on
    _set_stage(project, Stage.CONTRACT, signed_on)
    project.save()
    after = {"contract_no": project.contract_no, "value_fen": value_fen}
    what = f"签订合同 {yuan(value_fen)} 元"
    _announce(project, config, actor, "contracted", after, tags=["contract"], what=what, when=signed_on)
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
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS)
    if project.category != Category.WORKS:
        raise InvalidInput("货物、服务类采购没有施工阶段")
    # Open while the contract is signed off and construction is not complete; otherwise the gate says why.
    _gate(config, project, Stage.CONSTRUCTION)
    refusals = stages.Refusals("施工记录未保存")
    refusals.check(kind in ProjectEvent.Kind.values, "类型应为进度报告、监督检查或设计变更")
    refusals.check(bool(note.strip()), "请填写内容")
    refusals.not_future(occurred_on, "日期")
    if project.contract_signed_on and occurred_on < project.contract_signed_on:
        refusals.add("日期早于合同签订")
    if kind == ProjectEvent.Kind.PROGRESS:
        if not isinstance(percent, int) or not 0 < percent <= 100:
            refusals.add("形象进度应为 1–100 的整数")
        elif percent < project.progress_percent:
            refusals.add(f"形象进度不能小于上次报告的 {project.progress_percent}%")
    if kind == ProjectEvent.Kind.VARIATION:
        if not isinstance(amount_fen, int) or amount_fen == 0:
            refusals.add("设计变更须填写增减金额（减少为负数）")
        elif (project.contract_fen or 0) + project.variations_fen + amount_fen <= 0:
            refusals.add("变更后合同金额须大于零")
    refusals.raise_if_any()
    event = ProjectEvent.objects.create(
        project=project,
        kind=kind,
        occurred_on=occurred_on,
        percent=percent if kind == ProjectEvent.Kind.PROGRESS else None,
        amount_fen=amount_fen if kind == ProjectEvent.Kind.VARIATION else None,
        note=note.strip(),
        recorded_by=actor,
    )
    what = event.get_kind_display()
    if kind == ProjectEvent.Kind.PROGRESS:
        project.progress_percent = percent or 0
        what = f"施工进度 {percent}%"
        if percent == 100:
            _set_stage(project, Stage.CONSTRUCTION, occurred_on)
            what = "完工"
    if kind == ProjectEvent.Kind.VARIATION:
        project.variations_fen += amount_fen or 0
        what = f"设计变更 {yuan(amount_fen or 0)} 元"
    project.save()
    after = {"kind": kind, "percent": percent, "amount_fen": amount_fen}
    tags = ["implementation"]
    _announce(project, config, actor, "construction_reported", after, tags=tags, what=what, when=occurred_on)
    return event


@transaction.atomic(durable=True)
def do_record_acceptance(
    project: Project, *, accepted_on: date, passed: bool, note: str, actor: User
) -> Project:
    """竣工验收 (for goods and services: acceptance of delivery). A failed acceptance is published too; the
    project stays where it was until a later acceptance passes."""
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS, gate=Stage.ACCEPTANCE)
    refusals = stages.Refusals("验收未保存")
    refusals.not_future(accepted_on, "验收日期")
    refusals.check(accepted_on >= project.stage_on, "验收日期早于完工（合同）日期")
    refusals.check(bool(note.strip()), "请填写验收意见（参加人员、结论）")
    refusals.raise_if_any()
    project.accepted_on = accepted_on
    project.acceptance_passed = passed
    project.acceptance_note = note.strip()
    if passed:
        _set_stage(project, Stage.ACCEPTANCE, accepted_on)
    project.save()
    after = {"passed": passed}
    what = "验收合格" if passed else "验收不合格，限期整改"
    _announce(project, config, actor, "accepted", after, tags=["implementation"], what=what, when=accepted_on)
    return project


@transaction.atomic(durable=True)
def do_settle_project(
    project: Project, *, settled_fen: int, settled_on: date, auditor: str, actor: User
) -> Project:
    """结算审计: the audited final amount, which the payments then settle."""
    project, config = _open(project, actor, Perm.MANAGE_PROJECTS, gate=Stage.SETTLEMENT)
    refusals = stages.Refusals("结算未保存")
    refusals.money(settled_fen, "结算审计金额")
    if settled_fen < project.paid_fen:
        refusals.add(f"结算金额低于已付 {yuan(project.paid_fen)} 元，须先追回多付款项")
    refusals.check(bool(auditor.strip()), "请填写审计（结算审核）单位")
    refusals.not_future(settled_on, "结算日期")
    refusals.check(settled_on >= project.stage_on, "结算日期早于验收")
    refusals.raise_if_any()
    project.settled_fen = settled_fen
    project.settled_on = settled_on
    project.auditor = auditor.strip()[:200]
    _set_stage(project, Stage.SETTLEMENT, settled_on)
    project.save()
    after = {"settled_fen": settled_fen, "auditor": project.auditor}
    what = f"结算审计 {yuan(settled_fen)} 元"
    _announce(project, config, actor, "settled", after, tags=["implementation"], what=what, when=settled_on)
    return project


@transaction.atomic(durable=True)
def do_record_payment(
    project: Project, *, paid_on: date, amount_fen: int, voucher_no: str = "", note: str = "", actor: User
) -> ProjectPayment:
    """A payment to the winner. Before settlement the total stays within the contract value (with
    variations); after it, within the settled amount. The payment that settles it in full closes the
    project once the settlement is signed off."""
    project, config = _open(project, actor, Perm.RECORD_MONEY)
    refusals = stages.Refusals("付款未登记")
    if project.contract_signed_on is None:
        refusals.add("签订合同之后才能付款")
    elif paid_on < project.contract_signed_on:
        refusals.add("付款日期早于合同签订")
    refusals.check(project.stage != Stage.CLOSED, "项目已付清结项")
    refusals.money(amount_fen, "付款金额")
    cap = (
        project.settled_fen
        if project.settled_fen is not None
        else (project.contract_fen or 0) + project.variations_fen
    )
    if not refusals and project.paid_fen + amount_fen > cap:
        what = "结算金额" if project.settled_fen is not None else "合同金额（含变更）"
        refusals.add(f"累计付款将超过{what} {yuan(cap)} 元（已付 {yuan(project.paid_fen)} 元）")
    refusals.not_future(paid_on, "付款日期")
    refusals.raise_if_any()
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
        what = f"付款 {yuan(amount_fen)} 元"
        _publish(project, config, actor, tags=["implementation"], what=what, when=paid_on)
    return payment


def _maybe_close(project: Project, config: rules.Config, actor: User, when: date) -> bool:
    """Close the project when it is settled, paid in full and the settlement is signed off."""
    if project.stage != Stage.SETTLEMENT or rules.gate(config, state_of(project), Stage.CLOSED):
        return False
    if rules.stage_data_missing(config, state_of(project), Stage.CLOSED):
        return False
    _set_stage(project, Stage.CLOSED, when)
    project.save()
    after = {"paid_fen": project.paid_fen}
    what = f"付清结项，合计 {yuan(project.paid_fen)} 元"
    tags = ["implementation", "contractTermination"]
    _announce(project, config, actor, "closed", after, tags=tags, what=what, when=when)
    return True


@transaction.atomic(durable=True)
def do_attach_document(project: Project, *, document_id: int, stage: str, actor: User) -> ProjectDocument:
    """Attach an uploaded document (matters.Document of the same village) to a stage of the project."""
    access.check_region_code(actor, project.region_id, perm=Perm.MANAGE_PROJECTS)
    document = Document.objects.filter(pk=document_id, region_id=project.region_id).first()
    refusals = stages.Refusals("材料未附加")
    refusals.check(document is not None, "材料不存在或不属于本村")
    if stage not in rules.STAGES:
        refusals.add("阶段不正确")
    elif document is not None and ProjectDocument.objects.filter(project=project, document=document).exists():
        refusals.add("该材料已附在项目上")
    refusals.raise_if_any()
    assert document is not None
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
