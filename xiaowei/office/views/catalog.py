"""Back-office pages for administrators: revise a power item (a new version), add a township's 特色清单
item. The definition is edited as YAML, the same format as the catalogue file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import yaml
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.selectors import current_versions
from xiaowei.catalog.services import LOCAL_PREFIX, do_add_local_item, do_revise_item
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office.forms.catalog import DefinitionForm
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm

T = TypeVar("T")


def _save(form: DefinitionForm, call: Callable[..., T], request: AuthenticatedHttpRequest) -> T | None:
    """Run a catalogue service with the form's definition; problems go back onto the form."""
    try:
        return call(
            form.parsed(),
            effective_from=form.cleaned_data["effective_from"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except forms.ValidationError as e:
        form.add_error("definition", e)
    except ServiceError as e:
        add_service_error(form, e)
    return None


def _dump(definition: dict[str, Any]) -> str:
    return yaml.safe_dump(definition, allow_unicode=True, sort_keys=False, width=100)


@require_safe
@login_required
def catalog_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    roots = access.regions_for(request.user, Perm.MANAGE_CATALOG)
    if not roots:
        raise PermissionDenied("您的角色不能维护权力清单")
    county = access.has_perm(request.user, settings.XIAOWEI_HOME_REGION, Perm.MANAGE_CATALOG)
    today = timezone.localdate()
    items = [
        v
        for v in current_versions(None, today)
        if (v.item.region_id is None and county)
        or (v.item.region_id and access.has_perm(request.user, v.item.region_id, Perm.MANAGE_CATALOG))
    ]
    townships = [r for root in roots for r in Region.objects.under(root.code).filter(level="township")][:200]
    return render(request, "office/catalog.html", {"items": items, "townships": townships})


@require_http_methods(["GET", "POST"])
@login_required
def catalog_edit(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    item = PowerItem.objects.filter(code=code).first()
    if item is None:
        raise Http404("没有这项权力")
    access.check_region_code(
        request.user, item.region_id or settings.XIAOWEI_HOME_REGION, perm=Perm.MANAGE_CATALOG
    )
    current = item.versions.order_by("-number").first()
    form = DefinitionForm(
        request.POST or None,
        initial={
            "definition": _dump(current.definition) if current else "",
            "effective_from": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        version = _save(form, lambda definition, **kw: do_revise_item(item, definition, **kw), request)
        if version is not None:
            messages.success(request, f"已生成第 {version.number} 版，{version.effective_from} 起施行")
            return redirect("portal-power", code=item.code)
    return render(request, "office/catalog_edit.html", {"item": item, "current": current, "form": form})


def _local_template(township: Region) -> str:
    code = f"{LOCAL_PREFIX}{township.code}-01"
    return _dump(
        {
            "code": code,
            "category": "service",
            "name": f"{township.name}特色事项",
            "summary": "一句话说明",
            "executor": "村民委员会",
            "supervisor": "村务监督委员会；乡镇纪委",
            "flowcharts": [
                {
                    "code": f"{code}-1",
                    "name": "办理流程",
                    "steps": [
                        {
                            "key": "apply",
                            "name": "申请",
                            "role": "village_cadre",
                            "documents": ["application"],
                        },
                        {
                            "key": "publicity",
                            "name": "村内公示",
                            "role": "village_cadre",
                            "publicity_days": 5,
                            "publishes": True,
                            "documents": ["notice"],
                        },
                        {
                            "key": "township_review",
                            "name": "乡镇审核",
                            "role": "township_civil",
                            "outcome": True,
                            "documents": ["review_opinion"],
                        },
                    ],
                }
            ],
        }
    )


@require_http_methods(["GET", "POST"])
@login_required
def catalog_new_local(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    township = access.access_region(request.user, code, perm=Perm.MANAGE_CATALOG)
    if township.level != Region.Level.TOWNSHIP:
        raise Http404("特色清单只能由乡镇(街道)增设")
    form = DefinitionForm(
        request.POST or None,
        initial={
            "definition": _local_template(township),
            "effective_from": timezone.localdate(),
            "note": "新增特色清单事项",
        },
    )
    if request.method == "POST" and form.is_valid():
        item = _save(form, lambda definition, **kw: do_add_local_item(township, definition, **kw), request)
        if item is not None:
            messages.success(request, f"已增设 {item.code}")
            return redirect("portal-power", code=item.code)
    return render(
        request,
        "office/catalog_edit.html",
        {
            "township": township,
            "form": form,
        },
    )
