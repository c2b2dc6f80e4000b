"""The search registry through the real services: projects, assets and booked vouchers are found by any
2+-character substring of their fields, nothing else is, at village, township and county scope;
vouchers that are not booked are never in the index; the demo loaders index what they create."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tests_support.county import COUNTY, TOWN_A, TOWN_B, VILLAGE_A, VILLAGE_A2, VILLAGE_B
from tests_support.finance import MARCH, book, draft
from tests_support.projects import D, ProjectWorld
from xiaowei.accounts.models import User
from xiaowei.assets import services as asset_services
from xiaowei.assets.models import Asset
from xiaowei.demo.county import load_county_demo
from xiaowei.demo.regions import load_demo
from xiaowei.finance import services as finance_services
from xiaowei.finance.models import Voucher
from xiaowei.finance.search_text import index_vouchers
from xiaowei.matters import services as matter_services
from xiaowei.projects.models import Project
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role
from xiaowei.search.index import search
from xiaowei.search.models import SearchEntry
from xiaowei.search.registry import reindex_all

PROJECT, ASSET, VOUCHER = "project", "asset", "voucher"

pytestmark = pytest.mark.django_db

SCOPES = (COUNTY, TOWN_A, TOWN_B, VILLAGE_A, VILLAGE_A2, VILLAGE_B)


def found(kind: str, q: str, region: str | None = COUNTY) -> set[int]:
    count, ids = search(kind, q, region_code=region, limit=100)
    assert count == len(ids)
    return set(ids)


def assert_same_as_a_scan(
    kind: str, queries: list[str], fields: Callable[[Any], list[str]], rows: list[Any]
) -> None:
    """Every query at every scope finds exactly the rows where each of its pieces is in one of the fields."""
    for q in queries:
        for scope in SCOPES:
            expected = {
                r.pk
                for r in rows
                if r.region_id.startswith(scope) and all(any(w in f for f in fields(r)) for w in q.split())
            }
            assert found(kind, q, scope) == expected, (q, scope)


@pytest.fixture
def cadres(pw: ProjectWorld, make_user) -> dict[str, User]:
    """A village cadre for each of the three villages (two in one township, one in the other)."""
    return {
        VILLAGE_A: pw.cadre,
        VILLAGE_A2: make_user(Role.VILLAGE_CADRE, region=VILLAGE_A2, username="cadre_a2"),
        VILLAGE_B: pw.other_cadre,
    }


def _project_in(pw: ProjectWorld, village: str, cadre: User, title: str, **changes: Any) -> Project:
    """A project in another village, decided by that village's own meeting, registered by its cadre."""
    region = Region.objects.get(code=village)
    meeting = matter_services.do_record_meeting(
        region,
        kind="representatives",
        subject="议题",
        held_on=D,
        notice_on=D - dt.timedelta(days=15),
        expected=30,
        present=30,
        votes_for=30,
        votes_against=0,
        votes_abstain=0,
        actor=cadre,
    )
    return pw.project(region_code=region.code, title=title, meeting=meeting, actor=cadre, **changes)


def test_it_finds_projects_by_any_substring_of_title_code_and_location(
    pw: ProjectWorld, cadres: dict[str, User]
) -> None:
    a = pw.project(title="村部至三组道路硬化", location="三组老屋场")
    a2 = _project_in(pw, VILLAGE_A2, cadres[VILLAGE_A2], "二组山塘清淤", location="二组")
    b = _project_in(pw, VILLAGE_B, cadres[VILLAGE_B], "七组道路拓宽", location="七组河边")
    rows = [a, a2, b]
    queries = [
        "道路",
        "硬化",
        "组道",
        "路硬化",
        "三组",
        "山塘",
        "河边",
        "老屋场",
        "路拓",
        "道路 拓宽",
        "路山",
    ]
    assert_same_as_a_scan(PROJECT, queries, lambda p: [p.title, p.location], rows)
    assert found(PROJECT, "道路") == {a.pk, b.pk}
    assert found(PROJECT, "道路", VILLAGE_A) == {a.pk} and found(PROJECT, "道路", TOWN_B) == {b.pk}
    assert found(PROJECT, "塘清") == {a2.pk} and found(PROJECT, "塘清", VILLAGE_A) == set()
    assert found(PROJECT, "化二") == set()  # never across two records or two fields
    assert found(PROJECT, a.code) == {a.pk} and found(PROJECT, "2026-001") == {a.pk, a2.pk, b.pk}


def test_the_awarded_contractor_is_searchable(pw: ProjectWorld) -> None:
    p = pw.project(title="组级道路硬化")
    assert found(PROJECT, "示范道路") == set()
    pw.advance(p, "award")
    assert found(PROJECT, "示范道路") == {p.pk}  # 涟源市示范道路工程有限公司
    assert found(PROJECT, "道路硬化") == {p.pk}  # re-indexed, not lost


