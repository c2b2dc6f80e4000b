"""Services for matters, meetings, resolutions, evidence and seals. Each is one transaction that checks
scope (regions.access) and the flowchart (matters.engine), then writes one audit event."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.catalog import selectors
from xiaowei.catalog.charts import DOCUMENT_KINDS, RESOLUTION_KINDS, Flowchart
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.quorum import MEETING_KINDS, Vote, evaluate, inconsistencies
from xiaowei.disclosure.services import publish_matter_step
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.money import parse_yuan, yuan
from xiaowei.lib.pii import check_id_number, id_hash, mask_id
from xiaowei.matters import engine
from xiaowei.matters.models import (
    Document,
    Matter,
    MatterOutcome,
    MatterStep,
    Meeting,
    Resolution,
    Seal,
    SealUse,
    Signoff,
)
from xiaowei.matters.signals import outcome_decided, step_published
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import ROLE_CODES, Perm, Role

if TYPE_CHECKING:
    from xiaowei.accounts.models import User


class StepRefused(ServiceError):
    """The flowchart refuses the step; `refusals` lists every rule it breaks."""

    code = "step_refused"

    def __init__(self, refusals: list[engine.Refusal]) -> None:
        super().__init__("；".join(r.message for r in refusals), code=refusals[0].kind)
        self.refusals = refusals


def _check(actor: User | None, region_code: str, perm: str) -> None:
    """Scope check for a service (None is the system itself, e.g. the demo loader)."""
    if actor is not None:
        access.check_region_code(actor, region_code, perm=perm)


def _village(region: Region) -> None:
    if region.level != Region.Level.VILLAGE:
        raise InvalidInput(f"{region.name}（{region.code}）不是村(社区)；事项、会议和印章都属于某个村(社区)")


# --- Attributes -----------------------------------------------------------------------------------


def clean_attributes(chart: Flowchart, raw: dict[str, Any]) -> dict[str, Any]:
    """Turn submitted attribute values into typed ones (money → fen); raise InvalidInput listing problems."""
    errors: list[str] = []
    clean: dict[str, Any] = {}
    for a in chart.attributes:
        value = raw.get(a.key)
        if a.type == "bool":
            clean[a.key] = value in (True, "true", "True", "on", "1", 1)
            continue
        if value is None or value == "":
            if a.required:
                errors.append(f"请填写“{a.label}”")
            continue
        try:
            if a.type == "money":
                clean[a.key] = (
                    value
                    if isinstance(value, int) and not isinstance(value, bool)
                    else parse_yuan(str(value))
                )
                if clean[a.key] < 0:
                    raise ValueError(f"“{a.label}”不能为负数")
            elif a.type == "int":
                clean[a.key] = int(value)
            elif a.type == "choice":
                if str(value) not in dict(a.choices):
                    raise ValueError(f"“{a.label}”应为：{'、'.join(label for _, label in a.choices)}")
                clean[a.key] = str(value)
            else:
                text = str(value).strip()
                if len(text) > 200:
                    raise ValueError(f"“{a.label}”不能超过 200 字")
                clean[a.key] = text
        except ValueError as e:
            message = str(e)
            errors.append(message if "“" in message else f"“{a.label}”：{message}")
    if errors:
        raise InvalidInput("事项要素有误", errors)
    return clean


def _chart_for(
    item_version: Any, attrs: dict[str, Any], chart_code: str | None, region_code: str
) -> Flowchart:
    item = item_version.parsed
    params = selectors.params(region_code)
    candidates = [item.chart(chart_code)] if chart_code else list(item.flowcharts)
    for chart in candidates:
        money = {a.key for a in chart.attributes if a.type == "money"}
        if engine.holds(chart.applies_when, attrs, money, params):
            return chart
    if chart_code:
        raise InvalidInput(
            f"流程图 {chart_code} 不适用于本事项（条件：{candidates[0].applies_when.describe()}）"
        )
    raise InvalidInput("没有适用于本事项的流程图，请检查事项要素（例如金额、处置方式）")


def engine_matter(matter: Matter, steps: list[MatterStep] | None = None) -> engine.Matter:
    """The engine's view of a stored matter (its rules and parameters are the village's, in force now)."""
    rows = steps if steps is not None else list(matter.steps.order_by("seq"))
    return engine.Matter(
        chart=matter.chart,
        attrs=matter.attributes,
        started_on=matter.started_on,
        done=[engine.Done(s.key, s.occurred_on, s.publicity_end) for s in rows],
        params=selectors.params(matter.region_id),
        rules=selectors.meeting_rules(matter.region_id),
    )


def _sync(matter: Matter, em: engine.Matter, today: dt.date) -> None:
    nxt = em.next_step()
    matter.next_step_key = nxt.key if nxt else ""
    matter.due_on = em.due_on()
    if nxt is None:
        matter.status = Matter.Status.FINISHED
        matter.finished_on = today


# --- Matters --------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def do_start_matter(
    village: Region,
    item: PowerItem,
    *,
    title: str,
    attributes: dict[str, Any],
    started_on: dt.date,
    chart_code: str | None = None,
    actor: User,
) -> Matter:
    """Start exercising a power in a village, on the item version in force on `started_on`."""
    _village(village)
    _check(actor, village.code, Perm.START_MATTERS)
    if not selectors.items_for(village.code).filter(pk=item.pk).exists():
        raise InvalidInput(f"事项 {item.code} 不适用于 {village.name}（属于其他乡镇的特色清单）")
    version = item.version_on(started_on)
    if version is None:
        raise InvalidInput(f"事项 {item.code} 在 {started_on} 尚未生效")
    if not title.strip():
        raise InvalidInput("请填写事项名称")
    if chart_code and chart_code not in {c.code for c in version.parsed.flowcharts}:
        raise InvalidInput(f"事项 {item.code} 没有流程图 {chart_code}")
    # Clean the values against every chart's declarations first (the values decide which chart applies),
    # then require what the chosen chart requires and keep only what it declares.
    declared = {a.key: replace(a, required=False) for c in version.parsed.flowcharts for a in c.attributes}
    attrs = clean_attributes(Flowchart("*", "", (), tuple(declared.values())), attributes)
    chart = _chart_for(version, attrs, chart_code, village.code)
    missing = [
        f"请填写“{a.label}”" for a in chart.attributes if a.required and attrs.get(a.key) in (None, "")
    ]
    if missing:
        raise InvalidInput("事项要素有误", missing)
    attrs = {a.key: attrs[a.key] for a in chart.attributes if a.key in attrs}
    matter = Matter(
        region=village,
        item_version=version,
        chart_code=chart.code,
        title=title.strip()[:200],
        attributes=attrs,
        started_on=started_on,
        started_by=actor,
    )
    em = engine_matter(matter, steps=[])
    _sync(matter, em, started_on)
    matter.save()
    record(
        "matters.matter.started",
        actor=actor,
        obj=matter,
        region_code=village.code,
        after={
            "item": item.code,
            "version": version.number,
            "chart": chart.code,
            "title": matter.title,
            "attributes": attrs,
            "started_on": started_on,
        },
    )
    return matter


def _signed_roles(matter: Matter, step_key: str) -> frozenset[str]:
    return frozenset(matter.signoffs.filter(step_key=step_key, agreed=True).values_list("role", flat=True))


@transaction.atomic(durable=True)
def do_record_step(
    matter: Matter,
    step_key: str,
    *,
    occurred_on: dt.date,
    actor: User,
    meeting: Meeting | None = None,
    resolution: Resolution | None = None,
    documents: list[Document] | tuple[Document, ...] = (),
    publicity: tuple[dt.date, dt.date] | None = None,
    note: str = "",
    decision: str = "",
    person_id: str = "",
) -> MatterStep:
    """Record one step of a matter with its evidence, if the flowchart allows it now."""
    matter = Matter.objects.select_for_update().select_related("item_version").get(pk=matter.pk)
    _check(actor, matter.region_id, Perm.VIEW_OFFICE)
    if matter.status != Matter.Status.OPEN:
        raise ServiceError(f"事项已{matter.get_status_display()}，不能再记录步骤", code="finished")
    for thing, label in ((meeting, "会议"), (resolution.meeting if resolution else None, "决议")):
        if thing is not None and thing.region_id != matter.region_id:
            raise InvalidInput(f"所附{label}不属于{matter.region.name}")
    for d in documents:
        if d.region_id != matter.region_id:
            raise InvalidInput(f"材料“{d.title}”不属于{matter.region.name}")
    em = engine_matter(matter)
    vote = None
    if meeting is not None:
        vote = Vote(
            meeting.kind,
            meeting.held_on,
            meeting.notice_on,
            meeting.expected,
            meeting.present,
            meeting.votes_for,
            meeting.votes_against,
            meeting.votes_abstain,
        )
    facts = None
    if resolution is not None:
        facts = engine.ResolutionFacts(
            resolution.kind, resolution.valid_from, resolution.valid_until, resolution.amount_cap_fen
        )
    actor_roles = access.roles_on(actor, matter.region_id)
    attempt = engine.Attempt(
        step_key=step_key,
        occurred_on=occurred_on,
        actor_roles=actor_roles,
        documents=frozenset(d.kind for d in documents),
        vote=vote,
        resolution=facts,
        publicity=publicity,
        signed_roles=_signed_roles(matter, step_key),
    )
    refusals = em.check(attempt)
    if refusals:
        raise StepRefused(refusals)
    step = matter.chart.step(step_key)
    id_fields: dict[str, str] = {}
    if step.outcome:
        if decision not in ("approved", "refused"):
            raise InvalidInput(f"“{step.name}”须写明结果：批准或不予批准")
        if person_id:
            try:
                number = check_id_number(person_id)
            except ValueError as e:
                raise InvalidInput(str(e)) from None
            id_fields = {"id_hash": id_hash(number), "id_masked": mask_id(number)}
    elif decision:
        raise InvalidInput(f"“{step.name}”不是作出结果的步骤")
    row = MatterStep.objects.create(
        matter=matter,
        seq=len(em.done) + 1,
        key=step.key,
        name=step.name,
        occurred_on=occurred_on,
        actor=actor,
        actor_role=next(r for r in step.roles if r in actor_roles),
        meeting=meeting,
        resolution=resolution,
        publicity_start=publicity[0] if publicity else None,
        publicity_end=publicity[1] if publicity else None,
        note=note.strip(),
        decision=decision,
        published=step.publishes,
    )
    row.documents.set(documents)
    em.record(attempt)
    _sync(matter, em, occurred_on)
    matter.save(update_fields=["next_step_key", "due_on", "status", "finished_on"])
    if step.outcome:
        outcome = MatterOutcome.objects.create(
            matter=matter,
            region_id=matter.region_id,
            category=matter.item.result_category,
            person_name=str(matter.attributes.get("applicant_name", ""))[:50],
            household_size=matter.attributes.get("household_size"),
            amount_fen=matter.attributes.get("amount"),
            approved=decision == "approved",
            decided_on=occurred_on,
            **id_fields,
        )
        transaction.on_commit(lambda: outcome_decided.send(sender=MatterOutcome, outcome=outcome))
    if step.publishes:
        # Required effect, so a direct call in this transaction: the step and its publication (a leaf of
        # the transparency log) commit together or not at all.
        publish_matter_step(row, actor=actor)
        transaction.on_commit(lambda: step_published.send(sender=MatterStep, step=row))
    record(
        "matters.step.recorded",
        actor=actor,
        obj=row,
        region_code=matter.region_id,
        after={
            "matter": matter.pk,
            "step": step.key,
            "name": step.name,
            "occurred_on": occurred_on,
            "meeting": meeting.pk if meeting else None,
            "resolution": resolution.pk if resolution else None,
            "documents": [d.pk for d in documents],
            "publicity": list(publicity) if publicity else None,
            "decision": decision,
            "status": matter.status,
        },
    )
    return row


@transaction.atomic(durable=True)
def do_sign_step(
    matter: Matter, step_key: str, *, role: str, agreed: bool, opinion: str, actor: User
) -> Signoff:
    """A named role signs its opinion on a step before the step can be recorded."""
    _check(actor, matter.region_id, Perm.VIEW_OFFICE)
    try:
        step = matter.chart.step(step_key)
    except KeyError:
        raise InvalidInput(f"流程图没有“{step_key}”这一步") from None
    if role not in step.signoffs:
        raise InvalidInput(f"“{step.name}”不需要{Role(role).label if role in ROLE_CODES else role}签署")
    if role not in access.roles_on(actor, matter.region_id):
        raise ServiceError(f"您不是本村的{Role(role).label}，不能代其签署", code="wrong_role")
    if matter.steps.filter(key=step_key).exists():
        raise ServiceError(f"“{step.name}”已经记录，签署应在记录之前", code="finished")
    if matter.signoffs.filter(step_key=step_key, role=role).exists():
        raise ServiceError(f"{Role(role).label}已对“{step.name}”签署过意见", code="duplicate")
    if not agreed and not opinion.strip():
        raise InvalidInput("不同意时请写明意见")
    signoff = Signoff.objects.create(
        matter=matter, step_key=step_key, role=role, user=actor, agreed=agreed, opinion=opinion.strip()
    )
    record(
        "matters.step.signed",
        actor=actor,
        obj=signoff,
        region_code=matter.region_id,
        after={"matter": matter.pk, "step": step_key, "role": role, "agreed": agreed, "opinion": opinion},
    )
    return signoff


@transaction.atomic(durable=True)
def do_withdraw_matter(matter: Matter, *, reason: str, actor: User) -> Matter:
    _check(actor, matter.region_id, Perm.START_MATTERS)
    if matter.status != Matter.Status.OPEN:
        raise ServiceError("只有办理中的事项可以撤回", code="finished")
    if not reason.strip():
        raise InvalidInput("请写明撤回原因")
    matter.status = Matter.Status.WITHDRAWN
    matter.next_step_key = ""
    matter.due_on = None
    matter.save(update_fields=["status", "next_step_key", "due_on"])
    record(
        "matters.matter.withdrawn",
        actor=actor,
        obj=matter,
        region_code=matter.region_id,
        after={"reason": reason.strip()},
    )
    return matter


# --- Meetings and resolutions ---------------------------------------------------------------------


@transaction.atomic(durable=True)
def do_record_meeting(
    village: Region,
    *,
    kind: str,
    subject: str,
    held_on: dt.date,
    notice_on: dt.date | None,
    expected: int,
    present: int,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
    attendees: str = "",
    minutes: Document | None = None,
    actor: User,
) -> Meeting:
    """Record a meeting and its vote; whether it passed is decided under the county's rules."""
    _village(village)
    _check(actor, village.code, Perm.RECORD_MEETINGS)
    if kind not in MEETING_KINDS:
        raise InvalidInput(f"会议类型“{kind}”不存在")
    if not subject.strip():
        raise InvalidInput("请填写议题")
    vote = Vote(kind, held_on, notice_on, expected, present, votes_for, votes_against, votes_abstain)
    problems = inconsistencies(vote)
    if problems:
        raise InvalidInput("会议人数或票数有误", problems)
    if minutes is not None and minutes.region_id != village.code:
        raise InvalidInput("会议记录不属于本村")
    result = evaluate(vote, selectors.meeting_rules(village.code))
    rule = result.rule
    meeting = Meeting.objects.create(
        region=village,
        kind=kind,
        subject=subject.strip()[:200],
        held_on=held_on,
        notice_on=notice_on,
        expected=expected,
        present=present,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstain=votes_abstain,
        attendees=attendees.strip(),
        minutes=minutes,
        passed=result.passed,
        reasons=list(result.reasons),
        recorded_by=actor,
        rule={
            "quorum": rule.quorum.describe(),
            "passing": rule.passing.describe(),
            "base": rule.base,
            "notice_days": rule.notice_days,
        },
    )
    record(
        "matters.meeting.recorded",
        actor=actor,
        obj=meeting,
        region_code=village.code,
        after={
            "kind": kind,
            "subject": meeting.subject,
            "held_on": held_on,
            "expected": expected,
            "present": present,
            "for": votes_for,
            "against": votes_against,
            "abstain": votes_abstain,
            "passed": result.passed,
            "reasons": list(result.reasons),
        },
    )
    return meeting


