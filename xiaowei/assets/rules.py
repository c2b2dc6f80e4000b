"""Rules for collective assets and their disposal, as pure functions (no ORM).

Sources (domain.md §2.3, §6.3): 民法典 Art. 705 (a lease over 20 years is void beyond 20), 农村土地承包法
Art. 52 and 土地管理法 Art. 63 (2/3 of the 村民会议 or of the representatives for contracting land to
outsiders and for collective commercial construction land), 农村集体经济组织法 Art. 27–28 and 64 (from
2025-05-01, 2/3 of ALL members or representatives for property decisions, [INF] applied to every
disposal), 集体经济组织法 Art. 35(6) (no under-pricing: no deal below the reviewed reserve price).
The notice period, the flag horizons and the contracting term cap are [INF] defaults a county configures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

#: Sub-kinds by kind: 资源性 (land, forest, water, 四荒), 经营性 (buildings, equipment, collective
#: commercial construction land), 非经营性 (public facilities).
SUBKINDS: dict[str, dict[str, str]] = {
    "resource": {
        "farmland": "耕地",
        "forest": "林地",
        "water": "水面（山塘、水库）",
        "wasteland": "四荒地",
    },
    "operating": {
        "building": "房屋（厂房、门面）",
        "equipment": "机械设备",
        "construction_land": "集体经营性建设用地",
    },
    "public": {
        "facility": "公益设施（村部、广场、文化室）",
        "road": "道路桥梁",
        "water_works": "水利设施",
    },
}

MODES = {"lease": "出租", "contracting": "发包", "transfer": "出让/转让"}
METHODS = ("公开竞价", "拍卖", "公开招标")
#: Meetings whose decision counts for property matters (村民会议/代表会议, 成员大会/成员代表大会).
PROPERTY_MEETINGS = ("villagers", "representatives", "members", "member_representatives")
COLLECTIVE_LAW_FROM = date(2025, 5, 1)  # 农村集体经济组织法 in force


@dataclass(frozen=True)
class Config:
    max_lease_years: int = 20  # 民法典 Art. 705; not configurable upwards
    max_contracting_years: int = 30  # [INF]
    min_notice_days: int = 7  # [INF] "many local rules use ≥ 7 days"
    expiry_warning_days: int = 180  # [INF] start the re-tender this long before a lease ends
    arrears_grace_days: int = 30  # [INF] rent is in arrears this long after its due date


def parse_config(value: Mapping[str, Any] | None) -> Config:
    value = dict(value or {})
    allowed = set(Config.__dataclass_fields__)
    unknown = set(value) - allowed
    if unknown:
        raise ValueError(
            f"资产配置中有未知项：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(allowed))}）"
        )
    for name, v in value.items():
        if not isinstance(v, int) or v < 0:
            raise ValueError(f"{name} 应为非负整数")
    if value.get("max_lease_years", 20) > 20:
        raise ValueError("租赁期限上限不能超过 20 年（民法典第七百零五条）")
    return Config(**value)


@dataclass(frozen=True)
class Vote:
    kind: str
    held_on: date
    passed: bool
    expected: int
    votes_for: int


def two_thirds_required(mode: str, subkind: str, to_outsider: bool, decided_on: date) -> str | None:
    """Why this disposal needs 2/3 of all members or representatives (None: the ordinary rules)."""
    if decided_on >= COLLECTIVE_LAW_FROM:
        return "农村集体经济组织法第二十七、二十八条（2025年5月1日起）"
    if mode == "contracting" and to_outsider and subkind in ("farmland", "forest", "water", "wasteland"):
        return "农村土地承包法第五十二条（发包给本集体以外）"
    if subkind == "construction_land" and mode in ("lease", "transfer"):
        return "土地管理法第六十三条（集体经营性建设用地出让、出租）"
    return None


def decision_problems(
    vote: Vote, *, mode: str, subkind: str, to_outsider: bool, decided_on: date
) -> list[str]:
    out = []
    if vote.kind not in PROPERTY_MEETINGS:
        out.append("资产处置须由村民会议、村民代表会议或成员（代表）大会决定")
    if not vote.passed:
        out.append("所引用的会议决议未通过")
    if vote.held_on > decided_on:
        out.append("决议日期晚于处置登记日期")
    why = two_thirds_required(mode, subkind, to_outsider, decided_on)
    if why and vote.votes_for * 3 < vote.expected * 2:
        out.append(f"须经应到 {vote.expected} 人的三分之二以上同意（{why}），赞成只有 {vote.votes_for} 人")
    return out


def term_problems(config: Config, mode: str, term_years: int | None) -> list[str]:
    if mode == "transfer":
        return []
    if term_years is None or term_years < 1:
        return [f"{MODES[mode]}须写明期限（年）"]
    cap = config.max_lease_years if mode == "lease" else config.max_contracting_years
    if term_years > cap:
        law = "（民法典第七百零五条，超过部分无效）" if mode == "lease" else "（县级配置）"
        return [f"{MODES[mode]}期限不得超过 {cap} 年{law}，填写的是 {term_years} 年"]
    return []


def award_problems(reserve_fen: int, bids: Sequence[int], award_fen: int) -> list[str]:
    """No deal below the reserve; the winner is the best bid at or above it."""
    out = []
    if award_fen < reserve_fen:
        out.append(f"成交价 {award_fen / 100:.2f} 元低于底价 {reserve_fen / 100:.2f} 元，不得成交")
    valid = [b for b in bids if b >= reserve_fen]
    if valid and award_fen < max(valid):
        out.append("成交价应为不低于底价的最高报价")
    return out


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rent_schedule(start_on: date, end_on: date, annual_rent_fen: int) -> list[tuple[date, int]]:
    """Annual rent payable in advance on each anniversary of the start; a final part-year pays pro rata
    by days (rounded to the fen)."""
    out = []
    due, n = start_on, 0
    while due < end_on:
        n += 1
        following = add_years(start_on, n)  # count from the start: 29 Feb must not drift to 28 Feb
        if following <= end_on:
            out.append((due, annual_rent_fen))
        else:
            days = (end_on - due).days
            year_days = (following - due).days
            out.append((due, round(annual_rent_fen * days / year_days)))
        due = following
    return out


@dataclass(frozen=True)
class LeaseStatus:
    due_fen: int  # due so far (due date + grace passed)
    received_fen: int
    arrears_fen: int
    expires_in_days: int
    flags: tuple[str, ...]


def lease_status(
    config: Config, *, dues: Sequence[tuple[date, int]], received_fen: int, end_on: date, today: date
) -> LeaseStatus:
    """Arrears (dues whose grace has passed minus everything received) and the expiry warning."""
    grace = timedelta(days=config.arrears_grace_days)
    due = sum(amount for day, amount in dues if day + grace <= today)
    arrears = max(0, due - received_fen)
    left = (end_on - today).days
    flags = []
    if arrears:
        flags.append(f"欠缴租金 {arrears / 100:.2f} 元")
    if left < 0:
        flags.append("合同已到期：须重新公开处置，不得私下续租")
    elif left <= config.expiry_warning_days:
        flags.append(f"{left} 天后到期：应启动重新公开处置")
    return LeaseStatus(due, received_fen, arrears, left, tuple(flags))
