from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from xiaowei.accounts.models import User
from xiaowei.demo.regions import DEMO_PASSWORD, accounts_banner, demo_accounts, village_rows
from xiaowei.portal.signals import serving
from xiaowei.regions.models import Membership, Region
from xiaowei.regions.roles import ROLE_CODES, Role
from xiaowei.regions.services import RegionRow, do_import_regions

pytestmark = pytest.mark.django_db
SMALL = (
    "--projects",
    "20",
    "--assets",
    "10",
    "--results",
    "50",
    "--vouchers",
    "300",
)  # the county-scale parts have their own tests


def test_the_demo_county_has_real_townships_and_504_villages_and_is_idempotent() -> None:
    call_command("demo", *SMALL, stdout=StringIO())
    county = Region.objects.get(code="431382")
    assert county.name == "涟源市"
    city = county.parent
    assert city is not None and city.name == "娄底市"
    assert city.parent is not None and city.parent.name == "湖南省"
    assert Region.objects.filter(level="township", parent=county).count() == 20
    assert Region.objects.get(code="431382105").name == "桥头河镇"
    assert Region.objects.under("431382").filter(level="village").count() == 504
    counts = (Region.objects.count(), User.objects.count(), Membership.objects.count())

    out = StringIO()
    call_command("demo", *SMALL, stdout=out)
    assert "新建区划 0 个" in out.getvalue() and "工程项目 0 个" in out.getvalue()
    assert (Region.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_the_demo_is_deterministic() -> None:
    assert village_rows() == village_rows()
    assert len({r.name for r in village_rows() if len(r.code) == 12}) == 504


def test_there_is_a_demo_account_for_every_role_and_each_can_sign_in(client) -> None:
    call_command("demo", *SMALL, stdout=StringIO())
    assert {a.role for a in demo_accounts()} == set(ROLE_CODES)
    for account in demo_accounts():
        client.logout()
        r = client.post("/accounts/login/", {"username": account.username, "password": DEMO_PASSWORD})
        assert r.status_code == 302, account.username
        home = client.get("/office/")
        assert home.status_code == 200
        assert Role(account.role).label in home.content.decode()


def test_if_empty_leaves_an_existing_database_alone() -> None:
    do_import_regions([RegionRow(1, "43", "湖南省")], actor=None)
    out = StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert Region.objects.count() == 1


def test_serve_prints_the_demo_accounts_that_exist() -> None:
    def banner() -> list[str]:
        [(receiver, lines)] = serving.send(sender=None, url="http://127.0.0.1:8000/")
        assert receiver is accounts_banner
        return list(lines or [])

    assert banner() == []
    call_command("demo", *SMALL, stdout=StringIO())
    lines = banner()
    assert lines[0] == f"演示账号（密码均为 {DEMO_PASSWORD}），登录：http://127.0.0.1:8000/accounts/login/"
    assert lines[1:] == [f"  {a.username:<15} {a.title}" for a in demo_accounts()]