@transaction.atomic(durable=True)
def do_record_resolution(
    meeting: Meeting,
    *,
    kind: str,
    title: str,
    valid_from: dt.date,
    valid_until: dt.date,
    scope: str = "",
    amount_cap_fen: int | None = None,
    actor: User | None,
) -> Resolution:
    """Mark a passed 村民(代表)会议 decision as the year's resolution or the 议事会's authorisation."""
    _check(actor, meeting.region_id, Perm.RECORD_MEETINGS)
    if kind not in RESOLUTION_KINDS:
        raise InvalidInput(f"决议类型应为：{'、'.join(RESOLUTION_KINDS.values())}")
    if meeting.kind not in ("villagers", "representatives"):
        raise InvalidInput("年度决议和授权只能由村民会议或村民代表会议作出")
    if not meeting.passed:
        raise InvalidInput("该会议表决未通过，不能作为决议依据：" + "；".join(meeting.reasons))
    if hasattr(meeting, "resolution"):
        raise InvalidInput("该会议已登记过决议")
    if not valid_from <= valid_until:
        raise InvalidInput("有效期开始日期不能晚于结束日期")
    if valid_from < meeting.held_on:
        raise InvalidInput(f"决议不能在会议召开（{meeting.held_on}）之前生效")
    if amount_cap_fen is not None and amount_cap_fen <= 0:
        raise InvalidInput("金额上限应大于 0")
    if not title.strip():
        raise InvalidInput("请填写决议名称")
    resolution = Resolution.objects.create(
        meeting=meeting,
        kind=kind,
        title=title.strip()[:200],
        scope=scope.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        amount_cap_fen=amount_cap_fen,
    )
    record(
        "matters.resolution.recorded",
        actor=actor,
        obj=resolution,
        region_code=meeting.region_id,
        after={
            "meeting": meeting.pk,
            "kind": kind,
            "title": resolution.title,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "amount_cap": yuan(amount_cap_fen) if amount_cap_fen is not None else None,
        },
    )
    return resolution


