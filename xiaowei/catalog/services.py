"""Services that change the catalogue. One transaction and one audit event each."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.catalog import setting_keys
from xiaowei.catalog.charts import CatalogError, parse_catalog, parse_item
from xiaowei.catalog.models import CatalogSetting, PowerItem, PowerItemVersion
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

LOCAL_PREFIX = "L"  # 特色清单 item codes start with L, so they never collide with the county list


def _check_scope(actor: User | None, item_region: str | None) -> None:
    """The county list is kept by the county's administrators; a 特色清单 item by its township's."""
    if actor is not None:
        access.check_region_code(actor, item_region or settings.XIAOWEI_HOME_REGION, perm=Perm.MANAGE_CATALOG)


def _canonical(definition: dict[str, Any]) -> str:
    return json.dumps(definition, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _check(definition: Any) -> None:
    try:
        parse_item(definition)
    except CatalogError as e:
        raise InvalidInput("事项定义有误，未保存", e.errors) from None


def _new_version(
    item: PowerItem, definition: dict[str, Any], *, effective_from: dt.date, note: str, actor: User | None
) -> PowerItemVersion:
    last = item.versions.order_by("-number").first()
    if last and effective_from < last.effective_from:
        raise InvalidInput(f"生效日期不能早于上一版本的生效日期 {last.effective_from}")
    return PowerItemVersion.objects.create(
        item=item,
        number=(last.number + 1) if last else 1,
        effective_from=effective_from,
        name=str(definition["name"]),
        definition=definition,
        change_note=note,
        created_by=actor,
    )


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)


@transaction.atomic(durable=True)
def do_load_catalog(
    raw_items: list[dict[str, Any]], *, effective_from: dt.date, note: str = "", actor: User | None
) -> LoadReport:
    """Load the county list from the catalogue file: new items get version 1, changed items a new
    version effective from `effective_from`, unchanged items nothing. All or nothing."""
    try:
        parse_catalog({"items": raw_items})
    except CatalogError as e:
        raise InvalidInput(f"清单文件有 {len(e.errors)} 处错误，未载入", e.errors) from None
    report = LoadReport()
    existing = {i.code: i for i in PowerItem.objects.filter(region__isnull=True)}
    for raw in raw_items:
        code = raw["code"]
        item = existing.get(code)
        if item is None:
            item = PowerItem.objects.create(code=code, category=raw["category"])
            _new_version(item, raw, effective_from=effective_from, note=note or "首次载入", actor=actor)
            report.created.append(code)
            continue
        if item.category != raw["category"]:
            raise InvalidInput(
                f"事项 {code} 的类别不能从 {item.category} 改为 {raw['category']}（请新编一个事项）"
            )
        last = item.versions.order_by("-number").first()
        if last is not None and _canonical(last.definition) == _canonical(raw):
            report.unchanged.append(code)
            continue
        _new_version(item, raw, effective_from=effective_from, note=note, actor=actor)
        report.revised.append(code)
    codes = {r["code"] for r in raw_items}
    report.not_in_file = sorted(set(existing) - codes)
    record(
        "catalog.catalog.loaded",
        actor=actor,
        object_type="catalog.poweritem",
        object_id="*",
        after={
            "created": report.created,
            "revised": report.revised,
            "unchanged": len(report.unchanged),
            "effective_from": effective_from,
            "note": note,
        },
    )
    return report


@transaction.atomic(durable=True)
def do_revise_item(
    item: PowerItem, definition: dict[str, Any], *, effective_from: dt.date, note: str, actor: User | None
) -> PowerItemVersion:
    """A new version of an item (动态调整). Running matters keep the version they started on."""
    _check_scope(actor, item.region_id)
    _check(definition)
    if definition.get("code") != item.code or definition.get("category") != item.category:
        raise InvalidInput(f"不能修改事项编号或类别（{item.code}，{item.get_category_display()}）")
    if not note.strip():
        raise InvalidInput("请填写修改说明（公众可以看到每个版本改了什么、为什么改）")
    last = item.versions.order_by("-number").first()
    if last is not None and _canonical(last.definition) == _canonical(definition):
        raise InvalidInput("内容与当前版本相同，没有产生新版本")
    version = _new_version(item, definition, effective_from=effective_from, note=note, actor=actor)
    record(
        "catalog.item.revised",
        actor=actor,
        obj=version,
        region_code=item.region_id or "",
        before={"version": last.number if last else None},
        after={"version": version.number, "note": note, "effective_from": effective_from},
    )
    return version


@transaction.atomic(durable=True)
def do_add_local_item(
    township: Region, definition: dict[str, Any], *, effective_from: dt.date, note: str, actor: User | None
) -> PowerItem:
    """A township's 特色清单 item: applies only to the villages under that township."""
    if township.level != Region.Level.TOWNSHIP:
        raise InvalidInput("特色清单只能由乡镇(街道)增设")
    _check_scope(actor, township.code)
    _check(definition)
    code = str(definition["code"])
    if not code.startswith(LOCAL_PREFIX):
        raise InvalidInput(f"特色清单事项编号须以 {LOCAL_PREFIX} 开头，例如 L{township.code}-01")
    if PowerItem.objects.filter(code=code).exists():
        raise InvalidInput(f"事项编号 {code} 已存在")
    item = PowerItem.objects.create(code=code, category=definition["category"], region=township)
    version = _new_version(
        item, definition, effective_from=effective_from, note=note or "新增特色清单事项", actor=actor
    )
    record(
        "catalog.item.added",
        actor=actor,
        obj=item,
        region_code=township.code,
        after={"code": code, "name": version.name, "effective_from": effective_from},
    )
    return item


@transaction.atomic(durable=True)
def do_set_setting(region: Region, key: str, value: Any, *, actor: User | None) -> CatalogSetting:
    """Set a configuration value (e.g. "meeting_rules", "params") for a region and everything under it."""
    if actor is not None:
        access.check_region_code(actor, region.code, perm=Perm.MANAGE_CATALOG)
    setting_keys.check(key, value)
    current = CatalogSetting.objects.filter(region=region, key=key).first()
    before = current.value if current else None
    setting, _ = CatalogSetting.objects.update_or_create(region=region, key=key, defaults={"value": value})
    record(
        "catalog.setting.changed",
        actor=actor,
        obj=setting,
        region_code=region.code,
        before={"value": before},
        after={"value": value},
    )
    return setting
