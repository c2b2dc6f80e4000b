"""The rules of a village project's life, as pure functions over plain data (no ORM): the stages and what
each must hold before the next may start, the procurement route an amount's band asks for, and which 4+X
bodies sign off which stage. Services load the county's configuration and the project's rows, call these,
and refuse with the messages returned.

Sources: domain.md §1.3(b)(d) (stages; 「一码一工程」 "each stage's data before the next"), §3.1 (national
tender thresholds, 国家发改委令第16号), §3.2 (village bands, [INF] defaults), §7 (4+X matrix, [INF]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from xiaowei.procurement.categories import CATEGORIES, Category
from xiaowei.regions.roles import BODY_LABELS, Body

# ---------------------------------------------------------------------------------------------------------
# Stages


class Stage(StrEnum):
    """A project's stage (Project.Stage), in order. A project's ``stage`` is the last stage whose data is
    complete. The codes are stored: never change them; the Chinese names are in STAGES."""

    APPROVAL = "approval"
    COST_REVIEW = "cost_review"
    TENDER = "tender"
    AWARD = "award"
    CONTRACT = "contract"
    CONSTRUCTION = "construction"
    ACCEPTANCE = "acceptance"
    SETTLEMENT = "settlement"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STAGES[self]


STAGES: dict[str, str] = {
    Stage.APPROVAL: "立项",
    Stage.COST_REVIEW: "造价评审",
    Stage.TENDER: "招标/比价公告",
    Stage.AWARD: "定标",
    Stage.CONTRACT: "签订合同",
    Stage.CONSTRUCTION: "施工",
    Stage.ACCEPTANCE: "竣工验收",
    Stage.SETTLEMENT: "结算审计",
    Stage.CLOSED: "付清结项",
}
STAGE_ORDER: list[str] = list(Stage)

#: Procurement routes from weakest to strongest; a project may use a stronger route than its band asks.
ROUTES: dict[str, str] = {
    "直接发包": "两委决定，直接发包或采购",
    "比价": "询价比价，不少于 3 家报价，村务监督委员会到场",
    "竞争性比选": "竞争性比选（现场竞标），村务监督委员会到场",
    "公开招标": "进入公共资源交易平台公开招标",
}
ROUTE_ORDER = list(ROUTES)

#: Which stages' completion each 4+X body (regions.roles.Body; Body.SECTOR is the X, the 行业主管部门 of the
#: project's type) signs off, for works (domain.md §7 [INF] matrix). A stage cannot be left (the next one
#: cannot start) until every body listed has signed it.
DEFAULT_SIGNOFFS: dict[str, dict[str, list[str]]] = {
    Category.WORKS: {
        Stage.APPROVAL: [Body.JIWEI, Body.NONGJING, Body.CAIZHENG, Body.GUIHUA, Body.SECTOR],
        Stage.COST_REVIEW: [Body.CAIZHENG, Body.SECTOR],
        Stage.AWARD: [Body.JIWEI, Body.SECTOR],
        Stage.CONTRACT: [Body.NONGJING],
        Stage.CONSTRUCTION: [Body.JIWEI, Body.GUIHUA, Body.SECTOR],
        Stage.ACCEPTANCE: [Body.JIWEI, Body.GUIHUA, Body.SECTOR],
        Stage.SETTLEMENT: [Body.NONGJING, Body.CAIZHENG],
    },
    # Goods and services have no planning or construction check; 纪委 watches the award, 农经 and 财政 the
    # money ([INF]).
    Category.GOODS: {
        Stage.APPROVAL: [Body.NONGJING],
        Stage.AWARD: [Body.JIWEI],
        Stage.CONTRACT: [Body.NONGJING],
        Stage.SETTLEMENT: [Body.NONGJING, Body.CAIZHENG],
    },
    Category.SERVICES: {
        Stage.APPROVAL: [Body.NONGJING],
        Stage.AWARD: [Body.JIWEI],
        Stage.CONTRACT: [Body.NONGJING],
        Stage.SETTLEMENT: [Body.NONGJING, Body.CAIZHENG],
    },
}

#: Project type → its sector department (the X). [INF] defaults for 涟源; counties configure theirs.
PROJECT_TYPES: dict[str, str] = {
    "road": "交通运输局",
    "water": "水利局",
    "drinking_water": "水利局",
    "farmland": "农业农村局",
    "building": "住房和城乡建设局",
    "environment": "生态环境分局",
    "lighting": "住房和城乡建设局",
    "culture": "文化旅游广电体育局",
    "other": "农业农村局",
}
PROJECT_TYPE_NAMES: dict[str, str] = {
    "road": "道路桥梁",
    "water": "水利设施",
    "drinking_water": "安全饮水",
    "farmland": "农田建设",
    "building": "村级房建",
    "environment": "人居环境",
    "lighting": "路灯亮化",
    "culture": "文体设施",
    "other": "其他",
}


# ---------------------------------------------------------------------------------------------------------
# Bands


@dataclass(frozen=True)
class Band:
    """Amounts below ``below_fen`` (None: no upper bound) need at least ``route``, decided at ``decision``
    level, traded on ``platform``, with at least ``min_bids`` bids or quotes."""

    below_fen: int | None
    route: str
    decision: str  # "two_committees" (两委) or "representatives" (四议两公开)
    platform: str  # "village", "township" or "county"
    min_bids: int


DECISIONS = {"two_committees": "村“两委”会议", "representatives": "四议两公开（村民会议或村民代表会议）"}
PLATFORMS = {"village": "村级自行组织", "township": "乡镇公共资源交易平台", "county": "县级公共资源交易中心"}

#: 必须招标的工程项目规定 (国家发改委令第16号): single contracts at or above these must be tendered (fen).
STATUTORY_TENDER_FEN: dict[str, int] = {
    Category.WORKS: 400_000_000,
    Category.GOODS: 200_000_000,
    Category.SERVICES: 100_000_000,
}


def default_bands(category: str, statutory_fen: Mapping[str, int] = STATUTORY_TENDER_FEN) -> list[Band]:
    """domain.md §3.2's [INF] table: < 1万 两委; 1万–5万 比价; 5万–10万 四议两公开 + 竞争性比选; 10万 up to
    the statutory threshold the township platform; above it the county centre's statutory tender. Goods and
    services use the same bands at their own statutory threshold."""
    top = statutory_fen[category]
    return [
        Band(1_000_000, "直接发包", "two_committees", "village", 1),
        Band(5_000_000, "比价", "two_committees", "village", 3),
        Band(10_000_000, "竞争性比选", "representatives", "village", 3),
        Band(top, "竞争性比选", "representatives", "township", 3),
        Band(None, "公开招标", "representatives", "county", 3),
    ]


@dataclass(frozen=True)
class Config:
    """A county's procurement configuration (catalogue setting "procurement", see ``parse_config``)."""

    bands: dict[str, list[Band]]
    statutory_fen: dict[str, int]
    signoffs: dict[str, dict[str, list[str]]]
    sector: dict[str, str]
    ocid_prefix: str = "ocds-xw0000"


