"""The plain data the OCDS mapping reads: one contracting process (``Project``: a village project or an
asset disposal) and its parts, as frozen dataclasses with amounts in integer fen. Adapters fill them from
the database (procurement.from_projects, procurement.from_disposals); tests build them by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from xiaowei.procurement.categories import Category

When = date | datetime


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
    category: str | None = Category.WORKS
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
