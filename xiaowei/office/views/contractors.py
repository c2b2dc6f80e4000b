"""The back office's contractors page: the registry with contact details, and registering a contractor."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office.forms.contractors import ContractorForm
from xiaowei.procurement.selectors import contractor_page
from xiaowei.procurement.services import do_register_contractor
from xiaowei.regions import access
from xiaowei.regions.roles import Perm


@require_http_methods(["GET", "POST"])
@login_required
def contractor_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    regions = access.regions_for(request.user, Perm.MANAGE_CONTRACTORS)
    if not regions:
        raise PermissionDenied("您的角色不能登记承包商")
    form = ContractorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contractor = do_register_contractor(
                region_code=regions[0].code, actor=request.user, **form.cleaned_data
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, f"已登记 {contractor.name}")
            return redirect("office-contractors")
    q, page = contractor_page(request.GET)
    return render(request, "procurement/contractors_office.html", {"form": form, "q": q, "page": page})
