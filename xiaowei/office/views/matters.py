"""Back-office pages for matters: start one, see what the flowchart asks next, record steps, sign."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.present import chart_dict, step_dict
from xiaowei.catalog.selectors import current_versions
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.matters import services
from xiaowei.matters.models import Matter
from xiaowei.matters.selectors import matters_for
from xiaowei.office.forms.matters import SignForm, StartMatterForm, StepForm, WithdrawForm
from xiaowei.regions import access
from xiaowei.regions.roles import Perm, Role


@require_safe
@login_required
def matter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    region = request.GET.get("region", "").strip()
    status = request.GET.get("status", "")
    today = timezone.localdate()
    qs = matters_for(
        request.user, today=today, region=region, status=status, overdue=bool(request.GET.get("overdue"))
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "office/matters.html",
        {"page": page, "today": today, "status": status, "region": region, "statuses": Matter.Status.choices},
    )


@require_http_methods(["GET", "POST"])
@login_required
def matter_new(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    village = access.access_region(request.user, code, perm=Perm.START_MATTERS)
    item_code = request.GET.get("item") or request.POST.get("item")
    if not item_code:
        versions = current_versions(village.code, timezone.localdate())
        return render(request, "office/matter_choose.html", {"village": village, "versions": versions})
    item = PowerItem.objects.filter(code=item_code).first()
    version = item.version_on(timezone.localdate()) if item else None
    if item is None or version is None:
        raise Http404("没有这项权力")
    declared = {a.key: a for c in version.parsed.flowcharts for a in c.attributes}
    form = StartMatterForm(request.POST or None, attributes=list(declared.values()))
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.do_start_matter(
                village,
                item,
                title=form.cleaned_data["title"],
                attributes=form.attribute_values(),
                started_on=form.cleaned_data["started_on"],
                actor=request.user,
            )
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, f"事项已发起，适用流程图 {matter.chart_code}")
            return redirect("office-matter", pk=matter.pk)
    charts = [chart_dict(version.parsed, c) for c in version.parsed.flowcharts]
    return render(
        request,
        "office/matter_new.html",
        {"village": village, "item": item, "version": version, "form": form, "charts": charts},
    )


def _matter(request: AuthenticatedHttpRequest, pk: int) -> Matter:
    return access.access_object(
        request.user, Matter.objects.select_related("region", "item_version"), pk, perm=Perm.VIEW_OFFICE
    )


def _detail(
    request: AuthenticatedHttpRequest,
    matter: Matter,
    *,
    step_form: StepForm | None = None,
    sign_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    chart = matter.chart
    roles = access.roles_on(request.user, matter.region_id)
    step = chart.step(matter.next_step_key) if matter.next_step_key else None
    can_record = bool(step and roles & set(step.roles))
    if step and can_record and step_form is None:
        step_form = StepForm(step=step, region_code=matter.region_id)
    signed = {(s.step_key, s.role): s for s in matter.signoffs.select_related("user")}
    sign_forms = []
    if step:
        for role in step.signoffs:
            if role in roles and (step.key, role) not in signed:
                sign_forms.append((Role(role).label, SignForm(initial={"role": role, "step": step.key})))
    em = services.engine_matter(matter)
    context = {
        "matter": matter,
        "item": matter.item,
        "chart": chart,
        "today": today,
        "steps": matter.steps.select_related("actor", "meeting", "resolution").prefetch_related("documents"),
        "plan": [step_dict(s) for s in em.plan()],
        "done": {d.key for d in em.done},
        "next": step_dict(step) if step else None,
        "step_form": step_form,
        "can_record": can_record,
        "signoffs": list(signed.values()),
        "sign_forms": sign_forms,
        "sign_errors": sign_errors or [],
        "overdue": bool(matter.due_on and today > matter.due_on),
        "can_withdraw": matter.status == Matter.Status.OPEN
        and access.has_perm(request.user, matter.region_id, Perm.START_MATTERS),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "office/matter.html", context, status=status)


@require_safe
@login_required
def matter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _matter(request, pk))


@require_POST
@login_required
def matter_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    if not matter.next_step_key:
        messages.error(request, "该事项没有待办步骤")
        return redirect("office-matter", pk=matter.pk)
    step = matter.chart.step(matter.next_step_key)
    form = StepForm(request.POST, step=step, region_code=matter.region_id)
    if form.is_valid():
        f = form.cleaned_data
        try:
            services.do_record_step(
                matter,
                step.key,
                occurred_on=f["occurred_on"],
                actor=request.user,
                meeting=f.get("meeting"),
                resolution=f.get("resolution"),
                documents=list(f.get("documents") or []),
                publicity=form.publicity(),
                note=f.get("note", ""),
                decision=f.get("decision", ""),
                person_id=f.get("person_id", ""),
            )
        except services.StepRefused as e:
            for r in e.refusals:
                form.add_error(None, r.message)
        except ServiceError as e:
            add_service_error(form, e)
        else:
            messages.success(request, f"已记录“{step.name}”")
            return redirect("office-matter", pk=matter.pk)
    return _detail(request, matter, step_form=form, status=422)


@require_POST
@login_required
def matter_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _detail(request, matter, sign_errors=["签署内容不完整"], status=422)
    f = form.cleaned_data
    try:
        services.do_sign_step(
            matter, f["step"], role=f["role"], agreed=f["agreed"], opinion=f["opinion"], actor=request.user
        )
    except ServiceError as e:
        return _detail(request, matter, sign_errors=[e.message, *getattr(e, "errors", [])], status=422)
    messages.success(request, "已签署意见")
    return redirect("office-matter", pk=matter.pk)


@require_POST
@login_required
def matter_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    matter = _matter(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.do_withdraw_matter(matter, reason=form.cleaned_data["reason"], actor=request.user)
        except (ServiceError, InvalidInput) as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "事项已撤回")
    else:
        messages.error(request, "请写明撤回原因")
    return redirect("office-matter", pk=matter.pk)
