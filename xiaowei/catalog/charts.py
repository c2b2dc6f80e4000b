"""Power items and flowcharts as plain data: the catalogue file's schema, parsed and checked.

Pure Python, no ORM: the loader, the engine (matters/engine.py), the SVG drawing and the API all read
these dataclasses. A catalogue file (YAML, see data/catalog.yaml) is a list of items; each item has one
or more flowcharts; each flowchart is an ordered list of steps. A step may carry a condition (`when`)
that decides whether it applies to a given matter: that is how amount bands and matter kinds select
branches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.regions.roles import ROLE_CODES

CATEGORIES = {"major_decision": "重大决策", "routine": "日常管理", "service": "便民服务"}
ATTRIBUTE_TYPES = {"money", "bool", "text", "int", "choice"}
RESOLUTION_KINDS = {"annual": "村民(代表)会议年度决议", "authorization": "村民(代表)会议对议事会的授权"}
DOCUMENT_KINDS = {
    "proposal": "提议/方案",
    "minutes": "会议记录",
    "notice": "公告/公示材料",
    "photo": "公示照片",
    "application": "申请书",
    "survey": "入户调查/核查材料",
    "review_opinion": "审核意见",
    "approval": "审批文件",
    "cost_review": "造价评审报告",
    "reserve_price": "底价评审报告",
    "tender": "招标/比选文件",
    "bid_result": "开标/竞价结果",
    "contract": "合同",
    "acceptance": "验收报告",
    "settlement": "结算/审计报告",
    "invoice": "发票/票据",
    "certificate": "证明材料",
    "report": "报告",
    "other": "其他材料",
}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_CODE = re.compile(r"^[A-Z][A-Za-z0-9-]{1,39}$")
_OPS = ("eq", "ne", "lt", "lte", "gt", "gte", "in")


class CatalogError(ValueError):
    """The catalogue file breaks the schema; `errors` lists every problem with its path."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("；".join(errors[:5]))
        self.errors = errors


@dataclass(frozen=True)
class Condition:
    """A test on matter attributes. Leaf: {attr, op: value}; or {all: [...]}, {any: [...]}, {not: {...}}.

    Money values in conditions are in yuan (元); the attribute itself is stored in fen (分).
    A value written as "@name" is read from the county's parameters (e.g. "@band_tender").
    """

    attr: str = ""
    op: str = ""
    value: Any = None
    all: tuple[Condition, ...] = ()
    any: tuple[Condition, ...] = ()
    negate: Condition | None = None
    label: str = ""  # the attribute's label, for people
    shown: str = ""  # the value as people read it (choice labels, 元 for money)

    def describe(self) -> str:
        if self.all:
            return "且".join(c.describe() for c in self.all)
        if self.any:
            return "或".join(c.describe() for c in self.any)
        if self.negate:
            return f"非（{self.negate.describe()}）"
        words = {"eq": "为", "ne": "不为", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "in": "属于"}
        value = self.shown or self.value
        if isinstance(value, bool):
            value = "是" if value else "否"
        return f"{self.label or self.attr} {words[self.op]} {value}"


@dataclass(frozen=True)
class Attribute:
    key: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class MeetingRequirement:
    kind: str
    # When this condition holds, the stricter rule for collective property applies (2/3 of all).
    strict_when: Condition | None = None


@dataclass(frozen=True)
class Step:
    key: str
    name: str
    roles: tuple[str, ...]
    meeting: MeetingRequirement | None = None
    documents: tuple[str, ...] = ()
    signoffs: tuple[str, ...] = ()
    resolution: bool = False  # must cite a valid annual resolution or 议事会 authorisation
    publicity_days: int = 0  # a 公示 of at least this many days
    deadline_days: int = 0  # due this many days after the previous step (0: no deadline)
    publishes: bool = False
    when: Condition | None = None
    note: str = ""
    outcome: bool = False  # this step decides the matter's result (便民服务: approval or refusal)


@dataclass(frozen=True)
class Flowchart:
    code: str
    name: str
    steps: tuple[Step, ...]
    attributes: tuple[Attribute, ...] = ()
    applies_when: Condition | None = None
    note: str = ""

    def step(self, key: str) -> Step:
        for s in self.steps:
            if s.key == key:
                return s
        raise KeyError(key)


@dataclass(frozen=True)
class LegalRef:
    law: str
    article: str = ""


@dataclass(frozen=True)
class PolicyDoc:
    title: str
    number: str = ""


@dataclass(frozen=True)
class Item:
    code: str
    category: str
    name: str
    flowcharts: tuple[Flowchart, ...]
    summary: str = ""
    basis: tuple[LegalRef, ...] = ()
    documents: tuple[PolicyDoc, ...] = ()
    executor: str = ""
    supervisor: str = ""
    risk_points: tuple[str, ...] = ()
    result_category: str = ""  # 便民服务: the 办事结果 category its outcomes are published under

    def chart(self, code: str) -> Flowchart:
        for c in self.flowcharts:
            if c.code == code:
                return c
        raise KeyError(code)


