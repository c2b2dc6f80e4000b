"""Services for the 三资 register, disposals and leases. One transaction each, with the audit event of the
change; every disposal stage and every rent receipt publishes (an OCDS release with the local disposal
extension, and the publication's own audit event)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Unpack

from django.db import transaction
from django.utils import timezone

from xiaowei.assets import rules
from xiaowei.assets.models import Asset, Disposal, DisposalBid, Lease, RentDue, RentReceipt
from xiaowei.assets.search_text import index_assets
from xiaowei.audit.log import record
from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.money import yuan
from xiaowei.matters.models import Meeting
from xiaowei.procurement import from_disposals, stages
from xiaowei.procurement.models import Contractor
from xiaowei.projects.services import procurement_config
from xiaowei.regions import access
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User

#: The asset's status once a disposal of each mode is contracted (and while its lease runs).
_STATUS_AFTER: dict[str, str] = {
    Disposal.Mode.LEASE: Asset.Status.LEASED,
    Disposal.Mode.CONTRACTING: Asset.Status.CONTRACTED,
    Disposal.Mode.TRANSFER: Asset.Status.TRANSFERRED,
}


def assets_config(region_code: str) -> rules.Config:
    try:
        return rules.parse_config(catalog_selectors.setting(region_code, "assets", {}))
    except ValueError as e:
        raise ServiceError(f"资产配置有误：{e}", code="bad_config") from None


@transaction.atomic(durable=True)
def do_register_asset(
    *,
    region_code: str,
    name: str,
    kind: str,
    subkind: str,
    location: str,
    value_fen: int = 0,
    area: str | Decimal | None = None,
    unit: str = "",
    acquired_on: date | None = None,
    status: str = Asset.Status.IDLE,
    note: str = "",
    actor: User,
) -> Asset:
    """Enter an asset or resource in the village's register (清产核资台账)."""
    region = access.access_region(actor, region_code, perm=Perm.MANAGE_ASSETS)
    refusals = stages.Refusals("资产信息有误，未登记")
    refusals.check(region.level == "village", "资产应登记在村（社区）")
    refusals.check(bool(name.strip()), "请填写名称")
    if kind not in rules.SUBKINDS:
        refusals.add("类别应为资源性、经营性或非经营性资产")
    elif subkind not in rules.SUBKINDS[kind]:
        refusals.add(f"细类应为：{'、'.join(rules.SUBKINDS[kind].values())}")
    refusals.check(bool(location.strip()), "请填写坐落位置")
    refusals.check(isinstance(value_fen, int) and value_fen >= 0, "账面价值不能为负")
    parsed_area = None
    if area not in (None, ""):
        try:
            parsed_area = Decimal(str(area))
            if parsed_area <= 0 or parsed_area >= 10**10:
                raise InvalidOperation
        except InvalidOperation:
            refusals.add("面积/数量应为正数")
    refusals.check(
        status in (Asset.Status.IDLE, Asset.Status.IN_USE),
        "新登记的资产状态应为闲置或自用（出租、发包经处置程序产生）",
    )
    if acquired_on:
        refusals.not_future(acquired_on, "取得日期")
    refusals.raise_if_any()
    seq = Asset.objects.filter(region=region).count() + 1
    asset = Asset.objects.create(
        code=f"{region_code}-A{seq:04d}",
        region=region,
        name=name.strip()[:200],
        kind=kind,
        subkind=subkind,
        location=location.strip()[:200],
        area=parsed_area,
        unit=unit.strip()[:10],
        value_fen=value_fen,
        acquired_on=acquired_on,
        status=status,
        note=note.strip(),
        registered_by=actor,
    )
    record(
        "assets.asset.registered",
        actor=actor,
        obj=asset,
        region_code=region_code,
        after={
            "code": asset.code,
            "name": asset.name,
            "kind": kind,
            "subkind": subkind,
            "value_fen": value_fen,
        },
    )
    index_assets([asset.pk])
    return asset


# ---------------------------------------------------------------------------------------------------------
# Disposals: one service per stage. Each checks the actor's scope and locks the disposal (_open), refuses
# with every reason its data gives (procurement.stages.Refusals), writes, and records and publishes the
# stage (_announce) in the same transaction.


def _open(disposal: Disposal, actor: User, perm: str) -> Disposal:
    """The start of a disposal's stage service: the actor's scope, the disposal re-read under a row lock."""
    access.check_region_code(actor, disposal.region_id, perm=perm)
    return stages.locked(
        Disposal.objects.select_related("asset", "region", "decision_meeting", "winner_contractor"),
        disposal.pk,
    )


