"""Open Contracting Data Standard (OCDS) 1.1 output for village projects and collective-asset disposals.

Standard: OCDS 1.1, schema tag ``1__1__5`` (https://standard.open-contracting.org/1.1/en/), a copy of which
ships in ``data/ocds-1.1.5/`` (Open Contracting Partnership, Apache-2.0). Pure functions from plain
dataclasses to JSON-ready dicts; no Django.

One contracting process (one ``ocid``) = one village project or one disposal. Each stage change produces
one *release* (tags from the closed releaseTag codelist: planning, tender, award, contract, implementation,
contractTermination); releases are published in a *release package* and merged into a *record* whose
``compiledRelease`` follows the OCDS merge rules (``compile_record``).

Mapping decisions (see ``data/README.md`` for the long form):

* Money is integer fen everywhere. ``money()`` turns fen into ``{"amount": yuan, "currency": "CNY"}`` with
  ``Decimal`` arithmetic; only the last step converts the exact decimal to a JSON number (an ``int`` when
  whole, else the float whose shortest repr is that decimal, which holds for |amount| < 10^13 yuan).
* Suppliers and tenderers are identified by 统一社会信用代码 under org-id.guide scheme ``CN-USCI``
  (``USCI_SCHEME``); the village by its 12-digit 统计用区划代码 under the local scheme ``VILLAGE_SCHEME``.
* Our procurement routes map to ``procurementMethod``: 公开招标/公开竞价/拍卖 → open, 竞争性比选/邀请 →
  selective, 比价 (≥ 3 quotes) → limited, 直接发包 → direct; ``procurementMethodDetails`` keeps the Chinese.
* Bid amounts use the field names of the official bids extension (``bids.details``), declared in the
  package by ``BID_EXTENSION_URL``.
* 4+X joint-supervision sign-offs (纪委/农经/财政/规划/行业主管部门) and 验收 are milestones, placed in the
  block of the stage they sign off (立项 → planning, 招投标 → tender, later → contract implementation).
* Disposals of collective assets (出租/发包/出让) use the local extension in ``data/ocds_disposal_extension``
  (``tender.disposal``: reserve price 底价, lease term, asset kind). The village is ``procuringEntity``
  (not ``buyer``: no budget is spent) and the winning bidder is the ``supplier``.

Impossible input (negative money, a bid after the deadline, an award before the tender, a payment before
the contract was signed, unknown party ids, a lease over 20 years, a deal below the reserve price) raises
``ValueError`` with a Chinese message before any JSON is built. Payments above the contract value are
possible in practice and are published as they are.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from xiaowei.lib.uscc import check_uscc

__all__ = [
    "BID_EXTENSION_URL",
    "USCI_SCHEME",
    "VILLAGE_SCHEME",
    "Award",
    "Bid",
    "Completion",
    "Contract",
    "Disposal",
    "Implementation",
    "Milestone",
    "Party",
    "Payment",
    "Planning",
    "Project",
    "Tender",
    "acceptance",
    "compile_record",
    "dumps",
    "json_merge_patch",
    "make_ocid",
    "money",
    "patched_release_schema",
    "project_releases",
    "record_package",
    "release",
    "release_package",
    "signoff",
]

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_DIR = DATA_DIR / "ocds-1.1.5"
DISPOSAL_EXTENSION_DIR = DATA_DIR / "ocds_disposal_extension"
STANDARD_ZIP = SCHEMA_DIR / "standard-1__1__5-schema.zip"

OCDS_VERSION = "1.1"
CURRENCY = "CNY"
LANGUAGE = "zh"
CST = timezone(timedelta(hours=8))

#: org-id.guide list for 统一社会信用代码 (github.com/org-id/register lists/cn/cn-usci.json, confirmed, 2020).
#: CN-SAIC also exists there but covers only 工商-registered businesses; org-id/register issue #413 proposes
#: deprecating it in favour of CN-USCI.
USCI_SCHEME = "CN-USCI"
#: Local scheme (not on org-id.guide): the 12-digit 统计用区划和城乡划分代码 of the National Bureau of
#: Statistics (county 6 + township 3 + village 3 digits), for villages; "X-" marks it as unregistered.
VILLAGE_SCHEME = "X-CN-NBS-TJYQHDM"
#: The official bids extension, pinned to the tag matching OCDS 1.1.5.
BID_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
)

# An ocid prefix is "ocds-" plus the six characters assigned by the Open Contracting Partnership
# (e.g. ocds-213czf); we allow a local namespace after it (e.g. a county code).
_OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}(-[A-Za-z0-9]+)*$")
_LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_VILLAGE_CODE = re.compile(r"^\d{12}$")
_MAX_FEN = 10**15 - 1  # 15 significant digits: float(Decimal) round-trips exactly below this

CATEGORIES = frozenset({"goods", "works", "services"})


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes of a codelist of the standard (e.g. "partyRole.csv"), read from the local schema zip."""
    with zipfile.ZipFile(STANDARD_ZIP) as archive:
        text = archive.read(f"standard-1__1__5/schema/codelists/{name}").decode("utf-8")
    return frozenset(row["Code"] for row in csv.DictReader(io.StringIO(text)))


