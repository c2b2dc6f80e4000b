"""The back office's page of a region (its workspace: children, links to what the user may do there) and
the form to edit its public profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.office.forms.regions import RegionProfileForm
from xiaowei.office.views.finance import uses_ledger
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm
from xiaowei.regions.services import do_update_region_profile


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