@dataclass
class _Checker:
    errors: list[str] = field(default_factory=list)

    def need(self, ok: bool, path: str, message: str) -> bool:
        if not ok:
            self.errors.append(f"{path}：{message}")
        return ok


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _shown(attribute: Attribute | None, value: Any) -> str:
    if attribute is None:
        return ""
    if attribute.type == "choice":
        labels = dict(attribute.choices)
        values = value if isinstance(value, list) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if attribute.type == "money" and not (isinstance(value, str) and value.startswith("@")):
        return f"{value} 元"
    return ""


def _condition(raw: Any, path: str, c: _Checker, attrs: dict[str, Attribute] | None) -> Condition | None:
    if raw is None:
        return None
    if not c.need(isinstance(raw, dict) and bool(raw), path, "条件应为非空映射"):
        return None
    if "all" in raw or "any" in raw:
        key = "all" if "all" in raw else "any"
        parts = tuple(
            p
            for i, r in enumerate(_as_list(raw[key]))
            if (p := _condition(r, f"{path}.{key}[{i}]", c, attrs))
        )
        return Condition(all=parts) if key == "all" else Condition(any=parts)
    if "not" in raw:
        return Condition(negate=_condition(raw["not"], f"{path}.not", c, attrs))
    attr = raw.get("attr", "")
    ops = [op for op in _OPS if op in raw]
    c.need(isinstance(attr, str) and bool(_KEY.match(attr)), path, f"attr“{attr}”无效")
    if attrs is not None:
        c.need(attr in attrs, path, f"条件引用了未声明的属性“{attr}”")
    if not c.need(len(ops) == 1, path, f"条件应恰好有一个比较：{', '.join(_OPS)}"):
        return None
    attribute = (attrs or {}).get(attr)
    value = raw[ops[0]]
    return Condition(
        attr=attr,
        op=ops[0],
        value=value,
        label=attribute.label if attribute else "",
        shown=_shown(attribute, value),
    )


def _step(raw: Any, path: str, c: _Checker, attrs: dict[str, Attribute]) -> Step | None:
    if not c.need(isinstance(raw, dict), path, "步骤应为映射"):
        return None
    key, name = raw.get("key", ""), raw.get("name", "")
    c.need(bool(_KEY.match(str(key))), path, f"key“{key}”应为小写字母、数字、下划线")
    c.need(bool(name), path, "缺少 name")
    roles = tuple(_as_list(raw.get("role")))
    c.need(bool(roles), path, "缺少 role（谁来记录这一步）")
    for r in (*roles, *_as_list(raw.get("signoffs"))):
        c.need(r in ROLE_CODES, path, f"角色“{r}”不存在")
    for d in _as_list(raw.get("documents")):
        c.need(d in DOCUMENT_KINDS, path, f"材料类型“{d}”不存在（可用：{', '.join(DOCUMENT_KINDS)}）")
    meeting = None
    if raw.get("meeting") is not None:
        m = raw["meeting"] if isinstance(raw["meeting"], dict) else {"kind": raw["meeting"]}
        c.need(m.get("kind") in MEETING_KINDS, path, f"会议类型“{m.get('kind')}”不存在")
        meeting = MeetingRequirement(
            m.get("kind", ""), _condition(m.get("strict_when"), f"{path}.meeting", c, attrs)
        )
    for number in ("publicity_days", "deadline_days"):
        value = raw.get(number, 0)
        c.need(isinstance(value, int) and 0 <= value <= 3650, path, f"{number} 应为 0–3650 的整数")
    unknown = set(raw) - {
        "key",
        "name",
        "role",
        "meeting",
        "documents",
        "signoffs",
        "resolution",
        "publicity_days",
        "deadline_days",
        "publishes",
        "when",
        "note",
        "outcome",
    }
    c.need(not unknown, path, f"未知字段：{', '.join(sorted(unknown))}")
    return Step(
        key=str(key),
        name=str(name),
        roles=roles,
        meeting=meeting,
        documents=tuple(_as_list(raw.get("documents"))),
        signoffs=tuple(_as_list(raw.get("signoffs"))),
        resolution=bool(raw.get("resolution", False)),
        publicity_days=int(raw.get("publicity_days", 0) or 0),
        deadline_days=int(raw.get("deadline_days", 0) or 0),
        publishes=bool(raw.get("publishes", False)),
        when=_condition(raw.get("when"), f"{path}.when", c, attrs),
        note=str(raw.get("note", "")),
        outcome=bool(raw.get("outcome", False)),
    )


