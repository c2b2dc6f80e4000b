"""Boards from the same publications as the web; open data with checksums; DCAT; the schedule."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re

import pytest
from django.test import Client

from tests_support.disclosure import publish
from tests_support.matters import World
from xiaowei.disclosure.boards import cjk_font_available, pdf_fonts, pdf_text
from xiaowei.matters import schedule

pytestmark = pytest.mark.django_db

LINES = [
    {"text": "2026 年 3 月村集体收入：土地租金", "amount": "12,000.00"},
    {"text": "支付三组道路硬化工程进度款", "amount": "60,000.00", "note": "凭证 2026-03-017"},
    {"text": "村务监督委员会成员补贴", "amount": "1,500.00"},
]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_board_pdf_embeds_a_cjk_font_and_says_exactly_what_was_published(world: World) -> None:
    if not cjk_font_available():
        pytest.skip("没有中文字体：apt-get install fonts-noto-cjk 后才测试 PDF")
    publish(world, "2026 年 3 月财务公开", LINES, kind="finance", period="2026-03")
    r = Client().get(f"/r/{world.village.code}/board/2026-03.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    fonts = [f.replace("-", "").lower() for f in pdf_fonts(r.content)]
    assert any("cjk" in f for f in fonts), fonts
    text = _squash(pdf_text(r.content))
    for line in LINES:
        assert _squash(line["text"]) in text and _squash(line["amount"]) in text
    a3 = Client().get(f"/r/{world.village.code}/board/2026-03.pdf?paper=A3")
    assert a3.status_code == 200 and a3.content != r.content


def test_the_board_html_and_qr_point_at_verification(world: World) -> None:
    pub = publish(world, "2026 年 3 月财务公开", LINES, kind="finance", period="2026-03")
    html = Client().get(f"/r/{world.village.code}/board/2026-03/").content.decode()
    for line in LINES:
        assert line["text"] in html
    assert f"/verify/p/{pub.pk}/?size=1" in html and "<svg" in html
    assert f"/verify/board/{world.village.code}/2026-03/?size=1" in html
    verify = Client().get(f"/verify/board/{world.village.code}/2026-03/?size=1").content.decode()
    assert "一致：公开栏内容与网上公开" in verify
    assert Client().get(f"/r/{world.village.code}/board/2026-13/").status_code == 404


def test_open_data_downloads_match_their_checksums_and_are_stable(world: World) -> None:
    publish(world, "2026 年 3 月财务公开", LINES, kind="finance", period="2026-03")
    c = Client()
    base = f"/open/{world.village.code}/2026-03"
    sums = dict(line.split("  ")[::-1] for line in c.get(f"{base}/SHA256SUMS").content.decode().splitlines())
    for fmt in ("csv", "json", "xlsx"):
        first, second = c.get(f"{base}.{fmt}").content, c.get(f"{base}.{fmt}").content
        assert first == second, fmt  # deterministic
        assert hashlib.sha256(first).hexdigest() == sums[f"{world.village.code}-2026-03.{fmt}"]
    csv_text = c.get(f"{base}.csv").content.decode("utf-8-sig")
    assert "支付三组道路硬化工程进度款" in csv_text and "60,000.00" in csv_text
    data = json.loads(c.get(f"{base}.json").content)
    assert data["publications"][0]["content"]["lines"][1]["note"] == "凭证 2026-03-017"
    import zipfile

    from openpyxl import load_workbook

    core = zipfile.ZipFile(io.BytesIO(c.get(f"{base}.xlsx").content)).read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core  # not the time of the download

    sheet = load_workbook(io.BytesIO(c.get(f"{base}.xlsx").content)).worksheets[0]
    assert sheet.cell(row=3, column=7).value == "支付三组道路硬化工程进度款"
    assert c.get(f"/open/{world.village.code}/2026-03.exe").status_code == 404


def test_the_dcat_catalogue_lists_every_download_with_its_checksum(world: World) -> None:
    publish(world, "2026 年 3 月财务公开", LINES, kind="finance", period="2026-03")
    catalog = Client().get("/open/catalog.jsonld").json()
    assert catalog["@type"] == "dcat:Catalog"
    dataset = catalog["dcat:dataset"][0]
    assert dataset["dct:identifier"] == f"{world.village.code}/2026-03"
    by_format = {d["dct:format"]: d for d in dataset["dcat:distribution"]}
    csv_url = by_format["CSV"]["dcat:downloadURL"]["@id"]
    body = Client().get(csv_url.replace("http://testserver", "")).content
    assert by_format["CSV"]["spdx:checksum"]["spdx:checksumValue"] == hashlib.sha256(body).hexdigest()


def test_the_schedule_shows_what_is_overdue(world: World) -> None:
    today = dt.date(2026, 5, 15)
    items = schedule.obligations([world.village], today)
    finance = {o.period: o for o in items if o.kind == "finance"}
    assert set(finance) == {"2026-04", "2026-03", "2026-02"}
    assert finance["2026-03"].due_on == dt.date(2026, 4, 10) and finance["2026-03"].status(today) == "overdue"
    assert finance["2026-04"].due_on == dt.date(2026, 5, 10)
    publish(world, "2026 年 3 月财务公开", LINES, kind="finance", period="2026-03")
    finance = {o.period: o for o in schedule.obligations([world.village], today) if o.kind == "finance"}
    assert finance["2026-03"].status(today) == "published"
    quarters = [o for o in schedule.obligations([world.village], today) if o.kind == "village_affairs"]
    assert [q.period for q in quarters] == ["2026Q1"] and quarters[0].due_on == dt.date(2026, 4, 20)
