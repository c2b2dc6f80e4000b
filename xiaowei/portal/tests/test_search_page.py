"""The portal search page (/search/, /kiosk/search/): hits of every kind, grouped with counts and linked to
their public pages, in their public form only; scoped by region; short queries get a message."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests_support.county import TOWN_B, VILLAGE_A, VILLAGE_B
from tests_support.finance import book, draft
from tests_support.projects import ProjectWorld
from xiaowei.demo.results import id_number, write_csv
from xiaowei.portal.views import search as search_views
from xiaowei.projects.models import Project
from xiaowei.results.importer import import_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pw: ProjectWorld, tmp_path: Path) -> dict[str, Any]:
    from xiaowei.assets.services import do_register_asset

    project = pw.project(title="村部至三组道路硬化")
    asset = do_register_asset(
        region_code=VILLAGE_A,
        name="三组道路边鱼塘",
        kind="resource",
        subkind="water",
        location="三组",
        actor=pw.cadre,
    )
    voucher = book(pw.w, draft(pw.w, summary="三组道路养护材料费"))
    unbooked = draft(pw.w, summary="三组道路路灯电费")
    number = id_number(random.Random(7))
    row = [VILLAGE_A, "canji", "王建国", number, "3", "1200.00", "2026-03", "2026-03-10", "三组道路旁"]
    import_results(write_csv(tmp_path / "r.csv", [row]), actor=None, scope="431382")
    return {"project": project, "asset": asset, "voucher": voucher, "unbooked": unbooked, "id_number": number}


def get(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_every_kind_grouped_with_counts_and_links(data: dict[str, Any]) -> None:
    html = get("/search/?q=三组道路")
    project, asset = data["project"], data["asset"]
    for label in ("办事结果", "工程项目", "资产资源", "财务凭证"):
        assert f"<h2>{label} " in html
    assert "“三组道路”共找到 4 条" in html
    assert f'href="/projects/{project.code}/"' in html and "村部至三组道路硬化" in html
    assert f'href="/assets/{asset.code}/"' in html and "三组道路边鱼塘" in html
    assert f'href="/r/{VILLAGE_A}/finance/?month=2026-03"' in html and "三组道路养护材料费" in html
    assert "路灯电费" not in html  # not booked: not public
    # The result in its public form only (残疾人两项补贴: the name partly hidden), never the identity number.
    assert "王*国 · 残疾人两项补贴" in html
    assert "王建国" not in html and data["id_number"] not in html
    assert f'href="/r/{VILLAGE_A}/results/?q=' in html


def test_a_voucher_is_found_by_payee_and_only_once_booked(data: dict[str, Any]) -> None:
    html = get("/search/?q=文具店&kind=voucher")
    assert "涟源市文具店" in html and "“文具店”共找到 1 条" in html
    html = get("/search/?q=电费")
    assert "路灯电费" not in html and "“电费”共找到 0 条" in html


def test_it_is_scoped_by_region(data: dict[str, Any]) -> None:
    assert "村部至三组道路硬化" in get(f"/search/?q=道路硬化&region={VILLAGE_A}")
    assert "村部至三组道路硬化" in get("/search/?q=道路硬化&region=431382105")
    for scope in (VILLAGE_B, TOWN_B):
        html = get(f"/search/?q=道路硬化&region={scope}")
        assert "村部至三组道路硬化" not in html and "共找到 0 条" in html
    # A 村民小组 searches its village; the scope can be widened to the township and county.
    html = get(f"/search/?q=道路硬化&region={VILLAGE_A}001")
    assert (
        "村部至三组道路硬化" in html
        and 'href="?q=%E9%81%93%E8%B7%AF%E7%A1%AC%E5%8C%96&amp;region=431382"' in html
    )
    assert Client().get("/search/?q=道路&region=999999").status_code == 404
    assert "请在县（市、区）、乡镇（街道）或村（社区）范围内搜索" in get("/search/?q=道路&region=43")


def test_short_and_empty_queries_get_a_message(data: dict[str, Any]) -> None:
    assert "请输入至少两个字" in get("/search/?q=路")
    assert "空格隔开的每个词至少要两个字" in get("/search/?q=道路+三")
    html = get("/search/")
    assert "请输入至少两个字，例如" in html and "<h2>" not in html
    assert "errorlist" not in get("/search/?q=++")


def test_one_kind_is_paginated(pw: ProjectWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    made = [pw.project(title=f"第{n}段道路硬化") for n in (1, 2, 3)]
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)
    first = get("/search/?q=道路硬化&kind=project")
    assert "1 / 2" in first and "&amp;page=2" in first and "<h2>资产资源" not in first
    assert made[2].title in first and made[1].title in first and made[0].title not in first  # newest first
    second = get("/search/?q=道路硬化&kind=project&page=2")
    assert made[0].title in second and made[2].title not in second
    assert Project.objects.count() == 3


def test_the_kiosk_variant_links_to_kiosk_pages(data: dict[str, Any]) -> None:
    html = get("/kiosk/search/?q=三组道路")
    assert 'class="kiosk"' in html and 'action="/kiosk/search/"' in html
    assert f'href="/kiosk/projects/{data["project"].code}/"' in html
    assert f'href="/kiosk/assets/{data["asset"].code}/"' in html
    assert f'href="/kiosk/r/{VILLAGE_A}/finance/?month=2026-03"' in html


def test_every_page_has_the_search_box(tree) -> None:
    html = get("/")
    assert 'action="/search/"' in html and 'role="search"' in html
    assert f'name="region" value="{VILLAGE_A}"' in get(f"/r/{VILLAGE_A}/")
