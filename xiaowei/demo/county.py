"""County-scale demo data for 工程项目 and 资产资源: 4,520 projects and 2,948 assets across the 504 demo
villages, in every stage, generated deterministically (same seed, same data).

This is history being loaded, as a county migrating from its old platform would load it: rows are
written in bulk, not through one service call per stage (which would take half an hour). The history is
built to pass the same gates the services enforce (demo.projects, demo.assets), and tests check every
generated project and disposal against them. Every stage still publishes: one publication per OCDS
release, appended to the transparency log in batches (demo.batch).

Projects and assets share one random generator (projects first, then assets: the same seed gives the same
data), the villages' annual meetings that decide them, and the batch of publications.
"""

from __future__ import annotations

import random

from django.db import transaction

from xiaowei.accounts.models import User
from xiaowei.demo.assets import ASSETS, load_assets
from xiaowei.demo.batch import Batch, publish
from xiaowei.demo.projects import PROJECTS, annual_meetings, load_projects
from xiaowei.lib.db import analyze
from xiaowei.projects.models import Project
from xiaowei.projects.services import procurement_config
from xiaowei.regions.models import Region


def load_county_demo(*, projects: int = PROJECTS, assets: int = ASSETS, seed: int = 431382) -> dict[str, int]:
    """Generate the county's projects and assets (skipped when projects exist). Returns counts."""
    if Project.objects.exists():
        return {"projects": 0, "assets": 0, "publications": 0}
    with transaction.atomic():
        counts = _load(projects, assets, seed)
    # Autovacuum would analyse the new rows in a while; until then PostgreSQL's planner guesses a few
    # hundred rows where there are tens of thousands and sorts instead of walking the (region, id) index.
    analyze()
    return counts


def _load(n_projects: int, n_assets: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    actor = User.objects.get(username="admin")
    villages = list(Region.objects.filter(level="village").order_by("code"))
    config = procurement_config(villages[0].code)
    meetings = annual_meetings(villages, actor)
    batch = Batch()
    n_projects_made = load_projects(rng, villages, meetings, n_projects, actor, batch, config)
    n_assets_made = load_assets(rng, villages, meetings, n_assets, actor, batch, config.ocid_prefix)
    return {"projects": n_projects_made, "assets": n_assets_made, "publications": publish(batch)}
