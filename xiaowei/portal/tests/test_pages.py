from __future__ import annotations

import pytest
from django.test import Client, override_settings

from xiaowei.regions.models import Region
from xiaowei.regions.services import do_update_region_profile

pytestmark = pytest.mark.django_db


def test_home_shows_the_county_and_links_each_township(tree) -> None:
    html = Client().get("/").content.decode()
    assert "<h1>涟源市" in html
    assert 'href="/r/431382105/"' in html and "桥头河镇" in html
    assert 'href="/r/431382106/"' in html
    assert "冷水江市" not in html  # not under the home county


def test_township_page_lists_its_villages_with_breadcrumbs(tree) -> None:
    html = Client().get("/r/431382105/").content.decode()
    assert 'href="/r/431382105201/"' in html and "甲村" in html
    assert "丙村" not in html
    assert "<b>2</b> 个村(社区)" in html
    assert "个乡镇(街道)" not in html  # a township does not count itself
    assert 'href="/r/431382/"' in html  # breadcrumb up to the county


def test_village_page_shows_the_profile_escaped(tree) -> None:
    village = Region.objects.get(code="431382105201")
    do_update_region_profile(
        village, actor=None, changes={"intro": "<script>alert(1)</script>欢迎", "board_location": "村部门口"}
    )
    html = Client().get("/r/431382105201/").content.decode()
    assert "村部门口" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "一组" in html  # its 村民小组


def test_unknown_region_is_a_chinese_404(tree) -> None:
    r = Client().get("/r/431382999/")
    assert r.status_code == 404
    assert "没有找到" in r.content.decode()


def test_kiosk_pages_return_home_when_idle(tree) -> None:
    html = Client().get("/kiosk/r/431382105/").content.decode()
    assert 'class="kiosk"' in html
    assert 'data-home="/kiosk/"' in html
    assert "kiosk.js" in html
    assert 'http-equiv="refresh"' in html  # without JavaScript too
    assert 'href="/kiosk/r/431382105201/"' in html  # links stay in kiosk mode
    assert "工作人员登录" not in html


def test_pages_read_without_javascript_and_serve_htmx_locally(tree) -> None:
    html = Client().get("/").content.decode()
    assert "/static/django_htmx/htmx" in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


@override_settings(XIAOWEI_HOME_REGION="431382")
def test_an_empty_database_explains_what_to_do(db) -> None:
    html = Client().get("/").content.decode()
    assert "xiaowei demo" in html


def test_chinese_first_and_english_on_request(tree) -> None:
    c = Client(HTTP_ACCEPT_LANGUAGE="en-US,en")
    html = c.get("/").content.decode()
    assert '<html lang="zh-hans">' in html  # a browser set up in English still gets Chinese
    r = c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert r.status_code == 302
    html = c.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Home" in html


def test_pages_carry_a_strict_content_security_policy(tree) -> None:
    r = Client().get("/")
    policy = r["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert r["X-Frame-Options"] == "DENY"
