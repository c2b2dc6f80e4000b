"""The public page of the contractor registry: the list at /contractors/ (no contact details)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from xiaowei.procurement.selectors import contractor_page


@require_safe
def contractor_list(request: HttpRequest) -> HttpResponse:
    q, page = contractor_page(request.GET)
    return render(request, "procurement/contractors.html", {"q": q, "page": page})
