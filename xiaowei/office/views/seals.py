"""The back office's seals page: a village's seals, their keepers and the log of their use (用印登记)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.accounts.models import User
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error, field_of
from xiaowei.matters import services
from xiaowei.matters.models import Resolution, Seal, SealUse
from xiaowei.office.forms.seals import SealForm, SealUseForm
from xiaowei.regions import access
from xiaowei.regions.models import Membership
from xiaowei.regions.roles import Perm, Role


def _village_people(code: str) -> list[tuple[str, str]]:
    rows = Membership.objects.filter(
        region_id=code, role__in=[Role.VILLAGE_CADRE, Role.VILLAGE_ACCOUNTANT, Role.VILLAGE_COMMITTEE]
    ).select_related("user")
    seen: dict[str, str] = {}
    for m in rows:
        seen.setdefault(str(m.user.pk), f"{m.user}（{m.get_role_display()}）")
    return sorted(seen.items(), key=lambda kv: kv[1])


@require_http_methods(["GET", "POST"])
@login_required
def seals(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    people = _village_people(village.code)
    village_seals = list(Seal.objects.filter(region=village).select_related("keeper"))
    seal_form = SealForm(
        request.POST if request.POST.get("form") == "seal" else None,
        initial={"registered_on": timezone.localdate()},
    )
    field_of(seal_form, "keeper", forms.ChoiceField).choices = people
    use_form = SealUseForm(
        request.POST if request.POST.get("form") == "use" else None, initial={"used_on": timezone.localdate()}
    )
    field_of(use_form, "seal", forms.ChoiceField).choices = [(str(s.pk), s.name) for s in village_seals]
    field_of(use_form, "approver", forms.ChoiceField).choices = people
    field_of(use_form, "resolution", forms.ChoiceField).choices = [("", "——")] + [
        (str(r.pk), f"{r.title}（{r.valid_from}–{r.valid_until}）")
        for r in Resolution.objects.filter(meeting__region=village).order_by("-valid_from")
    ]
    if request.method == "POST":
        try:
            if seal_form.is_bound and seal_form.is_valid():
                f = seal_form.cleaned_data
                services.do_register_seal(
                    village,
                    name=f["name"],
                    keeper=User.objects.get(pk=f["keeper"]),
                    registered_on=f["registered_on"],
                    actor=request.user,
                )
                messages.success(request, "印章已登记")
                return redirect("office-seals", code=village.code)
            if use_form.is_bound and use_form.is_valid():
                f = use_form.cleaned_data
                services.do_log_seal_use(
                    Seal.objects.get(pk=f["seal"], region=village),
                    used_on=f["used_on"],
                    purpose=f["purpose"],
                    reason=f["reason"],
                    document_title=f["document_title"],
                    copies=f["copies"],
                    approver=User.objects.get(pk=f["approver"]),
                    resolution=(
                        Resolution.objects.filter(pk=f["resolution"], meeting__region=village).first()
                        if f["resolution"]
                        else None
                    ),
                    actor=request.user,
                )
                messages.success(request, "用印已登记")
                return redirect("office-seals", code=village.code)
        except ServiceError as e:
            add_service_error(use_form if use_form.is_bound else seal_form, e)
    uses = SealUse.objects.filter(seal__region=village).select_related("seal", "approver", "keeper")
    return render(
        request,
        "office/seals.html",
        {
            "village": village,
            "seals": village_seals,
            "uses": uses.order_by("-used_on", "-id")[:200],
            "seal_form": seal_form,
            "use_form": use_form,
            "can_register": access.has_perm(request.user, code, Perm.MANAGE_SEALS),
            "is_keeper": any(s.keeper_id == request.user.pk for s in village_seals),
        },
    )