def parse_config(value: Mapping[str, Any] | None) -> Config:
    """Build a Config from the stored setting (amounts in 元, as a county writes them), falling back to
    the defaults for anything not set. Raises ValueError with a Chinese message on a malformed value.

    Shape: ``{"statutory": {"works": 4000000, …}, "bands": {"works": [[10000, "直接发包", "two_committees",
    "village", 1], …, [null, "公开招标", "representatives", "county", 3]]}, "signoffs": {"works":
    {"approval": ["jiwei", …]}}, "sector": {"road": "交通运输局"}, "ocid_prefix": "ocds-xxxxxx-431382"}``.
    """
    value = dict(value or {})
    unknown = set(value) - {"statutory", "bands", "signoffs", "sector", "ocid_prefix"}
    if unknown:
        raise ValueError(f"采购配置中有未知项：{'、'.join(sorted(unknown))}")
    statutory = dict(STATUTORY_TENDER_FEN)
    for cat, yuan_amount in dict(value.get("statutory") or {}).items():
        if cat not in CATEGORIES or not isinstance(yuan_amount, int) or yuan_amount <= 0:
            raise ValueError(f"法定招标限额“{cat}”应为工程/货物/服务之一，金额为正整数（元）")
        statutory[cat] = yuan_amount * 100
    bands = {cat: default_bands(cat, statutory) for cat in CATEGORIES}
    for cat, rows in dict(value.get("bands") or {}).items():
        if cat not in CATEGORIES:
            raise ValueError(f"金额分档的类别“{cat}”应为 works、goods 或 services")
        bands[cat] = _parse_bands(cat, rows)
    signoffs = {cat: dict(m) for cat, m in DEFAULT_SIGNOFFS.items()}
    for cat, matrix in dict(value.get("signoffs") or {}).items():
        if cat not in CATEGORIES or not isinstance(matrix, dict):
            raise ValueError("4+X 签字矩阵应为 {类别: {阶段: [部门…]}}")
        for stage, bodies in matrix.items():
            if stage not in STAGES or not isinstance(bodies, list) or not set(bodies) <= set(BODY_LABELS):
                raise ValueError(f"4+X 签字矩阵中“{stage}”：阶段或部门代码不正确（部门：{'、'.join(Body)}）")
        signoffs[cat] = {stage: list(bodies) for stage, bodies in matrix.items()}
    sector = dict(PROJECT_TYPES)
    for kind, department in dict(value.get("sector") or {}).items():
        if not isinstance(department, str) or not department.strip():
            raise ValueError(f"项目类型“{kind}”的行业主管部门不能为空")
        sector[kind] = department.strip()
    prefix = value.get("ocid_prefix", Config.ocid_prefix)
    if not isinstance(prefix, str) or not prefix.startswith("ocds-") or len(prefix) < 11:
        raise ValueError("ocid 前缀应为 ocds- 加开放合同伙伴组织分配的 6 位代码，例如 ocds-abc123")
    return Config(bands=bands, statutory_fen=statutory, signoffs=signoffs, sector=sector, ocid_prefix=prefix)


