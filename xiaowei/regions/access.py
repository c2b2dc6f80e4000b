"""Tenancy: the ONLY module that decides what a user may see and do.

A user acts through Memberships (role × region). A membership covers its region and everything under
it. Rules, applied the same way to pages and the API:
  * a region (or an object in a region) outside every membership's cover → 404, so nothing leaks;
  * inside the cover but no covering membership grants the permission → 403 (read-only).
Every list of non-public rows starts from `scope_q(user, field, perm)`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from xiaowei.regions.codes import under_q
from xiaowei.regions.models import Membership, Region
from xiaowei.regions.roles import ROLE_BODY, ROLE_PERMISSIONS, Body, Perm

M = TypeVar("M", bound=Model)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from xiaowei.accounts.models import User


# The grants are cached on the user object (one per request); not a field, so set and read by name.
_GRANTS_CACHE = "_xiaowei_grants"


@dataclass(frozen=True)
class Grant:
    region_code: str
    region_name: str
    role: str
    permissions: frozenset[str]

    def covers(self, code: str) -> bool:
        return code.startswith(self.region_code)


def grants_of(user: User | AnonymousUser) -> list[Grant]:
    """The user's memberships as grants, loaded once per user object (i.e. once per request)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, _GRANTS_CACHE, None)
    if cached is None:
        rows = Membership.objects.filter(user=user).select_related("region").order_by("region_id", "role")
        cached = [
            Grant(m.region_id, m.region.name, m.role, ROLE_PERMISSIONS.get(m.role, frozenset())) for m in rows
        ]
        setattr(user, _GRANTS_CACHE, cached)
    return cached


def forget_grants(user: User) -> None:
    """Drop the cached grants (after memberships change within the same request)."""
    if hasattr(user, _GRANTS_CACHE):
        delattr(user, _GRANTS_CACHE)


def has_perm(user: User | AnonymousUser, code: str, perm: str) -> bool:
    return any(g.covers(code) and perm in g.permissions for g in grants_of(user))


def can_see(user: User | AnonymousUser, code: str) -> bool:
    return any(g.covers(code) for g in grants_of(user))


def roles_on(user: User | AnonymousUser, code: str) -> frozenset[str]:
    """The roles the user holds on `code` (through memberships on it or above it)."""
    return frozenset(g.role for g in grants_of(user) if g.covers(code))


def check_region_code(user: User | AnonymousUser, code: str, *, perm: str) -> None:
    """404 if `code` is outside the user's cover, 403 if inside but `perm` is not granted there."""
    if not can_see(user, code):
        raise Http404("不在您的管辖范围内")
    if not has_perm(user, code, perm):
        raise PermissionDenied("您的角色在该辖区只有查看权限")


def access_region(user: User | AnonymousUser, code: str, *, perm: str) -> Region:
    """Return the region if the user holds `perm` there; 404 / 403 as described above."""
    check_region_code(user, code, perm=perm)
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise Http404("区划不存在") from None


def access_object(
    user: User | AnonymousUser, queryset: QuerySet[M], pk: object, *, perm: str, field: str = "region_id"
) -> M:
    """Fetch one row of a region-keyed table if the user holds `perm` on its region: 404 when the row
    does not exist or lies outside the user's cover (the two look the same), 403 when read-only."""
    obj = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if obj is None:
        raise Http404("没有找到")
    check_region_code(user, str(getattr(obj, field)), perm=perm)
    return obj


def scope_q(user: User | AnonymousUser, field: str, perm: str) -> Q:
    """Q selecting rows whose region code `field` lies where the user holds `perm`.

    Matches nothing for a user without such a grant, so a forgotten check fails closed.
    """
    q = Q(pk__in=[])
    for g in grants_of(user):
        if perm in g.permissions:
            q |= under_q(field, g.region_code)
    return q


def role_scope_q(user: User | AnonymousUser, field: str, roles: Collection[str]) -> Q:
    """Q selecting rows whose region code `field` lies where the user holds one of `roles` (queues of
    work for a role, e.g. the committee's vouchers). Matches nothing without such a grant."""
    q = Q(pk__in=[])
    for g in grants_of(user):
        if g.role in roles:
            q |= under_q(field, g.region_code)
    return q


def holds_any(user: User | AnonymousUser, roles: Collection[str]) -> bool:
    return any(g.role in roles for g in grants_of(user))


def regions_for(user: User | AnonymousUser, perm: str) -> list[Region]:
    """The top-most regions where the user holds `perm` (the roots of their workspace)."""
    codes = sorted({g.region_code for g in grants_of(user) if perm in g.permissions})
    roots = [c for c in codes if not any(c != other and c.startswith(other) for other in codes)]
    return list(Region.objects.filter(code__in=roots))


def bodies_on(user: User | AnonymousUser, code: str) -> list[Body]:
    """The 4+X bodies the user may sign for on `code`, from their roles there."""
    return sorted(
        {
            ROLE_BODY[g.role]
            for g in grants_of(user)
            if g.covers(code) and g.role in ROLE_BODY and Perm.SIGN_4X in g.permissions
        }
    )
