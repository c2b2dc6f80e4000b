"""Releases from a contracting process: ``project_releases`` checks a ``Project`` (checks.py) and builds one
release per stage present, planning … contractTermination, each dated by its event; ``release`` assembles
one release from already-built blocks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from xiaowei.procurement.ocds.checks import check
from xiaowei.procurement.ocds.schema import codelist
from xiaowei.procurement.ocds.sections import (
    award_json,
    bids_json,
    contract_base,
    contract_json,
    milestone_json,
    party_json,
    period_json,
    planning_json,
    ref,
    tender_id,
    tender_json,
    transaction_json,
)
from xiaowei.procurement.ocds.types import Milestone, Project, When
from xiaowei.procurement.ocds.values import as_datetime, iso, yuan_text

LANGUAGE = "zh"


def release(
    ocid: str,
    release_id: str,
    when: When,
    tag: Sequence[str],
    *,
    parties: Iterable[dict[str, Any]] = (),
    buyer: dict[str, Any] | None = None,
    planning: dict[str, Any] | None = None,
    tender: dict[str, Any] | None = None,
    awards: Sequence[dict[str, Any]] = (),
    contracts: Sequence[dict[str, Any]] = (),
    bids: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One OCDS release from already-built sections (see ``project_releases`` for the dataclass route)."""
    tags = list(tag)
    if not tags or any(t not in codelist("releaseTag.csv") or t == "compiled" for t in tags):
        raise ValueError(f"发布标签必须取自 OCDS releaseTag 代码表（不含 compiled）：{tags}")
    if not release_id or "#" in release_id:
        raise ValueError("发布编号不能为空，也不能含 #")
    out: dict[str, Any] = {
        "ocid": ocid,
        "id": release_id,
        "date": iso(when, "发布日期"),
        "tag": tags,
        "initiationType": "tender",
        "language": LANGUAGE,
    }
    party_list = list(parties)
    if party_list:
        out["parties"] = party_list
    if buyer is not None:
        out["buyer"] = buyer
    if planning is not None:
        out["planning"] = planning
    if tender is not None:
        out["tender"] = tender
    if bids is not None:
        out["bids"] = bids
    if awards:
        out["awards"] = list(awards)
    if contracts:
        out["contracts"] = list(contracts)
    return out


def project_releases(project: Project) -> list[dict[str, Any]]:
    """One release per stage present in order: planning … contractTermination.

    Each release is dated by its event: the 四议两公开 resolution, the last bid (bid opening), the award, the
    signature, the latest payment or sign-off, and completion.
    Parties appear from the stage that involves them.
    """
    parties = check(project)  # raises before any JSON is built
    ocid = project.ocid
    village = parties[project.buyer_id]
    disposal = project.tender is not None and project.tender.disposal is not None
    buyer = None if disposal else ref(village)
    seen: list[str] = [project.buyer_id]
    out: list[dict[str, Any]] = []

    def involve(*ids: str) -> list[dict[str, Any]]:
        for pid in ids:
            if pid not in seen:
                seen.append(pid)
        return [party_json(parties[pid]) for pid in seen]

    def emit(when: When, tag: str, **sections: Any) -> None:
        rid = f"{ocid}-{len(out) + 1:02d}-{tag}"
        out.append(release(ocid, rid, when, [tag], buyer=buyer, **sections))

    if project.planning is not None:
        stub = {"id": tender_id(ocid), "title": project.title, "description": project.description}
        stub["status"] = "planning"
        emit(
            project.planning.decision_date,
            "planning",
            parties=involve(),
            planning=planning_json(project),
            tender=stub,
        )
    t = project.tender
    if t is not None:
        bidders = [b.tenderer_id for b in t.bids]
        emit(
            t.when if not t.bids else max((b.when for b in t.bids), key=lambda w: as_datetime(w, "投标日期")),
            "tender",
            parties=involve(*bidders),
            tender=tender_json(project, parties, t.status),
            bids=bids_json(t, parties) if t.bids else None,
        )
    a = project.award
    if a is not None:
        emit(
            a.when,
            "award",
            parties=involve(a.supplier_id),
            tender={"id": tender_id(ocid), "status": "complete"},
            awards=[award_json(project, parties)],
        )
    c = project.contract
    if c is not None:
        emit(c.date_signed, "contract", parties=involve(), contracts=[contract_json(project)])
    impl = project.implementation
    if impl is not None and (impl.payments or impl.milestones):
        dates = [p.when for p in impl.payments] + [m.when for m in impl.milestones]
        contract = contract_base(project)
        block: dict[str, Any] = {}
        if impl.payments:
            block["transactions"] = [transaction_json(p, parties) for p in impl.payments]
        if impl.milestones:
            block["milestones"] = [milestone_json(m) for m in impl.milestones]
        contract["implementation"] = block
        ids = [i for p in impl.payments for i in (p.payer_id, p.payee_id)]
        emit(
            max(dates, key=lambda w: as_datetime(w, "日期")),
            "implementation",
            parties=involve(*ids),
            contracts=[contract],
        )
    done = project.completion
    if done is not None and c is not None:
        contract = contract_base(project)
        contract["status"] = "terminated"
        contract["period"] = period_json(c.period_start, done.when, "合同期")
        if done.final_value_fen is not None:
            note = f"竣工决算 {yuan_text(done.final_value_fen)} 元"
            if done.note:
                note += f"；{done.note}"
            contract["implementation"] = {
                "milestones": [
                    milestone_json(
                        Milestone(
                            id="final-accounts",
                            title="竣工决算",
                            when=done.when,
                            type="reporting",
                            code="final-accounts",
                            description=note,
                        )
                    )
                ]
            }
        emit(done.when, "contractTermination", parties=involve(), contracts=[contract])
    return out
