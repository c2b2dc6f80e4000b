"""The 三资 register, disposals and leases through the services: the register, every refusal of the
decision (2/3 rules, meeting kind, term), the reserve price and the notice period, 流拍, the lease's rent
schedule, receipts and flags, the asset's status, the OCDS releases and publications of each stage
(validated with the official libcoveocds) and the region checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from tests_support.ocds import additional, assert_clean
from tests_support.projects import ProjectWorld
from xiaowei.assets import services
from xiaowei.assets.models import Asset, Disposal, DisposalBid, Lease, RentDue, RentReceipt
from xiaowei.audit.models import AuditEvent
from xiaowei.catalog.models import CatalogSetting
from xiaowei.catalog.services import do_set_setting
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.matters.services import do_record_meeting as record_meeting
from xiaowei.procurement import ocds
from xiaowei.procurement.models import OcdsRelease
from xiaowei.regions.models import Region

DECIDED = dt.date(2026, 3, 2)  # after 2025-05-01: every disposal needs 2/3 of all
BEFORE_LAW = dt.date(2025, 4, 20)  # before the 农村集体经济组织法
# A fixed day for rule arithmetic; the "not in the future" checks use timezone.localdate().
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------------------------
# Drivers: the real services, one stage at a time


def register(pw: ProjectWorld, **changes: Any) -> Asset:
    values: dict[str, Any] = {
        "region_code": pw.village.code,
        "name": "东头鱼塘",
        "kind": "resource",
        "subkind": "water",
        "location": "一组东头",
        "area": "12",
        "unit": "亩",
        "value_fen": 5_000_000,
        "acquired_on": dt.date(2010, 1, 1),
        "actor": pw.cadre,
    }
    values.update(changes)
    return services.do_register_asset(**values)


def decide(
    pw: ProjectWorld,
    asset: Asset,
    *,
    mode: str = "lease",
    term: int | None = 5,
    on: dt.date = DECIDED,
    yes: int | None = None,
    kind: str = "representatives",
    expected: int = 30,
    to_outsider: bool = False,
) -> Disposal:
    meeting = pw.meeting(kind, on - DAY, expected=expected, present=expected, yes=yes)
    return services.do_start_disposal(
        asset,
        mode=mode,
        method="公开竞价",
        decision_meeting_id=meeting.pk,
        decided_on=on,
        term_years=term,
        to_outsider=to_outsider,
        actor=pw.cadre,
    )


def price(pw: ProjectWorld, d: Disposal, reserve: int = 1_000_000) -> Disposal:
    return services.do_review_reserve(
        d,
        reserve_fen=reserve,
        reviewer="镇农经站、财政所",
        reviewed_on=d.decided_on + 3 * DAY,
        actor=pw.finance,
    )


def notice(pw: ProjectWorld, d: Disposal, days: int = 10) -> Disposal:
    assert d.reserve_reviewed_on is not None
    return services.do_publish_disposal_notice(
        d, notice_on=d.reserve_reviewed_on + DAY, notice_days=days, actor=pw.cadre
    )


def end_of_notice(d: Disposal) -> dt.date:
    assert d.notice_on is not None and d.notice_days is not None
    return d.notice_on + d.notice_days * DAY


def bid(
    pw: ProjectWorld, d: Disposal, amount: int, name: str = "李四", *, on: dt.date | None = None, **kw: Any
) -> DisposalBid:
    assert d.notice_on is not None
    return services.do_record_disposal_bid(
        d, bidder_name=name, amount_fen=amount, submitted_on=on or d.notice_on + 2 * DAY, actor=pw.cadre, **kw
    )


def award(pw: ProjectWorld, d: Disposal, on: dt.date | None = None) -> Disposal:
    return services.do_award_disposal(d, awarded_on=on or end_of_notice(d), actor=pw.cadre)


def to_award(pw: ProjectWorld, asset: Asset, amounts: tuple[int, ...] = (1_280_000,), **kw: Any) -> Disposal:
    d = notice(pw, price(pw, decide(pw, asset, **kw)))
    for i, amount in enumerate(amounts):
        bid(pw, d, amount, f"竞买人{i + 1}")
    return award(pw, d)


def sign(pw: ProjectWorld, d: Disposal, start: dt.date | None = None) -> Lease:
    assert d.awarded_on is not None
    signed = d.awarded_on + 4 * DAY
    return services.do_record_lease(
        d, contract_no="ZC-2026-001", signed_on=signed, start_on=start or signed, actor=pw.cadre
    )


def refused(call: Callable[[], Any], *expected: str) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        call()
    text = " ".join(e.value.errors)
    for part in expected:
        assert part in text, (part, e.value.errors)
    return e.value.errors


def releases_of(d: Disposal) -> list[dict[str, Any]]:
    return [json.loads(r.content) for r in OcdsRelease.objects.filter(ocid__endswith=d.code).order_by("id")]


# ---------------------------------------------------------------------------------------------------------
# The register


def test_register_an_asset(pw: ProjectWorld) -> None:
    pond = register(pw)
    shop = register(
        pw, name="村部门面", kind="operating", subkind="building", location="村部一楼", area=None, unit=""
    )
    assert (pond.code, shop.code) == (f"{pw.village.code}-A0001", f"{pw.village.code}-A0002")
    pond.refresh_from_db()
    assert (pond.kind, pond.subkind, pond.status, str(pond.area), pond.unit) == (
        "resource",
        "water",
        "idle",
        "12.00",
        "亩",
    )
    assert shop.area is None
    event = AuditEvent.objects.get(action="assets.asset.registered", object_id=str(pond.pk))
    assert event.after is not None
    assert event.after["code"] == pond.code and event.region_code == pw.village.code


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subkind": "castle"}, "细类应为：耕地、林地"),
        ({"subkind": "building"}, "细类应为：耕地、林地"),  # a building is not a resource
        ({"kind": "treasure"}, "类别应为资源性、经营性或非经营性资产"),
        ({"name": "  "}, "请填写名称"),
        ({"status": "leased"}, "出租、发包经处置程序产生"),
        ({"acquired_on": timezone.localdate() + DAY}, "取得日期不能晚于今天"),
        ({"area": "-3"}, "面积/数量应为正数"),
    ],
)
def test_register_refusals_write_nothing(pw: ProjectWorld, changes: dict[str, Any], message: str) -> None:
    refused(lambda: register(pw, **changes), message)
    assert not Asset.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="assets.").exists()


# ---------------------------------------------------------------------------------------------------------
# The decision


def test_a_lease_over_20_years_is_refused(pw: ProjectWorld) -> None:
    pond = register(pw)
    refused(lambda: decide(pw, pond, term=21), "出租期限不得超过 20 年", "民法典第七百零五条")
    assert not Disposal.objects.exists() and not Publication.objects.filter(kind="asset").exists()
    pond.refresh_from_db()
    assert pond.status == "idle"
    d = decide(pw, pond, term=20)
    assert (d.stage, d.term_years, d.code) == ("decided", 20, f"{pond.code}-D01")
    pond.refresh_from_db()
    assert pond.status == "in_disposal"


def test_contracting_farmland_to_outsiders_needed_two_thirds_before_the_collective_law(
    pw: ProjectWorld,
) -> None:
    field = register(pw, name="后山水田", subkind="farmland", unit="亩")
    # 19 of 30 passes the representatives' meeting (more than half present) but is short of 2/3 of all
    refused(
        lambda: decide(pw, field, mode="contracting", term=10, on=BEFORE_LAW, yes=19, to_outsider=True),
        "须经应到 30 人的三分之二以上同意",
        "农村土地承包法第五十二条",
        "赞成只有 19 人",
    )
    assert not Disposal.objects.exists()
    d = decide(pw, field, mode="contracting", term=10, on=BEFORE_LAW, yes=20, to_outsider=True)
    assert (d.stage, d.to_outsider) == ("decided", True)
    # to members of the collective, before 2025-05-01: the ordinary majority is enough
    other = register(pw, name="塘边旱地", subkind="farmland")
    assert decide(pw, other, mode="contracting", term=10, on=BEFORE_LAW, yes=19).stage == "decided"


def test_leasing_collective_commercial_construction_land_needs_two_thirds(pw: ProjectWorld) -> None:
    land = register(pw, name="老砖厂地块", kind="operating", subkind="construction_land")
    refused(lambda: decide(pw, land, term=10, on=BEFORE_LAW, yes=19), "土地管理法第六十三条")
    assert decide(pw, land, term=10, on=BEFORE_LAW, yes=20).stage == "decided"


def test_from_2025_05_01_every_disposal_needs_two_thirds_of_all(pw: ProjectWorld) -> None:
    shop = register(pw, name="村部门面", kind="operating", subkind="building")
    refused(lambda: decide(pw, shop, on=dt.date(2025, 5, 1), yes=19), "农村集体经济组织法")
    refused(lambda: decide(pw, shop, on=DECIDED, yes=19), "农村集体经济组织法")
    assert decide(pw, shop, on=dt.date(2025, 5, 1), yes=20).stage == "decided"
    # the day before, 19 of 30 was enough for a building
    other = register(pw, name="村部二楼", kind="operating", subkind="building")
    assert decide(pw, other, on=dt.date(2025, 4, 30), yes=19).stage == "decided"


def test_a_two_committees_meeting_cannot_decide_a_disposal(pw: ProjectWorld) -> None:
    pond = register(pw)
    refused(
        lambda: decide(pw, pond, kind="two_committees", expected=9),
        "须由村民会议、村民代表会议或成员（代表）大会决定",
    )
    assert not Disposal.objects.exists()
    assert decide(pw, pond, kind="member_representatives").stage == "decided"


def test_a_failed_meeting_cannot_decide_a_disposal(pw: ProjectWorld) -> None:
    pond = register(pw)
    refused(lambda: decide(pw, pond, yes=10), "所引用的会议决议未通过")
    assert not Disposal.objects.exists()


def test_the_meeting_must_be_this_villages_and_the_date_not_in_the_future(pw: ProjectWorld) -> None:
    pond = register(pw)
    theirs = record_meeting(
        pw.other_village,
        kind="representatives",
        subject="出租鱼塘",
        held_on=DECIDED - DAY,
        notice_on=None,
        expected=30,
        present=30,
        votes_for=30,
        votes_against=0,
        votes_abstain=0,
        actor=pw.other_cadre,
    )
    refused(
        lambda: services.do_start_disposal(
            pond,
            mode="lease",
            method="公开竞价",
            decision_meeting_id=theirs.pk,
            decided_on=DECIDED,
            term_years=5,
            actor=pw.cadre,
        ),
        "不属于本村",
    )
    refused(lambda: decide(pw, pond, on=timezone.localdate() + DAY), "决议日期不能晚于今天")
    refused(lambda: decide(pw, pond, mode="sale"), "处置方式应为")


def test_a_second_disposal_of_an_asset_in_disposal_is_refused(pw: ProjectWorld) -> None:
    pond = register(pw)
    decide(pw, pond)
    refused(lambda: decide(pw, pond), "资产当前状态为“处置中”，不能再次处置")
    assert Disposal.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------
# Reserve price, notice, bids and the result


def test_only_the_township_finance_reviews_the_reserve(pw: ProjectWorld) -> None:
    d = decide(pw, register(pw))
    with pytest.raises(PermissionDenied):
        services.do_review_reserve(
            d, reserve_fen=1_000_000, reviewer="村委会", reviewed_on=DECIDED, actor=pw.cadre
        )
    refused(
        lambda: services.do_publish_disposal_notice(d, notice_on=DECIDED, notice_days=10, actor=pw.cadre),
        "须先完成底价评审",
    )
    refused(
        lambda: services.do_review_reserve(
            d, reserve_fen=0, reviewer=" ", reviewed_on=DECIDED - DAY, actor=pw.finance
        ),
        "底价应为正数金额",
        "请填写评审机构",
        "评审日期早于决议",
    )
    assert price(pw, d).stage == "priced"
    refused(lambda: price(pw, d), "底价只能在公告之前评审")


def test_notice_period_below_7_days_is_refused(pw: ProjectWorld) -> None:
    d = price(pw, decide(pw, register(pw)))
    refused(lambda: notice(pw, d, days=6), "公告期不得少于 7 天")
    d.refresh_from_db()
    assert d.stage == "priced" and d.notice_on is None
    d = notice(pw, d, days=7)
    assert (d.stage, d.notice_days) == ("noticed", 7)


def test_a_county_may_ask_for_a_longer_notice(pw: ProjectWorld) -> None:
    do_set_setting(Region.objects.get(code="431382"), "assets", {"min_notice_days": 10}, actor=None)
    d = price(pw, decide(pw, register(pw)))
    refused(lambda: notice(pw, d, days=9), "公告期不得少于 10 天")
    assert notice(pw, d, days=10).stage == "noticed"


def test_a_bid_below_the_reserve_is_refused(pw: ProjectWorld) -> None:
    d = notice(pw, price(pw, decide(pw, register(pw)), reserve=1_000_000))
    refused(lambda: bid(pw, d, 999_999), "报价 9,999.99 元低于底价 10,000.00 元，不予登记")
    assert not DisposalBid.objects.exists()
    assert bid(pw, d, 1_000_000).amount_fen == 1_000_000  # at the reserve is allowed


def test_bids_only_within_the_notice_period(pw: ProjectWorld) -> None:
    d = notice(pw, price(pw, decide(pw, register(pw))))
    opened = d.notice_on
    assert opened is not None
    refused(lambda: bid(pw, d, 1_100_000, on=opened - DAY), "报价日期早于公告")
    # a bid after the period would make every award impossible (the OCDS tender period is over)
    refused(lambda: bid(pw, d, 1_100_000, on=end_of_notice(d) + DAY), "报价日期晚于公告期")
    bid(pw, d, 1_100_000, on=end_of_notice(d))
    assert award(pw, d, end_of_notice(d) + DAY).stage == "awarded"


def test_the_highest_bid_wins_and_the_earliest_of_equal_bids(pw: ProjectWorld) -> None:
    d = notice(pw, price(pw, decide(pw, register(pw))))
    assert d.notice_on is not None
    bid(pw, d, 1_100_000, "李四")
    first = bid(pw, d, 1_280_000, "", contractor_id=pw.contractors[3].pk)
    bid(pw, d, 1_280_000, "王五", on=d.notice_on + 3 * DAY)
    bid(pw, d, 1_200_000, "赵六")
    d = award(pw, d)
    assert (d.stage, d.award_fen, d.winner_name) == ("awarded", 1_280_000, pw.contractors[3].name)
    assert d.winner_contractor == pw.contractors[3] == first.contractor
    assert d.awarded_on == end_of_notice(d)
    refused(lambda: award(pw, d), "须在公告之后确定成交结果")


def test_no_award_before_the_notice_period_ends(pw: ProjectWorld) -> None:
    d = notice(pw, price(pw, decide(pw, register(pw))))
    bid(pw, d, 1_100_000)
    refused(lambda: award(pw, d, end_of_notice(d) - DAY), f"公告期到 {end_of_notice(d)} 才结束，不能提前成交")
    d.refresh_from_db()
    assert d.stage == "noticed" and d.award_fen is None
    assert award(pw, d).stage == "awarded"


def test_no_bids_is_a_failed_disposal_and_the_asset_is_free_again(pw: ProjectWorld) -> None:
    pond = register(pw)
    d = award(pw, notice(pw, price(pw, decide(pw, pond))))
    assert (d.stage, d.awarded_on, d.winner_name, d.award_fen) == ("failed", end_of_notice(d), "", None)
    pond.refresh_from_db()
    assert pond.status == "idle"
    assert releases_of(d)[-1]["tag"] == ["tender"]
    assert releases_of(d)[-1]["tender"]["status"] == "unsuccessful"  # OCDS tenderStatus for 流拍
    pub = Publication.objects.filter(kind="asset", subject_id=pond.code).latest("leaf_index")
    assert "无人竞买，流拍" in pub.title
    refused(lambda: sign(pw, d), "成交之后才能签订合同")
    again = decide(pw, pond, on=DECIDED + 20 * DAY)
    assert again.code == f"{pond.code}-D02"


def test_a_failed_re_tender_leaves_the_running_lease_in_force(pw: ProjectWorld) -> None:
    # leased for one year from 2025-07-01; the re-tender before it ends finds no bidder
    pond = register(pw)
    first = to_award(pw, pond, on=dt.date(2025, 6, 1), term=1)
    lease = sign(pw, first, start=dt.date(2025, 7, 1))
    assert lease.end_on == dt.date(2026, 6, 30)
    retender = award(pw, notice(pw, price(pw, decide(pw, pond, term=3))))
    assert retender.awarded_on is not None and lease.end_on is not None
    assert retender.stage == "failed" and retender.awarded_on < lease.end_on
    pond.refresh_from_db()
    assert pond.status == "leased"


# ---------------------------------------------------------------------------------------------------------
# Leases: schedule, receipts, flags; the asset's status


def test_a_lease_has_its_rent_schedule_receipts_and_flags(pw: ProjectWorld) -> None:
    pond = register(pw)
    d = to_award(pw, pond, (1_200_000, 1_280_000), on=dt.date(2025, 5, 21), term=2)
    lease = sign(pw, d, start=dt.date(2025, 7, 1))
    pond.refresh_from_db()
    assert pond.status == "leased"
    assert (lease.start_on, lease.end_on, lease.annual_rent_fen, lease.lessee_name) == (
        dt.date(2025, 7, 1),
        dt.date(2027, 6, 30),
        1_280_000,
        "竞买人2",
    )
    assert list(lease.dues.values_list("due_on", "amount_fen")) == [
        (dt.date(2025, 7, 1), 1_280_000),
        (dt.date(2026, 7, 1), 1_280_000),
    ]
    status = services.lease_status
    assert status(lease, dt.date(2025, 7, 30)).flags == ()  # within the 30 days' grace
    late = status(lease, dt.date(2025, 8, 15))
    assert (late.arrears_fen, late.flags) == (1_280_000, ("欠缴租金 12800.00 元",))

    refused(
        lambda: services.do_record_rent(
            lease, received_on=lease.signed_on - DAY, amount_fen=1, actor=pw.accountant
        ),
        "收款日期早于合同签订",
    )
    receipt = services.do_record_rent(
        lease,
        received_on=dt.date(2025, 8, 20),
        amount_fen=1_280_000,
        voucher_no="记-08-012",
        actor=pw.accountant,
    )
    assert receipt.voucher_no == "记-08-012"
    assert status(lease, dt.date(2025, 9, 1)).arrears_fen == 0
    assert status(lease, dt.date(2026, 8, 15)).arrears_fen == 1_280_000
    services.do_record_rent(lease, received_on=dt.date(2026, 7, 5), amount_fen=1_280_000, actor=pw.agency)
    # nothing more is due under the contract
    refused(
        lambda: services.do_record_rent(lease, received_on=TODAY, amount_fen=1, actor=pw.accountant),
        "累计收款将超过合同应收总额 25,600.00 元",
    )
    assert RentReceipt.objects.filter(lease=lease).count() == 2
    # 216 days before the end: past the default 180-day warning horizon, inside a county's 365
    assert status(lease, TODAY) == services.rules.LeaseStatus(2_560_000, 2_560_000, 0, 216, ())
    do_set_setting(Region.objects.get(code="431382"), "assets", {"expiry_warning_days": 365}, actor=None)
    assert status(lease, TODAY).flags == ("216 天后到期：应启动重新公开处置",)
    refused(lambda: sign(pw, d), "该处置已签订合同")


def test_contracting_and_transfer_set_the_assets_status(pw: ProjectWorld) -> None:
    field = register(pw, name="后山水田", subkind="farmland")
    d = to_award(pw, field, mode="contracting", term=30, to_outsider=True)
    lease = sign(pw, d)
    field.refresh_from_db()
    assert field.status == "contracted" and lease.dues.count() == 30

    land = register(pw, name="老砖厂地块", kind="operating", subkind="construction_land")
    d = to_award(pw, land, (50_000_000,), mode="transfer", term=None)
    assert d.term_years is None
    lease = sign(pw, d)
    land.refresh_from_db()
    assert land.status == "transferred"
    assert lease.end_on == lease.start_on
    assert list(lease.dues.values_list("due_on", "amount_fen")) == [(lease.start_on, 50_000_000)]
    refused(lambda: decide(pw, land), "资产当前状态为“已出让”，不能再次处置")
    services.do_record_rent(lease, received_on=lease.signed_on, amount_fen=50_000_000, actor=pw.accountant)

    square = register(pw, name="村文化广场", kind="public", subkind="facility")
    refused(lambda: decide(pw, square, mode="transfer", term=None), "非经营性公益设施不得出让")


# ---------------------------------------------------------------------------------------------------------
# OCDS releases and publications


def run_full_disposal(pw: ProjectWorld) -> tuple[Disposal, Lease]:
    pond = register(pw)
    d = notice(pw, price(pw, decide(pw, pond)))
    bid(pw, d, 1_100_000, "李四")
    bid(pw, d, 1_280_000, "", contractor_id=pw.contractors[3].pk)
    bid(pw, d, 1_200_000, "王五")
    d = award(pw, d)
    lease = sign(pw, d, start=dt.date(2026, 4, 1))
    services.do_record_rent(lease, received_on=dt.date(2026, 4, 1), amount_fen=1_280_000, actor=pw.accountant)
    return d, lease


def test_each_stage_publishes_ocds_releases_and_an_asset_publication(pw: ProjectWorld) -> None:
    d, _ = run_full_disposal(pw)
    rows = list(OcdsRelease.objects.filter(ocid__endswith=d.code).order_by("id"))
    assert [r.tag for r in rows] == [
        "planning",  # decided
        "planning",  # reserve reviewed
        "tender",  # notice
        "tender",  # award: the bids …
        "award",  # … and the result
        "contract",
        "implementation",  # rent received
    ]
    assert {r.region_id for r in rows} == {pw.village.code}
    assert [r.release_id.rsplit("-", 2)[-2] for r in rows] == [
        "001",
        "002",
        "003",
        "004",
        "005",
        "006",
        "007",
    ]
    pubs = Publication.objects.filter(subject_type="asset", subject_id=d.asset.code).order_by("leaf_index")
    assert pubs.count() == 6  # one per stage; bids are published with the result
    assert {p.kind for p in pubs} == {"asset"}
    for row in rows:  # every release is committed to by its publication, byte for byte
        assert row.publication.kind == "asset"
        body = json.loads(row.publication.content)
        digest = hashlib.sha256(row.content.encode()).hexdigest()
        assert {"id": row.release_id, "tag": row.tag, "sha256": digest} in body["ocds"]
        assert body["disposal"]["code"] == d.code
    last = pubs.last()
    assert last is not None
    assert json.loads(last.content)["event"] == "收取租金 12,800.00 元"
    actions = list(
        AuditEvent.objects.filter(action__startswith="assets.disposal.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "assets.disposal.started",
        "assets.disposal.reserve_reviewed",
        "assets.disposal.noticed",
        "assets.disposal.bid_recorded",
        "assets.disposal.bid_recorded",
        "assets.disposal.bid_recorded",
        "assets.disposal.awarded",
        "assets.disposal.contracted",
        "assets.disposal.rent_received",
    ]


def test_a_full_disposal_validates_with_libcoveocds(
    pw: ProjectWorld, cove: Callable[[dict[str, Any]], dict[str, Any]], disposal_ext_url: str
) -> None:
    d, lease = run_full_disposal(pw)
    releases = releases_of(d)
    winner = f"{ocds.USCI_SCHEME}-{pw.contractors[3].uscc}"
    tender = releases[3]["tender"]
    assert tender["disposal"] == {
        "type": "lease",
        "assetKind": "water",
        "assetDescription": "东头鱼塘，一组东头，12亩",
        "reservePrice": {"amount": 10000, "currency": "CNY"},
        "leaseTermYears": 5,
        "reservePriceReview": "镇农经站、财政所",
    }
    assert tender["procurementMethod"] == "open"
    assert tender["numberOfTenderers"] == 3
    (award_json,) = releases[4]["awards"]
    assert award_json["suppliers"][0]["id"] == winner
    assert award_json["value"] == {"amount": 12800 * 5, "currency": "CNY"}
    (contract,) = releases[5]["contracts"]
    assert contract["period"]["endDate"].startswith(lease.end_on.isoformat())
    (payment,) = releases[6]["contracts"][0]["implementation"]["transactions"]
    assert payment["payer"]["id"] == winner and payment["value"]["amount"] == 12800

    published = datetime(2026, 11, 1, 9, 0, tzinfo=ocds.CST)
    package = ocds.release_package(
        releases,
        "https://xiaowei.example/ocds/pond.json",
        published,
        "示范县小微平台",
        extensions=[disposal_ext_url],
    )
    result = cove(package)
    assert_clean(result)
    assert additional(result) <= {"/releases/bids"}  # the bids extension is not reachable offline
    # and the compiled release
    record = ocds.compile_record(releases[0]["ocid"], releases)
    compiled = ocds.release_package(
        [record["compiledRelease"]],
        "https://xiaowei.example/c.json",
        published,
        "平台",
        extensions=[disposal_ext_url],
    )
    assert_clean(cove(compiled))


def test_a_failed_disposal_validates_with_libcoveocds(
    pw: ProjectWorld, cove: Callable[[dict[str, Any]], dict[str, Any]], disposal_ext_url: str
) -> None:
    d = award(pw, notice(pw, price(pw, decide(pw, register(pw)))))
    releases = releases_of(d)
    assert [r["tag"] for r in releases] == [["planning"], ["planning"], ["tender"], ["tender"]]
    package = ocds.release_package(
        releases, "https://xiaowei.example/ocds/f.json", TODAY, "平台", extensions=[disposal_ext_url]
    )
    assert_clean(cove(package))


def test_a_bidder_who_raises_the_bid_wins_with_the_raised_bid(pw: ProjectWorld) -> None:
    d = notice(pw, price(pw, decide(pw, register(pw))))
    assert d.notice_on is not None
    opening = bid(pw, d, 1_100_000, "李四")
    bid(pw, d, 1_150_000, "王五")
    raised = bid(pw, d, 1_200_000, "李四", on=d.notice_on + 3 * DAY)
    d = award(pw, d)
    assert (d.winner_name, d.award_fen) == ("李四", 1_200_000)
    releases = releases_of(d)
    (award_json,) = releases[-1]["awards"]
    assert award_json["suppliers"][0]["id"] == f"bidder-{raised.pk}"
    roles = {p["id"]: p["roles"] for p in releases[-1]["parties"]}
    assert roles[f"bidder-{opening.pk}"] == ["tenderer"]
    assert set(roles[f"bidder-{raised.pk}"]) >= {"tenderer", "supplier", "payer"}


# ---------------------------------------------------------------------------------------------------------
# Region checks and configuration


def test_another_villages_cadre_gets_404(pw: ProjectWorld) -> None:
    with pytest.raises(Http404):
        register(pw, actor=pw.other_cadre)
    pond = register(pw)
    with pytest.raises(Http404):
        services.do_start_disposal(
            pond,
            mode="lease",
            method="公开竞价",
            decision_meeting_id=pw.meeting("representatives", DECIDED).pk,
            decided_on=DECIDED,
            term_years=5,
            actor=pw.other_cadre,
        )
    d = notice(pw, price(pw, decide(pw, pond)))
    assert d.notice_on is not None
    with pytest.raises(Http404):
        services.do_publish_disposal_notice(d, notice_on=DECIDED, notice_days=10, actor=pw.other_cadre)
    bid(pw, d, 1_100_000)  # the village's own cadre records the bid …
    with pytest.raises(Http404):  # … the other village's cannot
        services.do_record_disposal_bid(
            d, bidder_name="x", amount_fen=1_100_000, submitted_on=d.notice_on, actor=pw.other_cadre
        )
    with pytest.raises(Http404):
        services.do_award_disposal(d, awarded_on=end_of_notice(d), actor=pw.other_cadre)
    lease = sign(pw, award(pw, d))
    with pytest.raises(Http404):
        services.do_record_lease(d, contract_no="x", signed_on=TODAY, start_on=TODAY, actor=pw.other_cadre)
    with pytest.raises(Http404):
        services.do_record_rent(lease, received_on=TODAY, amount_fen=1, actor=pw.other_cadre)
    assert not RentReceipt.objects.exists()
    assert RentDue.objects.filter(lease=lease).count() == 5


def test_a_broken_stored_configuration_is_a_service_error(pw: ProjectWorld) -> None:
    pond = register(pw)
    # stored values are validated on write; this guards a hand edit of the table
    CatalogSetting.objects.create(region=Region.objects.get(code="431382"), key="assets", value={"x": 1})
    with pytest.raises(ServiceError) as e:
        decide(pw, pond)
    assert e.value.code == "bad_config"
