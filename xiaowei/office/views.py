"""The back office: what a signed-in user sees and does in their own regions. Thin: access, form,
service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.office.finance import has_voucher_queue, uses_ledger
from xiaowei.office.forms.audit import AuditFilterForm
from xiaowei.office.forms.regions import RegionProfileForm
from xiaowei.regions import access
from xiaowei.regions.audit_trail import events_for
from xiaowei.regions.models import Region
from xiaowei.regions.roles import PERM_NAMES, ROLE_CODES, Perm, Role
from xiaowei.regions.services import do_update_region_profile


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


@require_safe
@login_required
def region_workspace(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    context = {
        "region": region,
        "ancestors": [a for a in region.ancestors() if access.can_see(request.user, a.code)],
        "children": region.children.order_by("code"),
        "can_edit_profile": access.has_perm(request.user, code, Perm.EDIT_REGION_PROFILE),
        "can_audit": access.has_perm(request.user, code, Perm.VIEW_AUDIT),
        "can_start": access.has_perm(request.user, code, Perm.START_MATTERS),
        "uses_ledger": uses_ledger(request.user, code),
    }
    return render(request, "office/region.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def region_profile(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.access_region(request.user, code, perm=Perm.EDIT_REGION_PROFILE)
    if request.method == "POST":
        form = RegionProfileForm(request.POST)
        if form.is_valid():
            try:
                do_update_region_profile(region, actor=request.user, changes=form.cleaned_data)
            except ServiceError as e:
                form.add_error(None, e.message)
            else:
                messages.success(request, "已保存，公开页面已更新。")
                return redirect("office-region", code=region.code)
    else:
        form = RegionProfileForm(initial={f: getattr(region, f) for f in Region.PROFILE_FIELDS})
    return render(request, "office/profile_form.html", {"region": region, "form": form})


@require_safe
@login_required
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = events_for(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "office/audit_list.html", {"form": form, "page": page, "query": query.urlencode()})
