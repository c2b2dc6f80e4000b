"""`xiaowei user …` and `xiaowei token …`: the operator's way to add people and machine clients."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from xiaowei.accounts.models import ApiToken, User
from xiaowei.audit.models import AuditEvent
from xiaowei.regions.models import Membership

pytestmark = pytest.mark.django_db

VILLAGE = "431382105201"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_a_user_with_a_role_and_an_argon2_password(tree) -> None:
    out = _run(
        "user",
        "create",
        "wang",
        "--role",
        "village_cadre",
        "--region",
        VILLAGE,
        "--password",
        "a-long-passphrase",
        "--name",
        "王伟",
    )
    assert "已创建用户 wang" in out
    user = User.objects.get(username="wang")
    assert user.password.startswith("argon2")
    assert user.check_password("a-long-passphrase")
    assert list(user.memberships.values_list("role", "region_id")) == [("village_cadre", VILLAGE)]
    event = AuditEvent.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert event.origin == "cli"
    assert "a-long-passphrase" not in str(event.after)


def test_without_a_password_and_no_terminal_it_prints_a_random_one(tree) -> None:
    out = _run("user", "create", "li", "--role", "township_civil", "--region", "431382105")
    password = out.split("随机密码：")[1].strip()
    assert User.objects.get(username="li").check_password(password)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "mayor", "--region", VILLAGE], "角色“mayor”不存在"),
        (["--role", "village_cadre", "--region", "999999"], "区划代码 999999 不存在"),
        (["--role", "village_cadre", "--region", "431382105"], "只能设在村(社区)一级"),
        (["--role", "township_discipline", "--region", VILLAGE], "只能设在乡镇(街道)一级"),
        (["--role", "village_cadre", "--region", VILLAGE, "--password", "12345678"], "密码不符合要求"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tree, args: list[str], message: str) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(CommandError, match=re.escape(message)):
        _run(
            "user",
            "create",
            "zhao",
            *(args if "--password" in args else [*args, "--password", "long-enough-pw"]),
        )
    assert not User.objects.filter(username="zhao").exists()
    assert AuditEvent.objects.count() == events


def test_a_taken_username_is_refused(tree) -> None:
    _run(
        "user",
        "create",
        "wang",
        "--role",
        "village_cadre",
        "--region",
        VILLAGE,
        "--password",
        "long-enough-pw",
    )
    with pytest.raises(CommandError, match="已被使用"):
        _run(
            "user",
            "create",
            "WANG",
            "--role",
            "village_cadre",
            "--region",
            VILLAGE,
            "--password",
            "long-enough-pw",
        )


def test_grant_adds_a_second_role_and_list_shows_it(tree) -> None:
    _run(
        "user",
        "create",
        "wang",
        "--role",
        "village_cadre",
        "--region",
        VILLAGE,
        "--password",
        "long-enough-pw",
    )
    _run("user", "grant", "wang", "--role", "village_committee", "--region", "431382105202")
    assert Membership.objects.filter(user__username="wang").count() == 2
    assert "village_committee@431382105202" in _run("user", "list")
    with pytest.raises(CommandError, match="已在"):
        _run("user", "grant", "wang", "--role", "village_committee", "--region", "431382105202")


def test_token_create_prints_a_token_that_works_until_revoked(tree) -> None:
    _run(
        "user",
        "create",
        "kiosk",
        "--role",
        "county_supervisor",
        "--region",
        "431382",
        "--password",
        "long-enough-pw",
    )
    token = _run("token", "create", "kiosk").strip()
    assert token.startswith("xw_")
    row = ApiToken.objects.get()
    assert row.digest != token and token not in row.digest  # only the hash is stored
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    r = client.get("/api/v1/me")
    assert r.status_code == 200
    assert r.json()["memberships"][0]["region"] == {"code": "431382", "name": "涟源市", "level": "county"}
    assert "audit.view" in r.json()["memberships"][0]["permissions"]
    _run("token", "revoke", token[:10])
    assert client.get("/api/v1/me").status_code == 401
    assert Client(HTTP_AUTHORIZATION="Bearer xw_wrong").get("/api/v1/me").status_code == 401


def test_token_for_an_unknown_user_is_a_clear_error(tree) -> None:
    with pytest.raises(CommandError, match="用户 nobody 不存在"):
        _run("token", "create", "nobody")
