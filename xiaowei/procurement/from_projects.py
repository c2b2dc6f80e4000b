"""A village project's rows → the OCDS dataclasses (procurement.ocds), which validate them and build the
JSON. The project and its child rows are read duck-typed: this module does not import the projects app
(which imports procurement), only its types for checking."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from xiaowei.lib.money import yuan
from xiaowei.procurement import ocds
from xiaowei.procurement.ocds.values import present
from xiaowei.procurement.parties import contractor_party, village_party
from xiaowei.regions.roles import Body

if TYPE_CHECKING:
    from xiaowei.projects.models import Project, ProjectBid, ProjectEvent, ProjectPayment, ProjectSignoff

#: Project.Stage → the name of the stage ocds.signoff() knows.
_OCDS_STAGE = {
    "approval": "立项",
    "cost_review": "造价评审",
    "award": "招投标",
    "contract": "招投标",
    "construction": "施工",
    "acceptance": "验收",
    "settlement": "结算",
}
_EVENT_TYPE = {"progress": "reporting", "inspection": "assessment", "variation": "approval"}


@dataclasses.dataclass
class Related:
    """A project's child rows, in id order (bids with their contractor loaded)."""

    bids: list[ProjectBid]
    signoffs: list[ProjectSignoff]
    events: list[ProjectEvent]
    payments: list[ProjectPayment]


def ocid_for(project: Project, prefix: str) -> str:
    return ocds.make_ocid(prefix, project.code)


def as_ocds(project: Project, prefix: str, *, related: Related | None = None) -> ocds.Project:
    """The project as procurement.ocds dataclasses. Reads bids, events, sign-offs and payments (four queries)
    unless ``related`` brings them (bulk builders that already hold the rows)."""
    S = project.Stage  # the stages, from the model: procurement does not import the projects app
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
                body = Body(s.body)
                m = ocds.signoff(
                    _OCDS_STAGE[s.stage],
                    body,
                    s.signed_on,
                    status="met" if s.agreed else "notMet",
                    department=s.department if body == Body.SECTOR else None,
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
            + milestones(S.APPROVAL, S.COST_REVIEW)
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
            details=project.platform_name,
            milestones=tuple(milestones(S.AWARD)),
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
            period_end=present(project.contract_end, "工期截止日期"),
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
                    description=f"结算审计金额 {yuan(present(project.settled_fen, '结算金额'))} 元"
                    + (f"（{project.auditor}）" if project.auditor else ""),
                )
            )
        done += milestones(S.CONTRACT, S.CONSTRUCTION, S.ACCEPTANCE, S.SETTLEMENT)
        implementation = ocds.Implementation(
            payments=tuple(
                ocds.Payment(
                    id=f"pay-{p.pk}",
                    when=p.paid_on,
                    amount_fen=p.amount_fen,
                    payer_id=village.id,
                    payee_id=award.supplier_id,
                )
                for p in payments
            ),
            milestones=tuple(done),
        )
        if project.stage == S.CLOSED:
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
        description=f"造价评审金额 {yuan(present(project.reviewed_cost_fen, '造价评审金额'))} 元"
        + (f"（{project.cost_reviewer}）" if project.cost_reviewer else ""),
    )
