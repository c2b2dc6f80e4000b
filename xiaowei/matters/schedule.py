"""The disclosure schedule: what each village must publish and by when, generated from the data.

Defaults (docs/domain-notes.md §4, all county configuration under the setting "disclosure"): monthly finance
by day 10 of the next month; quarterly 村务公开 by day 20 of the quarter's next month; a matter's
publishing step (e.g. 决议公开 of a major matter) by the step's own deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from xiaowei.catalog.selectors import setting
from xiaowei.disclosure.models import Publication
from xiaowei.matters.models import Matter
from xiaowei.regions.models import Region


@dataclass(frozen=True)
class Obligation:
    region_code: str
    region_name: str
    kind: str
    title: str
    period: str
    due_on: dt.date
    published: bool
    link: str = ""  # a matter or publication id, for the page

    def status(self, today: dt.date) -> str:
        if self.published:
            return "published"
        return "overdue" if today > self.due_on else "due"


def rules(region_code: str) -> dict[str, int]:
    configured: dict[str, Any] = setting(region_code, "disclosure", {}) or {}
    return {
        "finance_due_day": int(configured.get("finance_due_day", settings.XIAOWEI_FINANCE_DUE_DAY)),
        "quarter_due_day": int(configured.get("quarter_due_day", settings.XIAOWEI_QUARTER_DUE_DAY)),
    }


def _months_before(today: dt.date, count: int) -> list[tuple[int, int]]:
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        out.append((year, month))
    return out


def _next_month_day(year: int, month: int, day: int) -> dt.date:
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, min(day, 28))


def obligations(villages: list[Region], today: dt.date, *, months: int = 3) -> list[Obligation]:
    """Obligations of the last `months` complete months and quarters, plus open matters' publishing steps."""
    if not villages:
        return []
    codes = [v.code for v in villages]
    names = {v.code: v.name for v in villages}
    published = set(
        Publication.objects.filter(region_id__in=codes).values_list("region_id", "kind", "period")
    )
    county_rules = rules(codes[0])
    out: list[Obligation] = []
    recent = _months_before(today, months)
    quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in recent}, reverse=True)
    for code in codes:
        for year, month in recent:
            period = f"{year}-{month:02d}"
            out.append(
                Obligation(
                    code,
                    names[code],
                    Publication.Kind.FINANCE,
                    f"{period} 财务收支公开",
                    period,
                    _next_month_day(year, month, county_rules["finance_due_day"]),
                    (code, Publication.Kind.FINANCE, period) in published,
                )
            )
        for year, q in quarters:
            last_month = 3 * q
            if (year, last_month) > (today.year, today.month) or (year, last_month) == (
                today.year,
                today.month,
            ):
                continue  # the quarter is not over yet
            period = f"{year}Q{q}"
            months_in = {f"{year}-{m:02d}" for m in range(last_month - 2, last_month + 1)}
            done = any((code, Publication.Kind.VILLAGE_AFFAIRS, p) in published for p in months_in | {period})
            out.append(
                Obligation(
                    code,
                    names[code],
                    Publication.Kind.VILLAGE_AFFAIRS,
                    f"{period} 村务公开",
                    period,
                    _next_month_day(year, last_month, county_rules["quarter_due_day"]),
                    done,
                )
            )
    open_matters = Matter.objects.filter(region_id__in=codes, status=Matter.Status.OPEN, due_on__isnull=False)
    for m in open_matters.select_related("item_version"):
        assert m.due_on is not None  # the filter above
        step = m.chart.step(m.next_step_key)
        if step.publishes:
            out.append(
                Obligation(
                    m.region_id,
                    names[m.region_id],
                    Publication.Kind.MATTER_STEP,
                    f"{m.title}：{step.name}",
                    "",
                    m.due_on,
                    False,
                    str(m.pk),
                )
            )
    return out