def _notice_end(disposal: Disposal) -> date | None:
    """The last day of the notice period (bids until then, the result from then), None before the notice."""
    if disposal.notice_on is None:
        return None
    return disposal.notice_on + timedelta(days=disposal.notice_days or 0)


@transaction.atomic(durable=True)
def do_start_disposal(
    asset: Asset,
    *,
    mode: str,
    method: str,
    decision_meeting_id: int,
    decided_on: date,
    term_years: int | None = None,
    to_outsider: bool = False,
    actor: User,
) -> Disposal:
    """Register a disposal the village decided. Checks the meeting, the 2/3 rules where the law asks and
    the term; the asset goes to "处置中" (one disposal at a time)."""
    access.check_region_code(actor, asset.region_id, perm=Perm.MANAGE_ASSETS)
    asset = stages.locked(Asset.objects.all(), asset.pk)
    config = assets_config(asset.region_id)
    refusals = stages.Refusals("处置未登记")
    refusals.check(mode in rules.MODES, f"处置方式应为：{'、'.join(rules.MODES.values())}")
    methods = "、".join(rules.METHODS)
    refusals.check(method in rules.METHODS, f"交易方式应为：{methods}（集体资产资源须公开处置）")
    if asset.status in (Asset.Status.IN_DISPOSAL, Asset.Status.TRANSFERRED):
        refusals.add(f"资产当前状态为“{asset.get_status_display()}”，不能再次处置")
    if asset.kind == Asset.Kind.PUBLIC and mode == Disposal.Mode.TRANSFER:
        refusals.add("非经营性公益设施不得出让")
    if mode in rules.MODES:
        refusals.extend(rules.term_problems(config, mode, term_years))
    refusals.not_future(decided_on, "决议日期")
    meeting = Meeting.objects.filter(pk=decision_meeting_id, region_id=asset.region_id).first()
    if meeting is None:
        refusals.add("所引用的决议会议不存在或不属于本村")
    elif mode in rules.MODES:
        vote = rules.Vote(meeting.kind, meeting.held_on, meeting.passed, meeting.expected, meeting.votes_for)
        refusals.extend(
            rules.decision_problems(
                vote, mode=mode, subkind=asset.subkind, to_outsider=to_outsider, decided_on=decided_on
            )
        )
    refusals.raise_if_any()
    assert meeting is not None
    seq = Disposal.objects.filter(asset=asset).count() + 1
    disposal = Disposal.objects.create(
        code=f"{asset.code}-D{seq:02d}",
        asset=asset,
        region_id=asset.region_id,
        mode=mode,
        method=method,
        to_outsider=to_outsider,
        term_years=term_years if mode != Disposal.Mode.TRANSFER else None,
        decision_meeting=meeting,
        decided_on=decided_on,
        stage=Disposal.Stage.DECIDED,
        created_by=actor,
    )
    asset.status = Asset.Status.IN_DISPOSAL
    asset.save(update_fields=["status"])
    after = {"mode": mode, "method": method, "term_years": term_years}
    what = f"决议{rules.MODES[mode]}"
    _announce(disposal, actor, "started", after, tags=["planning"], what=what, when=decided_on)
    return disposal


@transaction.atomic(durable=True)
def do_review_reserve(
    disposal: Disposal, *, reserve_fen: int, reviewer: str, reviewed_on: date, actor: User
) -> Disposal:
    """底价评审: the reserve price (per year for 出租/发包, a lump sum for 出让), before any notice."""
    disposal = _open(disposal, actor, Perm.REVIEW_COST)
    refusals = stages.Refusals("底价评审未保存")
    refusals.check(disposal.stage == Disposal.Stage.DECIDED, "底价只能在公告之前评审")
    refusals.positive(reserve_fen, "底价")
    refusals.check(bool(reviewer.strip()), "请填写评审机构")
    refusals.not_future(reviewed_on, "评审日期")
    refusals.check(reviewed_on >= disposal.decided_on, "评审日期早于决议")
    refusals.raise_if_any()
    disposal.reserve_fen = reserve_fen
    disposal.reserve_reviewer = reviewer.strip()[:200]
    disposal.reserve_reviewed_on = reviewed_on
    disposal.stage = Disposal.Stage.PRICED
    disposal.save()
    after = {"reserve_fen": reserve_fen, "reviewer": reviewer}
    what = f"底价评审 {yuan(reserve_fen)} 元"
    _announce(disposal, actor, "reserve_reviewed", after, tags=["planning"], what=what, when=reviewed_on)
    return disposal


