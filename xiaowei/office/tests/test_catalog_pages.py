"""Administrators revise items and townships add 特色清单 items from the back office."""

from __future__ import annotations

import pytest
import yaml
from django.test import Client

from tests_support.matters import World
from xiaowei.catalog.models import PowerItem
from xiaowei.office.views.catalog import _local_template
from xiaowei.regions.roles import Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_county_admin_revises_an_item_into_a_new_version(world: World, make_user) -> None:
    c = _client(make_user(Role.ADMIN))
    page = c.get("/office/catalog/D04/edit/").content.decode()
    assert "物资和服务采购" in page
    definition = PowerItem.objects.get(code="D04").versions.get().definition
    definition["summary"] = "新的说明"
    r = c.post(
        "/office/catalog/D04/edit/",
        {
            "definition": yaml.safe_dump(definition, allow_unicode=True),
            "effective_from": "2026-06-01",
            "note": "补充说明",
        },
    )
    assert r.status_code == 302
    assert PowerItem.objects.get(code="D04").versions.count() == 2
    # Broken YAML and a broken definition are explained, the text kept, nothing saved.
    r = c.post(
        "/office/catalog/D04/edit/", {"definition": "code: [", "effective_from": "2026-06-02", "note": "x"}
    )
    assert r.status_code == 200 and "YAML 格式错误" in r.content.decode()
    definition["flowcharts"][0]["steps"][0]["role"] = "mayor"
    r = c.post(
        "/office/catalog/D04/edit/",
        {
            "definition": yaml.safe_dump(definition, allow_unicode=True),
            "effective_from": "2026-06-02",
            "note": "x",
        },
    )
    assert "角色“mayor”不存在" in r.content.decode() and "mayor" in r.content.decode()
    assert PowerItem.objects.get(code="D04").versions.count() == 2


def test_a_township_admin_adds_a_local_item_but_cannot_touch_the_county_list(world: World, make_user) -> None:
    c = _client(make_user(Role.ADMIN, region="431382105", username="town_admin"))
    assert c.get("/office/catalog/D04/edit/").status_code == 404
    form = c.get("/office/r/431382105/catalog/new/").content.decode()
    assert "L431382105-01" in form
    assert world.village.parent is not None
    template = yaml.safe_load(_local_template(world.village.parent))
    r = c.post(
        "/office/r/431382105/catalog/new/",
        {
            "definition": yaml.safe_dump(template, allow_unicode=True),
            "effective_from": "2026-01-01",
            "note": "新增",
        },
    )
    assert r.status_code == 302
    assert PowerItem.objects.get(code="L431382105-01").region_id == "431382105"
    assert c.get("/office/r/431382106/catalog/new/").status_code == 404
    assert _client(world.cadre).get("/office/catalog/").status_code == 403
