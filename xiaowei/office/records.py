"""Back-office pages for a village's meetings, resolutions, evidence files and seals."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.accounts.models import User
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error, field_of
from xiaowei.lib.money import parse_yuan
from xiaowei.matters import services
from xiaowei.matters.models import Document, Meeting, Resolution, Seal, SealUse
from xiaowei.office.forms.documents import DocumentForm
from xiaowei.office.forms.meetings import MeetingForm, ResolutionForm
from xiaowei.office.forms.seals import SealForm, SealUseForm
from xiaowei.regions import access
from xiaowei.regions.models import Membership
from xiaowei.regions.roles import Perm, Role


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


@require_http_methods(["GET", "POST"])
@login_required
def documents(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.UPLOAD_DOCUMENTS)
        if form.is_valid():
            try:
                services.do_upload_document(
                    village,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, "材料已上传")
                return redirect("office-documents", code=village.code)
    rows = (
        Document.objects.filter(region=village).select_related("uploaded_by").order_by("-uploaded_at")[:200]
    )
    return render(
        request,
        "office/documents.html",
        {
            "village": village,
            "form": form,
            "documents": rows,
            "can_upload": access.has_perm(request.user, code, Perm.UPLOAD_DOCUMENTS),
        },
    )


@require_safe
@login_required
def document_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    doc = access.access_object(request.user, Document.objects.all(), pk, perm=Perm.VIEW_OFFICE)
    # FileResponse encodes a non-ASCII file name properly (RFC 6266 filename*).
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type or "application/octet-stream",
        filename=doc.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