def _parse_bands(category: str, rows: Any) -> list[Band]:
    if not isinstance(rows, list) or not rows:
        raise ValueError(f"{CATEGORIES[category]}的金额分档应为非空列表")
    out = []
    previous = 0
    for n, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != 5:
            raise ValueError(
                f"{CATEGORIES[category]}第 {n} 档应为 [上限元或null, 方式, 决策层级, 平台, 最少报价数]"
            )
        below, route, decision, platform, min_bids = row
        if below is not None and (not isinstance(below, int) or below * 100 <= previous):
            raise ValueError(f"{CATEGORIES[category]}第 {n} 档的上限应为递增的正整数（元）")
        if route not in ROUTES or decision not in DECISIONS or platform not in PLATFORMS:
            raise ValueError(f"{CATEGORIES[category]}第 {n} 档的方式、决策层级或平台不正确")
        if not isinstance(min_bids, int) or min_bids < 1:
            raise ValueError(f"{CATEGORIES[category]}第 {n} 档的最少报价数应为正整数")
        out.append(Band(None if below is None else below * 100, route, decision, platform, min_bids))
        previous = out[-1].below_fen or previous
    if out[-1].below_fen is not None:
        raise ValueError(f"{CATEGORIES[category]}的最后一档上限应为 null（不设上限）")
    return out


def band_for(config: Config, category: str, amount_fen: int) -> Band:
    """The band an amount falls in. Amounts at or above the statutory threshold always need 公开招标 at the
    county centre, whatever a county's bands say (the law is not configurable downwards)."""
    if amount_fen >= config.statutory_fen[category]:
        return Band(None, "公开招标", "representatives", "county", 3)
    for band in config.bands[category]:
        if band.below_fen is None or amount_fen < band.below_fen:
            return band
    raise AssertionError("bands end with an unbounded band")  # parse_config guarantees it


def route_allowed(band: Band, route: str) -> bool:
    return route in ROUTES and ROUTE_ORDER.index(route) >= ROUTE_ORDER.index(band.route)


# ---------------------------------------------------------------------------------------------------------
# A project's state, as services read it from the rows


@dataclass(frozen=True)
class BidRow:
    contractor_id: int
    amount_fen: int
    valid: bool = True


@dataclass
class ProjectState:
    """What the gates look at. Dates are None until the stage's data is entered."""

    category: str
    stage: str | None
    budget_fen: int
    decision_kind: str | None = None  # meeting kind of the cited decision
    decision_passed: bool = False
    decision_on: date | None = None
    reviewed_cost_fen: int | None = None
    route: str | None = None
    tender_on: date | None = None
    bids: Sequence[BidRow] = ()
    award_contractor_id: int | None = None
    award_fen: int | None = None
    contract_fen: int | None = None
    contract_signed_on: date | None = None
    progress_percent: int = 0
    accepted_on: date | None = None
    acceptance_passed: bool = False
    settled_fen: int | None = None
    paid_fen: int = 0
    signed: Mapping[str, set[str]] = field(default_factory=dict)  # stage → bodies that signed


def _representative_kind(kind: str | None) -> bool:
    return kind in ("representatives", "villagers", "council")


