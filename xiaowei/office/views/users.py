"""User management in the back office, for roles with `accounts.manage` (admins), within their cover."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.accounts.models import User
from xiaowei.accounts.services import do_create_user, do_grant_membership, do_revoke_membership
from xiaowei.lib.errors import ServiceError
from xiaowei.office.forms.users import MembershipForm, UserCreateForm
from xiaowei.regions import access
from xiaowei.regions.models import Membership, Region
from xiaowei.regions.roles import Perm

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations  # a dev dependency: annotations only


class _Scoped(TypedDict):
    scoped: list[Membership]


def _managed_users(request: AuthenticatedHttpRequest) -> QuerySet[WithAnnotations[User, _Scoped]]:
    """Users holding at least one role inside the manager's cover, with those roles prefetched."""
    in_scope = Membership.objects.filter(access.scope_q(request.user, "region_id", Perm.MANAGE_USERS))
    return (
        User.objects.filter(memberships__in=in_scope)
        .distinct()
        .order_by("username")
        .prefetch_related(
            Prefetch("memberships", queryset=in_scope.select_related("region"), to_attr="scoped")
        )
    )


def _region_for(request: AuthenticatedHttpRequest, form: MembershipForm) -> Region | None:
    code = form.cleaned_data["region"]
    try:
        return access.access_region(request.user, code, perm=Perm.MANAGE_USERS)
    except (Http404, PermissionDenied):
        form.add_error("region", f"区划 {code} 不存在或不在您的管辖范围内")
        return None


@require_http_methods(["GET", "POST"])
@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.regions_for(request.user, Perm.MANAGE_USERS):
        raise PermissionDenied("您的角色不能管理用户")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (region := _region_for(request, form)):
        f = form.cleaned_data
        try:
            user = do_create_user(
                f["username"],
                password=f["password"],
                role=f["role"],
                region=region,
                display_name=f["display_name"],
                title=f["title"],
                actor=request.user,
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"已创建用户 {user.username}")
            return redirect("office-user", username=user.username)
    return render(request, "office/users.html", {"users": _managed_users(request), "form": form})


def _managed_user(request: AuthenticatedHttpRequest, username: str) -> WithAnnotations[User, _Scoped]:
    if not access.regions_for(request.user, Perm.MANAGE_USERS):
        raise PermissionDenied("您的角色不能管理用户")
    user = _managed_users(request).filter(username=username).first()
    if user is None:
        raise Http404("没有这个用户，或其不在您的管辖范围内")
    return user


@require_http_methods(["GET", "POST"])
@login_required
def user_detail(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    user = _managed_user(request, username)
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and (region := _region_for(request, form)):
        try:
            do_grant_membership(
                user,
                role=form.cleaned_data["role"],
                region=region,
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "已授予角色")
            return redirect("office-user", username=user.username)
    return render(request, "office/user_detail.html", {"person": user, "form": form})


@require_POST
@login_required
def membership_revoke(request: AuthenticatedHttpRequest, username: str, pk: int) -> HttpResponse:
    user = _managed_user(request, username)
    membership = next((m for m in user.scoped if m.pk == pk), None)
    if membership is None:
        raise Http404("没有这个任职")
    do_revoke_membership(membership, actor=request.user)
    messages.success(request, f"已撤销 {membership.get_role_display()} @ {membership.region.name}")
    return redirect("office-user", username=user.username)
