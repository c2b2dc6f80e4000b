"""Reading projects for public pages, the office and the API: filtered lists under a region, and one
project with everything its page shows, in a bounded number of queries (no N+1)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from xiaowei.lib.money import parse_yuan
from xiaowei.projects import rules
from xiaowei.projects.models import Project, ProjectDocument
from xiaowei.regions.codes import under_q


@dataclass(frozen=True)
class ProjectFilters:
    year: int | None = None
    stage: str = ""
    category: str = ""
    project_type: str = ""
    min_fen: int | None = None
    max_fen: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> tuple[ProjectFilters, list[str]]:
        """Filters from a query string; bad values are dropped and reported (in Chinese), never a 500."""
        errors: list[str] = []
        year = params.get("year", "").strip()
        stage = params.get("stage", "").strip()
        category = params.get("category", "").strip()
        ptype = params.get("type", "").strip()
        amounts: dict[str, int | None] = {}
        for key, label in (("min", "最低金额"), ("max", "最高金额")):
            raw = params.get(key, "").strip()
            amounts[key] = None
            if raw:
                try:
                    amounts[key] = parse_yuan(raw)
                except ValueError:
                    errors.append(f"{label}“{raw[:20]}”不是金额")
        if year and not (year.isdigit() and len(year) == 4):
            errors.append(f"年度“{year[:10]}”应为四位数字")
            year = ""
        if stage and stage not in rules.STAGES:
            errors.append("阶段不正确")
            stage = ""
        if category and category not in rules.CATEGORIES:
            errors.append("类别不正确")
            category = ""
        if ptype and ptype not in rules.PROJECT_TYPE_NAMES:
            errors.append("项目类型不正确")
            ptype = ""
        return (
            cls(
                year=int(year) if year else None,
                stage=stage,
                category=category,
                project_type=ptype,
                min_fen=amounts["min"],
                max_fen=amounts["max"],
                q=params.get("q", "").strip()[:50],
            ),
            errors,
        )


def projects_under(code: str, f: ProjectFilters) -> QuerySet[Project]:
    rows = Project.objects.filter(under_q("region_id", code))
    if f.year:
        rows = rows.filter(year=f.year)
    if f.stage:
        rows = rows.filter(stage=f.stage)
    if f.category:
        rows = rows.filter(category=f.category)
    if f.project_type:
        rows = rows.filter(project_type=f.project_type)
    if f.min_fen is not None:
        rows = rows.filter(budget_fen__gte=f.min_fen)
    if f.max_fen is not None:
        rows = rows.filter(budget_fen__lte=f.max_fen)
    if f.q:
        rows = rows.filter(title__contains=f.q)
    return rows.select_related("region", "award_contractor").order_by("-approved_on", "-id")


def project_detail(code: str) -> Project | None:
    """A project with its bids, sign-offs, events, payments and documents prefetched (six queries)."""
    return (
        Project.objects.select_related("region__parent", "decision_meeting", "award_contractor")
        .prefetch_related(
            "bids__contractor",
            "signoffs",
            "events",
            "payments",
            Prefetch("documents", queryset=ProjectDocument.objects.select_related("document")),
        )
        .filter(code=code)
        .first()
    )
