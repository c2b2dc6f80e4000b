"""The JSON of each block of a release, from the dataclasses: parties with their identifiers, milestones,
periods, planning, tender (with the disposal extension's block), bids, award, contract, transactions.
Codes are checked against the standard's closed codelists here."""

from __future__ import annotations

import re
from typing import Any

from xiaowei.lib.uscc import check_uscc
from xiaowei.procurement.ocds.schema import codelist
from xiaowei.procurement.ocds.types import Disposal, Milestone, Party, Payment, Project, Tender, When
from xiaowei.procurement.ocds.values import as_datetime, checked_fen, iso, money
from xiaowei.procurement.ocds.vocabulary import DISPOSAL_KINDS, ROUTES, USCI_SCHEME, VILLAGE_SCHEME

_VILLAGE_CODE = re.compile(r"^\d{12}$")


def party_json(party: Party) -> dict[str, Any]:
    if not party.id or not party.name:
        raise ValueError("参与方必须有编号和名称")
    unknown = [r for r in party.roles if r not in codelist("partyRole.csv")]
    if unknown:
        raise ValueError(f"参与方“{party.name}”的角色不在 OCDS partyRole 代码表中：{'、'.join(unknown)}")
    out: dict[str, Any] = {"id": party.id, "name": party.name, "roles": list(party.roles)}
    identifiers = []
    if party.uscc:
        try:
            code = check_uscc(party.uscc)
        except ValueError as e:
            raise ValueError(f"参与方“{party.name}”：{e}") from None
        identifiers.append({"scheme": USCI_SCHEME, "id": code, "legalName": party.name})
    if party.village_code:
        if not _VILLAGE_CODE.match(party.village_code):
            raise ValueError(f"参与方“{party.name}”的统计用区划代码应为12位数字：{party.village_code}")
        identifiers.append({"scheme": VILLAGE_SCHEME, "id": party.village_code, "legalName": party.name})
    if identifiers:
        out["identifier"] = identifiers[0]
        if len(identifiers) > 1:
            out["additionalIdentifiers"] = identifiers[1:]
    if party.address_region:
        out["address"] = {"region": party.address_region, "countryName": "中国"}
    if party.contact_name:
        out["contactPoint"] = {"name": party.contact_name}
    return out


def ref(party: Party) -> dict[str, str]:
    return {"id": party.id, "name": party.name}


def milestone_json(m: Milestone) -> dict[str, Any]:
    if m.status not in codelist("milestoneStatus.csv"):
        raise ValueError(f"里程碑“{m.title}”状态“{m.status}”不在 milestoneStatus 代码表中")
    if m.type not in codelist("milestoneType.csv"):
        raise ValueError(f"里程碑“{m.title}”类型“{m.type}”不在 milestoneType 代码表中")
    out: dict[str, Any] = {"id": m.id, "title": m.title, "type": m.type, "status": m.status}
    if m.code:
        out["code"] = m.code
    if m.description:
        out["description"] = m.description
    if m.due is not None:
        out["dueDate"] = iso(m.due, f"里程碑“{m.title}”截止日期")
    out["dateMet" if m.status == "met" else "dateModified"] = iso(m.when, f"里程碑“{m.title}”日期")
    return out


def period_json(start: When | None, end: When | None, what: str) -> dict[str, str]:
    out = {}
    if start is not None:
        out["startDate"] = iso(start, f"{what}开始")
    if end is not None:
        out["endDate"] = iso(end, f"{what}结束")
    if start is not None and end is not None and as_datetime(end, what) < as_datetime(start, what):
        raise ValueError(f"{what}结束早于开始")
    return out


def tender_id(ocid: str) -> str:
    return f"{ocid}-tender"


