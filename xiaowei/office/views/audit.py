"""The back office's audit trail page: the events of the regions the user may audit, filtered and paged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.office.forms.audit import AuditFilterForm
from xiaowei.regions.audit_trail import events_for


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
