"""The back office's meetings page: a village's meetings with their votes, and the resolutions they pass."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.lib.money import parse_yuan
from xiaowei.matters import services
from xiaowei.matters.models import Meeting
from xiaowei.office.forms.meetings import MeetingForm, ResolutionForm
from xiaowei.regions import access
from xiaowei.regions.roles import Perm


@require_http_methods(["GET", "POST"])
@login_required
def meetings(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    can_record = access.has_perm(request.user, code, Perm.RECORD_MEETINGS)
    form = MeetingForm(request.POST or None, region_code=village.code)
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.RECORD_MEETINGS)
        if form.is_valid():
            f = form.cleaned_data
            try:
                meeting = services.do_record_meeting(
                    village,
                    kind=f["kind"],
                    subject=f["subject"],
                    held_on=f["held_on"],
                    notice_on=f["notice_on"],
                    expected=f["expected"],
                    present=f["present"],
                    votes_for=f["votes_for"],
                    votes_against=f["votes_against"],
                    votes_abstain=f["votes_abstain"] or 0,
                    attendees=f["attendees"],
                    minutes=f["minutes"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                if meeting.passed:
                    messages.success(request, "会议已登记：表决通过")
                else:
                    messages.warning(request, "会议已登记，但按规则未通过：" + "；".join(meeting.reasons))
                return redirect("office-meetings", code=village.code)
    rows = (
        Meeting.objects.filter(region=village).select_related("resolution").order_by("-held_on", "-id")[:100]
    )
    return render(
        request,
        "office/meetings.html",
        {
            "village": village,
            "form": form,
            "meetings": rows,
            "can_record": can_record,
            "resolution_form": ResolutionForm(),
        },
    )


@require_POST
@login_required
def resolution_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_object(request.user, Meeting.objects.all(), pk, perm=Perm.RECORD_MEETINGS)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        f = form.cleaned_data
        try:
            cap = parse_yuan(f["amount_cap"]) if f["amount_cap"] else None
            services.do_record_resolution(
                meeting,
                kind=f["kind"],
                title=f["title"],
                scope=f["scope"],
                valid_from=f["valid_from"],
                valid_until=f["valid_until"],
                amount_cap_fen=cap,
                actor=request.user,
            )
        except ValueError as e:
            messages.error(request, str(e))
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已登记为决议，之后的事项可以引用")
    else:
        messages.error(
            request, "决议信息不完整：" + "；".join(str(m) for errs in form.errors.values() for m in errs)
        )
    return redirect("office-meetings", code=meeting.region_id)
