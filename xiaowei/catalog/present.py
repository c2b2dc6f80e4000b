"""Plain dicts of the catalogue for the API and templates (one shape, used by both)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from xiaowei.catalog.charts import DOCUMENT_KINDS, Flowchart, Item, Step
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.regions.roles import Role


def step_dict(step: Step) -> dict[str, Any]:
    return {
        "key": step.key,
        "name": step.name,
        "roles": list(step.roles),
        "role_names": [Role(r).label for r in step.roles],
        "meeting": step.meeting.kind if step.meeting else None,
        "meeting_name": MEETING_KINDS[step.meeting.kind] if step.meeting else None,
        "strict_property_rule": bool(step.meeting and step.meeting.strict_when),
        "documents": list(step.documents),
        "document_names": [DOCUMENT_KINDS[d] for d in step.documents],
        "signoffs": list(step.signoffs),
        "resolution": step.resolution,
        "publicity_days": step.publicity_days,
        "deadline_days": step.deadline_days,
        "publishes": step.publishes,
        "outcome": step.outcome,
        "condition": step.when.describe() if step.when else None,
        "note": step.note,
    }


def chart_dict(item: Item, chart: Flowchart) -> dict[str, Any]:
    return {
        "code": chart.code,
        "name": chart.name,
        "condition": chart.applies_when.describe() if chart.applies_when else None,
        "attributes": [
            {
                "key": a.key,
                "label": a.label,
                "type": a.type,
                "required": a.required,
                "choices": [{"value": k, "label": v} for k, v in a.choices],
            }
            for a in chart.attributes
        ],
        "steps": [step_dict(s) for s in chart.steps],
        "url": reverse("portal-chart", args=[item.code, chart.code]),
    }


def item_dict(item: Item) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "category": item.category,
        "summary": item.summary,
        "basis": [{"law": b.law, "article": b.article} for b in item.basis],
        "documents": [{"title": d.title, "number": d.number} for d in item.documents],
        "executor": item.executor,
        "supervisor": item.supervisor,
        "risk_points": list(item.risk_points),
        "url": reverse("portal-power", args=[item.code]),
        "flowcharts": [chart_dict(item, c) for c in item.flowcharts],
    }
