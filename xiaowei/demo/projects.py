"""County-scale demo 工程项目: projects across the 504 demo villages, in every stage, with their bids,
4+X sign-offs, events, payments and one publication per OCDS release (loaded with the assets by
demo.county, which shares the random generator, the annual meetings and the batch of publications).

Written in bulk, as history (see demo.county). The history is built to pass the same gates the services
enforce (rules.py: order of stages, data of each stage, the 4+X sign-offs, the band's route and minimum
bids), and a test checks every generated project against them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from xiaowei.accounts.models import User
from xiaowei.catalog import selectors as catalog_selectors
from xiaowei.catalog.quorum import Vote, evaluate
from xiaowei.demo.batch import Batch
from xiaowei.disclosure.models import Publication
from xiaowei.lib.money import yuan
from xiaowei.lib.uscc import org_code_check_char, uscc_check_char
from xiaowei.matters.models import Meeting
from xiaowei.procurement import from_projects, ocds, releases
from xiaowei.procurement.categories import Category
from xiaowei.procurement.models import Contractor
from xiaowei.projects import rules
from xiaowei.projects.models import (
    Project,
    ProjectBid,
    ProjectEvent,
    ProjectPayment,
    ProjectSignoff,
)
from xiaowei.projects.rules import Stage
from xiaowei.projects.search_text import index_projects
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Body

TODAY = dt.date(2026, 11, 20)  # the demo's "now": fixed, so the data do not depend on the day it is built
PROJECTS, CONTRACTORS = 4520, 160
_TITLES = {
    "road": ["组级道路硬化", "通组公路拓宽", "机耕道修建", "村道安全防护栏", "便民桥修建"],
    "water": ["山塘清淤扩容", "灌溉渠道硬化", "河堤加固", "小型泵站维修"],
    "drinking_water": ["安全饮水管网延伸", "集中供水池修建"],
    "farmland": ["高标准农田建设", "土地整理", "田间排灌沟渠"],
    "building": ["村级服务中心维修", "老年活动中心修建", "村卫生室改造"],
    "environment": ["公共厕所改造", "垃圾收集点建设", "污水处理设施", "村庄绿化"],
    "lighting": ["太阳能路灯安装", "村部亮化"],
    "culture": ["文化广场建设", "农家书屋修缮", "篮球场修建"],
}
_GOODS = ["办公设备采购", "垃圾桶采购", "消防器材采购", "防汛物资采购", "农机具采购"]
_SERVICES = ["村庄规划编制", "保洁服务外包", "工程监理服务", "造价咨询服务"]
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
)


def _uscc(n: int, kind: str) -> str:
    org = f"MA4L{n:04X}"
    prefixes: dict[str, str] = {Category.WORKS: "91", Category.GOODS: "91", Category.SERVICES: "91"}
    prefix = prefixes[kind]
    body = prefix + "431382" + org + org_code_check_char(org)
    return body + uscc_check_char(body)


def _contractors(rng: random.Random, actor: User) -> dict[str, list[Contractor]]:
    kinds = [Category.WORKS] * 90 + [Category.GOODS] * 40 + [Category.SERVICES] * 30
    words = {
        Category.WORKS: ["建筑工程", "路桥建设", "水利水电工程", "市政工程"],
        Category.GOODS: ["商贸", "农资", "设备"],
        Category.SERVICES: ["咨询", "物业服务", "规划设计"],
    }
    places = ["涟源市", "娄底市", "湖南", "涟源市桥头河", "涟源市六亩塘", "涟源市石马山"]
    rows: list[Contractor] = []
    for n, kind in enumerate(kinds[:CONTRACTORS], 1):
        code = _uscc(n, kind)
        brand = rng.choice("鑫恒盛达兴隆宏远华安顺") + rng.choice("源泰发丰和通利")
        name = f"{rng.choice(places)}{brand}{rng.choice(words[kind])}有限公司"
        rows.append(
            Contractor(
                uscc=code,
                name=f"{name[:-4]}{n:03d}有限公司" if any(r.name == name for r in rows) else name,
                kind=kind,
                legal_person=rng.choice(_SURNAMES) + rng.choice("建国志强伟明海军红霞秀英"),
                address=rng.choice(places),
                registered_by=actor,
            )
        )
    existing = set(Contractor.objects.values_list("uscc", flat=True))
    Contractor.objects.bulk_create([r for r in rows if r.uscc not in existing])
    out: dict[str, list[Contractor]] = defaultdict(list)
    for c in Contractor.objects.filter(active=True).order_by("uscc"):
        out[c.kind].append(c)
    return out


def annual_meetings(villages: list[Region], actor: User) -> dict[tuple[str, int], Meeting]:
    """One 村民代表会议 per village and year (the annual decision of 涟源's 年度决策 system), with a 2/3
    majority of all representatives (so it also covers asset disposals after 2025-05-01)."""
    rng = random.Random(2017)  # noqa: S311 - demo data, not secrets
    rows = []
    meeting_rules = catalog_selectors.meeting_rules(villages[0].code)  # county-wide rules in the demo
    for v in villages:
        for year in range(2015, TODAY.year + 1):
            expected = rng.randint(28, 45)
            present = rng.randint(expected * 4 // 5, expected)
            votes_for = rng.randint(-(-expected * 2 // 3), present)
            held = dt.date(year, 1, rng.randint(8, 28))
            notice = held - dt.timedelta(days=rng.randint(7, 15))
            vote = Vote("representatives", held, notice, expected, present, votes_for, present - votes_for, 0)
            result = evaluate(vote, meeting_rules)
            rule = result.rule
            rows.append(
                Meeting(
                    region=v,
                    kind="representatives",
                    subject=f"{year}年度村级重大事项及资产资源处置决议",
                    held_on=held,
                    notice_on=notice,
                    expected=expected,
                    present=present,
                    votes_for=votes_for,
                    votes_against=present - votes_for,
                    votes_abstain=0,
                    passed=result.passed,
                    reasons=list(result.reasons),
                    rule={
                        "quorum": rule.quorum.describe(),
                        "passing": rule.passing.describe(),
                        "base": rule.base,
                        "notice_days": rule.notice_days,
                    },
                    recorded_by=actor,
                )
            )
    Meeting.objects.bulk_create(rows, batch_size=2000)
    return {
        (m.region_id, m.held_on.year): m
        for m in Meeting.objects.filter(subject__endswith="年度村级重大事项及资产资源处置决议")
    }


def _budget(rng: random.Random, category: str) -> int:
    ranges: dict[str, tuple[int, int, int]] = {
        Category.WORKS: (3_000, 120_000, 6_000_000),
        Category.GOODS: (2_000, 30_000, 2_500_000),
        Category.SERVICES: (5_000, 40_000, 1_200_000),
    }
    low, mid, high = ranges[category]
    value = int(rng.lognormvariate(0, 1.0) * mid)
    return max(low, min(high, value)) // 100 * 100 * 100  # whole hundreds of yuan, in fen


@dataclass
class _Plan:
    """One generated project: the row and its children, before the bulk writes."""

    project: Project
    bids: list[ProjectBid] = field(default_factory=list)
    signoffs: list[ProjectSignoff] = field(default_factory=list)
    events: list[ProjectEvent] = field(default_factory=list)
    payments: list[ProjectPayment] = field(default_factory=list)
    dates: dict[str, dt.date] = field(default_factory=dict)  # OCDS tag → date of its release


def _plan_project(
    rng: random.Random,
    n: int,
    village: Region,
    meetings: dict[tuple[str, int], Meeting],
    contractors: dict[str, list[Contractor]],
    config: rules.Config,
    signers: dict[str, User],
    actor: User,
) -> _Plan:
    year = min(TODAY.year, 2018 + int(rng.random() ** 0.7 * 9))
    category = rng.choices(list(Category), [80, 12, 8])[0]
    ptype = rng.choice(list(_TITLES)) if category == Category.WORKS else "other"
    titles = {Category.WORKS: _TITLES.get(ptype, []), Category.GOODS: _GOODS, Category.SERVICES: _SERVICES}
    title = rng.choice(titles[category])
    budget = _budget(rng, category)
    meeting = meetings[(village.code, year)]
    day = max(meeting.held_on + dt.timedelta(days=rng.randint(5, 40)), dt.date(year, 2, 1))
    if day >= TODAY:
        day = meeting.held_on + dt.timedelta(days=3)
    p = Project(
        code=f"{village.code}-{year}-{n:03d}",
        region=village,
        title=title,
        description=f"{village.name}{title}，预算 {yuan(budget)} 元，"
        + ("经村民代表会议年度决议立项。" if budget >= 5_000_000 else "经村“两委”会议决定立项。"),
        category=category,
        project_type=ptype,
        location=f"{village.name}{rng.randint(1, 12)}组" if category == Category.WORKS else "",
        year=year,
        budget_fen=budget,
        funding_source=rng.choice(
            [
                "村集体经济收入",
                "上级奖补资金",
                "一事一议财政奖补",
                "村集体经济收入及上级奖补",
                "乡村振兴衔接资金",
            ]
        ),
        decision_meeting=meeting,
        approved_on=day,
        stage=Stage.APPROVAL,
        stage_on=day,
        created_by=actor,
    )
    plan = _Plan(p, dates={"planning": day})
    order = rules.stages_for(category)
    stall = rng.random() < (0.03 if year < TODAY.year - 1 else 0.35)  # a project that stops somewhere
    stop_at = rng.choice(order[:-1]) if stall else Stage.CLOSED

    def sign(stage: str, on: dt.date) -> dt.date:
        last = on
        for body in config.signoffs[category].get(stage, []):
            when = on + dt.timedelta(days=rng.randint(0, 4))
            last = max(last, when)
            dept = config.sector.get(ptype, Body.SECTOR.label) if body == Body.SECTOR else Body(body).label
            plan.signoffs.append(
                ProjectSignoff(
                    stage=stage,
                    body=body,
                    department=dept,
                    agreed=True,
                    opinion="同意",
                    signed_on=when,
                    signer=signers[body],
                )
            )
        return last

    def step(days: tuple[int, int]) -> dt.date | None:
        nonlocal day
        nxt = day + dt.timedelta(days=rng.randint(*days))
        if nxt >= TODAY:
            return None
        day = nxt
        return day

    for stage in order[1:]:
        if p.stage == stop_at:
            break
        signed = sign(p.stage, day)
        if signed >= TODAY:
            plan.signoffs = [s for s in plan.signoffs if s.signed_on < TODAY]
            break
        day = signed
        if stage == Stage.COST_REVIEW:
            if step((3, 20)) is None:
                break
            p.reviewed_cost_fen = p.budget_fen * rng.randint(85, 100) // 100
            p.cost_reviewer = rng.choice(["镇财政所", "湖南某工程造价咨询有限公司（受镇财政所委托）"])
            p.cost_reviewed_on = day
            plan.dates["planning"] = day
        elif stage == Stage.TENDER:
            if step((2, 15)) is None:
                break
            band = rules.band_for(config, category, p.amount_fen)
            p.route = (
                band.route
                if rng.random() < 0.9
                else rules.ROUTE_ORDER[min(3, rules.ROUTE_ORDER.index(band.route) + 1)]
            )
            p.platform = band.platform
            p.tender_on = day
            p.bid_deadline = day + dt.timedelta(days=rng.randint(5, 20))
            need = 1 if p.route == "直接发包" else max(3, band.min_bids)
            pool = contractors[category]
            for c in rng.sample(pool, min(len(pool), need + rng.randint(0, 2) if need > 1 else 1)):
                plan.bids.append(
                    ProjectBid(
                        contractor=c,
                        amount_fen=p.amount_fen * rng.randint(880, 995) // 1000,
                        submitted_on=p.bid_deadline - dt.timedelta(days=rng.randint(0, 3)),
                        recorded_by=actor,
                    )
                )
            if p.bid_deadline >= TODAY:
                plan.bids = []
            p.stage, p.stage_on = Stage.TENDER, day
            plan.dates["tender"] = day
            if not plan.bids:
                break
            continue
        elif stage == Stage.AWARD:
            day = max(day, p.bid_deadline or day)
            if step((1, 7)) is None:
                break
            best = min(plan.bids, key=lambda b: b.amount_fen)
            p.award_contractor, p.award_fen, p.awarded_on = best.contractor, best.amount_fen, day
            plan.dates["tender"] = day
            plan.dates["award"] = day
        elif stage == Stage.CONTRACT:
            if step((2, 10)) is None:
                break
            p.contract_no = f"HT{p.year}-{n:03d}"
            p.contract_fen = p.award_fen
            p.contract_signed_on = p.contract_start = day
            p.contract_end = day + dt.timedelta(days=rng.randint(30, 180))
            plan.dates["contract"] = day
        elif stage == Stage.CONSTRUCTION:
            pct = 0
            while pct < 100:
                if step((10, 45)) is None:
                    break
                pct = min(100, pct + rng.randint(25, 70))
                plan.events.append(
                    ProjectEvent(
                        kind=ProjectEvent.Kind.PROGRESS,
                        occurred_on=day,
                        percent=pct,
                        note="按计划施工" if pct < 100 else "完工",
                        recorded_by=actor,
                    )
                )
                if pct < 100 and rng.random() < 0.1:
                    delta = (p.contract_fen or 0) * rng.choice([-3, 2, 4, 5]) // 100
                    plan.events.append(
                        ProjectEvent(
                            kind=ProjectEvent.Kind.VARIATION,
                            occurred_on=day,
                            amount_fen=delta,
                            note="经村民代表会议同意的设计变更",
                            recorded_by=actor,
                        )
                    )
                    p.variations_fen += delta
                if pct >= 50 and not plan.payments and rng.random() < 0.7:
                    amount = ((p.contract_fen or 0) + p.variations_fen) * rng.choice([30, 40, 50]) // 100
                    plan.payments.append(
                        ProjectPayment(
                            paid_on=day,
                            amount_fen=amount,
                            voucher_no=f"记-{day:%m}-{n:03d}",
                            note="进度款",
                            recorded_by=actor,
                        )
                    )
                    p.paid_fen += amount
            p.progress_percent = pct
            if pct < 100:
                break
            plan.dates["implementation"] = day
        elif stage == Stage.ACCEPTANCE:
            if step((5, 30)) is None:
                break
            p.accepted_on, p.acceptance_passed = day, True
            p.acceptance_note = "镇村两级、行业主管部门和村民代表联合验收，合格"
            plan.dates["implementation"] = day
        elif stage == Stage.SETTLEMENT:
            if step((15, 90)) is None:
                break
            cap = (p.contract_fen or 0) + p.variations_fen
            p.settled_fen = max(p.paid_fen, cap * rng.randint(950, 1000) // 1000)
            p.settled_on, p.auditor = day, rng.choice(["镇财政所", "涟源市某会计师事务所（受托审计）"])
            plan.dates["implementation"] = day
        elif stage == Stage.CLOSED:
            if step((5, 40)) is None:
                break
            rest = (p.settled_fen or 0) - p.paid_fen
            if rest > 0:
                plan.payments.append(
                    ProjectPayment(
                        paid_on=day,
                        amount_fen=rest,
                        voucher_no=f"记-{day:%m}-{n:03d}",
                        note="结算尾款",
                        recorded_by=actor,
                    )
                )
                p.paid_fen += rest
            plan.dates["implementation"] = day
            plan.dates["contractTermination"] = day
        p.stage, p.stage_on = stage, day
    return plan


def load_projects(
    rng: random.Random,
    villages: list[Region],
    meetings: dict[tuple[str, int], Meeting],
    n_projects: int,
    actor: User,
    batch: Batch,
    config: rules.Config,
) -> int:
    """Write ``n_projects`` projects and their children; add their publications and releases to ``batch``.
    Returns the number of projects."""
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["zhen_jiwei", "zhen_nongjing", "zhen_caizheng", "zhen_guihua", "zhujian"]
        )
    }
    signers: dict[str, User] = {
        Body.JIWEI: users["zhen_jiwei"],
        Body.NONGJING: users["zhen_nongjing"],
        Body.CAIZHENG: users["zhen_caizheng"],
        Body.GUIHUA: users["zhen_guihua"],
        Body.SECTOR: users["zhujian"],
    }
    contractors = _contractors(rng, actor)
    per_village_year: dict[tuple[str, int], int] = defaultdict(int)
    plans = []
    for _ in range(n_projects):
        village = rng.choice(villages)
        plan = _plan_project(rng, 0, village, meetings, contractors, config, signers, actor)
        key = (village.code, plan.project.year)
        per_village_year[key] += 1
        seq = per_village_year[key]
        plan.project.code = f"{village.code}-{plan.project.year}-{seq:03d}"
        plan.project.contract_no = plan.project.contract_no and f"HT{plan.project.year}-{seq:03d}"
        for payment in plan.payments:
            payment.voucher_no = f"记-{payment.paid_on:%m}-{seq:03d}"
        plans.append(plan)
    Project.objects.bulk_create([pl.project for pl in plans], batch_size=1000)
    index_projects([pl.project.pk for pl in plans])  # 5,000 rows a statement (search.index)
    for pl in plans:
        for rows in (pl.bids, pl.signoffs, pl.events, pl.payments):
            for row in rows:
                row.project = pl.project
    ProjectBid.objects.bulk_create([b for pl in plans for b in pl.bids], batch_size=2000)
    ProjectSignoff.objects.bulk_create([s for pl in plans for s in pl.signoffs], batch_size=2000)
    ProjectEvent.objects.bulk_create([e for pl in plans for e in pl.events], batch_size=2000)
    ProjectPayment.objects.bulk_create([p for pl in plans for p in pl.payments], batch_size=2000)
    for pl in plans:
        p = pl.project
        related = from_projects.Related(pl.bids, pl.signoffs, pl.events, pl.payments)
        built = ocds.project_releases(from_projects.as_ocds(p, config.ocid_prefix, related=related))
        for seq, r in enumerate(built, 1):
            tag = r["tag"][0]
            when = pl.dates.get(tag, p.stage_on)
            r["id"] = f"{r['ocid']}-{seq:03d}-{tag}"
            r["date"] = ocds.iso(when)
            what = _WHAT[tag]
            batch.publications.append(
                {
                    "region": p.region,
                    "kind": Publication.Kind.PROJECT,
                    "title": f"{p.title}：{what}",
                    "body": {
                        "type": "project",
                        "region": {"code": p.region_id, "name": p.region.name},
                        "project": {
                            "code": p.code,
                            "title": p.title,
                            "stage": p.stage,
                            "stage_name": rules.STAGES[p.stage],
                        },
                        "event": what,
                        "occurred_on": when,
                        "ocds": [releases.release_digest(r["id"], tag, releases.release_text(r))],
                        "lines": [{"text": f"{p.title}：{what}", "note": "", "amount": yuan(p.amount_fen)}],
                    },
                    "subject": ("project", p.code),
                }
            )
            batch.releases.append((len(batch.publications) - 1, p.region_id, r, when, tag))
    return len(plans)


_WHAT = {
    "planning": "立项及造价评审",
    "tender": "采购公告及报价",
    "award": "定标",
    "contract": "签订合同",
    "implementation": "实施、验收与付款",
    "contractTermination": "付清结项",
}
