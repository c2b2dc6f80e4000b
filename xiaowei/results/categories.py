"""The categories of 办事结果 (service results) as configuration, with how each shows a person's name.

docs/domain-notes.md §5.1: the seven categories are not named in any source; these are the [INF] defaults (a
county sets its own through the catalogue setting "results"). §5.3: names of recipients of public funds are
shown in full (公示 is a legal duty); categories that reveal a sensitive identity (disability) show the name
partly masked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NAME_RULES = {"full": "全名公示", "partial": "部分遮挡（张*三）"}


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    name_rule: str = "full"


DEFAULT_CATEGORIES: tuple[Category, ...] = (
    Category("dibao", "农村最低生活保障"),
    Category("tekun", "特困人员救助供养"),
    Category("linshi", "临时救助"),
    Category("weifang", "农村危房改造"),
    Category("pinkun", "建档立卡贫困户"),
    Category("banqian", "易地扶贫搬迁"),
    Category("canji", "残疾人两项补贴", "partial"),
)


def parse_config(value: Mapping[str, Any] | None) -> tuple[Category, ...]:
    """``{"categories": [{"code": "dibao", "name": "…", "name_rule": "full"}, …]}``; defaults when unset."""
    if not value:
        return DEFAULT_CATEGORIES
    rows = value.get("categories") if isinstance(value, Mapping) else None
    if not isinstance(rows, list) or not rows:
        raise ValueError("办事结果配置应为 {categories: [{code, name, name_rule}]}")
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise ValueError(f"第 {n} 个类别应为映射")
        code, name, rule = str(row.get("code", "")), str(row.get("name", "")), row.get("name_rule", "full")
        if not code.isascii() or not code.isidentifier() or len(code) > 20:
            raise ValueError(f"第 {n} 个类别的代码应为不超过 20 位的字母、数字或下划线")
        if not name.strip() or rule not in NAME_RULES:
            raise ValueError(f"第 {n} 个类别：名称不能为空，name_rule 应为 full 或 partial")
        out.append(Category(code, name.strip(), rule))
    if len({c.code for c in out}) != len(out):
        raise ValueError("办事结果类别代码重复")
    return tuple(out)