#: Our procurement/disposal routes → OCDS procurementMethod (closed codelist "method").
ROUTES: dict[str, str] = {
    "公开招标": "open",
    "公开竞价": "open",
    "拍卖": "open",
    "竞争性比选": "selective",
    "邀请": "selective",
    "邀请招标": "selective",
    "比价": "limited",
    "直接发包": "direct",
}
#: 4+X joint supervision: the bodies and the stages they sign off.
SUPERVISORS: dict[str, str] = {
    "纪委": "jiwei",
    "农经": "nongjing",
    "财政": "caizheng",
    "规划": "guihua",
    "行业主管部门": "hangye",
}
SIGNOFF_STAGES: dict[str, str] = {
    "立项": "lixiang",
    "造价评审": "zaojia",
    "招投标": "zhaotoubiao",
    "施工": "shigong",
    "验收": "yanshou",
    "结算": "jiesuan",
}
#: Disposal kinds → code of the extension's closed disposalType codelist.
DISPOSAL_KINDS: dict[str, str] = {"出租": "lease", "发包": "contracting", "出让": "transfer"}
MAX_LEASE_YEARS = 20  # 民法典 第705条: a lease term over 20 years is void beyond 20 years

# OCDS 1.1 merge rules for the fields we emit, as read from release-schema.json (a test re-derives them):
_OMIT_WHEN_MERGED = frozenset({"id", "date", "tag"})  # top-level release fields
_WHOLE_LIST_MERGE = frozenset({"additionalIdentifiers", "additionalClassifications"})

When = date | datetime


# ---------------------------------------------------------------------------------------------------------
# Model


