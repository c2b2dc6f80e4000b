"""Back-office pages for projects: the list of a region with a form to register one, and one workspace per
project that offers exactly the actions its stage and the user's roles allow (each action is one service
call; a refusal keeps what was typed and lists every reason), plus the 4+X queue of sign-offs waiting for
the user's body."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error
from xiaowei.office.actions import Action, handle
from xiaowei.office.forms import projects as pf
from xiaowei.projects import rules, selectors
from xiaowei.projects import services as project_services
from xiaowei.projects.models import Project, ProjectSignoff
from xiaowei.regions import access
from xiaowei.regions.roles import BODY_LABELS, Perm

# The steps of projects.services.available_actions.
PROJECT_ACTIONS: dict[str, Action[Project]] = {
    "cost_review": Action(
        "造价评审",
        pf.CostReviewForm,
        lambda p, f, u: project_services.do_review_cost(
            p,
            reviewed_cost_fen=f["reviewed_cost"],
            reviewer=f["reviewer"],
            reviewed_on=f["reviewed_on"],
            actor=u,
        ),
        "造价评审已登记并公开",
    ),
    "tender": Action(
        "发布采购公告",
        pf.TenderForm,
        lambda p, f, u: project_services.do_open_tender(
            p, route=f["route"], tender_on=f["tender_on"], bid_deadline=f["bid_deadline"], actor=u
        ),
        "公告已发布",
    ),
    "bid": Action(
        "登记报价",
        pf.BidForm,
        lambda p, f, u: project_services.do_record_bid(
            p,
            contractor_id=f["contractor"].pk,
            amount_fen=f["amount"],
            submitted_on=f["submitted_on"],
            valid=f["valid"],
            note=f["note"],
            actor=u,
        ),
        "报价已登记",
        form_kwargs=lambda p: {"category": p.category},
    ),
    "award": Action(
        "定标",
        pf.AwardForm,
        lambda p, f, u: project_services.do_award_project(
            p, contractor_id=f["contractor"].pk, awarded_on=f["awarded_on"], actor=u
        ),
        "定标结果已公开",
        form_kwargs=lambda p: {"project_id": p.pk},
    ),
    "contract": Action(
        "登记合同",
        pf.ContractForm,
        lambda p, f, u: project_services.do_sign_contract(
            p,
            contract_no=f["contract_no"],
            value_fen=f["value"],
            signed_on=f["signed_on"],
            start_on=f["start_on"],
            end_on=f["end_on"],
            actor=u,
        ),
        "合同已登记并公开",
    ),
    "construction": Action(
        "施工记录",
        pf.ConstructionForm,
        lambda p, f, u: project_services.do_report_construction(
            p,
            kind=f["kind"],
            occurred_on=f["occurred_on"],
            percent=f["percent"],
            amount_fen=f["amount"],
            note=f["note"],
            actor=u,
        ),
        "施工记录已登记并公开",
    ),
    "acceptance": Action(
        "竣工验收",
        pf.AcceptanceForm,
        lambda p, f, u: project_services.do_record_acceptance(
            p, accepted_on=f["accepted_on"], passed=f["passed"], note=f["note"], actor=u
        ),
        "验收已登记并公开",
    ),
    "settlement": Action(
        "结算审计",
        pf.SettlementForm,
        lambda p, f, u: project_services.do_settle_project(
            p, settled_fen=f["settled"], settled_on=f["settled_on"], auditor=f["auditor"], actor=u
        ),
        "结算审计已登记并公开",
    ),
    "payment": Action(
        "登记付款",
        pf.PaymentForm,
        lambda p, f, u: project_services.do_record_payment(
            p,
            paid_on=f["paid_on"],
            amount_fen=f["amount"],
            voucher_no=f["voucher_no"],
            note=f["note"],
            actor=u,
        ),
        "付款已登记并公开",
    ),
    "sign": Action(
        "“4+X”签字",
        pf.SignoffForm,
        lambda p, f, u: project_services.do_sign_stage(
            p, stage=f["stage"], agreed=f["agreed"], opinion=f["opinion"], signed_on=f["signed_on"], actor=u
        ),
        "签字已登记",
    ),
    "attach": Action(
        "附加材料",
        pf.AttachForm,
        lambda p, f, u: project_services.do_attach_document(
            p, document_id=f["document"].pk, stage=f["stage"], actor=u
        ),
        "材料已附加",
        form_kwargs=lambda p: {"region_code": p.region_id},
    ),
}


@require_http_methods(["GET", "POST"])
@login_required
def project_workspace(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    project = selectors.project_detail(code)
    if project is None:
        raise Http404("没有这个项目")
    access.check_region_code(request.user, project.region_id, perm=Perm.VIEW_OFFICE)
    offer = project_services.available_actions(project, request.user)
    outcome = handle(
        request,
        project,
        PROJECT_ACTIONS,
        offer.actions,
        back=lambda result: redirect("office-project", code=project.code),
        stale="该操作现在不能进行（阶段已变化或您的角色没有此权限）",
        extra={"sign": {"stages": offer.signable}},
    )
    if outcome.response:
        return outcome.response
    return render(
        request,
        "office/project.html",
        {
            "project": project,
            "stage_name": rules.STAGES[project.stage],
            "forms": outcome.shown,
            "posted": outcome.posted,
            "blocked": offer.blocked,
            "next_name": rules.STAGES.get(rules.next_stage(project_services.state_of(project)) or "", ""),
            "signoffs": project.signoffs.all(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_list(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    region = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    can_create = region.level == "village" and access.has_perm(request.user, code, Perm.MANAGE_PROJECTS)
    form = pf.ProjectCreateForm(request.POST or None, region_code=code) if can_create else None
    if request.method == "POST":
        access.check_region_code(request.user, code, perm=Perm.MANAGE_PROJECTS)
        assert form is not None
        if form.is_valid():
            f = form.cleaned_data
            try:
                project = project_services.do_create_project(
                    region_code=code,
                    title=f["title"],
                    category=f["category"],
                    project_type=f["project_type"],
                    year=f["year"],
                    budget_fen=f["budget"],
                    funding_source=f["funding_source"],
                    decision_meeting_id=f["decision_meeting"].pk,
                    approved_on=f["approved_on"],
                    description=f["description"],
                    location=f["location"],
                    actor=request.user,
                )
            except ServiceError as e:
                add_service_error(form, e)
            else:
                messages.success(request, f"已立项并公开：{project.code}")
                return redirect("office-project", code=project.code)
    filters, errors = selectors.ProjectFilters.from_query(request.GET)
    page = Paginator(selectors.projects_under(code, filters), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "office/projects.html",
        {"region": region, "form": form, "page": page, "errors": errors, "stages": rules.STAGES},
    )


@require_safe
@login_required
def signoff_queue(request: HttpRequest) -> HttpResponse:
    """Projects in the user's cover whose reached stages still wait for the user's 4+X body."""
    rows = (
        Project.objects.filter(access.scope_q(request.user, "region_id", Perm.SIGN_4X))
        .exclude(stage=Project.Stage.CLOSED)
        .select_related("region")
        .order_by("stage_on", "id")
    )
    projects = list(rows[:2000])
    signed: dict[int, dict[str, set[str]]] = {}
    for pid, stage, body in ProjectSignoff.objects.filter(project__in=projects, agreed=True).values_list(
        "project_id", "stage", "body"
    ):
        signed.setdefault(pid, {}).setdefault(stage, set()).add(body)
    waiting = []
    configs: dict[str, rules.Config] = {}
    for p in projects:
        config = configs.setdefault(p.region_id[:6], project_services.procurement_config(p.region_id))
        state = rules.ProjectState(
            category=p.category, stage=p.stage, budget_fen=p.budget_fen, signed=signed.get(p.pk, {})
        )
        mine = access.bodies_on(request.user, p.region_id)
        for stage, needed in project_services.waiting_signoffs(state, config, mine):
            waiting.append(
                {"project": p, "stage": rules.STAGES[stage], "bodies": [BODY_LABELS[b] for b in needed]}
            )
        if len(waiting) >= 200:
            break
    return render(request, "office/signoffs.html", {"waiting": waiting})
