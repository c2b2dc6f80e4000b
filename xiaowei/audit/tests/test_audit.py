"""Every service writes exactly one audit event; no path changes or deletes one."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import RequestFactory

from xiaowei.accounts.models import User
from xiaowei.accounts.services import (
    do_create_api_token,
    do_create_user,
    do_grant_membership,
    do_revoke_api_token,
    do_revoke_membership,
    do_set_password,
)
from xiaowei.audit.models import AppendOnlyError, AuditEvent
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.origin import origin
from xiaowei.regions.models import Membership, Region
from xiaowei.regions.roles import Role
from xiaowei.regions.services import RegionRow, do_import_regions, do_update_region_profile

pytestmark = pytest.mark.django_db

VILLAGE = "431382105201"


def _services(actor: User) -> list[tuple[str, Callable[[], object]]]:
    village = Region.objects.get(code=VILLAGE)
    return [
        (
            "accounts.user.created",
            lambda: do_create_user(
                "newbie",
                password="a-long-passphrase",
                role=Role.VILLAGE_ACCOUNTANT,
                region=village,
                actor=actor,
            ),
        ),
        (
            "regions.membership.granted",
            lambda: do_grant_membership(actor, role=Role.VILLAGE_COMMITTEE, region=village, actor=actor),
        ),
        (
            "regions.membership.revoked",
            lambda: do_revoke_membership(
                Membership.objects.get(user=actor, role=Role.VILLAGE_CADRE), actor=actor
            ),
        ),
        ("accounts.user.password_changed", lambda: do_set_password(actor, "another-passphrase", actor=actor)),
        ("accounts.token.created", lambda: do_create_api_token(actor, name="kiosk", actor=actor)),
        (
            "accounts.token.revoked",
            lambda: do_revoke_api_token(do_create_api_token(actor, actor=None)[0], actor=actor),
        ),
        (
            "regions.profile.updated",
            lambda: do_update_region_profile(village, actor=actor, changes={"intro": "新简介"}),
        ),
        (
            "regions.tree.imported",
            lambda: do_import_regions([RegionRow(1, "431382105299", "新村")], actor=actor),
        ),
    ]


@pytest.mark.parametrize("index", range(8))
def test_each_service_writes_exactly_one_event(index: int, make_user) -> None:
    actor = make_user(Role.VILLAGE_CADRE)
    action, call = _services(actor)[index]
    before = AuditEvent.objects.count()
    with origin("web", "203.0.113.9"):
        call()
    new = list(AuditEvent.objects.order_by("id")[before:])
    if action == "accounts.token.revoked":  # making the token to revoke is a service call of its own
        assert [e.action for e in new] == ["accounts.token.created", action]
    else:
        assert [e.action for e in new] == [action]
    event = new[-1]
    assert event.actor == actor
    assert event.actor_label == actor.username
    assert event.origin == "web"
    assert event.ip == "203.0.113.9"


def test_the_event_records_before_and_after(make_user) -> None:
    actor = make_user(Role.VILLAGE_CADRE)
    village = Region.objects.get(code=VILLAGE)
    do_update_region_profile(village, actor=actor, changes={"intro": "甲", "office_hours": "全天"})
    do_update_region_profile(village, actor=actor, changes={"intro": "乙", "office_hours": "全天"})
    event = AuditEvent.objects.filter(action="regions.profile.updated").latest("id")
    assert event.before == {"intro": "甲"}
    assert event.after == {"intro": "乙"}
    assert event.region_code == VILLAGE
    assert event.object_type == "regions.region" and event.object_id == VILLAGE


def test_a_refused_service_writes_nothing(make_user) -> None:
    actor = make_user(Role.VILLAGE_CADRE)
    before = AuditEvent.objects.count()
    with pytest.raises(InvalidInput):
        do_update_region_profile(Region.objects.get(code=VILLAGE), actor=actor, changes={"name": "改名"})
    with pytest.raises(InvalidInput):
        do_create_user(
            "x",
            password="a-long-passphrase",
            role="mayor",
            region=Region.objects.get(code=VILLAGE),
            actor=actor,
        )
    assert AuditEvent.objects.count() == before
    assert not User.objects.filter(username="x").exists()


def test_record_refuses_to_run_outside_a_transaction(db) -> None:
    from xiaowei.audit.log import record

    # (The test's own transaction does not count: see lib.db.in_service_transaction.)
    with pytest.raises(RuntimeError, match="transaction"):
        record("x.y.z", actor=None)
    with transaction.atomic():
        assert record("x.y.z", actor=None).action == "x.y.z"


@pytest.fixture
def event(make_user) -> AuditEvent:
    make_user(Role.VILLAGE_CADRE)
    return AuditEvent.objects.latest("id")


def test_the_model_refuses_changes_and_deletes(event: AuditEvent) -> None:
    event.action = "forged"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "accounts.user.created"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_raw_sql_changes(event: AuditEvent, sql: str) -> None:
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.get(pk=event.pk).action == "accounts.user.created"


def test_postgres_refuses_truncate(event: AuditEvent) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists only on PostgreSQL")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_admin_is_read_only(event: AuditEvent) -> None:
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.has_view_permission(request, event)


def test_the_office_list_filters_and_keeps_bad_input(make_user, client) -> None:
    supervisor = make_user(Role.COUNTY_SUPERVISOR)
    cadre = make_user(Role.VILLAGE_CADRE)
    do_update_region_profile(Region.objects.get(code=VILLAGE), actor=cadre, changes={"intro": "<b>新</b>"})
    client.force_login(supervisor)
    page = client.get("/office/audit/?action=regions.profile").content.decode()
    assert "regions.profile.updated" in page
    assert "accounts.user.created" not in page
    assert "&lt;b&gt;" in page and "<b>新</b>" not in page  # escaped
    r = client.get("/office/audit/?region=12345&action=x")
    assert r.status_code == 200
    body = r.content.decode()
    assert "区划代码“12345”无效" in body
    assert 'value="x"' in body  # the user's input stays in the form
    r = client.get("/office/audit/?since=not-a-date")
    assert r.status_code == 200
