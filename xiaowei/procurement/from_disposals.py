"""An asset disposal's rows → the OCDS dataclasses (procurement.ocds), with the local disposal extension's
block: 出租/发包/出让 of a collective asset, the village as procuringEntity and payee, the winning bidder as
supplier and payer. The disposal and its rows are read duck-typed: this module does not import the assets
app (which imports procurement), only its types for checking."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist

from xiaowei.lib.money import yuan
from xiaowei.procurement import ocds
from xiaowei.procurement.ocds.values import present
from xiaowei.procurement.parties import village_party

if TYPE_CHECKING:
    from xiaowei.assets.models import Disposal, Lease

#: assets.rules subkind → code of the extension's assetKind codelist ("other" for the rest).
_ASSET_KIND_OCDS = {
    "farmland": "land",
    "wasteland": "land",
    "construction_land": "land",
    "forest": "forest",
    "water": "water",
    "building": "building",
    "facility": "building",
    "equipment": "equipment",
}


def as_ocds(disposal: Disposal, prefix: str) -> ocds.Project:
    """The disposal as procurement.ocds dataclasses: its asset, decision meeting, bids (one query) and, once
    awarded, its lease with the rent received (through the reverse one-to-one ``disposal.lease``)."""
    asset = disposal.asset
    mode = disposal.get_mode_display()  # the names of assets.rules.MODES
    base = village_party(disposal.region)
    village = ocds.Party(
        id=base.id,
        name=base.name.replace("村民委员会", "股份经济合作社"),
        roles=("procuringEntity", "payee"),
        address_region=base.address_region,
        village_code=base.village_code,
    )
    bids = list(disposal.bids.select_related("contractor").order_by("id"))
    parties: dict[str, ocds.Party] = {village.id: village}
    bid_party: dict[int, str] = {
        b.pk: f"{ocds.USCI_SCHEME}-{b.contractor.uscc}" if b.contractor else f"bidder-{b.pk}" for b in bids
    }
    # the winning bid as do_award_disposal chose it (a bidder may bid more than once: not by name)
    best = (
        max(bids, key=lambda b: (b.amount_fen, -b.pk))
        if bids and disposal.stage == disposal.Stage.AWARDED
        else None
    )
    for b in bids:
        pid = bid_party[b.pk]
        winner = best is not None and pid == bid_party[best.pk]
        roles = ("tenderer", "supplier", "payer") if winner else ("tenderer",)
        parties[pid] = ocds.Party(pid, b.bidder_name, roles, uscc=b.contractor.uscc if b.contractor else None)
    term = disposal.term_years
    reserve = present(disposal.reserve_fen, "底价") if disposal.reserve_reviewed_on else 0
    planning = ocds.Planning(
        decision_date=disposal.decision_meeting.held_on,
        rationale=f"{asset.name}{mode}（{disposal.decision_meeting.subject}）",
        milestones=tuple(
            [
                ocds.Milestone(
                    id="reserve-review",
                    title="底价评审",
                    when=disposal.reserve_reviewed_on,
                    type="assessment",
                    code="reserve-review",
                    description=f"底价 {yuan(reserve)} 元（{disposal.reserve_reviewer}）",
                )
            ]
            if disposal.reserve_reviewed_on
            else []
        ),
    )
    tender = None
    if disposal.notice_on is not None:
        end = disposal.notice_on + timedelta(days=disposal.notice_days or 0)
        tender = ocds.Tender(
            route=disposal.method,
            when=disposal.notice_on,
            title=f"{asset.name}{mode}{disposal.method}",
            category=None,
            period_start=disposal.notice_on,
            period_end=end,
            bids=tuple(
                ocds.Bid(
                    id=f"bid-{b.pk}",
                    tenderer_id=bid_party[b.pk],
                    amount_fen=b.amount_fen,
                    when=b.submitted_on,
                )
                for b in bids
            ),
            details="报价为每年租金" if disposal.mode != "transfer" else "报价为出让总价",
            status="unsuccessful" if disposal.stage == disposal.Stage.FAILED else "active",
            disposal=ocds.Disposal(
                kind={"lease": "出租", "contracting": "发包", "transfer": "出让"}[disposal.mode],
                asset_kind=_ASSET_KIND_OCDS.get(asset.subkind, "other"),
                asset_description=f"{asset.name}，{asset.location}"
                + (f"，{asset.area.normalize():f}{asset.unit}" if asset.area else ""),
                reserve_price_fen=disposal.reserve_fen or 0,
                lease_term_years=term,
                reserve_price_review=disposal.reserve_reviewer or None,
            ),
        )
    award = contract = implementation = None
    total = (disposal.award_fen or 0) * (term or 1)
    if best is not None and tender is not None:
        award = ocds.Award(
            id=f"award-{disposal.code}",
            when=present(disposal.awarded_on, "成交日期"),
            supplier_id=bid_party[best.pk],
            value_fen=total,
            bid_id=f"bid-{best.pk}",
        )
        lease = _lease_of(disposal)
        if lease is not None:
            contract = ocds.Contract(
                id=f"contract-{disposal.code}",
                award_id=award.id,
                date_signed=lease.signed_on,
                value_fen=total,
                period_start=lease.start_on,
                period_end=lease.end_on,
                title=f"{asset.name}{mode}合同（{lease.contract_no}）",
            )
            implementation = ocds.Implementation(
                payments=tuple(
                    ocds.Payment(
                        id=f"rent-{r.pk}",
                        when=r.received_on,
                        amount_fen=r.amount_fen,
                        payer_id=bid_party[best.pk],
                        payee_id=village.id,
                    )
                    for r in lease.receipts.all()
                )
            )
    return ocds.Project(
        ocid=ocds.make_ocid(prefix, disposal.code),
        title=f"{asset.name}{mode}",
        description=f"{disposal.region.name}{asset.name}公开{mode}" + (f"，期限 {term} 年" if term else ""),
        buyer_id=village.id,
        parties=tuple(parties.values()),
        planning=planning,
        tender=tender,
        award=award,
        contract=contract,
        implementation=implementation,
    )


def _lease_of(disposal: Disposal) -> Lease | None:
    """The lease that followed the award, or None before the contract."""
    try:
        return disposal.lease
    except ObjectDoesNotExist:
        return None
