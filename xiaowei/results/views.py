"""Public pages of 办事结果: a region's results (masked, searchable) and a person's own lookup by name and
full identity number (rate-limited and logged; the answer looks the same whether or not anything is
found, so it cannot be used to find out who is in the records)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.lib.pii import check_id_number
from xiaowei.regions.models import Region
from xiaowei.results.present import categories_for
from xiaowei.results.selectors import results_page
from xiaowei.results.services import do_look_up_own_results


@require_safe
def result_list(request: HttpRequest, code: str) -> HttpResponse:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("没有这个区划")
    q = request.GET.get("q", "").strip()[:50]
    category = request.GET.get("category", "").strip()[:20]
    raw_page = request.GET.get("page", "1")
    page_no = int(raw_page) if raw_page.isdigit() and len(raw_page) < 7 else 1
    error = ""
    try:
        page = results_page(code, q=q, category=category, page=page_no)
    except ValueError as e:
        error = str(e)
        page = results_page(code, page=1)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "results/list.html",
        {
            "region": region,
            "ancestors": region.ancestors(),
            "page": page,
            "q": q,
            "category": category,
            "categories": categories_for(code),
            "error": error,
            "query": params.urlencode(),
        },
    )


class LookupForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(
        label="身份证号码（18 位）",
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def clean_id_number(self) -> str:
        try:
            return check_id_number(self.cleaned_data["id_number"])
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest) -> HttpResponse:
    """A villager's own results: name plus full identity number. At most
    XIAOWEI_LOOKUP_LIMIT lookups per address per 10 minutes; every lookup is audited (without the number)."""
    form = LookupForm(request.POST or None)
    found = None
    limited = False
    if request.method == "POST":
        key = f"results-lookup:{_client(request)}"
        count = cache.get_or_set(key, 0, 600) or 0
        if count >= settings.XIAOWEI_LOOKUP_LIMIT:
            limited = True
        else:
            cache.incr(key)
            if form.is_valid():
                found = do_look_up_own_results(
                    form.cleaned_data["name"], form.cleaned_data["id_number"], client=_client(request)
                )
                form = LookupForm()  # the number is not echoed back into the page
    return render(
        request,
        "results/lookup.html",
        {"form": form, "found": found, "limited": limited},
        status=429 if limited else 200,
    )
