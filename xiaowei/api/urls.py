"""The JSON API under /api/v1/: thin endpoints over the same access module and services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, JsonResponse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.api.assets import router as assets_router
from xiaowei.api.auth import AUTH
from xiaowei.api.errors import error_response
from xiaowei.api.finance import router as finance_router
from xiaowei.api.matters import router as matters_router
from xiaowei.api.powers import router as powers_router
from xiaowei.api.projects import router as projects_router
from xiaowei.api.results import router as results_router
from xiaowei.api.schemas import (
    AuditEventOut,
    AuditPage,
    Error,
    MeOut,
    ProfileIn,
    ProfileOut,
    RegionOut,
    WorkspaceOut,
)
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.matters.services import StepRefused
from xiaowei.regions import access
from xiaowei.regions.audit_trail import events_for
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm, Role
from xiaowei.regions.services import do_update_region_profile

api = NinjaAPI(
    title="小微 Xiaowei API",
    version="1",
    description=(
        "村级小微权力监督的公开与业务接口。错误均为 JSON：`code`（稳定代码）与 `message`（中文说明）。"
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api-v1",
)

ERRORS = {401: Error, 403: Error, 404: Error, 422: Error}

api.add_router("/powers", powers_router)
api.add_router("/", projects_router)
api.add_router("/", assets_router)
api.add_router("/", results_router)
api.add_router("/", finance_router)
api.add_router("/", matters_router, auth=AUTH)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response("not_found", str(exc) or "没有找到", 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response("forbidden", str(exc) or "没有权限", 403)


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: Exception) -> JsonResponse:
    return error_response("unauthorized", "需要登录，或在 Authorization 头里提供有效的 Bearer 令牌", 401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> JsonResponse:
    errors = [
        {"field": ".".join(str(p) for p in e.get("loc", [])[1:]), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error_response("invalid", "请求数据不合法", 422, errors=errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    # e.g. a request body that is not JSON at all
    return error_response("bad_request", f"请求无法解析：{exc}", exc.status_code)


@api.exception_handler(ServiceError)
def _refused(request: HttpRequest, exc: ServiceError) -> JsonResponse:
    if isinstance(exc, StepRefused):
        # A step the flowchart refuses: 403 when only the role is wrong, else 422; every rule listed.
        status = 403 if {r.kind for r in exc.refusals} == {"wrong_role"} else 422
        errors = [{"kind": r.kind, "message": r.message} for r in exc.refusals]
        return error_response(exc.code, exc.message, status, errors=errors)
    if exc.code == "wrong_role":
        return error_response(exc.code, exc.message, 403)
    extra = {"errors": exc.errors} if isinstance(exc, InvalidInput) else {}
    return error_response(exc.code, exc.message, 422 if isinstance(exc, InvalidInput) else 409, **extra)


def _brief(r: Region) -> dict[str, str]:
    return {"code": r.code, "name": r.name, "level": r.level}


# --- /regions ------------------------------------------------------------------------------------


@api.get("/regions/{code}", response={200: RegionOut, 404: Error}, tags=["区划"], auth=None)
def region_detail(request: HttpRequest, code: str) -> dict[str, object]:
    """一个区划及其直接下级（公开数据，无需登录）。"""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(f"区划代码 {code} 不存在")
    return {
        **_brief(region),
        "parent": region.parent_id,
        "children": [_brief(c) for c in region.children.all()],
    }


@api.patch("/regions/{code}/profile", response={200: ProfileOut, **ERRORS}, tags=["区划"], auth=AUTH)
def region_profile_update(request: AuthenticatedHttpRequest, code: str, data: ProfileIn) -> Region:
    """修改村(社区)的公开信息。需要该辖区的“维护公开信息”权限。"""
    region = access.access_region(request.user, code, perm=Perm.EDIT_REGION_PROFILE)
    changes = data.dict(exclude_none=True)
    return do_update_region_profile(region, actor=request.user, changes=changes)


@api.get("/workspace/{code}", response={200: WorkspaceOut, **ERRORS}, tags=["区划"], auth=AUTH)
def workspace(request: AuthenticatedHttpRequest, code: str) -> dict[str, object]:
    """您在某辖区的工作台：区划、公开信息，以及您在这里拥有的权限。辖区以外返回 404。"""
    region = access.access_region(request.user, code, perm=Perm.VIEW_OFFICE)
    perms = sorted({p for g in access.grants_of(request.user) if g.covers(code) for p in g.permissions})
    return {
        **_brief(region),
        "parent": region.parent_id,
        "profile": region,
        "permissions": perms,
        "children": [_brief(c) for c in region.children.all()],
    }


# --- /me ----------------------------------------------------------------------------------------


@api.get("/me", response={200: MeOut, 401: Error}, tags=["账号"], auth=AUTH)
def me(request: AuthenticatedHttpRequest) -> dict[str, object]:
    """当前用户及其角色、辖区和权限。"""
    user = request.user
    levels = dict(
        Region.objects.filter(code__in=[g.region_code for g in access.grants_of(user)]).values_list(
            "code", "level"
        )
    )
    return {
        "username": user.username,
        "display_name": getattr(user, "display_name", ""),
        "memberships": [
            {
                "role": g.role,
                "role_name": Role(g.role).label,
                "region": {
                    "code": g.region_code,
                    "name": g.region_name,
                    "level": levels.get(g.region_code, ""),
                },
                "permissions": sorted(g.permissions),
            }
            for g in access.grants_of(user)
        ],
    }


# --- /audit -------------------------------------------------------------------------------------


class AuditFilter(Schema):
    region: str | None = None
    action: str | None = None
    limit: int = 50
    offset: int = 0


@api.get("/audit/events", response={200: AuditPage, **ERRORS}, tags=["审计"], auth=AUTH)
def audit_events(request: AuthenticatedHttpRequest, filters: Query[AuditFilter]) -> dict[str, object]:
    """审计日志（最新在前），只含您有“查看审计日志”权限的辖区。"""
    if not 1 <= filters.limit <= 200 or filters.offset < 0:
        raise InvalidInput("limit 应在 1–200 之间，offset 不能为负数", code="invalid")
    events = events_for(request.user, region=filters.region or "", action=filters.action or "")
    rows = events[filters.offset : filters.offset + filters.limit]
    return {
        "count": events.count(),
        "results": [
            AuditEventOut(
                id=e.id,
                at=e.at,
                actor=e.actor_label,
                action=e.action,
                object_type=e.object_type,
                object_id=e.object_id,
                region_code=e.region_code,
                before=e.before,
                after=e.after,
                origin=e.origin,
            )
            for e in rows
        ],
    }
