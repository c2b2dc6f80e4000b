"""Public 权力清单 pages: the list, an item with its drawn charts, versions with what changed, timelines."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client

from tests_support.matters import DAY, World
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.services import do_revise_item
from xiaowei.matters import services

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_item_by_category(world: World) -> None:
    html = Client().get("/powers/").content.decode()
    assert "重大决策类（10 项）" in html and "日常管理类（3 项）" in html and "便民服务类（15 项）" in html
    for name in (
        "村级工程项目建设",
        "集体资产资源处置",
        "物资和服务采购",
        "村务公开",
        "财务公开",
        "村级组织印章管理",
        "贫困户建档立卡",
        "易地扶贫搬迁",
        "危房改造",
        "户口办理",
    ):
        assert name in html
    assert "共 32 幅流程图" in html


def test_an_item_page_shows_basis_bodies_and_drawn_charts(world: World) -> None:
    html = Client().get("/powers/D02/").content.decode()
    assert "村民委员会组织法" in html and "执行主体" in html and "监督主体" in html
    assert html.count("<svg") == 2  # D02-1 and D02-2
    r = Client().get("/powers/D02/charts/D02-2.svg")
    assert r["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)  # noqa: S314 (our own output)
    assert root.tag.endswith("svg")
    assert Client().get("/powers/D02/charts/D99-1/").status_code == 404
    assert Client().get("/powers/NOPE/").status_code == 404


def test_versions_are_public_with_what_changed(world: World) -> None:
    item = PowerItem.objects.get(code="M03")
    definition = dict(item.versions.get(number=1).definition)
    charts = [dict(c) for c in definition["flowcharts"]]
    steps = [dict(s) for s in charts[0]["steps"]]
    steps[0]["name"] = "用印申请（书面）"
    charts[0]["steps"] = steps
    definition["flowcharts"] = charts
    do_revise_item(item, definition, effective_from=dt.date(2026, 1, 2), note="申请须书面提交", actor=None)
    html = Client().get("/powers/M03/").content.decode()
    assert "第 2 版" in html and "申请须书面提交" in html
    assert "用印申请（书面）" in html
    assert "的名称：" in html and "→ 用印申请（书面）" in html
    old = Client().get("/powers/M03/v/1/").content.decode()
    assert "这是历史版本" in old


def test_a_matter_timeline_shows_only_published_steps(world: World) -> None:
    w = world
    m = w.small_project(note="内部讨论记录")
    html = Client().get(f"/m/{m.pk}/").content.decode()
    assert "内部讨论记录" not in html
    assert "本事项尚无公开的步骤" in html
    services.do_sign_step(
        m, "publish_decision", role="village_committee", agreed=True, opinion="", actor=w.committee
    )
    services.do_record_step(
        m,
        "publish_decision",
        occurred_on=DAY,
        actor=w.cadre,
        documents=[w.doc("notice")],
        publicity=(DAY, DAY + dt.timedelta(days=6)),
        note="决议已张贴于村部公开栏",
    )
    html = Client().get(f"/m/{m.pk}/").content.decode()
    assert "决议已张贴于村部公开栏" in html and "决议公开" in html
    assert "内部讨论记录" not in html


def test_village_power_list_includes_its_township_items_only(world: World) -> None:
    html = Client().get("/r/431382105201/powers/").content.decode()
    assert "甲村" in html and "村级工程项目建设" in html


def test_the_kiosk_stays_in_kiosk_mode_on_the_power_list(world: World) -> None:
    html = Client().get("/kiosk/powers/").content.decode()
    assert 'href="/kiosk/powers/D02/"' in html
    page = Client().get("/kiosk/powers/D02/").content.decode()
    assert 'class="kiosk"' in page and "<svg" in page
