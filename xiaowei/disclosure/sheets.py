"""Notice-board sheets (一栏) built from exactly the publications the web shows, for a village and period.

A period is a month ("2026-03") or a quarter ("2026Q1"): the sheet holds the village's publications whose
period falls in it (and undated ones published in it). Each line carries the URL that verifies it against
the checkpoint printed on the sheet.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from django.db.models import Q, QuerySet
from django.urls import reverse

from xiaowei.disclosure import log
from xiaowei.disclosure.boards import BoardLine, BoardSection, BoardSheet
from xiaowei.disclosure.models import Checkpoint, Publication
from xiaowei.regions.models import Region

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def period_bounds(period: str) -> tuple[dt.date, dt.date, list[str]]:
    """First day, day after the last, and the month periods inside; ValueError if malformed."""
    if m := _MONTH.match(period):
        year, month = int(m[1]), int(m[2])
        start = dt.date(year, month, 1)
        end = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, end, [period]
    if m := _QUARTER.match(period):
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1)
        return start, end, [f"{year}-{month:02d}" for month in range(3 * q - 2, 3 * q + 1)]
    raise ValueError(f"期间“{period}”应为 2026-03 或 2026Q1 的形式")


def period_label(period: str) -> str:
    if m := _MONTH.match(period):
        return f"{m[1]} 年 {int(m[2])} 月"
    if m := _QUARTER.match(period):
        return f"{m[1]} 年第 {'一二三四'[int(m[2]) - 1]} 季度"
    return period


def publications_for(village: Region, period: str, *, size: int | None = None) -> QuerySet[Publication]:
    start, end, months = period_bounds(period)
    year = period[:4]
    q = Q(period__in=[*months, period]) | Q(
        period="", published_at__date__gte=start, published_at__date__lt=end
    )
    if _QUARTER.match(period) is None:
        q |= Q(period=year) & Q(published_at__date__gte=start, published_at__date__lt=end)
    rows = Publication.objects.filter(q, region=village).order_by("kind", "leaf_index")
    return rows.filter(leaf_index__lt=size) if size is not None else rows


def lines_of(pub: Publication) -> list[dict[str, str]]:
    body = json.loads(pub.content)
    lines = body.get("lines") or [{"text": pub.title}]
    prefix = "【更正】" if pub.corrects_id else ""
    return [
        {
            "text": prefix + str(line.get("text", "")),
            "amount": str(line.get("amount", "") or ""),
            "note": str(line.get("note", "") or ""),
        }
        for line in lines
    ]


def build_sheet(
    village: Region, period: str, *, base_url: str, paper: str = "A4", checkpoint: Checkpoint | None = None
) -> BoardSheet:
    checkpoint = checkpoint or log.latest_checkpoint()
    size = checkpoint.size if checkpoint else 0
    sections: dict[str, BoardSection] = {}
    for pub in publications_for(village, period, size=size):
        section = sections.setdefault(pub.kind, BoardSection(pub.get_kind_display(), []))
        url = base_url + reverse("verify-publication", args=[pub.pk]) + f"?size={size}"
        # One QR per publication, on its first line: its lines share one verification page.
        for n, line in enumerate(lines_of(pub)):
            section.lines.append(BoardLine(line["text"], line["amount"], line["note"], url if n == 0 else ""))
    township = village.parent
    county = township.parent if township else None
    sheet_url = base_url + reverse("verify-board", args=[village.code, period]) + f"?size={size}"
    return BoardSheet(
        village=village.name,
        township=township.name if township else "",
        county=county.name if county else "",
        period_label=period_label(period),
        title=f"{village.name}村务公开栏",
        sections=list(sections.values()),
        verify_url=sheet_url,
        checkpoint_label=f"透明日志检查点：长度 {size}，根哈希 {log.b64(bytes(checkpoint.root))[:16]}…"
        if checkpoint
        else "透明日志尚无检查点",
        published_label=f"依据 {period_label(period)} 已公开内容生成",
        paper=paper,
    )
