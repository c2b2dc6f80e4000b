"""Release and record packages around releases, and the record of one process: its releases oldest first
and the compiled release by the OCDS 1.1 merge rules (``compile_record``); ``dumps`` writes UTF-8 JSON."""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from xiaowei.procurement.ocds.types import When
from xiaowei.procurement.ocds.values import iso

OCDS_VERSION = "1.1"
#: The official bids extension, pinned to the tag matching OCDS 1.1.5.
BID_EXTENSION_URL = (
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json"
)

# OCDS 1.1 merge rules for the fields we emit, as read from release-schema.json (a test re-derives them):
_OMIT_WHEN_MERGED = frozenset({"id", "date", "tag"})  # top-level release fields
_WHOLE_LIST_MERGE = frozenset({"additionalIdentifiers", "additionalClassifications"})


def release_package(
    releases: Sequence[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    *,
    extensions: Sequence[str] = (),
    license_url: str | None = None,
    publication_policy: str | None = None,
) -> dict[str, Any]:
    """A release package. Declares the bids extension if bids are present; disposals need theirs passed in."""
    ids = [r["id"] for r in releases]
    if len(set(ids)) != len(ids):
        raise ValueError("同一发布包内发布编号必须唯一")
    ext = list(extensions)
    if any("bids" in r for r in releases) and BID_EXTENSION_URL not in ext:
        ext.append(BID_EXTENSION_URL)
    if any("disposal" in r.get("tender", {}) for r in releases) and not any(
        "disposal" in e for e in extensions
    ):
        raise ValueError("含资产处置的数据必须声明本地扩展 ocds_disposal_extension 的 extension.json 网址")
    return _package(
        "releases", list(releases), uri, published_date, publisher_name, ext, license_url, publication_policy
    )


def record_package(
    records: Sequence[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    *,
    extensions: Sequence[str] = (),
    license_url: str | None = None,
    publication_policy: str | None = None,
) -> dict[str, Any]:
    ext = list(extensions)
    if any("bids" in r["compiledRelease"] for r in records) and BID_EXTENSION_URL not in ext:
        ext.append(BID_EXTENSION_URL)
    return _package(
        "records", list(records), uri, published_date, publisher_name, ext, license_url, publication_policy
    )


def _package(
    key: str,
    items: list[dict[str, Any]],
    uri: str,
    published_date: When,
    publisher_name: str,
    extensions: list[str],
    license_url: str | None,
    publication_policy: str | None,
) -> dict[str, Any]:
    if not uri or not publisher_name:
        raise ValueError("发布包必须有网址和发布者名称")
    out: dict[str, Any] = {
        "uri": uri,
        "version": OCDS_VERSION,
        "publishedDate": iso(published_date, "发布包日期"),
        "publisher": {"name": publisher_name},
    }
    if extensions:
        out["extensions"] = extensions
    if license_url:
        out["license"] = license_url
    if publication_policy:
        out["publicationPolicy"] = publication_policy
    out[key] = items
    return out


def _merge(target: dict[str, Any], source: dict[str, Any], top: bool = False) -> None:
    for key, value in source.items():
        if top and key in _OMIT_WHEN_MERGED:
            continue
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict):
            existing = target.get(key)
            if not isinstance(existing, dict):
                existing = target[key] = {}
            _merge(existing, value)
        elif (
            isinstance(value, list)
            and value
            and key not in _WHOLE_LIST_MERGE
            and all(isinstance(v, dict) and "id" in v for v in value)
        ):
            existing_list = target.get(key)
            if not isinstance(existing_list, list):
                existing_list = target[key] = []
            index = {str(item.get("id")): item for item in existing_list if isinstance(item, dict)}
            for item in value:
                found = index.get(str(item["id"]))
                if found is None:
                    found = {}
                    existing_list.append(found)
                    index[str(item["id"])] = found
                _merge(found, item)
        else:
            target[key] = copy.deepcopy(value)


def compile_record(ocid: str, releases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A record with embedded releases (oldest first) and the compiled release (OCDS 1.1 merge rules)."""
    if not releases:
        raise ValueError("没有发布，无法汇编记录")
    if any(r.get("ocid") != ocid for r in releases):
        raise ValueError(f"所有发布的 ocid 必须为 {ocid}")
    ordered = sorted(releases, key=lambda r: datetime.fromisoformat(r["date"]))  # stable for equal dates
    compiled: dict[str, Any] = {}
    for r in ordered:
        _merge(compiled, r, top=True)
    last = ordered[-1]["date"]
    head = {"ocid": ocid, "id": f"{ocid}-{last}", "date": last, "tag": ["compiled"]}
    compiled = {**head, **{k: v for k, v in compiled.items() if k != "ocid"}}
    return {"ocid": ocid, "releases": copy.deepcopy(ordered), "compiledRelease": compiled}


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """UTF-8 JSON text (Chinese kept as is)."""
    return json.dumps(data, ensure_ascii=False, indent=indent)
