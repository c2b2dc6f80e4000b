"""Reading publications for pages."""

from __future__ import annotations

from django.db.models import QuerySet

from xiaowei.disclosure.models import Publication


def timeline(subject_type: str, subject_id: str) -> QuerySet[Publication]:
    """What was published about one subject (a project, an asset), in log order."""
    return Publication.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("leaf_index")