@transaction.atomic(durable=True)
def do_publish_disposal_notice(
    disposal: Disposal, *, notice_on: date, notice_days: int, actor: User
) -> Disposal:
    disposal = _open(disposal, actor, Perm.MANAGE_ASSETS)
    config = assets_config(disposal.region_id)
    refusals = stages.Refusals("处置公告未发布")
    refusals.check(disposal.stage == Disposal.Stage.PRICED, "须先完成底价评审，才能发布处置公告")
    refusals.check(
        isinstance(notice_days, int) and notice_days >= config.min_notice_days,
        f"公告期不得少于 {config.min_notice_days} 天",
    )
    refusals.not_future(notice_on, "公告日期")
    if disposal.reserve_reviewed_on and notice_on < disposal.reserve_reviewed_on:
        refusals.add("公告日期早于底价评审")
    refusals.raise_if_any()
    disposal.notice_on = notice_on
    disposal.notice_days = notice_days
    disposal.stage = Disposal.Stage.NOTICED
    disposal.save()
    after = {"notice_on": notice_on.isoformat(), "notice_days": notice_days}
    what = f"发布{disposal.method}公告（{notice_days} 天）"
    _announce(disposal, actor, "noticed", after, tags=["tender"], what=what, when=notice_on)
    return disposal


@transaction.atomic(durable=True)
def do_record_disposal_bid(
    disposal: Disposal,
    *,
    bidder_name: str,
    amount_fen: int,
    submitted_on: date,
    contractor_id: int | None = None,
    actor: User,
) -> DisposalBid:
    """A bid during the notice period. Bids below the reserve are refused (they cannot win)."""
    disposal = _open(disposal, actor, Perm.MANAGE_ASSETS)
    refusals = stages.Refusals("报价未登记")
    refusals.check(disposal.stage == Disposal.Stage.NOTICED, "只能在公告期内登记竞买报价")
    contractor = None
    if contractor_id is not None:
        contractor = Contractor.objects.filter(pk=contractor_id, active=True).first()
        refusals.check(contractor is not None, "竞买单位未在名录中登记")
    name = contractor.name if contractor else bidder_name.strip()
    refusals.check(bool(name), "请填写竞买人")
    refusals.positive(amount_fen, "报价")
    if disposal.reserve_fen and isinstance(amount_fen, int) and amount_fen < disposal.reserve_fen:
        refusals.add(f"报价 {yuan(amount_fen)} 元低于底价 {yuan(disposal.reserve_fen)} 元，不予登记")
    end = _notice_end(disposal)
    if disposal.notice_on and submitted_on < disposal.notice_on:
        refusals.add("报价日期早于公告")
    elif end and submitted_on > end:
        refusals.add("报价日期晚于公告期（竞买截止）")
    refusals.not_future(submitted_on, "报价日期")
    refusals.raise_if_any()
    bid = DisposalBid.objects.create(
        disposal=disposal,
        bidder_name=name[:200],
        contractor=contractor,
        amount_fen=amount_fen,
        submitted_on=submitted_on,
        recorded_by=actor,
    )
    _event("bid_recorded", disposal, actor, {"bidder": name, "amount_fen": amount_fen})
    return bid


