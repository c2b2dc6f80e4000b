"""From a project's rows to OCDS releases, and their publication.

``as_ocds`` reads a Project (with its bids, events, sign-offs and payments) into the plain dataclasses of
``ocds.py``, which validates them and builds the JSON. ``publish_stage`` runs inside the service's
transaction: it builds the releases for the tags the stage change touched, publishes them as one
publication of the transparency log, and stores each as an OcdsRelease row that the OCDS endpoints serve.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import rfc8785
from django.db.models.signals import post_save
from django.dispatch import receiver

from xiaowei.disclosure.canonical import sha256_hex
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish
from xiaowei.lib.money import yuan
from xiaowei.procurement import ocds
from xiaowei.procurement.models import Contractor, OcdsRelease
from xiaowei.projects.models import (
    Project,
    ProjectBid,
    ProjectEvent,
    ProjectPayment,
    ProjectSignoff,
)
from xiaowei.projects.rules import PLATFORMS, STAGES

if TYPE_CHECKING:
    from xiaowei.accounts.models import User
    from xiaowei.regions.models import Region

#: rules stage → the stage name ocds.signoff() knows; rules body → ocds.SUPERVISORS key.
_OCDS_STAGE = {
    "approval": "立项",
    "cost_review": "造价评审",
    "award": "招投标",
    "contract": "招投标",
    "construction": "施工",
    "acceptance": "验收",
    "settlement": "结算",
}
_OCDS_BODY = {
    "jiwei": "纪委",
    "nongjing": "农经",
    "caizheng": "财政",
    "guihua": "规划",
    "sector": "行业主管部门",
}
_EVENT_TYPE = {"progress": "reporting", "inspection": "assessment", "variation": "approval"}


@cache  # cleared whenever a region is saved (receiver below): names change rarely, releases are many
def _address(code: str) -> str:
    from xiaowei.regions.models import Region

    region = Region.objects.get(code=code)
    return "".join(r.name for r in region.ancestors()[1:])  # the province first, the village's township last


@receiver(post_save, sender="regions.Region")
def _forget_addresses(**kwargs: Any) -> None:
    _address.cache_clear()


def village_party(region: Region) -> ocds.Party:
    return ocds.Party(
        id=f"{ocds.VILLAGE_SCHEME}-{region.code}",
        name=f"{region.name}村民委员会" if not region.name.endswith(("委员会", "社区")) else region.name,
        roles=("buyer", "procuringEntity", "payer"),
        address_region=_address(region.code),
        village_code=region.code,
    )


def contractor_party(c: Contractor, roles: tuple[str, ...]) -> ocds.Party:
    return ocds.Party(id=f"{ocds.USCI_SCHEME}-{c.uscc}", name=c.name, roles=roles, uscc=c.uscc)


@dataclasses.dataclass
class Related:
    """A project's child rows, in id order (bids with their contractor loaded)."""

    bids: list[ProjectBid]
    signoffs: list[ProjectSignoff]
    events: list[ProjectEvent]
    payments: list[ProjectPayment]


def release_text(release: dict[str, Any]) -> str:
    """The stored and served bytes of a release: JCS (RFC 8785). OCDS amounts are JSON numbers in yuan,
    which JCS writes exactly as ECMAScript does; the publication commits to these bytes by their SHA-256
    (publications themselves hold no floats)."""
    return rfc8785.dumps(release).decode()


def release_digest(release_id: str, tag: str, text: str) -> dict[str, str]:
    return {"id": release_id, "tag": tag, "sha256": sha256_hex(text.encode())}


def ocid_for(project: Project, prefix: str) -> str:
    return ocds.make_ocid(prefix, project.code)


