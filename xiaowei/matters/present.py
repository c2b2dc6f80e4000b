"""Plain dicts of matters for the API and templates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from xiaowei.catalog.present import step_dict
from xiaowei.matters.models import Matter, MatterStep


def step_row(s: MatterStep) -> dict[str, Any]:
    return {
        "seq": s.seq,
        "key": s.key,
        "name": s.name,
        "occurred_on": s.occurred_on,
        "actor": s.actor.username,
        "actor_role": s.actor_role,
        "meeting_id": s.meeting_id,
        "resolution_id": s.resolution_id,
        "document_ids": [d.pk for d in s.documents.all()],
        "publicity_start": s.publicity_start,
        "publicity_end": s.publicity_end,
        "note": s.note,
        "decision": s.decision,
        "published": s.published,
    }


def matter_dict(m: Matter, *, today: dt.date, with_steps: bool = False) -> dict[str, Any]:
    item = m.item_version.parsed
    chart = item.chart(m.chart_code)
    data: dict[str, Any] = {
        "id": m.pk,
        "region": m.region_id,
        "region_name": m.region.name,
        "item": item.code,
        "item_name": item.name,
        "version": m.item_version.number,
        "chart": chart.code,
        "chart_name": chart.name,
        "title": m.title,
        "attributes": m.attributes,
        "status": m.status,
        "started_on": m.started_on,
        "next_step": None,
        "due_on": m.due_on,
        "overdue": bool(m.due_on and today > m.due_on),
        "finished_on": m.finished_on,
    }
    if m.next_step_key:
        data["next_step"] = step_dict(chart.step(m.next_step_key))
    if with_steps:
        data["steps"] = [step_row(s) for s in m.steps.select_related("actor").prefetch_related("documents")]
    return data