def _asset(village: str, cadre: User, name: str, location: str) -> Asset:
    return asset_services.do_register_asset(
        region_code=village, name=name, kind="resource", subkind="water", location=location, actor=cadre
    )


def test_it_finds_assets_by_name_location_and_code(cadres: dict[str, User]) -> None:
    a = _asset(VILLAGE_A, cadres[VILLAGE_A], "东头鱼塘", "一组东头")
    a2 = _asset(VILLAGE_A2, cadres[VILLAGE_A2], "村部仓库", "二组大塘边")
    b = _asset(VILLAGE_B, cadres[VILLAGE_B], "西冲山塘", "七组西冲")
    rows = [a, a2, b]
    queries = ["鱼塘", "山塘", "东头", "大塘", "塘边", "西冲", "仓库", "头鱼", "塘东", "组西冲"]
    assert_same_as_a_scan(ASSET, queries, lambda r: [r.name, r.location], rows)
    assert found(ASSET, "东头") == {a.pk}  # in name and location: one hit
    with pytest.raises(ValueError, match="至少两个字"):
        found(ASSET, "塘")
    assert found(ASSET, a2.code) == {a2.pk} and found(ASSET, "-A0001") == {a.pk, a2.pk, b.pk}


def test_only_booked_vouchers_are_found(world: Any) -> None:
    pending = draft(world, summary="修缮村部屋顶", payee="涟源市建材店", amount=50_000)
    booked = book(world, draft(world))  # 购买办公用品, 涟源市文具店
    rejected = draft(world, summary="购买办公桌椅")
    finance_services.do_reject_voucher(rejected, reason="无发票", actor=world.committee)
    assert found(VOUCHER, "办公") == {booked.pk}
    assert found(VOUCHER, "文具店") == {booked.pk}
    assert found(VOUCHER, "付字第1号") == {booked.pk} and found(VOUCHER, "2026-03付") == {booked.pk}
    assert found(VOUCHER, "屋顶") == set() and found(VOUCHER, "建材") == set()
    assert found(VOUCHER, "桌椅") == set()
    assert found(VOUCHER, "办公", VILLAGE_A) == {booked.pk}
    assert found(VOUCHER, "办公", TOWN_A) == {booked.pk}
    assert found(VOUCHER, "办公", VILLAGE_B) == set() and found(VOUCHER, "办公", TOWN_B) == set()
    # Asked to index vouchers that are not booked, it writes nothing for them.
    assert index_vouchers([pending.pk, rejected.pk]) == 0
    assert not SearchEntry.objects.filter(kind=VOUCHER, object_id__in=[pending.pk, rejected.pk]).exists()


def test_a_reversal_is_found_and_the_original_stays(world: Any) -> None:
    original = book(world, draft(world, kind="receipt"))  # 收鱼塘租金
    reversal = finance_services.do_reverse_voucher(
        original, made_on=MARCH, reason="金额有误", actor=world.agency
    )
    assert reversal.status == Voucher.Status.BOOKED
    assert found(VOUCHER, "鱼塘租金") == {original.pk}
    assert found(VOUCHER, "冲销") == {reversal.pk} and found(VOUCHER, "金额有误") == {reversal.pk}


def test_reindex_all_rebuilds_what_was_lost(pw: ProjectWorld) -> None:
    p = pw.project(title="村部至三组道路硬化")
    a = _asset(VILLAGE_A, pw.cadre, "东头鱼塘", "一组东头")
    v = book(pw.w, draft(pw.w))
    SearchEntry.objects.filter(kind__in=[PROJECT, ASSET, VOUCHER]).delete()
    assert found(PROJECT, "道路") == found(ASSET, "鱼塘") == found(VOUCHER, "办公") == set()
    assert reindex_all() == {PROJECT: 1, ASSET: 1, VOUCHER: 1}
    assert (found(PROJECT, "道路"), found(ASSET, "鱼塘"), found(VOUCHER, "办公")) == ({p.pk}, {a.pk}, {v.pk})
    call_command("search", "reindex", "--kind", "asset", stdout=(out := StringIO()))
    assert out.getvalue().strip() == "asset: 1"


def test_the_demo_indexes_every_project_and_asset() -> None:
    load_demo()  # the demo county and its accounts
    load_county_demo(projects=40, assets=30)
    assert SearchEntry.objects.filter(kind=PROJECT).count() == Project.objects.count() == 40
    assert SearchEntry.objects.filter(kind=ASSET).count() == Asset.objects.count()
    for p in Project.objects.all()[:10]:
        assert p.pk in found(PROJECT, p.title, p.region_id)
    for a in Asset.objects.all()[:10]:
        assert a.pk in found(ASSET, a.name, a.region_id)
