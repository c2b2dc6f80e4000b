"""The back office's home page: what a signed-in user holds (roles, regions, permissions) and where to go."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.office.views.finance import has_voucher_queue
from xiaowei.regions import access
from xiaowei.regions.roles import PERM_NAMES, ROLE_CODES, Perm, Role


@require_safe
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    grants = [
        {
            "grant": g,
            "role_label": Role(g.role).label if g.role in ROLE_CODES else g.role,
            "perms": [PERM_NAMES[p] for p in sorted(g.permissions) if p in PERM_NAMES],
        }
        for g in access.grants_of(request.user)
    ]
    context = {
        "grants": grants,
        "can_audit": bool(access.regions_for(request.user, Perm.VIEW_AUDIT)),
        "can_sign": bool(access.regions_for(request.user, Perm.SIGN_4X)),
        "can_manage_users": bool(access.regions_for(request.user, Perm.MANAGE_USERS)),
        "can_manage_catalog": bool(access.regions_for(request.user, Perm.MANAGE_CATALOG)),
        "can_manage_contractors": bool(access.regions_for(request.user, Perm.MANAGE_CONTRACTORS)),
        "has_voucher_queue": has_voucher_queue(request.user),
    }
    return render(request, "office/home.html", context)