# --- Evidence -------------------------------------------------------------------------------------

ALLOWED_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/webp",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/msword",
}


@transaction.atomic(durable=True)
def do_upload_document(
    region: Region, *, kind: str, title: str, upload: UploadedFile, actor: User
) -> Document:
    """Keep an evidence file with its SHA-256."""
    return store_document(region, kind=kind, title=title, upload=upload, actor=actor)


def store_document(region: Region, *, kind: str, title: str, upload: UploadedFile, actor: User) -> Document:
    """do_upload_document inside another service's transaction (finance.do_attach_invoice keeps the file
    and attaches it in one), with the same checks and audit event."""
    _village(region)
    _check(actor, region.code, Perm.UPLOAD_DOCUMENTS)
    if kind not in DOCUMENT_KINDS:
        raise InvalidInput(f"材料类型“{kind}”不存在")
    if not title.strip():
        raise InvalidInput("请填写材料标题")
    limit = settings.XIAOWEI_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size is None or upload.size == 0:
        raise InvalidInput("文件是空的")
    if upload.size > limit:
        raise InvalidInput(f"文件超过 {settings.XIAOWEI_MAX_UPLOAD_MB} MB")
    content_type = (upload.content_type or "").split(";")[0].strip()
    if content_type not in ALLOWED_TYPES:
        raise InvalidInput("只接受 PDF、图片（JPG/PNG/WebP）、Word 或纯文本文件")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        region=region,
        kind=kind,
        title=title.strip()[:200],
        sha256=digest.hexdigest(),
        size=upload.size,
        content_type=content_type,
        uploaded_by=actor,
    )
    document.file.save(f"{digest.hexdigest()[:16]}-{upload.name}"[-120:], upload, save=False)
    document.save()
    record(
        "matters.document.uploaded",
        actor=actor,
        obj=document,
        region_code=region.code,
        after={"kind": kind, "title": document.title, "sha256": document.sha256, "size": document.size},
    )
    return document


