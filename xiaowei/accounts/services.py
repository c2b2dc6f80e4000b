"""Services that change users, memberships and API tokens. One transaction and one audit event each."""

from __future__ import annotations

import re
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from xiaowei.accounts.models import ApiToken, User
from xiaowei.audit.log import record
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.regions.access import forget_grants
from xiaowei.regions.models import Membership, Region
from xiaowei.regions.roles import ROLE_CODES, ROLE_LEVELS, Role

_USERNAME = re.compile(r"^[A-Za-z0-9_.@+-]{2,150}$")


def _check_role_region(role: str, region: Region) -> None:
    if role not in ROLE_CODES:
        raise InvalidInput(f"角色“{role}”不存在。可用角色：{', '.join(Role)}", code="bad_role")
    if region.level not in ROLE_LEVELS[role]:
        allowed = "、".join(Region.Level(level).label for level in sorted(ROLE_LEVELS[role]))
        raise InvalidInput(
            f"角色“{Role(role).label}”只能设在{allowed}一级，"
            f"而 {region.code} {region.name} 是{region.level_name}",
            code="bad_role_region",
        )


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as e:
        raise InvalidInput("密码不符合要求：" + "；".join(e.messages), code="bad_password") from None


def _home_region_code(user: User | None) -> str:
    """Where events about a user are filed, so supervisors of that region see them."""
    if user is None:
        return ""
    return (
        Membership.objects.filter(user=user).order_by("region_id").values_list("region_id", flat=True).first()
        or ""
    )


def _membership_dict(m: Membership) -> dict[str, str]:
    return {"role": m.role, "region": m.region_id, "title": m.title}


@transaction.atomic(durable=True)
def do_create_user(
    username: str,
    *,
    password: str,
    role: str,
    region: Region,
    display_name: str = "",
    title: str = "",
    actor: User | None,
) -> User:
    """Create a user together with their first role, so nobody exists without a place in the tree."""
    if not _USERNAME.match(username):
        raise InvalidInput("用户名只能包含字母、数字和 _ . @ + -，长度 2–150", code="bad_username")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"用户名“{username}”已被使用", code="username_taken")
    _check_role_region(role, region)
    user = User(username=username, display_name=display_name)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    membership = Membership.objects.create(user=user, region=region, role=role, title=title)
    record(
        "accounts.user.created",
        actor=actor,
        obj=user,
        region_code=region.code,
        after={
            "username": username,
            "display_name": display_name,
            "membership": _membership_dict(membership),
        },
    )
    return user


@transaction.atomic(durable=True)
def do_grant_membership(
    user: User, *, role: str, region: Region, title: str = "", actor: User | None
) -> Membership:
    _check_role_region(role, region)
    if Membership.objects.filter(user=user, region=region, role=role).exists():
        raise InvalidInput(f"{user.username} 已在 {region.name} 担任 {Role(role).label}", code="duplicate")
    membership = Membership.objects.create(user=user, region=region, role=role, title=title)
    forget_grants(user)
    record(
        "regions.membership.granted",
        actor=actor,
        obj=membership,
        region_code=region.code,
        after={"user": user.username, **_membership_dict(membership)},
    )
    return membership


@transaction.atomic(durable=True)
def do_revoke_membership(membership: Membership, *, actor: User | None) -> None:
    before = {"user": membership.user.username, **_membership_dict(membership)}
    record(
        "regions.membership.revoked",
        actor=actor,
        obj=membership,
        region_code=membership.region_id,
        before=before,
    )
    membership.delete()
    forget_grants(membership.user)


@transaction.atomic(durable=True)
def do_set_password(user: User, password: str, *, actor: User | None) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # The password itself never goes into the audit trail.
    record("accounts.user.password_changed", actor=actor, obj=user, region_code=_home_region_code(user))


@transaction.atomic(durable=True)
def do_create_api_token(user: User, *, name: str = "", actor: User | None) -> tuple[ApiToken, str]:
    """Make a new bearer token for `user`. Returns the row and the token, which is not stored anywhere."""
    if not user.is_active:
        raise ServiceError(f"用户 {user.username} 已停用，不能签发令牌", code="inactive_user")
    token = ApiToken.PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, digest=ApiToken.digest_of(token), hint=token[:10])
    record(
        "accounts.token.created",
        actor=actor,
        obj=row,
        region_code=_home_region_code(user),
        after={"user": user.username, "name": name, "hint": row.hint},
    )
    return row, token


@transaction.atomic(durable=True)
def do_revoke_api_token(row: ApiToken, *, actor: User | None) -> None:
    if row.revoked_at is not None:
        raise ServiceError("该令牌已作废", code="already_revoked")
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    record(
        "accounts.token.revoked",
        actor=actor,
        obj=row,
        region_code=_home_region_code(row.user),
        after={"user": row.user.username, "hint": row.hint},
    )


@transaction.atomic(durable=True)
def do_record_login(user: User | None, *, success: bool, username: str = "") -> None:
    """Audit a sign-in attempt (called from the auth signals; the actor is the person signing in)."""
    if success:
        record("accounts.user.logged_in", actor=user, obj=user, region_code=_home_region_code(user))
    else:
        record("accounts.user.login_failed", actor=None, object_type="accounts.user", object_id=username[:64])
