"""The county settings (CatalogSetting rows) and who checks each one.

A setting is a JSON value stored per region under a key; the nearest region up the tree wins
(catalog.selectors.setting). The app that reads a key registers its parser here from its AppConfig.ready,
so the catalog never imports the apps above it: projects registers "procurement", assets "assets",
results "results", finance "finance". The catalog's own keys are below. docs/configuration.md lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.lib.errors import InvalidInput

#: A parser takes the stored value and raises ValueError/TypeError (or InvalidInput) when it is wrong.
Parser = Callable[[Any], object]

_PARSERS: dict[str, Parser] = {}


def register(key: str, parse: Parser) -> None:
    """Called once per key from the owning app's AppConfig.ready()."""
    if _PARSERS.get(key, parse) is not parse:
        raise RuntimeError(f"county setting {key!r} is registered twice")
    _PARSERS[key] = parse


def keys() -> list[str]:
    return list(_PARSERS)


def check(key: str, value: Any) -> None:
    """Refuse an unknown key or a value its parser rejects, in Chinese, naming the key."""
    parse = _PARSERS.get(key)
    if parse is None:
        raise InvalidInput(f"未知的配置项 {key}（可用：{', '.join(_PARSERS)}）")
    try:
        parse(value)
    except InvalidInput:
        raise
    except (ValueError, TypeError, AttributeError) as e:
        raise InvalidInput(f"{key} 配置有误：{e}") from None


def _meeting_rules(value: Any) -> None:
    if not isinstance(value, dict) or not set(value) <= set(MEETING_KINDS):
        raise InvalidInput(f"meeting_rules 应为以会议类型（{', '.join(MEETING_KINDS)}）为键的映射")
    for kind, changes in value.items():
        if not isinstance(changes, dict) or not set(changes) <= {"quorum", "passing", "base", "notice_days"}:
            raise InvalidInput(f"{kind}：只能设置 quorum、passing、base、notice_days")
        if "base" in changes and changes["base"] not in ("present", "all"):
            raise InvalidInput(f"{kind}：base 应为 present（实到人数）或 all（应到人数）")
        for name in ("quorum", "passing"):
            ratio = changes.get(name)
            if ratio is not None and not (
                isinstance(ratio, list)
                and len(ratio) == 3
                and all(isinstance(n, int) and n > 0 for n in ratio[:2])
                and ratio[0] <= ratio[1]
                and isinstance(ratio[2], bool)
            ):
                raise InvalidInput(f"{kind}.{name} 应为 [分子, 分母, 是否“超过”]，例如 [2, 3, false]")


def _params(value: Any) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(v, int | float | str | bool) for v in value.values()
    ):
        raise InvalidInput("params 应为“名称: 数值”的映射，例如 {band_tender: 100000}")


def _disclosure(value: Any) -> None:
    allowed = {"finance_due_day": (1, 28), "quarter_due_day": (1, 28)}
    if not isinstance(value, dict) or not set(value) <= set(allowed):
        raise InvalidInput(f"disclosure 可设置：{', '.join(allowed)}")
    for name, (low, high) in allowed.items():
        if name in value and not (isinstance(value[name], int) and low <= value[name] <= high):
            raise InvalidInput(f"{name} 应为 {low}–{high} 的整数")


register("meeting_rules", _meeting_rules)
register("params", _params)
register("disclosure", _disclosure)
