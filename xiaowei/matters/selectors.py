"""The matters a user may see, filtered; one path for the office list and the API."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from xiaowei.matters.models import Matter
from xiaowei.regions import access
from xiaowei.regions.codes import under_q
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User


def matters_for(
    user: User | AnonymousUser, *, today: dt.date, region: str = "", status: str = "", overdue: bool = False
) -> QuerySet[Matter]:
    """Most recently started first; 404 for a region outside the user's cover."""
    qs = Matter.objects.filter(access.scope_q(user, "region_id", Perm.VIEW_OFFICE))
    if region:
        access.check_region_code(user, region, perm=Perm.VIEW_OFFICE)
        qs = qs.filter(under_q("region_id", region))
    if status in Matter.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=Matter.Status.OPEN, due_on__lt=today)
    return qs.select_related("region", "item_version__item").order_by("-started_on", "-id")