def planning_json(project: Project) -> dict[str, Any]:
    p = project.planning
    assert p is not None
    milestones = list(p.milestones)
    if not any(m.id == "siyi-resolution" for m in milestones):
        milestones.insert(
            0,
            Milestone(
                id="siyi-resolution",
                title="四议两公开：村民（代表）会议决议",
                when=p.decision_date,
                type="approval",
                code="siyi-resolution",
            ),
        )
    out: dict[str, Any] = {"rationale": p.rationale}
    if p.budget_fen is not None:
        budget: dict[str, Any] = {
            "amount": money(checked_fen(p.budget_fen, "预算")),
            "project": project.title,
        }
        if p.budget_source:
            budget["description"] = p.budget_source
        out["budget"] = budget
    out["milestones"] = [milestone_json(m) for m in milestones]
    return out


def _method_details(t: Tender) -> str:
    text = t.route
    if t.bids:
        text += f"（{len({b.tenderer_id for b in t.bids})}家报价）"
    if t.details:
        text += f"：{t.details}"
    return text


def _disposal_json(d: Disposal) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": DISPOSAL_KINDS[d.kind],
        "assetKind": d.asset_kind,
        "assetDescription": d.asset_description,
        "reservePrice": money(d.reserve_price_fen),
    }
    if d.lease_term_years is not None:
        out["leaseTermYears"] = d.lease_term_years
    if d.reserve_price_review:
        out["reservePriceReview"] = d.reserve_price_review
    return out


def tender_json(project: Project, parties: dict[str, Party], status: str) -> dict[str, Any]:
    t = project.tender
    assert t is not None
    out: dict[str, Any] = {
        "id": tender_id(project.ocid),
        "title": t.title,
        "status": status,
        "procuringEntity": ref(parties[project.buyer_id]),
        "procurementMethod": ROUTES[t.route],
        "procurementMethodDetails": _method_details(t),
    }
    if t.category:
        out["mainProcurementCategory"] = t.category
    if t.value_fen is not None:
        out["value"] = money(t.value_fen)
    if t.period_start is not None or t.period_end is not None:
        out["tenderPeriod"] = period_json(t.period_start, t.period_end, "投标期")
    if t.bids:
        tenderers = list(dict.fromkeys(b.tenderer_id for b in t.bids))
        out["numberOfTenderers"] = len(tenderers)
        out["tenderers"] = [ref(parties[pid]) for pid in tenderers]
    if t.milestones:
        out["milestones"] = [milestone_json(m) for m in t.milestones]
    if t.disposal is not None:
        out["disposal"] = _disposal_json(t.disposal)
    return out


def bids_json(t: Tender, parties: dict[str, Party]) -> dict[str, Any]:
    return {
        "details": [
            {
                "id": b.id,
                "date": iso(b.when, "投标日期"),
                "status": b.status,
                "tenderers": [ref(parties[b.tenderer_id])],
                "value": money(b.amount_fen),
            }
            for b in t.bids
        ]
    }


def award_json(project: Project, parties: dict[str, Party]) -> dict[str, Any]:
    a = project.award
    assert a is not None
    out: dict[str, Any] = {
        "id": a.id,
        "status": "active",
        "date": iso(a.when, "中标（成交）日期"),
        "value": money(a.value_fen),
        "suppliers": [ref(parties[a.supplier_id])],
    }
    if a.title:
        out["title"] = a.title
    return out


def contract_base(project: Project) -> dict[str, Any]:
    c = project.contract
    assert c is not None
    return {"id": c.id, "awardID": c.award_id}


def contract_json(project: Project) -> dict[str, Any]:
    c = project.contract
    assert c is not None
    out = contract_base(project)
    if c.title:
        out["title"] = c.title
    out.update(
        {
            "status": "active",
            "period": period_json(c.period_start, c.period_end, "合同期"),
            "value": money(c.value_fen),
            "dateSigned": iso(c.date_signed, "合同签订日期"),
        }
    )
    return out


def transaction_json(p: Payment, parties: dict[str, Party]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.id,
        "date": iso(p.when, "付款日期"),
        "value": money(p.amount_fen),
        "payer": ref(parties[p.payer_id]),
        "payee": ref(parties[p.payee_id]),
    }
    return out
