"""Publishing: the one mechanism every section (matters, projects, assets, the ledger, service results)
publishes through. A publication is an immutable canonical-JSON snapshot and a leaf of the transparency
log; corrections are new publications pointing at what they correct."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from xiaowei.audit.log import record
from xiaowei.disclosure import log
from xiaowei.disclosure.canonical import canonical, sha256_hex
from xiaowei.disclosure.models import Draft, Publication
from xiaowei.lib.db import in_service_transaction
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.money import yuan
from xiaowei.regions import access
from xiaowei.regions.codes import parent_of
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm, Role

if TYPE_CHECKING:
    from xiaowei.accounts.models import User
    from xiaowei.matters.models import MatterStep

_PERIOD = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2])|Q[1-4])?$")
LEAF_VERSION = 1


def leaf_bytes(pub: Publication) -> bytes:
    """The exact bytes of a publication's log leaf: a small canonical envelope that names the publication
    and commits to its content by SHA-256 (so the log itself carries no personal data)."""
    published_at = pub.published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return canonical(
        {
            "v": LEAF_VERSION,
            "publication": pub.pk,
            "region": pub.region_id,
            "kind": pub.kind,
            "title": pub.title,
            "period": pub.period,
            "published_at": published_at,
            "content_sha256": pub.content_sha256,
            "corrects": pub.corrects_id,
        }
    )


def check_period(period: str) -> str:
    period = period.strip()
    if period and not _PERIOD.match(period):
        raise InvalidInput(f"期间“{period}”应为 2026、2026-03 或 2026Q1 的形式")
    return period


def publish(
    *,
    region: Region,
    kind: str,
    title: str,
    body: dict[str, Any],
    actor: User | None,
    period: str = "",
    signed_by: User | None = None,
    subject: tuple[str, str] | None = None,
    corrects: Publication | None = None,
    display_until: dt.date | None = None,
) -> Publication:
    """Publish `body` and append it to the log. Runs inside the caller's transaction (a publishing step
    and its publication commit together) and writes its own audit event."""
    if kind not in Publication.Kind.values:
        raise InvalidInput(f"公开类别“{kind}”不存在")
    content = canonical(body).decode()
    index = log.reserve_index()
    pub = Publication.objects.create(
        region=region,
        kind=kind,
        title=title.strip()[:200],
        period=check_period(period),
        subject_type=subject[0] if subject else "",
        subject_id=subject[1] if subject else "",
        content=content,
        content_sha256=sha256_hex(content.encode()),
        corrects=corrects,
        published_at=timezone.now().replace(microsecond=0),
        published_by=actor,
        signed_by=signed_by,
        display_until=display_until,
        leaf_index=index,
    )
    checkpoint = log.append(index, leaf_bytes(pub))
    record(
        "disclosure.publication.published",
        actor=actor,
        obj=pub,
        region_code=region.code,
        after={
            "kind": kind,
            "title": pub.title,
            "period": pub.period,
            "leaf_index": index,
            "content_sha256": pub.content_sha256,
            "checkpoint": checkpoint.size,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return pub


_BULK_BATCH = 1000


def publish_many(items: list[dict[str, Any]], *, actor: User | None) -> list[Publication]:
    """Publish many bodies at once (imports, demo data): what calling publish(**item, actor=actor) for
    each item in turn would store, publication rows and log nodes alike, but with bulk inserts, one
    signed checkpoint for the whole batch and one audit event summarising it.

    Each item takes publish()'s keyword arguments (region, kind, title, body, period, signed_by, subject,
    corrects, display_until). All items are checked first and any bad one refuses the whole batch. Runs
    inside the caller's transaction; the publications take consecutive log indexes in list order and
    share one publication time. An empty list publishes nothing.
    """
    if not in_service_transaction():
        raise RuntimeError("publish_many() must run inside the publishing transaction")
    if not items:
        return []
    published_at = timezone.now().replace(microsecond=0)
    pubs: list[Publication] = []
    errors: list[str] = []
    for n, item in enumerate(items, start=1):
        try:
            pubs.append(_new_publication(actor=actor, published_at=published_at, **item))
        except InvalidInput as e:
            errors.append(f"第 {n} 条：{e.message}")
    if errors:
        raise InvalidInput(f"批量公开有 {len(errors)} 处错误，未公开任何内容", errors)
    first = log.reserve_index()
    for offset, pub in enumerate(pubs):
        pub.leaf_index = first + offset
    Publication.objects.bulk_create(pubs, batch_size=_BULK_BATCH)
    if any(pub.pk is None for pub in pubs):  # a backend that does not return ids from bulk inserts
        ids = dict(
            Publication.objects.filter(leaf_index__gte=first, leaf_index__lt=first + len(pubs)).values_list(
                "leaf_index", "pk"
            )
        )
        for pub in pubs:
            pub.pk = ids[pub.leaf_index]
    checkpoint = log.append_many(first, [leaf_bytes(pub) for pub in pubs])
    kinds: dict[str, int] = {}
    for pub in pubs:
        kinds[pub.kind] = kinds.get(pub.kind, 0) + 1
    record(
        "disclosure.publication.bulk_published",
        actor=actor,
        object_type=Publication._meta.label_lower,
        region_code=_common_region(pub.region_id for pub in pubs),
        after={
            "count": len(pubs),
            "first_index": first,
            "last_index": pubs[-1].leaf_index,
            "first_publication": pubs[0].pk,
            "last_publication": pubs[-1].pk,
            "kinds": dict(sorted(kinds.items())),
            "corrections": sum(1 for pub in pubs if pub.corrects_id is not None),
            "checkpoint": checkpoint.size,
        },
    )
    return pubs


def _new_publication(
    *,
    region: Region,
    kind: str,
    title: str,
    body: dict[str, Any],
    actor: User | None,
    published_at: dt.datetime,
    period: str = "",
    signed_by: User | None = None,
    subject: tuple[str, str] | None = None,
    corrects: Publication | None = None,
    display_until: dt.date | None = None,
) -> Publication:
    """The unsaved row publish() would create for these arguments (without its leaf_index)."""
    if kind not in Publication.Kind.values:
        raise InvalidInput(f"公开类别“{kind}”不存在")
    content = canonical(body).decode()
    return Publication(
        region=region,
        kind=kind,
        title=title.strip()[:200],
        period=check_period(period),
        subject_type=subject[0] if subject else "",
        subject_id=subject[1] if subject else "",
        content=content,
        content_sha256=sha256_hex(content.encode()),
        corrects=corrects,
        published_at=published_at,
        published_by=actor,
        signed_by=signed_by,
        display_until=display_until,
    )


def _common_region(codes: Iterable[str]) -> str:
    """The deepest region every code lies in (region codes form a prefix tree); blank if none."""
    common: str | None = None
    for code in codes:
        if common is None:
            common = code
        while common and not code.startswith(common):
            common = parent_of(common) or ""
    return common or ""


def publish_matter_step(step: MatterStep, *, actor: User | None) -> Publication:
    """The public record of a matter's publishing step (called inside matters.services.do_record_step)."""
    matter = step.matter
    item = matter.item_version.parsed
    signoffs = list(matter.signoffs.filter(step_key=step.key).select_related("user"))
    committee = next((s.user for s in signoffs if s.role == Role.VILLAGE_COMMITTEE and s.agreed), None)
    body = {
        "type": "matter_step",
        "region": {"code": matter.region_id, "name": matter.region.name},
        "matter": {
            "id": matter.pk,
            "title": matter.title,
            "item": item.code,
            "item_name": item.name,
            "version": matter.item_version.number,
            "chart": matter.chart_code,
        },
        "step": {
            "key": step.key,
            "name": step.name,
            "occurred_on": step.occurred_on,
            "publicity": {"start": step.publicity_start, "end": step.publicity_end}
            if step.publicity_start
            else None,
            "note": step.note,
        },
        "documents": [{"title": d.title, "kind": d.kind, "sha256": d.sha256} for d in step.documents.all()],
        "signoffs": [{"role": s.role, "agreed": s.agreed, "opinion": s.opinion} for s in signoffs],
        "lines": [
            {
                "text": f"{matter.title}：{step.name}",
                "note": step.note,
                "amount": _yuan(matter.attributes.get("amount")),
            }
        ],
    }
    return publish(
        region=matter.region,
        kind=Publication.Kind.MATTER_STEP,
        title=f"{matter.title}：{step.name}",
        body=body,
        actor=actor,
        period=step.occurred_on.strftime("%Y-%m"),
        signed_by=committee,
        subject=("matters.matterstep", str(step.pk)),
        display_until=step.publicity_end,
    )


