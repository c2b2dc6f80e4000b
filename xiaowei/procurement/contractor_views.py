"""Pages of the contractor registry: the public list (no contact details) at /contractors/ and registration
in the office at /office/contractors/."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.procurement.models import Contractor
from xiaowei.procurement.services import do_register_contractor
from xiaowei.regions import access
from xiaowei.regions.roles import Perm


class ContractorForm(forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=30)
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=Contractor.Kind.choices)
    legal_person = forms.CharField(label="法定代表人/负责人", max_length=50)
    address = forms.CharField(label="住所", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话（不公开）", max_length=30, required=False)


def _search(request: HttpRequest):  # type: ignore[no-untyped-def]
    q = request.GET.get("q", "").strip()[:50]
    rows = Contractor.objects.filter(active=True)
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    return q, Paginator(rows.order_by("name"), 50).get_page(request.GET.get("page"))


@require_safe
def contractor_list(request: HttpRequest) -> HttpResponse:
    q, page = _search(request)
    return render(request, "procurement/contractors.html", {"q": q, "page": page})


@require_http_methods(["GET", "POST"])
@login_required
def contractor_register(request: HttpRequest) -> HttpResponse:
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
    q, page = _search(request)
    return render(request, "procurement/contractors_office.html", {"form": form, "q": q, "page": page})