def as_ocds(project: Project, prefix: str, *, related: Related | None = None) -> ocds.Project:
    """The project as ocds.py dataclasses. Reads bids, events, sign-offs and payments (four queries)
    unless ``related`` brings them (bulk builders that already hold the rows)."""
    village = village_party(project.region)
    if related is None:
        related = Related(
            bids=list(project.bids.select_related("contractor").order_by("id")),
            signoffs=list(project.signoffs.all()),
            events=list(project.events.all()),
            payments=list(project.payments.all()),
        )
    bids, signoffs, events, payments = related.bids, related.signoffs, related.events, related.payments
    winner = project.award_contractor
    parties: dict[str, ocds.Party] = {village.id: village}
    for bid in bids:
        roles = (
            ("tenderer", "supplier", "payee") if winner and bid.contractor_id == winner.pk else ("tenderer",)
        )
        parties[f"{ocds.USCI_SCHEME}-{bid.contractor.uscc}"] = contractor_party(bid.contractor, roles)

    def milestones(*stages: str) -> list[ocds.Milestone]:
        out = []
        for s in signoffs:
            if s.stage in stages:
                department = s.department if s.body == "sector" else None
                m = ocds.signoff(
                    _OCDS_STAGE[s.stage],
                    _OCDS_BODY[s.body],
                    s.signed_on,
                    status="met" if s.agreed else "notMet",
                    department=department,
                )
                out.append(dataclasses.replace(m, id=f"4x-{s.stage}-{s.body}", description=s.opinion or None))
        return out

    planning = ocds.Planning(
        decision_date=project.decision_meeting.held_on,
        rationale=project.description or project.title,
        budget_fen=project.budget_fen,
        budget_source=project.funding_source,
        milestones=tuple(
            ([_cost_milestone(project)] if project.reviewed_cost_fen is not None else [])
            + milestones("approval", "cost_review")
        ),
    )
    tender = None
    if project.tender_on is not None:
        tender = ocds.Tender(
            route=project.route,
            when=project.tender_on,
            title=project.title,
            value_fen=project.amount_fen,
            category=project.category,
            period_start=project.tender_on,
            period_end=project.bid_deadline,
            bids=tuple(
                ocds.Bid(
                    id=f"bid-{b.pk}",
                    tenderer_id=f"{ocds.USCI_SCHEME}-{b.contractor.uscc}",
                    amount_fen=b.amount_fen,
                    when=b.submitted_on,
                    status="valid" if b.valid else "disqualified",
                )
                for b in bids
            ),
            details=PLATFORMS.get(project.platform),
            milestones=tuple(milestones("award")),
        )
    award = contract = implementation = completion = None
    if project.awarded_on is not None and winner is not None:
        winning = next(b for b in bids if b.contractor_id == winner.pk)
        award = ocds.Award(
            id=f"award-{project.code}",
            when=project.awarded_on,
            supplier_id=f"{ocds.USCI_SCHEME}-{winner.uscc}",
            value_fen=project.award_fen or 0,
            bid_id=f"bid-{winning.pk}",
            title=f"{project.title}中标（成交）结果",
        )
    if project.contract_signed_on is not None and award is not None:
        contract = ocds.Contract(
            id=f"contract-{project.code}",
            award_id=award.id,
            date_signed=project.contract_signed_on,
            value_fen=(project.contract_fen or 0) + project.variations_fen,
            period_start=project.contract_start or project.contract_signed_on,
            period_end=project.contract_end,
            title=f"{project.title}合同（{project.contract_no}）",
        )
        done: list[ocds.Milestone] = [
            ocds.Milestone(
                id=f"event-{e.pk}",
                title=f"{e.get_kind_display()}"
                + (f"：形象进度 {e.percent}%" if e.percent is not None else ""),
                when=e.occurred_on,
                type=_EVENT_TYPE[e.kind],
                code=e.kind,
                description=e.note + (f"（变更 {yuan(e.amount_fen)} 元）" if e.amount_fen else ""),
            )
            for e in events
        ]
        if project.accepted_on is not None:
            done.append(
                ocds.acceptance(
                    project.accepted_on,
                    status="met" if project.acceptance_passed else "notMet",
                    note=project.acceptance_note or None,
                )
            )
        if project.settled_on is not None:
            done.append(
                ocds.Milestone(
                    id="settlement",
                    title="结算审计",
                    when=project.settled_on,
                    type="assessment",
                    code="settlement",
                    description=f"结算审计金额 {yuan(project.settled_fen)} 元"
                    + (f"（{project.auditor}）" if project.auditor else ""),
                )
            )
        done += milestones("contract", "construction", "acceptance", "settlement")
        implementation = ocds.Implementation(
            payments=tuple(
                ocds.Payment(
                    id=f"pay-{p.pk}",
                    when=p.paid_on,
                    amount_fen=p.amount_fen,
                    payer_id=village.id,
                    payee_id=f"{ocds.USCI_SCHEME}-{winner.uscc}",
                )
                for p in payments
            ),
            milestones=tuple(done),
        )
        if project.stage == "closed":
            dates = [m.when for m in done] + [p.paid_on for p in payments]
            completion = ocds.Completion(when=max(dates), final_value_fen=project.settled_fen)
    return ocds.Project(
        ocid=ocid_for(project, prefix),
        title=project.title,
        description=project.description or project.title,
        buyer_id=village.id,
        parties=tuple(parties.values()),
        planning=planning,
        tender=tender,
        award=award,
        contract=contract,
        implementation=implementation,
        completion=completion,
    )