def _yuan(fen: Any) -> str:
    return yuan(int(fen)) if isinstance(fen, int) else ""


# --- Drafts: prepare, review (村务监督委员会), publish ------------------------------------------------


def _clean_lines(lines: list[dict[str, Any]]) -> list[dict[str, str]]:
    clean = []
    for n, line in enumerate(lines, start=1):
        text = str(line.get("text", "")).strip()
        if not text:
            continue
        if len(text) > 500:
            raise InvalidInput(f"第 {n} 条超过 500 字")
        clean.append(
            {
                "text": text,
                "amount": str(line.get("amount", "")).strip()[:30],
                "note": str(line.get("note", "")).strip()[:200],
            }
        )
    if not clean:
        raise InvalidInput("至少要有一条公开内容")
    return clean


@transaction.atomic(durable=True)
def do_create_draft(
    village: Region,
    *,
    kind: str,
    title: str,
    period: str,
    lines: list[dict[str, Any]],
    display_days: int = 0,
    corrects: Publication | None = None,
    correction_reason: str = "",
    actor: User,
) -> Draft:
    access.check_region_code(actor, village.code, perm=Perm.PREPARE_DISCLOSURE)
    if kind not in Publication.Kind.values or kind == Publication.Kind.MATTER_STEP:
        raise InvalidInput("事项的公开由事项流程自动完成；这里可起草村务、财务、办事结果等公开")
    if not title.strip():
        raise InvalidInput("请填写标题")
    if corrects is not None:
        if corrects.region_id != village.code:
            raise InvalidInput("只能更正本村的公开内容")
        if not correction_reason.strip():
            raise InvalidInput("请写明更正原因（更正和原内容都会公开）")
    if not 0 <= display_days <= 365:
        raise InvalidInput("公示天数应在 0–365 之间")
    draft = Draft.objects.create(
        region=village,
        kind=kind,
        title=title.strip()[:200],
        period=check_period(period),
        lines=_clean_lines(lines),
        display_days=display_days,
        corrects=corrects,
        correction_reason=correction_reason.strip(),
        created_by=actor,
    )
    record(
        "disclosure.draft.created",
        actor=actor,
        obj=draft,
        region_code=village.code,
        after={
            "kind": kind,
            "title": draft.title,
            "period": draft.period,
            "lines": len(draft.lines),
            "corrects": corrects.pk if corrects else None,
        },
    )
    return draft


