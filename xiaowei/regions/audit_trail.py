"""The audit events a user may read, filtered; one path for the office page and the API.

It lives here, not in audit, because it is a scope decision: the audit app sits below regions (every
service records through it), so it cannot ask regions.access who may see what."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from xiaowei.audit.models import AuditEvent
from xiaowei.regions import access
from xiaowei.regions.codes import under_q
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_for(
    user: User | AnonymousUser,
    *,
    region: str = "",
    action: str = "",
    actor: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Newest first; 403 without `audit.view` anywhere, 404 for a region outside the user's cover."""
    if not access.regions_for(user, Perm.VIEW_AUDIT):
        raise PermissionDenied("您的角色不能查看审计日志")
    events = AuditEvent.objects.filter(access.scope_q(user, "region_code", Perm.VIEW_AUDIT))
    if region:
        access.check_region_code(user, region, perm=Perm.VIEW_AUDIT)
        events = events.filter(under_q("region_code", region))
    if action:
        events = events.filter(action__startswith=action)
    if actor:
        events = events.filter(actor_label=actor)
    if since:
        events = events.filter(at__gte=_day_start(since))
    if until:
        events = events.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    return events.order_by("-at", "-id")