@transaction.atomic(durable=True)
def do_award_disposal(disposal: Disposal, *, awarded_on: date, actor: User) -> Disposal:
    """The result after the notice period: the highest bid at or above the reserve wins; no bids, 流拍
    (the disposal fails and the asset is free for a new one)."""
    disposal = _open(disposal, actor, Perm.MANAGE_ASSETS)
    end = _notice_end(disposal)
    refusals = stages.Refusals("成交结果未保存")
    if disposal.stage != Disposal.Stage.NOTICED:
        refusals.add("须在公告之后确定成交结果")
    elif end and awarded_on < end:
        refusals.add(f"公告期到 {end.isoformat()} 才结束，不能提前成交")
    refusals.not_future(awarded_on, "成交日期")
    bids = list(disposal.bids.all())
    refusals.raise_if_any()
    asset = disposal.asset
    if not bids:
        disposal.stage = Disposal.Stage.FAILED
        disposal.awarded_on = awarded_on
        disposal.save()
        # a re-tender before a lease ends leaves the running lease in force
        running = (
            Lease.objects.filter(asset=asset, end_on__gte=awarded_on)
            .exclude(disposal__mode=Disposal.Mode.TRANSFER)
            .select_related("disposal")
            .order_by("-end_on")
            .first()
        )
        asset.status = Asset.Status.IDLE if running is None else _STATUS_AFTER[running.disposal.mode]
        asset.save(update_fields=["status"])
        _announce(disposal, actor, "failed", {}, tags=["tender"], what="无人竞买，流拍", when=awarded_on)
        return disposal
    best = max(bids, key=lambda b: (b.amount_fen, -b.pk))
    amounts = [b.amount_fen for b in bids]
    refusals.extend(rules.award_problems(disposal.reserve_fen or 0, amounts, best.amount_fen))
    refusals.raise_if_any()
    disposal.winner_name = best.bidder_name
    disposal.winner_contractor = best.contractor
    disposal.award_fen = best.amount_fen
    disposal.awarded_on = awarded_on
    disposal.stage = Disposal.Stage.AWARDED
    disposal.save()
    after = {"winner": best.bidder_name, "award_fen": best.amount_fen}
    per_year = "/年" if disposal.mode != Disposal.Mode.TRANSFER else ""
    what = f"成交：{best.bidder_name}，{yuan(best.amount_fen)} 元{per_year}"
    _announce(disposal, actor, "awarded", after, tags=["tender", "award"], what=what, when=awarded_on)
    return disposal


@transaction.atomic(durable=True)
def do_record_lease(
    disposal: Disposal, *, contract_no: str, signed_on: date, start_on: date, actor: User
) -> Lease:
    """The contract after an awarded disposal. 出租/发包 get a lease with an annual rent schedule over the
    decided term; 出让 is a one-off transfer (the asset leaves the register's active list)."""
    disposal = _open(disposal, actor, Perm.MANAGE_ASSETS)
    refusals = stages.Refusals("合同未保存")
    if disposal.stage != Disposal.Stage.AWARDED:
        refusals.add("成交之后才能签订合同")
    elif Lease.objects.filter(disposal=disposal).exists():
        refusals.add("该处置已签订合同")
    refusals.check(bool(contract_no.strip()), "请填写合同编号")
    refusals.not_future(signed_on, "签订日期")
    if disposal.awarded_on and signed_on < disposal.awarded_on:
        refusals.add("签订日期早于成交")
    refusals.check(start_on >= signed_on, "起始日期早于签订日期")
    refusals.raise_if_any()
    years = disposal.term_years or 0
    end_on = rules.add_years(start_on, years) - timedelta(days=1) if years else start_on
    lease = Lease.objects.create(
        disposal=disposal,
        asset=disposal.asset,
        region_id=disposal.region_id,
        lessee_name=disposal.winner_name,
        contract_no=contract_no.strip()[:60],
        signed_on=signed_on,
        start_on=start_on,
        end_on=end_on,
        annual_rent_fen=disposal.award_fen or 0,
        created_by=actor,
    )
    if disposal.mode == Disposal.Mode.TRANSFER:
        RentDue.objects.create(lease=lease, due_on=start_on, amount_fen=disposal.award_fen or 0)
    else:
        RentDue.objects.bulk_create(
            RentDue(lease=lease, due_on=day, amount_fen=amount)
            for day, amount in rules.rent_schedule(
                start_on, end_on + timedelta(days=1), lease.annual_rent_fen
            )
        )
    asset = disposal.asset
    asset.status = _STATUS_AFTER[disposal.mode]
    asset.save(update_fields=["status"])
    after = {"contract_no": lease.contract_no, "end_on": end_on.isoformat()}
    what = f"签订合同 {lease.contract_no}"
    _announce(disposal, actor, "contracted", after, tags=["contract"], what=what, when=signed_on)
    return lease


@transaction.atomic(durable=True)
def do_record_rent(
    lease: Lease, *, received_on: date, amount_fen: int, voucher_no: str = "", actor: User
) -> RentReceipt:
    """Rent (or the transfer price) received into the collective's account."""
    access.check_region_code(actor, lease.region_id, perm=Perm.RECORD_MONEY)
    lease = stages.locked(Lease.objects.select_related("disposal"), lease.pk)
    refusals = stages.Refusals("收款未登记")
    refusals.positive(amount_fen, "金额")
    refusals.not_future(received_on, "收款日期")
    refusals.check(received_on >= lease.signed_on, "收款日期早于合同签订")
    total_due = sum(lease.dues.values_list("amount_fen", flat=True))
    received = sum(lease.receipts.values_list("amount_fen", flat=True))
    if isinstance(amount_fen, int) and received + amount_fen > total_due:
        refusals.add(f"累计收款将超过合同应收总额 {yuan(total_due)} 元")
    refusals.raise_if_any()
    receipt = RentReceipt.objects.create(
        lease=lease,
        received_on=received_on,
        amount_fen=amount_fen,
        voucher_no=voucher_no.strip()[:40],
        recorded_by=actor,
    )
    what = f"收取租金 {yuan(amount_fen)} 元"
    after = {"amount_fen": amount_fen}
    _announce(
        lease.disposal, actor, "rent_received", after, tags=["implementation"], what=what, when=received_on
    )
    return receipt


