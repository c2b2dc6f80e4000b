"""What of a project goes into the search index: title, code, location and the awarded contractor's
name. Every project is public. Written by do_create_project and do_award_project and by the demo loader."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xiaowei.projects.models import Project
from xiaowei.search import registry
from xiaowei.search.index import Row

KIND = "project"


def _rows(ids: list[int]) -> Iterator[Row]:
    rows = Project.objects.filter(pk__in=ids).values_list(
        "pk", "region_id", "title", "code", "location", "award_contractor__name"
    )
    for pk, region, title, code, location, contractor in rows:
        yield pk, region, [title, code, location, contractor or ""]


def _all() -> list[int]:
    return list(Project.objects.values_list("pk", flat=True))


SEARCH_KIND = registry.Kind(KIND, "工程项目", _rows, _all)


def index_projects(ids: Iterable[int]) -> int:
    return registry.index(KIND, ids)