def stage_data_missing(config: Config, state: ProjectState, stage: str) -> list[str]:
    """What the data of ``stage`` still lacks (empty: complete)."""
    out: list[str] = []
    amount = state.reviewed_cost_fen if state.reviewed_cost_fen is not None else state.budget_fen
    band = band_for(config, state.category, amount)
    if stage == Stage.APPROVAL:
        if state.decision_on is None:
            out.append("未引用立项决议")
        elif not state.decision_passed:
            out.append("所引用的会议决议未通过")
        elif band.decision == "representatives" and not _representative_kind(state.decision_kind):
            out.append(f"金额在此档次须经{DECISIONS['representatives']}决定")
    elif stage == Stage.COST_REVIEW:
        if state.reviewed_cost_fen is None:
            out.append("未录入造价评审金额")
    elif stage == Stage.TENDER:
        if state.route is None or state.tender_on is None:
            out.append("未选择采购方式并发布公告")
        elif not route_allowed(band, state.route):
            out.append(f"评审金额所在档次至少须采用{band.route}，所选{state.route}不符合")
    elif stage == Stage.AWARD:
        valid = [b for b in state.bids if b.valid]
        need = 1 if state.route == "直接发包" else band.min_bids
        if len(valid) < need:
            out.append(f"{state.route or '该方式'}至少需要 {need} 家有效报价，现有 {len(valid)} 家")
        if state.award_contractor_id is None:
            out.append("未确定中标（成交）单位")
        elif state.award_contractor_id not in {b.contractor_id for b in valid}:
            out.append("中标单位不在有效投标人中")
    elif stage == Stage.CONTRACT:
        if state.contract_signed_on is None or state.contract_fen is None:
            out.append("未录入合同")
    elif stage == Stage.CONSTRUCTION:
        if state.progress_percent < 100:
            out.append(f"施工进度为 {state.progress_percent}%，未报完工")
    elif stage == Stage.ACCEPTANCE:
        if state.accepted_on is None:
            out.append("未录入验收")
        elif not state.acceptance_passed:
            out.append("验收不合格，须整改后重新验收")
    elif stage == Stage.SETTLEMENT:
        if state.settled_fen is None:
            out.append("未录入结算审计金额")
    elif stage == Stage.CLOSED and (state.settled_fen is None or state.paid_fen < state.settled_fen):
        out.append("尚未按结算金额付清")
    return out


def signoffs_missing(config: Config, state: ProjectState, stage: str) -> list[str]:
    """The 4+X bodies that must still sign ``stage`` (names, in matrix order)."""
    needed = config.signoffs.get(state.category, {}).get(stage, [])
    have = state.signed.get(stage, set())
    return [BODY_LABELS[b] for b in needed if b not in have]


def gate(config: Config, state: ProjectState, stage: str) -> list[str]:
    """Why ``stage`` may not be entered now (empty: it may). Stages go strictly in order: a stage is entered
    only when every earlier stage's data and sign-offs are complete. Goods and services skip construction
    (delivery is checked at acceptance)."""
    if stage not in STAGES:
        return [f"未知的阶段“{stage}”"]
    order = stages_for(state.category)
    if stage not in order:
        return [f"{CATEGORIES[state.category]}类项目没有“{STAGES[stage]}”阶段"]
    position = order.index(stage)
    current = order.index(state.stage) if state.stage in order else -1
    if position <= current:
        return [f"“{STAGES[stage]}”阶段已完成"]
    out = []
    for earlier in order[:position]:
        missing = stage_data_missing(config, state, earlier)
        if missing:
            out.append(f"{STAGES[earlier]}：{'；'.join(missing)}")
        unsigned = signoffs_missing(config, state, earlier)
        if unsigned:
            out.append(f"{STAGES[earlier]}：缺少{'、'.join(unsigned)}签字")
        if missing or unsigned:
            break  # the first incomplete stage is what blocks; later stages cannot be complete yet
    return out


def stages_for(category: str) -> list[str]:
    if category == Category.WORKS:
        return STAGE_ORDER
    return [s for s in STAGE_ORDER if s != Stage.CONSTRUCTION]


def next_stage(state: ProjectState) -> str | None:
    order = stages_for(state.category)
    current = order.index(state.stage) if state.stage in order else -1
    return order[current + 1] if current + 1 < len(order) else None


def signable_stages(state: ProjectState) -> list[str]:
    """Stages whose sign-off may be given now: the reached stage (its data is entered) or, for
    construction, the ongoing one. Sign-offs of stages not yet reached would be signing nothing."""
    order = stages_for(state.category)
    current = order.index(state.stage) if state.stage in order else -1
    out = order[: current + 1]
    if state.category == Category.WORKS and state.stage == Stage.CONTRACT:
        out.append(Stage.CONSTRUCTION)
    return out
