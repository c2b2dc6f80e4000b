"""County-scale demo assets: the 三资 register of the demo villages, with disposals in every stage,
leases with rent schedules, receipts, some arrears and some leases near their end. Deterministic; loaded
after the projects by demo.county (which owns the random generator and the batch of publications). The
history obeys assets.rules: decisions by the annual representatives' meeting with 2/3 of all, reserve
prices before notices, notice periods of at least the county minimum, no bid below the reserve, terms
within the caps."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import TYPE_CHECKING

from xiaowei.assets import rules
from xiaowei.assets.models import Asset, Disposal, DisposalBid, Lease, RentDue, RentReceipt
from xiaowei.assets.search_text import index_assets
from xiaowei.disclosure.models import Publication
from xiaowei.lib.money import yuan
from xiaowei.procurement import ocds, releases
from xiaowei.procurement.from_disposals import as_ocds

if TYPE_CHECKING:
    from xiaowei.accounts.models import User
    from xiaowei.demo.batch import Batch
    from xiaowei.matters.models import Meeting
    from xiaowei.regions.models import Region

TODAY = dt.date(2026, 11, 20)
ASSETS = 2948
_NAMES = {
    "farmland": ("耕地", "亩", (5, 120), 600),
    "forest": ("山林", "亩", (20, 800), 80),
    "water": ("山塘", "亩", (2, 30), 900),
    "wasteland": ("四荒地", "亩", (10, 200), 60),
    "building": ("集体房屋", "平方米", (80, 1200), 40),
    "equipment": ("农用机械", "台", (1, 4), 300_000),
    "construction_land": ("集体经营性建设用地", "平方米", (300, 5000), 30),
    "facility": ("村级服务中心", "平方米", (150, 800), 1500),
    "road": ("村组道路", "公里", (1, 12), 500_000),
    "water_works": ("灌溉渠道", "公里", (1, 6), 200_000),
}
_PLACES = ["东冲", "西湾", "老屋场", "大塘", "枫树坳", "石桥头", "新屋", "茶园坡", "河边", "后山"]
_GIVEN = ["建国", "志强", "伟明", "海军", "红霞", "秀英", "国华", "德胜", "春生", "桂兰", "满仓", "金山"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯曾彭邓"
_WHAT = {
    "planning": "处置决议及底价评审",
    "tender": "处置公告及竞价",
    "award": "成交结果",
    "contract": "签订合同",
    "implementation": "收取租金",
}


def load_assets(
    rng: random.Random,
    villages: list[Region],
    meetings: dict[tuple[str, int], Meeting],
    n: int,
    actor: User,
    batch: Batch,
    prefix: str,
) -> int:
    config = rules.Config()
    kinds = [
        ("resource", "farmland"),
        ("resource", "forest"),
        ("resource", "water"),
        ("resource", "wasteland"),
        ("operating", "building"),
        ("operating", "equipment"),
        ("operating", "construction_land"),
        ("public", "facility"),
        ("public", "road"),
        ("public", "water_works"),
    ]
    weights = [18, 12, 10, 5, 14, 5, 6, 12, 10, 8]
    seq: dict[str, int] = {}
    assets = []
    for _ in range(n):
        village = rng.choice(villages)
        kind, sub = rng.choices(kinds, weights)[0]
        label, unit, (lo, hi), per_unit = _NAMES[sub]
        seq[village.code] = seq.get(village.code, 0) + 1
        area = Decimal(rng.randint(lo * 10, hi * 10)) / 10
        assets.append(
            Asset(
                code=f"{village.code}-A{seq[village.code]:04d}",
                region=village,
                name=f"{rng.choice(_PLACES)}{label}",
                kind=kind,
                subkind=sub,
                location=f"{village.name}{rng.randint(1, 12)}组{rng.choice(_PLACES)}",
                area=area,
                unit=unit,
                value_fen=int(area * per_unit * 100),
                acquired_on=dt.date(rng.randint(1985, 2022), rng.randint(1, 12), rng.randint(1, 28)),
                status=Asset.Status.IN_USE if kind == "public" else Asset.Status.IDLE,
                registered_by=actor,
            )
        )
    Asset.objects.bulk_create(assets, batch_size=2000)
    index_assets([a.pk for a in assets])  # 5,000 rows a statement (search.index)
    plans = []
    for a in assets:
        if a.kind == "public" or rng.random() < 0.4:
            continue
        plans.append(_plan(rng, a, meetings, config, actor))
    Disposal.objects.bulk_create([p[0] for p in plans], batch_size=2000)
    for d, bids, lease, _dues, _receipts in plans:
        for b in bids:
            b.disposal = d
        if lease is not None:
            lease.disposal = d
    DisposalBid.objects.bulk_create([b for p in plans for b in p[1]], batch_size=2000)
    Lease.objects.bulk_create([p[2] for p in plans if p[2] is not None], batch_size=2000)
    for _d, _bids, lease, dues, receipts in plans:
        if lease is not None:  # only a lease has rent due and received
            for rent in dues + receipts:
                rent.lease = lease
    RentDue.objects.bulk_create([r for p in plans for r in p[3]], batch_size=5000)
    RentReceipt.objects.bulk_create([r for p in plans for r in p[4]], batch_size=5000)
    Asset.objects.bulk_update([p[0].asset for p in plans], ["status"], batch_size=2000)
    for d, bids, lease, _dues, receipts in plans:
        dates = {
            "planning": d.reserve_reviewed_on or d.decided_on,
            "tender": d.awarded_on if bids and d.awarded_on else d.notice_on,
            "award": d.awarded_on,
            "contract": lease.signed_on if lease else None,
            "implementation": max((r.received_on for r in receipts), default=None),
        }
        for number, r in enumerate(ocds.project_releases(as_ocds(d, prefix)), 1):
            tag = r["tag"][0]
            when = dates.get(tag) or d.decided_on
            r["id"] = f"{r['ocid']}-{number:03d}-{tag}"
            r["date"] = ocds.iso(when)
            mode = rules.MODES[d.mode]
            what = "无人竞买，流拍" if d.stage == Disposal.Stage.FAILED and tag == "tender" else _WHAT[tag]
            batch.publications.append(
                {
                    "region": d.region,
                    "kind": Publication.Kind.ASSET,
                    "title": f"{d.asset.name}{mode}：{what}",
                    "body": {
                        "type": "asset_disposal",
                        "region": {"code": d.region_id, "name": d.region.name},
                        "asset": {"code": d.asset.code, "name": d.asset.name, "kind": d.asset.kind},
                        "disposal": {"code": d.code, "mode": d.mode, "stage": d.stage},
                        "event": what,
                        "occurred_on": when,
                        "ocds": [releases.release_digest(r["id"], tag, releases.release_text(r))],
                        "lines": [{"text": f"{d.asset.name}{mode}：{what}", "note": "", "amount": None}],
                    },
                    "subject": ("asset", d.asset.code),
                }
            )
            batch.releases.append((len(batch.publications) - 1, d.region_id, r, when, tag))
    return len(assets)


def _plan(
    rng: random.Random, a: Asset, meetings: dict[tuple[str, int], Meeting], config: rules.Config, actor: User
) -> tuple[Disposal, list[DisposalBid], Lease | None, list[RentDue], list[RentReceipt]]:
    if a.subkind == "construction_land":
        mode = rng.choice(["lease", "lease", "transfer"])
    elif a.kind == "resource":
        mode = rng.choice(["contracting", "contracting", "lease"])
    else:
        mode = "lease"
    year = min(TODAY.year, 2015 + int(rng.random() ** 0.6 * 12))
    meeting = meetings[(a.region_id, year)]
    term = None if mode == "transfer" else rng.randint(3, 20 if mode == "lease" else 30)
    decided = meeting.held_on + dt.timedelta(days=rng.randint(3, 60))
    d = Disposal(
        code=f"{a.code}-D01",
        asset=a,
        region=a.region,
        mode=mode,
        method=rng.choice(["公开竞价", "公开竞价", "拍卖"]),
        to_outsider=rng.random() < 0.3,
        term_years=term,
        decision_meeting=meeting,
        decided_on=min(decided, TODAY - dt.timedelta(days=1)),
        stage=Disposal.Stage.DECIDED,
        created_by=actor,
    )
    a.status = Asset.Status.IN_DISPOSAL
    bids: list[DisposalBid] = []
    day = d.decided_on
    yearly = max(50_000, a.value_fen // (30 if mode != "transfer" else 1) // 100 * 100)

    def later(lo: int, hi: int) -> dt.date | None:
        nonlocal day
        nxt = day + dt.timedelta(days=rng.randint(lo, hi))
        if nxt >= TODAY:
            return None
        day = nxt
        return day

    if later(5, 15) is None:
        return d, bids, None, [], []
    d.reserve_fen, d.reserve_reviewer, d.reserve_reviewed_on = (
        yearly,
        rng.choice(["镇农经站", "镇三资交易中心（农经、财政联合评审）"]),
        day,
    )
    d.stage = Disposal.Stage.PRICED
    if later(2, 10) is None:
        return d, bids, None, [], []
    d.notice_on, d.notice_days = day, rng.choice([config.min_notice_days, 10, 15])
    d.stage = Disposal.Stage.NOTICED
    close = d.notice_on + dt.timedelta(days=d.notice_days)
    for _ in range(rng.choices([0, 1, 2, 3, 4], [5, 20, 35, 25, 15])[0]):
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN)
        if rng.random() < 0.25:
            name = f"涟源市{rng.choice(_PLACES)}{rng.choice(['种养', '生态农业', '水产养殖'])}专业合作社"
        when = d.notice_on + dt.timedelta(days=rng.randint(1, d.notice_days))
        if when >= TODAY:
            continue
        bids.append(
            DisposalBid(
                bidder_name=name,
                amount_fen=yearly * rng.randint(100, 140) // 100,
                submitted_on=when,
                recorded_by=actor,
            )
        )
    day = close
    if later(1, 3) is None:
        return d, bids, None, [], []
    d.awarded_on = day
    if not bids:
        d.stage = Disposal.Stage.FAILED
        a.status = Asset.Status.IDLE
        return d, bids, None, [], []
    best = max(bids, key=lambda b: b.amount_fen)
    d.winner_name, d.award_fen, d.stage = best.bidder_name, best.amount_fen, Disposal.Stage.AWARDED
    if later(1, 7) is None:
        return d, bids, None, [], []
    start = day + dt.timedelta(days=rng.randint(0, 15))
    end = rules.add_years(start, term) - dt.timedelta(days=1) if term else start
    lease = Lease(
        asset=a,
        region=a.region,
        lessee_name=best.bidder_name,
        contract_no=f"ZL{day.year}-{a.code[-5:]}",
        signed_on=day,
        start_on=start,
        end_on=end,
        annual_rent_fen=best.amount_fen,
        created_by=actor,
    )
    a.status = {
        "lease": Asset.Status.LEASED,
        "contracting": Asset.Status.CONTRACTED,
        "transfer": Asset.Status.TRANSFERRED,
    }[mode]
    schedule = (
        [(start, best.amount_fen)]
        if mode == "transfer"
        else rules.rent_schedule(start, end + dt.timedelta(days=1), best.amount_fen)
    )
    dues = [RentDue(due_on=when, amount_fen=amount) for when, amount in schedule]
    receipts = []
    late = rng.random() < 0.08  # a lessee who stopped paying
    past = [(when, amount) for when, amount in schedule if when <= TODAY - dt.timedelta(days=20)]
    for i, (when, amount) in enumerate(past):
        if late and i >= len(past) - rng.randint(1, 2):
            break
        received = when + dt.timedelta(days=rng.randint(0, 20))
        if received < TODAY and received >= day:
            receipts.append(
                RentReceipt(
                    received_on=received,
                    amount_fen=amount,
                    voucher_no=f"收-{received:%Y%m}",
                    recorded_by=actor,
                )
            )
    return d, bids, lease, dues, receipts


__all__ = ["load_assets", "yuan"]
