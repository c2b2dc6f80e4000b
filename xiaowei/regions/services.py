"""Services that change regions. Each one runs in one transaction and writes one audit event."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from xiaowei.audit.log import record
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions.codes import CodeError, level_of, normalize, parent_of
from xiaowei.regions.models import Region

if TYPE_CHECKING:
    from xiaowei.accounts.models import User


@dataclass(frozen=True)
class RegionRow:
    """One row of a region file, as read (line is the 1-based line number in the file)."""

    line: int
    code: str
    name: str
    urban_rural: str = ""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _validate(rows: list[RegionRow]) -> tuple[list[tuple[RegionRow, str, str]], list[str]]:
    """Check every row; return (row, normalized code, level) triples and the list of problems."""
    errors: list[str] = []
    checked: list[tuple[RegionRow, str, str]] = []
    seen: dict[str, int] = {}
    for row in rows:
        try:
            code = normalize(row.code)
            level = level_of(code)
        except CodeError as e:
            errors.append(f"第 {row.line} 行：{e}")
            continue
        name = row.name.strip()
        if not name:
            errors.append(f"第 {row.line} 行：名称不能为空")
            continue
        if len(name) > 60:
            errors.append(f"第 {row.line} 行：名称超过 60 个字")
            continue
        if row.urban_rural and not re.fullmatch(r"[0-9]{3}", row.urban_rural):
            errors.append(f"第 {row.line} 行：城乡分类代码“{row.urban_rural}”应为 3 位数字")
            continue
        if code in seen:
            errors.append(f"第 {row.line} 行：区划代码 {code} 与第 {seen[code]} 行重复")
            continue
        seen[code] = row.line
        checked.append((RegionRow(row.line, code, name, row.urban_rural), code, level))

    parents_needed = {p for _, code, _ in checked if (p := parent_of(code))}
    known = set(Region.objects.filter(code__in=parents_needed).values_list("code", flat=True)) | set(seen)
    for row, code, _ in checked:
        parent = parent_of(code)
        if parent and parent not in known:
            errors.append(f"第 {row.line} 行：上级区划 {parent} 不存在（请先导入上级，或把它放进同一文件）")
    return checked, errors


@transaction.atomic(durable=True)
def do_import_regions(rows: list[RegionRow], *, actor: User | None, source: str = "") -> ImportReport:
    """Create or rename regions from `rows`. All rows or none: any invalid row refuses the whole file."""
    checked, errors = _validate(rows)
    if errors:
        raise InvalidInput(f"区划文件有 {len(errors)} 处错误，未导入任何数据", errors)

    report = ImportReport()
    codes = [code for _, code, _ in checked]
    existing = {r.code: r for r in Region.objects.filter(code__in=codes)}
    new: list[Region] = []
    changed: list[Region] = []
    # Parents first, so foreign keys are satisfied as rows go in.
    for row, code, level in sorted(checked, key=lambda t: len(t[1])):
        current = existing.get(code)
        if current is None:
            new.append(
                Region(
                    code=code,
                    name=row.name,
                    level=level,
                    parent_id=parent_of(code),
                    urban_rural=row.urban_rural,
                )
            )
            report.created += 1
        elif current.name != row.name or (row.urban_rural and current.urban_rural != row.urban_rural):
            current.name = row.name
            current.urban_rural = row.urban_rural or current.urban_rural
            changed.append(current)
            report.updated += 1
        else:
            report.unchanged += 1
    for length in sorted({len(r.code) for r in new}):
        Region.objects.bulk_create([r for r in new if len(r.code) == length], batch_size=1000)
    Region.objects.bulk_update(changed, ["name", "urban_rural", "updated_at"], batch_size=1000)

    top = os.path.commonprefix(codes) if codes else ""  # noqa: RUF071  (codes are strings, not paths)
    while top and len(top) not in (2, 4, 6, 9, 12, 15):
        top = top[:-1]
    record(
        "regions.tree.imported",
        actor=actor,
        object_type="regions.region",
        object_id=top or "*",
        region_code=top,
        after={
            "source": source,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return report


@transaction.atomic(durable=True)
def do_update_region_profile(region: Region, *, actor: User | None, changes: dict[str, str]) -> Region:
    """Change the public profile fields of a region (简介, 村委会地址, 办公时间, 公开栏位置)."""
    unknown = set(changes) - set(Region.PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = {f: getattr(region, f) for f in changes if getattr(region, f) != changes[f]}
    after = {f: changes[f] for f in before}
    for name, value in after.items():
        setattr(region, name, value)
    region.save(update_fields=[*after, "updated_at"])
    record(
        "regions.profile.updated",
        actor=actor,
        obj=region,
        region_code=region.code,
        before=before,
        after=after,
    )
    return region