def lease_status(lease: Lease, today: date | None = None) -> rules.LeaseStatus:
    """Arrears and expiry of a lease (dues and receipts prefetched or read: two queries)."""
    config = assets_config(lease.region_id)
    return rules.lease_status(
        config,
        dues=[(d.due_on, d.amount_fen) for d in lease.dues.all()],
        received_fen=sum(r.amount_fen for r in lease.receipts.all()),
        end_on=lease.end_on,
        today=today or timezone.localdate(),
    )


# ---------------------------------------------------------------------------------------------------------
# Audit and publication (OCDS releases through procurement)


def _announce(
    disposal: Disposal, actor: User, action: str, after: dict[str, Any], **change: Unpack[stages.Change]
) -> None:
    """The end of a stage service, once its rows are saved: the audit event ``action`` and the publication
    of the change."""
    _event(action, disposal, actor, after)
    _publish(disposal, actor, **change)


def _event(action: str, disposal: Disposal, actor: User, after: dict[str, Any]) -> None:
    record(
        f"assets.disposal.{action}",
        actor=actor,
        obj=disposal,
        region_code=disposal.region_id,
        after={"code": disposal.code, **after},
    )


def _publish(disposal: Disposal, actor: User, **change: Unpack[stages.Change]) -> None:
    asset = disposal.asset
    about = {
        "type": "asset_disposal",
        "asset": {"code": asset.code, "name": asset.name, "kind": asset.kind},
        "disposal": {"code": disposal.code, "mode": disposal.mode, "stage": disposal.stage},
    }
    stages.publish(
        lambda: from_disposals.as_ocds(disposal, procurement_config(disposal.region_id).ocid_prefix),
        about,
        title=f"{asset.name}{rules.MODES[disposal.mode]}：{change['what']}",
        region=disposal.region,
        kind=Publication.Kind.ASSET,
        subject=("asset", asset.code),
        refused="处置数据前后矛盾，未保存",
        amount=None,
        actor=actor,
        **change,
    )


# ---------------------------------------------------------------------------------------------------------
# What a user may do on an asset now: the office shows exactly this; each service checks again.


@dataclass(frozen=True)
class Situation:
    """What an asset's workspace acts on: the asset, its latest disposal and that disposal's lease."""

    asset: Asset
    disposal: Disposal | None
    lease: Lease | None


def situation(asset: Asset) -> Situation:
    disposals = list(asset.disposals.all())
    current = disposals[-1] if disposals else None
    lease = Lease.objects.filter(disposal=current).first() if current else None
    return Situation(asset, current, lease)


_NEXT: dict[str, list[str]] = {
    Disposal.Stage.DECIDED: ["reserve"],
    Disposal.Stage.PRICED: ["notice"],
    Disposal.Stage.NOTICED: ["bid", "award"],
    Disposal.Stage.AWARDED: ["lease"],
}
_STEP_PERMS = {
    "dispose": Perm.MANAGE_ASSETS,
    "reserve": Perm.REVIEW_COST,
    "notice": Perm.MANAGE_ASSETS,
    "bid": Perm.MANAGE_ASSETS,
    "award": Perm.MANAGE_ASSETS,
    "lease": Perm.MANAGE_ASSETS,
    "rent": Perm.RECORD_MONEY,
}


def available_actions(now: Situation, user: User | AnonymousUser) -> list[str]:
    """The steps `user` may take now: start a disposal (when none runs and the asset is not gone), the
    current disposal's next step, record the lease once, then rent receipts."""
    steps = []
    if now.asset.status not in (Asset.Status.IN_DISPOSAL, Asset.Status.TRANSFERRED):
        steps.append("dispose")
    if now.disposal is not None:
        steps += [s for s in _NEXT.get(now.disposal.stage, []) if not (s == "lease" and now.lease)]
    if now.lease is not None:
        steps.append("rent")
    return [s for s in steps if access.has_perm(user, now.asset.region_id, _STEP_PERMS[s])]
