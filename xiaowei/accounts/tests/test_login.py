from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests_support.county import PASSWORD
from xiaowei.audit.models import AuditEvent
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db


def test_it_signs_in_and_audits_it(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    c = Client()
    r = c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/office/"
    assert AuditEvent.objects.filter(action="accounts.user.logged_in", actor=user).count() == 1
    # Sessions end after the configured idle time, and the cookie is not readable by scripts.
    assert 0 < c.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
    assert c.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_a_wrong_password_is_explained_and_audited(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    r = Client().post("/accounts/login/", {"username": user.username, "password": "nope"})
    assert r.status_code == 200
    assert "用户名或密码不正确" in r.content.decode()
    assert f'value="{user.username}"' in r.content.decode()  # what was typed stays
    assert AuditEvent.objects.filter(action="accounts.user.login_failed", object_id=user.username).exists()


def test_repeated_failures_lock_the_account_even_for_the_right_password(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    c = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        c.post("/accounts/login/", {"username": user.username, "password": "wrong-guess"})
    r = c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 429
    assert "暂时锁定" in r.content.decode()
    assert "_auth_user_id" not in c.session


def test_logout_needs_post_and_ends_the_session(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    c = Client()
    c.force_login(user)
    assert c.get("/accounts/logout/").status_code == 405
    assert c.post("/accounts/logout/").status_code == 302
    assert c.get("/office/").status_code == 302


def test_login_form_needs_csrf(make_user) -> None:
    user = make_user(Role.VILLAGE_CADRE)
    c = Client(enforce_csrf_checks=True)
    r = c.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert r.status_code == 403
