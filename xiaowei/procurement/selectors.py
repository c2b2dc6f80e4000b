"""Reading the contractor registry for its two pages: the public list (procurement/views/contractors.py)
and the office's registration page (office/views/contractors.py)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import QueryDict

from xiaowei.procurement.models import Contractor


def contractor_page(params: QueryDict) -> tuple[str, Page[Contractor]]:
    """The query `?q=` as read, and the page `?page=` of the active contractors by name whose name contains
    it or whose 统一社会信用代码 starts with it (all of them when it is empty)."""
    q = params.get("q", "").strip()[:50]
    rows = Contractor.objects.filter(active=True)
    if q:
        rows = rows.filter(Q(name__contains=q) | Q(uscc__startswith=q.upper()))
    return q, Paginator(rows.order_by("name"), 50).get_page(params.get("page"))