@dataclass(frozen=True)
class Party:
    """An organisation in the process. ``uscc`` → identifier CN-USCI; ``village_code`` → VILLAGE_SCHEME."""

    id: str
    name: str
    roles: tuple[str, ...]
    uscc: str | None = None
    address_region: str | None = None
    contact_name: str | None = None
    village_code: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated event; ``when`` is dateMet for status "met", else dateModified."""

    id: str
    title: str
    when: When
    status: str = "met"
    type: str = "approval"
    code: str | None = None
    description: str | None = None
    due: When | None = None


@dataclass(frozen=True)
class Planning:
    """立项: the 四议两公开 resolution date and the budget (None for disposals, which spend nothing)."""

    decision_date: When
    rationale: str
    budget_fen: int | None = None
    budget_source: str | None = None
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Bid:
    id: str
    tenderer_id: str
    amount_fen: int
    when: When
    status: str = "valid"


@dataclass(frozen=True)
class Disposal:
    """出租/发包/出让 of a collective asset. Prices are per year for 出租/发包, a lump sum for 出让."""

    kind: str
    asset_kind: str
    asset_description: str
    reserve_price_fen: int
    lease_term_years: int | None = None
    reserve_price_review: str | None = None


@dataclass(frozen=True)
class Tender:
    route: str
    when: When
    title: str
    value_fen: int | None = None
    category: str | None = "works"
    period_start: When | None = None
    period_end: When | None = None
    bids: tuple[Bid, ...] = ()
    details: str | None = None
    milestones: tuple[Milestone, ...] = ()
    disposal: Disposal | None = None
    status: str = "active"  # tenderStatus; "unsuccessful" when nobody bid (流拍)


@dataclass(frozen=True)
class Award:
    id: str
    when: When
    supplier_id: str
    value_fen: int
    bid_id: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Contract:
    id: str
    award_id: str
    date_signed: When
    value_fen: int
    period_start: When
    period_end: When
    title: str | None = None


@dataclass(frozen=True)
class Payment:
    id: str
    when: When
    amount_fen: int
    payer_id: str
    payee_id: str


@dataclass(frozen=True)
class Implementation:
    payments: tuple[Payment, ...] = ()
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Completion:
    when: When
    final_value_fen: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Project:
    """One contracting process. ``buyer_id`` is the village party."""

    ocid: str
    title: str
    description: str
    buyer_id: str
    parties: tuple[Party, ...]
    planning: Planning | None = None
    tender: Tender | None = None
    award: Award | None = None
    contract: Contract | None = None
    implementation: Implementation | None = None
    completion: Completion | None = None


# ---------------------------------------------------------------------------------------------------------
# Small builders


def make_ocid(prefix: str, local_id: str) -> str:
    """``ocds-xxxxxx[-namespace]-<local id>``. Unregistered prefixes validate but must not be published."""
    if not _OCID_PREFIX.match(prefix):
        raise ValueError(
            f"ocid 前缀“{prefix}”格式错误：应为 ocds- 加6位小写字母或数字（可再接 -本地命名空间）"
        )
    if not _LOCAL_ID.match(local_id):
        raise ValueError(f"ocid 本地编号“{local_id}”只能含字母、数字、点、下划线和连字符")
    return f"{prefix}-{local_id}"


def _fen(fen: int, what: str = "金额") -> int:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise ValueError(f"{what}必须是整数（分），收到 {fen!r}")
    if fen < 0:
        raise ValueError(f"{what}不能为负数：{fen} 分")
    if fen > _MAX_FEN:
        raise ValueError(f"{what}过大：{fen} 分")
    return fen


def yuan_number(fen: int) -> int | float:
    """Exact fen → yuan as a JSON number: 123456 → 1234.56, 18600000 → 186000, 18600050 → 186000.5."""
    exact = Decimal(_fen(fen)).scaleb(-2)  # exact decimal, no float arithmetic
    if exact == exact.to_integral_value():
        return int(exact)
    # Final serialisation step: the float nearest to a decimal of ≤ 15 significant digits has that decimal
    # as its shortest repr, so json.dumps writes exactly the yuan amount.
    return float(exact)


def money(fen: int) -> dict[str, Any]:
    """OCDS Value in CNY."""
    return {"amount": yuan_number(fen), "currency": CURRENCY}


def _dt(value: When, what: str) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"{what}必须带时区（例如 +08:00）")
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0), CST)
    raise ValueError(f"{what}不是日期：{value!r}")


def iso(value: When) -> str:
    """A date or aware datetime as OCDS wants it (dates at midnight China time)."""
    return _iso(value)


def _iso(value: When, what: str = "日期") -> str:
    return _dt(value, what).isoformat(timespec="seconds")


def _yuan_text(fen: int) -> str:
    whole, cents = divmod(fen, 100)
    return f"{whole:,}.{cents:02d}"


def signoff(
    stage: str, body: str, when: When, *, status: str = "met", department: str | None = None
) -> Milestone:
    """A 4+X sign-off: ``stage`` in SIGNOFF_STAGES, ``body`` in SUPERVISORS (``department`` names the X)."""
    if stage not in SIGNOFF_STAGES:
        raise ValueError(f"未知的监督环节“{stage}”（应为{'、'.join(SIGNOFF_STAGES)}之一）")
    if body not in SUPERVISORS:
        raise ValueError(f"未知的监督部门“{body}”（4+X：{'、'.join(SUPERVISORS)}）")
    who = f"{body}（{department}）" if department else body
    return Milestone(
        id=f"4x-{SIGNOFF_STAGES[stage]}-{SUPERVISORS[body]}",
        title=f"{stage}：{who}签字",
        when=when,
        status=status,
        type="approval",
        code=f"4x-{SUPERVISORS[body]}",
        description=f"「4+X」联合监督：{who}对{stage}环节签署意见",
    )


def acceptance(
    when: When, *, title: str = "竣工验收", status: str = "met", note: str | None = None
) -> Milestone:
    """验收 as an assessment milestone (行业主管部门 leads; 村务监督委员会 and villagers sign)."""
    return Milestone(
        id="acceptance",
        title=title,
        when=when,
        status=status,
        type="assessment",
        code="acceptance",
        description=note,
    )


# ---------------------------------------------------------------------------------------------------------
# Sections


def _party_json(party: Party) -> dict[str, Any]:
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


def _ref(party: Party) -> dict[str, str]:
    return {"id": party.id, "name": party.name}


def _milestone_json(m: Milestone) -> dict[str, Any]:
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
        out["dueDate"] = _iso(m.due, f"里程碑“{m.title}”截止日期")
    out["dateMet" if m.status == "met" else "dateModified"] = _iso(m.when, f"里程碑“{m.title}”日期")
    return out


def _period(start: When | None, end: When | None, what: str) -> dict[str, str]:
    out = {}
    if start is not None:
        out["startDate"] = _iso(start, f"{what}开始")
    if end is not None:
        out["endDate"] = _iso(end, f"{what}结束")
    if start is not None and end is not None and _dt(end, what) < _dt(start, what):
        raise ValueError(f"{what}结束早于开始")
    return out


def _tender_id(ocid: str) -> str:
    return f"{ocid}-tender"


def _planning_json(project: Project) -> dict[str, Any]:
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
        budget: dict[str, Any] = {"amount": money(_fen(p.budget_fen, "预算")), "project": project.title}
        if p.budget_source:
            budget["description"] = p.budget_source
        out["budget"] = budget
    out["milestones"] = [_milestone_json(m) for m in milestones]
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


def _tender_json(project: Project, parties: dict[str, Party], status: str) -> dict[str, Any]:
    t = project.tender
    assert t is not None
    out: dict[str, Any] = {
        "id": _tender_id(project.ocid),
        "title": t.title,
        "status": status,
        "procuringEntity": _ref(parties[project.buyer_id]),
        "procurementMethod": ROUTES[t.route],
        "procurementMethodDetails": _method_details(t),
    }
    if t.category:
        out["mainProcurementCategory"] = t.category
    if t.value_fen is not None:
        out["value"] = money(t.value_fen)
    if t.period_start is not None or t.period_end is not None:
        out["tenderPeriod"] = _period(t.period_start, t.period_end, "投标期")
    if t.bids:
        tenderers = list(dict.fromkeys(b.tenderer_id for b in t.bids))
        out["numberOfTenderers"] = len(tenderers)
        out["tenderers"] = [_ref(parties[pid]) for pid in tenderers]
    if t.milestones:
        out["milestones"] = [_milestone_json(m) for m in t.milestones]
    if t.disposal is not None:
        out["disposal"] = _disposal_json(t.disposal)
    return out


def _bids_json(t: Tender, parties: dict[str, Party]) -> dict[str, Any]:
    return {
        "details": [
            {
                "id": b.id,
                "date": _iso(b.when, "投标日期"),
                "status": b.status,
                "tenderers": [_ref(parties[b.tenderer_id])],
                "value": money(b.amount_fen),
            }
            for b in t.bids
        ]
    }


def _award_json(project: Project, parties: dict[str, Party]) -> dict[str, Any]:
    a = project.award
    assert a is not None
    out: dict[str, Any] = {
        "id": a.id,
        "status": "active",
        "date": _iso(a.when, "中标（成交）日期"),
        "value": money(a.value_fen),
        "suppliers": [_ref(parties[a.supplier_id])],
    }
    if a.title:
        out["title"] = a.title
    return out


def _contract_base(project: Project) -> dict[str, Any]:
    c = project.contract
    assert c is not None
    return {"id": c.id, "awardID": c.award_id}


def _contract_json(project: Project) -> dict[str, Any]:
    c = project.contract
    assert c is not None
    out = _contract_base(project)
    if c.title:
        out["title"] = c.title
    out.update(
        {
            "status": "active",
            "period": _period(c.period_start, c.period_end, "合同期"),
            "value": money(c.value_fen),
            "dateSigned": _iso(c.date_signed, "合同签订日期"),
        }
    )
    return out


def _transaction_json(p: Payment, parties: dict[str, Party]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": p.id,
        "date": _iso(p.when, "付款日期"),
        "value": money(p.amount_fen),
        "payer": _ref(parties[p.payer_id]),
        "payee": _ref(parties[p.payee_id]),
    }
    return out


# ---------------------------------------------------------------------------------------------------------
# Validation of a whole project (before any JSON)


def _check(project: Project) -> dict[str, Party]:
    parties: dict[str, Party] = {}
    for party in project.parties:
        if party.id in parties:
            raise ValueError(f"参与方编号重复：{party.id}")
        parties[party.id] = party
        _party_json(party)  # identifiers and roles
    if project.buyer_id not in parties:
        raise ValueError(f"发包方（村）“{project.buyer_id}”不在参与方中")

    def known(pid: str, what: str) -> None:
        if pid not in parties:
            raise ValueError(f"{what}“{pid}”不在参与方中")

    p, t, a, c, impl, done = (
        project.planning,
        project.tender,
        project.award,
        project.contract,
        project.implementation,
        project.completion,
    )
    for later, earlier, msg in (
        (a, t, "没有招标（采购）环节，不能有中标（成交）"),
        (c, a, "没有中标（成交），不能有合同"),
        (impl, c, "没有合同，不能有履约（付款、验收）"),
        (done, c, "没有合同，不能竣工"),
    ):
        if later is not None and earlier is None:
            raise ValueError(msg)
    if p is not None:
        if p.budget_fen is not None:
            _fen(p.budget_fen, "预算")
        for m in p.milestones:
            _milestone_json(m)
    if t is not None:
        if t.route not in ROUTES:
            raise ValueError(f"未知的采购方式“{t.route}”（应为{'、'.join(ROUTES)}之一）")
        if t.category is not None and t.category not in CATEGORIES:
            raise ValueError(f"采购类别“{t.category}”应为 goods、works 或 services")
        if t.value_fen is not None:
            _fen(t.value_fen, "招标控制价")
        start = _dt(t.when, "招标（公告）日期")
        if p is not None and start < _dt(p.decision_date, "四议两公开决议日期"):
            raise ValueError("招标（公告）早于四议两公开决议：须先决议后招标")
        _period(t.period_start, t.period_end, "投标期")
        # 比价 needs 3 quotes by the award; the notice itself goes out before any quote arrives
        if t.route == "比价" and a is not None and len({b.tenderer_id for b in t.bids}) < 3:
            raise ValueError("比价须有至少3家报价")
        bid_ids = set()
        for b in t.bids:
            known(b.tenderer_id, "投标人")
            _fen(b.amount_fen, "投标报价")
            if b.id in bid_ids:
                raise ValueError(f"投标编号重复：{b.id}")
            bid_ids.add(b.id)
            when = _dt(b.when, "投标日期")
            if when < start:
                raise ValueError(f"投标“{b.id}”早于招标公告")
            if t.period_end is not None and when > _dt(t.period_end, "投标截止"):
                raise ValueError(f"投标“{b.id}”晚于投标截止时间")
        if t.disposal is not None:
            _check_disposal(t, a)
    if a is not None and t is not None:
        known(a.supplier_id, "中标（成交）人")
        _fen(a.value_fen, "中标（成交）金额")
        when = _dt(a.when, "中标（成交）日期")
        if when < _dt(t.when, "招标日期"):
            raise ValueError("中标（成交）日期早于招标：顺序不可能")
        if t.period_end is not None and when < _dt(t.period_end, "投标截止"):
            raise ValueError("中标（成交）日期早于投标截止时间")
        if any(when < _dt(b.when, "投标日期") for b in t.bids):
            raise ValueError("中标（成交）日期早于某一投标")
        if t.bids and a.supplier_id not in {b.tenderer_id for b in t.bids}:
            raise ValueError("中标（成交）人不是投标人之一")
        if a.bid_id is not None:
            bid = next((b for b in t.bids if b.id == a.bid_id), None)
            if bid is None or bid.tenderer_id != a.supplier_id:
                raise ValueError(f"中标（成交）引用的投标“{a.bid_id}”不存在或不属于中标人")
    if c is not None and a is not None:
        if c.award_id != a.id:
            raise ValueError(f"合同引用的中标编号“{c.award_id}”不存在")
        _fen(c.value_fen, "合同金额")
        signed = _dt(c.date_signed, "合同签订日期")
        if signed < _dt(a.when, "中标日期"):
            raise ValueError("合同签订早于中标（成交）：顺序不可能")
        _period(c.period_start, c.period_end, "合同期")
        if impl is not None:
            for pay in impl.payments:
                known(pay.payer_id, "付款方")
                known(pay.payee_id, "收款方")
                if _fen(pay.amount_fen, "付款金额") == 0:
                    raise ValueError(f"付款“{pay.id}”金额为零")
                if _dt(pay.when, "付款日期") < signed:
                    raise ValueError(f"付款“{pay.id}”早于合同签订")
            if len({pay.id for pay in impl.payments}) != len(impl.payments):
                raise ValueError("付款编号重复")
            for m in impl.milestones:
                _milestone_json(m)
                if _dt(m.when, "里程碑日期") < signed:
                    raise ValueError(f"履约里程碑“{m.title}”早于合同签订")
        if done is not None:
            finish = _dt(done.when, "竣工日期")
            if finish < signed:
                raise ValueError("竣工早于合同签订：顺序不可能")
            if done.final_value_fen is not None:
                _fen(done.final_value_fen, "决算金额")
            if impl is not None:
                for m in impl.milestones:
                    if m.status == "met" and _dt(m.when, "里程碑日期") > finish:
                        raise ValueError(f"履约里程碑“{m.title}”晚于竣工（合同终止）日期")
    return parties


def _check_disposal(t: Tender, a: Award | None) -> None:
    d = t.disposal
    assert d is not None
    if d.kind not in DISPOSAL_KINDS:
        raise ValueError(f"处置方式“{d.kind}”应为{'、'.join(DISPOSAL_KINDS)}之一")
    if _fen(d.reserve_price_fen, "底价") == 0:
        raise ValueError("底价不能为零")
    if d.kind in ("出租", "发包"):
        if d.lease_term_years is None or d.lease_term_years < 1:
            raise ValueError(f"{d.kind}须写明期限（年）")
        if d.kind == "出租" and d.lease_term_years > MAX_LEASE_YEARS:
            raise ValueError(
                f"租赁期限不得超过{MAX_LEASE_YEARS}年（民法典第705条），收到{d.lease_term_years}年"
            )
    for b in t.bids:
        if b.status == "valid" and b.amount_fen < d.reserve_price_fen:
            raise ValueError(f"有效报价“{b.id}”低于底价：低于底价的报价不得列为有效")
    if a is not None and a.bid_id is not None:
        bid = next((b for b in t.bids if b.id == a.bid_id), None)
        if bid is not None and bid.amount_fen < d.reserve_price_fen:
            raise ValueError("成交价低于底价：不得低于底价成交")


# ---------------------------------------------------------------------------------------------------------
# Releases, packages, records


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
        "date": _iso(when, "发布日期"),
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
    parties = _check(project)  # raises before any JSON is built
    ocid = project.ocid
    village = parties[project.buyer_id]
    disposal = project.tender is not None and project.tender.disposal is not None
    buyer = None if disposal else _ref(village)
    seen: list[str] = [project.buyer_id]
    out: list[dict[str, Any]] = []

    def involve(*ids: str) -> list[dict[str, Any]]:
        for pid in ids:
            if pid not in seen:
                seen.append(pid)
        return [_party_json(parties[pid]) for pid in seen]

    def emit(when: When, tag: str, **sections: Any) -> None:
        rid = f"{ocid}-{len(out) + 1:02d}-{tag}"
        out.append(release(ocid, rid, when, [tag], buyer=buyer, **sections))

    if project.planning is not None:
        stub = {"id": _tender_id(ocid), "title": project.title, "description": project.description}
        stub["status"] = "planning"
        emit(
            project.planning.decision_date,
            "planning",
            parties=involve(),
            planning=_planning_json(project),
            tender=stub,
        )
    t = project.tender
    if t is not None:
        bidders = [b.tenderer_id for b in t.bids]
        emit(
            t.when if not t.bids else max((b.when for b in t.bids), key=lambda w: _dt(w, "投标日期")),
            "tender",
            parties=involve(*bidders),
            tender=_tender_json(project, parties, t.status),
            bids=_bids_json(t, parties) if t.bids else None,
        )
    a = project.award
    if a is not None:
        emit(
            a.when,
            "award",
            parties=involve(a.supplier_id),
            tender={"id": _tender_id(ocid), "status": "complete"},
            awards=[_award_json(project, parties)],
        )
    c = project.contract
    if c is not None:
        emit(c.date_signed, "contract", parties=involve(), contracts=[_contract_json(project)])
    impl = project.implementation
    if impl is not None and (impl.payments or impl.milestones):
        dates = [p.when for p in impl.payments] + [m.when for m in impl.milestones]
        contract = _contract_base(project)
        block: dict[str, Any] = {}
        if impl.payments:
            block["transactions"] = [_transaction_json(p, parties) for p in impl.payments]
        if impl.milestones:
            block["milestones"] = [_milestone_json(m) for m in impl.milestones]
        contract["implementation"] = block
        ids = [i for p in impl.payments for i in (p.payer_id, p.payee_id)]
        emit(
            max(dates, key=lambda w: _dt(w, "日期")),
            "implementation",
            parties=involve(*ids),
            contracts=[contract],
        )
    done = project.completion
    if done is not None and c is not None:
        contract = _contract_base(project)
        contract["status"] = "terminated"
        contract["period"] = _period(c.period_start, done.when, "合同期")
        if done.final_value_fen is not None:
            note = f"竣工决算 {_yuan_text(done.final_value_fen)} 元"
            if done.note:
                note += f"；{done.note}"
            contract["implementation"] = {
                "milestones": [
                    _milestone_json(
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


def release_package(
    releases: Sequence[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    *,
    extensions: Sequence[str] = (),
    license_url: str | None = None,
    publication_policy: str | None = None,
) -> dict[str, Any]:
    """A release package. Declares the bids extension if bids are present; disposals need theirs passed in."""
    ids = [r["id"] for r in releases]
    if len(set(ids)) != len(ids):
        raise ValueError("同一发布包内发布编号必须唯一")
    ext = list(extensions)
    if any("bids" in r for r in releases) and BID_EXTENSION_URL not in ext:
        ext.append(BID_EXTENSION_URL)
    if any("disposal" in r.get("tender", {}) for r in releases) and not any(
        "disposal" in e for e in extensions
    ):
        raise ValueError("含资产处置的数据必须声明本地扩展 ocds_disposal_extension 的 extension.json 网址")
    return _package(
        "releases", list(releases), uri, published_date, publisher_name, ext, license_url, publication_policy
    )


def record_package(
    records: Sequence[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    *,
    extensions: Sequence[str] = (),
    license_url: str | None = None,
    publication_policy: str | None = None,
) -> dict[str, Any]:
    ext = list(extensions)
    if any("bids" in r["compiledRelease"] for r in records) and BID_EXTENSION_URL not in ext:
        ext.append(BID_EXTENSION_URL)
    return _package(
        "records", list(records), uri, published_date, publisher_name, ext, license_url, publication_policy
    )


def _package(
    key: str,
    items: list[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    extensions: list[str],
    license_url: str | None,
    publication_policy: str | None,
) -> dict[str, Any]:
    if not uri or not publisher_name:
        raise ValueError("发布包必须有网址和发布者名称")
    out: dict[str, Any] = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": _iso(published_date, "发布包日期"),
        "publisher": {"name": publisher_name},
    }
    if extensions:
        out["extensions"] = extensions
    if license_url:
        out["license"] = license_url
    if publication_policy:
        out["publicationPolicy"] = publication_policy
    out[key] = items
    return out


def _merge(target: dict[str, Any], source: dict[str, Any], top: bool = False) -> None:
    for key, value in source.items():
        if top and key in _OMIT_WHEN_MERGED:
            continue
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            existing = target.get(key)
            if not isinstance(existing, dict):
                existing = target[key] = {}
            _merge(existing, value)
        elif (
            isinstance(value, list)
            and value
            and key not in _WHOLE_LIST_MERGE
            and all(isinstance(v, dict) and "id" in v for v in value)
        ):
            existing_list = target.get(key)
            if not isinstance(existing_list, list):
                existing_list = target[key] = []
            index = {str(item.get("id")): item for item in existing_list if isinstance(item, dict)}
            for item in value:
                found = index.get(str(item["id"]))
                if found is None:
                    found = {}
                    existing_list.append(found)
                    index[str(item["id"])] = found
                _merge(found, item)
        else:
            target[key] = copy.deepcopy(value)


def compile_record(ocid: str, releases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A record with embedded releases (oldest first) and the compiled release (OCDS 1.1 merge rules)."""
    if not releases:
        raise ValueError("没有发布，无法汇编记录")
    if any(r.get("ocid") != ocid for r in releases):
        raise ValueError(f"所有发布的 ocid 必须为 {ocid}")
    ordered = sorted(releases, key=lambda r: datetime.fromisoformat(r["date"]))  # stable for equal dates
    compiled: dict[str, Any] = {}
    for r in ordered:
        _merge(compiled, r, top=True)
    last = ordered[-1]["date"]
    head = {"ocid": ocid, "id": f"{ocid}-{last}", "date": last, "tag": ["compiled"]}
    compiled = {**head, **{k: v for k, v in compiled.items() if k != "ocid"}}
    return {"ocid": ocid, "releases": copy.deepcopy(ordered), "compiledRelease": compiled}


# ---------------------------------------------------------------------------------------------------------
# Schemas and serialisation


def json_merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (returns a new value; ``null`` in the patch removes a member)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = json_merge_patch(result.get(key), value)
    return result


def load_schema(name: str = "release-schema.json") -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def patched_release_schema(*extension_dirs: Path) -> dict[str, Any]:
    """The core release schema with each extension's release-schema.json merge-patched onto it."""
    schema = load_schema()
    for directory in extension_dirs or (DISPOSAL_EXTENSION_DIR,):
        patch = json.loads((directory / "release-schema.json").read_text(encoding="utf-8"))
        schema = json_merge_patch(schema, patch)
    return schema


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """UTF-8 JSON text (Chinese kept as is)."""
    return json.dumps(data, ensure_ascii=False, indent=indent)
