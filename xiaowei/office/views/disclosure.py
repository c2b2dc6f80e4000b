"""Back-office disclosure: drafts prepared by the village, reviewed and signed by the 村务监督委员会,
published into the log; corrections; and the schedule of what is due or overdue for supervisors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.disclosure import services
from xiaowei.disclosure.models import Draft, Publication
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.matters import schedule
from xiaowei.office.forms.disclosure import DraftForm, ReviewForm
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm, Role


@require_http_methods(["GET", "POST"])
@login_required
def drafts(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    initial = {}
    corrects = None
    if pk := request.GET.get("corrects"):
        corrects = Publication.objects.filter(pk=pk, region=village).first() if pk.isdigit() else None
        if corrects:
            initial = {
                "kind": corrects.kind if corrects.kind != "matter_step" else "other",
                "title": f"更正：{corrects.title}",
                "period": corrects.period,
                "corrects": corrects.pk,
            }
    form = DraftForm(request.POST or None, initial=initial)
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.PREPARE_DISCLOSURE)
        if form.is_valid():
            f = form.cleaned_data
            target = (
                Publication.objects.filter(pk=f["corrects"], region=village).first()
                if f["corrects"]
                else None
            )
            try:
                services.do_create_draft(
                    village,
                    kind=f["kind"],
                    title=f["title"],
                    period=f["period"] or "",
                    lines=form.parsed_lines(),
                    display_days=f["display_days"] or 0,
                    corrects=target,
                    correction_reason=f["correction_reason"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, "草稿已保存，等待村务监督委员会审核")
                return redirect("office-drafts", code=village.code)
    roles = access.roles_on(request.user, village.code)
    return render(
        request,
        "office/drafts.html",
        {
            "village": village,
            "form": form,
            "corrects": corrects,
            "drafts": Draft.objects.filter(region=village)
            .select_related("created_by", "signed_by")
            .order_by("-id")[:100],
            "can_prepare": access.has_perm(request.user, code, Perm.PREPARE_DISCLOSURE),
            "can_review": Role.VILLAGE_COMMITTEE in roles,
            "review_form": ReviewForm(),
        },
    )


def _draft(request: AuthenticatedHttpRequest, pk: int) -> Draft:
    return access.access_object(request.user, Draft.objects.all(), pk, perm=Perm.VIEW_OFFICE)


@require_POST
@login_required
def draft_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.do_review_draft(
                draft,
                agreed=form.cleaned_data["agreed"],
                opinion=form.cleaned_data["opinion"],
                actor=request.user,
            )
        except ServiceError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "已审核")
    return redirect("office-drafts", code=draft.region_id)


@require_POST
@login_required
def draft_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = _draft(request, pk)
    try:
        pub = services.do_publish_draft(draft, actor=request.user)
    except ServiceError as e:
        messages.error(request, e.message)
        return redirect("office-drafts", code=draft.region_id)
    messages.success(request, f"已公开，并记入透明日志第 {pub.leaf_index} 条")
    return redirect("verify-publication", pk=pub.pk)


@require_safe
@login_required
def schedule_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.regions_for(request.user, Perm.VIEW_AUDIT):
        raise PermissionDenied("您的角色不能查看公开督查")
    villages = list(
        Region.objects.filter(
            access.scope_q(request.user, "code", Perm.VIEW_AUDIT), level=Region.Level.VILLAGE
        ).order_by("code")[:1000]
    )
    today = timezone.localdate()
    items = [(o, o.status(today)) for o in schedule.obligations(villages, today)]
    only = request.GET.get("status", "overdue")
    if only in ("overdue", "due", "published"):
        items = [(o, s) for o, s in items if s == only]
    items.sort(key=lambda t: (t[0].due_on, t[0].region_code))
    return render(
        request,
        "office/schedule.html",
        {"items": items[:500], "count": len(items), "status": only, "today": today},
    )