def _cost_milestone(project: Project) -> ocds.Milestone:
    return ocds.Milestone(
        id="cost-review",
        title="造价评审",
        when=project.cost_reviewed_on or project.approved_on,
        type="assessment",
        code="cost-review",
        description=f"造价评审金额 {yuan(project.reviewed_cost_fen)} 元"
        + (f"（{project.cost_reviewer}）" if project.cost_reviewer else ""),
    )


def publish_stage(
    project: Project,
    *,
    tags: list[str],
    what: str,
    when: date,
    prefix: str,
    actor: User | None,
) -> Publication:
    """Publish a stage change of ``project``: the OCDS releases for ``tags``, built from the rows as they
    now are."""
    body = {
        "type": "project",
        "region": {"code": project.region_id, "name": project.region.name},
        "project": {
            "code": project.code,
            "title": project.title,
            "stage": project.stage,
            "stage_name": STAGES[project.stage],
        },
        "event": what,
        "occurred_on": when,
        "lines": [{"text": f"{project.title}：{what}", "note": "", "amount": yuan(project.amount_fen)}],
    }
    return publish_ocds(
        as_ocds(project, prefix),
        tags=tags,
        when=when,
        region=project.region,
        kind=Publication.Kind.PROJECT,
        title=f"{project.title}：{what}",
        body=body,
        subject=("project", project.code),
        actor=actor,
    )


def publish_ocds(
    data: ocds.Project,
    *,
    tags: list[str],
    when: date,
    region: Region,
    kind: str,
    title: str,
    body: dict[str, Any],
    subject: tuple[str, str],
    actor: User | None,
) -> Publication:
    """Build the releases of ``data`` for ``tags`` (numbered on from those already stored for its ocid and
    dated ``when``), publish them inside ``body`` as one leaf of the log, and store each as an OcdsRelease.
    Raises ValueError (from ocds.py) when the data are impossible; callers turn it into InvalidInput."""
    built = {r["tag"][0]: r for r in ocds.project_releases(data)}
    seq = OcdsRelease.objects.filter(ocid=data.ocid).count()
    texts = []
    for tag in tags:
        release = dict(built[tag])
        seq += 1
        release["id"] = f"{data.ocid}-{seq:03d}-{tag}"
        release["date"] = ocds.iso(when)
        texts.append((release["id"], tag, release_text(release)))
    digests = [release_digest(*t) for t in texts]
    pub = publish(
        region=region, kind=kind, title=title, body={**body, "ocds": digests}, actor=actor, subject=subject
    )
    OcdsRelease.objects.bulk_create(
        OcdsRelease(
            ocid=data.ocid, release_id=rid, region=region, tag=tag, date=when, content=text, publication=pub
        )
        for rid, tag, text in texts
    )
    return pub