# --- Seals ----------------------------------------------------------------------------------------


@transaction.atomic(durable=True)
def do_register_seal(
    village: Region, *, name: str, keeper: User, registered_on: dt.date, actor: User | None
) -> Seal:
    _village(village)
    _check(actor, village.code, Perm.MANAGE_SEALS)
    if not name.strip():
        raise InvalidInput("请填写印章名称")
    if not access.roles_on(keeper, village.code) & {
        Role.VILLAGE_CADRE,
        Role.VILLAGE_ACCOUNTANT,
        Role.VILLAGE_COMMITTEE,
    }:
        raise InvalidInput(f"保管人 {keeper} 须是本村的工作人员")
    seal = Seal.objects.create(region=village, name=name.strip(), keeper=keeper, registered_on=registered_on)
    record(
        "matters.seal.registered",
        actor=actor,
        obj=seal,
        region_code=village.code,
        after={"name": seal.name, "keeper": keeper.username},
    )
    return seal


@transaction.atomic(durable=True)
def do_log_seal_use(
    seal: Seal,
    *,
    used_on: dt.date,
    purpose: str,
    reason: str,
    document_title: str,
    approver: User,
    copies: int = 1,
    resolution: Resolution | None = None,
    matter: Matter | None = None,
    actor: User,
) -> SealUse:
    """The keeper logs a use of the seal. Refused: approver = keeper, an approver without authority,
    and loans, contracts or guarantees without a valid resolution."""
    _check(actor, seal.region_id, Perm.VIEW_OFFICE)
    if not seal.active:
        raise ServiceError("该印章已停用", code="inactive")
    if actor.pk != seal.keeper_id:
        raise ServiceError(f"用印须由保管人 {seal.keeper} 登记", code="wrong_role")
    if approver.pk == seal.keeper_id:
        raise ServiceError("审批人与保管人不能是同一人", code="same_person")
    if Role.VILLAGE_CADRE not in access.roles_on(approver, seal.region_id):
        raise ServiceError(f"审批人 {approver} 不是本村的村干部，无权审批用印", code="wrong_role")
    if purpose not in SealUse.Purpose.values:
        raise InvalidInput("用途类别无效")
    if not reason.strip() or not document_title.strip():
        raise InvalidInput("请填写用印事由和用印文件（禁止在空白文件上盖章）")
    if not 1 <= copies <= 1000:
        raise InvalidInput("份数应在 1–1000 之间")
    if purpose in SealUse.NEEDS_RESOLUTION:
        label = SealUse.Purpose(purpose).label
        if resolution is None:
            raise ServiceError(
                f"{label}用印须先经村民会议或村民代表会议决定，请引用相应决议", code="missing_resolution"
            )
        if resolution.meeting.region_id != seal.region_id:
            raise InvalidInput("所引用的决议不属于本村")
        if not resolution.valid_from <= used_on <= resolution.valid_until:
            raise ServiceError(
                f"所引用的决议有效期为 {resolution.valid_from} 至 {resolution.valid_until}",
                code="missing_resolution",
            )
    if matter is not None and matter.region_id != seal.region_id:
        raise InvalidInput("所关联的事项不属于本村")
    use = SealUse.objects.create(
        seal=seal,
        used_on=used_on,
        purpose=purpose,
        reason=reason.strip()[:200],
        document_title=document_title.strip()[:200],
        copies=copies,
        approver=approver,
        keeper=actor,
        resolution=resolution,
        matter=matter,
    )
    record(
        "matters.seal.used",
        actor=actor,
        obj=use,
        region_code=seal.region_id,
        after={
            "seal": seal.name,
            "purpose": purpose,
            "reason": use.reason,
            "document": use.document_title,
            "approver": approver.username,
            "resolution": resolution.pk if resolution else None,
        },
    )
    return use