@transaction.atomic(durable=True)
def do_review_draft(draft: Draft, *, agreed: bool, opinion: str, actor: User) -> Draft:
    """The 村务监督委员会 checks content, timing and procedure, then signs or sends it back."""
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    access.check_region_code(actor, draft.region_id, perm=Perm.VIEW_OFFICE)
    if Role.VILLAGE_COMMITTEE not in access.roles_on(actor, draft.region_id):
        raise ServiceError("只有本村村务监督委员会可以审核签署", code="wrong_role")
    if draft.created_by_id == actor.pk:
        raise ServiceError("起草人不能审核自己起草的内容", code="same_person")
    if draft.status not in (Draft.Status.DRAFT,):
        raise ServiceError(f"该草稿{draft.get_status_display()}，不能再审核", code="wrong_state")
    if not agreed and not opinion.strip():
        raise InvalidInput("退回时请写明意见")
    draft.status = Draft.Status.SIGNED if agreed else Draft.Status.RETURNED
    draft.signed_by = actor
    draft.opinion = opinion.strip()
    draft.save(update_fields=["status", "signed_by", "opinion"])
    record(
        "disclosure.draft.reviewed",
        actor=actor,
        obj=draft,
        region_code=draft.region_id,
        after={"agreed": agreed, "opinion": draft.opinion},
    )
    return draft


@transaction.atomic(durable=True)
def do_publish_draft(draft: Draft, *, actor: User) -> Publication:
    draft = Draft.objects.select_for_update().select_related("region").get(pk=draft.pk)
    access.check_region_code(actor, draft.region_id, perm=Perm.PREPARE_DISCLOSURE)
    if draft.status != Draft.Status.SIGNED:
        raise ServiceError("须经村务监督委员会审核签署后才能公开", code="missing_signoff")
    today = timezone.localdate()
    body = {
        "type": draft.kind,
        "region": {"code": draft.region_id, "name": draft.region.name},
        "title": draft.title,
        "period": draft.period,
        "lines": draft.lines,
        "reviewed": {"role": Role.VILLAGE_COMMITTEE, "opinion": draft.opinion},
        "correction": {"of": draft.corrects_id, "reason": draft.correction_reason}
        if draft.corrects_id
        else None,
    }
    pub = publish(
        region=draft.region,
        kind=draft.kind,
        title=draft.title,
        body=body,
        actor=actor,
        period=draft.period,
        signed_by=draft.signed_by,
        corrects=draft.corrects,
        subject=("disclosure.draft", str(draft.pk)),
        display_until=today + dt.timedelta(days=draft.display_days - 1) if draft.display_days else None,
    )
    draft.status = Draft.Status.PUBLISHED
    draft.publication = pub
    draft.save(update_fields=["status", "publication"])
    return pub
