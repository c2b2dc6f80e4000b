"""Admins manage users and roles in the back office, inside their own cover only."""

from __future__ import annotations

import pytest
from django.test import Client

from xiaowei.accounts.models import User
from xiaowei.audit.models import AuditEvent
from xiaowei.regions.models import Membership
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db

NEW = {
    "username": "xiaoli",
    "display_name": "李小",
    "password": "a-long-passphrase",
    "role": "village_accountant",
    "region": "431382105202",
    "title": "报账员",
}


@pytest.fixture
def admin_client(make_user) -> Client:
    c = Client()
    c.force_login(make_user(Role.ADMIN))
    return c


def test_an_admin_creates_a_user_in_scope(admin_client: Client) -> None:
    r = admin_client.post("/office/users/", NEW)
    assert r.status_code == 302
    user = User.objects.get(username="xiaoli")
    assert user.check_password("a-long-passphrase")
    assert AuditEvent.objects.get(action="accounts.user.created", object_id=str(user.pk)).origin == "web"
    page = admin_client.get("/office/users/").content.decode()
    assert "xiaoli" in page and "村报账员 · 乙村" in page


def test_out_of_scope_region_and_bad_input_keep_the_form(admin_client: Client) -> None:
    r = admin_client.post("/office/users/", {**NEW, "region": "431381100"})
    assert r.status_code == 200
    assert "不在您的管辖范围内" in r.content.decode()
    assert 'value="xiaoli"' in r.content.decode()
    r = admin_client.post("/office/users/", {**NEW, "region": "431382105"})  # a village role on a township
    assert "只能设在村(社区)一级" in r.content.decode()
    r = admin_client.post("/office/users/", {**NEW, "region": "abc", "password": "short"})
    assert r.status_code == 200
    assert not User.objects.filter(username="xiaoli").exists()


def test_grant_and_revoke_are_audited(admin_client: Client) -> None:
    admin_client.post("/office/users/", NEW)
    r = admin_client.post("/office/users/xiaoli/", {"role": "village_committee", "region": "431382106201"})
    assert r.status_code == 302
    m = Membership.objects.get(user__username="xiaoli", role="village_committee")
    r = admin_client.post(f"/office/users/xiaoli/memberships/{m.pk}/revoke/")
    assert r.status_code == 302
    assert not Membership.objects.filter(pk=m.pk).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="regions.membership")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["regions.membership.granted", "regions.membership.revoked"]


def test_non_admins_cannot_manage_and_admins_cannot_see_other_counties(make_user) -> None:
    supervisor = Client()
    supervisor.force_login(make_user(Role.COUNTY_SUPERVISOR))
    assert supervisor.get("/office/users/").status_code == 403
    assert supervisor.post("/office/users/", NEW).status_code == 403
    admin = Client()
    admin.force_login(make_user(Role.ADMIN))
    outsider = make_user(Role.ADMIN, region="431381", username="lengshuijiang")
    assert admin.get(f"/office/users/{outsider.username}/").status_code == 404
    assert "lengshuijiang" not in admin.get("/office/users/").content.decode()