def _attribute(raw: Any, path: str, c: _Checker) -> Attribute | None:
    if not c.need(isinstance(raw, dict), path, "属性应为映射"):
        return None
    key, type_ = raw.get("key", ""), raw.get("type", "text")
    c.need(bool(_KEY.match(str(key))), path, f"属性 key“{key}”无效")
    c.need(
        type_ in ATTRIBUTE_TYPES, path, f"属性类型“{type_}”无效（可用：{', '.join(sorted(ATTRIBUTE_TYPES))}）"
    )
    choices = tuple((str(k), str(v)) for k, v in (raw.get("choices") or {}).items())
    c.need(type_ != "choice" or bool(choices), path, "choice 类型需要 choices")
    return Attribute(str(key), str(raw.get("label", key)), type_, bool(raw.get("required", False)), choices)


def _flowchart(raw: Any, path: str, c: _Checker) -> Flowchart | None:
    if not c.need(isinstance(raw, dict), path, "流程图应为映射"):
        return None
    code = str(raw.get("code", ""))
    c.need(bool(_CODE.match(code)), path, f"流程图 code“{code}”无效")
    c.need(bool(raw.get("name")), path, "流程图缺少 name")
    attributes = tuple(
        a
        for i, r in enumerate(_as_list(raw.get("attributes")))
        if (a := _attribute(r, f"{path}.attributes[{i}]", c))
    )
    names = {a.key: a for a in attributes}
    steps = tuple(
        s for i, r in enumerate(_as_list(raw.get("steps"))) if (s := _step(r, f"{path}.steps[{i}]", c, names))
    )
    c.need(bool(steps), path, "流程图至少要有一步")
    keys = [s.key for s in steps]
    c.need(len(keys) == len(set(keys)), path, "步骤 key 重复")
    return Flowchart(
        code,
        str(raw.get("name", "")),
        steps,
        attributes,
        _condition(raw.get("applies_when"), f"{path}.applies_when", c, names),
        str(raw.get("note", "")),
    )


def parse_item(raw: Any) -> Item:
    """One item on its own: the item, or CatalogError listing every problem."""
    c = _Checker()
    item = _item(raw, "item", c)
    if item is None or c.errors:
        raise CatalogError(c.errors)
    return item


def _item(raw: Any, path: str, c: _Checker) -> Item | None:
    if not c.need(isinstance(raw, dict), path, "事项应为映射"):
        return None
    code = str(raw.get("code", ""))
    c.need(bool(_CODE.match(code)), path, f"事项 code“{code}”无效（大写字母开头，字母数字和 -）")
    c.need(raw.get("category") in CATEGORIES, path, f"category 应为 {', '.join(CATEGORIES)}")
    c.need(bool(raw.get("name")), path, "缺少 name")
    charts = tuple(
        f
        for i, r in enumerate(_as_list(raw.get("flowcharts")))
        if (f := _flowchart(r, f"{path}.flowcharts[{i}]", c))
    )
    c.need(bool(charts), path, "至少要有一张流程图")
    basis = tuple(
        LegalRef(str(b.get("law", "")), str(b.get("article", "")))
        for b in _as_list(raw.get("basis"))
        if isinstance(b, dict)
    )
    docs = tuple(
        PolicyDoc(str(d.get("title", "")), str(d.get("number", "")))
        for d in _as_list(raw.get("documents"))
        if isinstance(d, dict)
    )
    item = Item(
        code=code,
        category=str(raw.get("category", "")),
        name=str(raw.get("name", "")),
        flowcharts=charts,
        summary=str(raw.get("summary", "")),
        basis=basis,
        documents=docs,
        executor=str(raw.get("executor", "")),
        supervisor=str(raw.get("supervisor", "")),
        risk_points=tuple(str(r) for r in _as_list(raw.get("risk_points"))),
        result_category=str(raw.get("result_category", "")),
    )
    return item


def parse_catalog(raw: Any) -> list[Item]:
    """Parse a whole catalogue document ({"items": [...]}); raise CatalogError listing every problem."""
    c = _Checker()
    if not c.need(
        isinstance(raw, dict) and isinstance(raw.get("items"), list), "catalog", "应包含 items 列表"
    ):
        raise CatalogError(c.errors)
    items = [i for n, r in enumerate(raw["items"]) if (i := _item(r, f"items[{n}]", c))]
    codes = [i.code for i in items]
    c.need(len(codes) == len(set(codes)), "catalog", "事项 code 重复")
    chart_codes = [f.code for i in items for f in i.flowcharts]
    c.need(len(chart_codes) == len(set(chart_codes)), "catalog", "流程图 code 重复")
    if c.errors:
        raise CatalogError(c.errors)
    return items
