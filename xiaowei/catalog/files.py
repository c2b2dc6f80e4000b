"""Reading the catalogue file (YAML) into raw item dicts and parsed items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from xiaowei.catalog.charts import CatalogError, Item, parse_catalog

DEFAULT_CATALOG = Path(__file__).parent / "data" / "catalog.yaml"


def read_raw(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as f:
            raw = yaml.safe_load(f)
    except UnicodeDecodeError:
        raise CatalogError([f"{path.name}：不是 UTF-8 编码"]) from None
    except yaml.YAMLError as e:
        raise CatalogError([f"{path.name}：YAML 格式错误：{e}"]) from None
    if not isinstance(raw, dict):
        raise CatalogError([f"{path.name}：应为包含 items 的 YAML 映射"])
    return raw


def read_catalog(path: Path = DEFAULT_CATALOG) -> tuple[list[dict[str, Any]], list[Item]]:
    """The raw item dicts (stored as each version's definition) and the parsed, checked items."""
    raw = read_raw(path)
    return list(raw["items"]) if isinstance(raw.get("items"), list) else [], parse_catalog(raw)
