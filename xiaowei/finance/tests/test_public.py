"""The public side of the ledger: the 村级财务 page, its downloads and the API show every booked line and
only booked lines, with totals that reconcile; voucher images only where allowed."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests_support.finance import book, draft, invoice, line
from tests_support.matters import World
from xiaowei.catalog.services import do_set_setting
from xiaowei.finance import services
from xiaowei.finance.models import Voucher, VoucherAttachment, VoucherLine
from xiaowei.regions.models import Region

pytestmark = pytest.mark.django_db


def _books(world: World) -> Voucher:
    book(world, draft(world, "receipt", amount=2_000_000, summary="收鱼塘租金"))
    book(world, draft(world, amount=120_000, summary="购买办公用品"))
    book(world, draft(world, "receipt", lines=[line("101", debit=40_000), line("531", credit=40_000)]))
    return draft(world, summary="尚未审核的支出")  # not booked: never public


def test_the_month_page_shows_every_booked_line_and_totals(world: World, client: Client) -> None:
    _books(world)
    r = client.get(f"/r/{world.village.code}/finance/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "2026-03" in html and "收鱼塘租金" in html and "购买办公用品" in html
    assert "尚未审核的支出" not in html
    assert "20,400.00" in html and "1,200.00" in html and "19,200.00" in html  # receipts, payments, closing
    assert "本月尚未月结" in html
    assert html.count('class="group-start"') == 3


def test_downloads_reconcile_with_the_ledger(world: World, client: Client) -> None:
    _books(world)
    booked = VoucherLine.objects.filter(voucher__status="booked")
    debit = Decimal(sum(x.debit_fen for x in booked)) / 100
    r = client.get(f"/r/{world.village.code}/finance/2026-03.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    lines = [row for row in rows[2:] if len(row) == 10]
    assert len(lines) == booked.count() == 6
    assert sum(Decimal(row[6].replace(",", "") or 0) for row in lines) == debit
    assert ["本月资金收入", "20,400.00"] in rows
    r = client.get(f"/r/{world.village.code}/finance/2026-03.xlsx")
    ws = load_workbook(io.BytesIO(r.content)).worksheets[0]
    values = list(ws.iter_rows(min_row=3, values_only=True))
    assert sum(Decimal(str(row[6])) for row in values if row and len(row) > 6 and row[6] is not None) == debit
    assert client.get(f"/r/{world.village.code}/finance/2026-13.csv").status_code == 404
    assert client.get(f"/r/{world.village.code}/finance/2026-03.exe").status_code == 404


def test_a_bad_month_is_explained_and_other_levels_get_the_overview(world: World, client: Client) -> None:
    _books(world)
    r = client.get(f"/r/{world.village.code}/finance/?month=2026-3")
    assert r.status_code == 200 and "应写成 2026-03 的形式" in r.content.decode()
    r = client.get(f"/r/{world.village.code[:9]}/finance/")
    assert r.status_code == 200 and world.village.name in r.content.decode()
    assert client.get("/kiosk/r/431382/finance/").status_code == 200


def test_voucher_images_only_when_booked_public_and_allowed(world: World, client: Client) -> None:
    v = draft(world)
    invoice(world, v)
    invoice(world, v, public=False)
    public, private = VoucherAttachment.objects.order_by("id")
    assert client.get(f"/finance/attachments/{public.pk}/").status_code == 404  # not booked yet
    book(world, v)
    r = client.get(f"/finance/attachments/{public.pk}/")
    assert r.status_code == 200 and b"invoice" in r.getvalue()
    assert client.get(f"/finance/attachments/{private.pk}/").status_code == 404
    assert (
        f"/finance/attachments/{private.pk}/"
        not in client.get(f"/r/{world.village.code}/finance/").content.decode()
    )
    do_set_setting(Region.objects.get(code="431382"), "finance", {"show_voucher_images": False}, actor=None)
    assert client.get(f"/finance/attachments/{public.pk}/").status_code == 404


def test_the_api_gives_the_same_books(world: World, client: Client) -> None:
    _books(world)
    code = world.village.code
    assert client.get(f"/api/v1/finance/{code}/months").json() == [
        {"period": "2026-03", "vouchers": 3, "closed": False, "published": False}
    ]
    body = client.get(f"/api/v1/finance/{code}/months/2026-03").json()
    assert body["count"] == 3 and body["totals"]["receipts"] == "20,400.00"
    assert body["totals"]["fund_closing"] == "19,200.00"
    assert all("bank_ref" not in v for v in body["vouchers"])
    r = client.get(f"/api/v1/finance/{code}/months/2026-3")
    assert r.status_code == 400 and "2026-03" in r.json()["message"]
    assert client.get("/api/v1/finance/431382/months").status_code == 404


def test_a_published_month_links_its_log_record(world: World, client: Client) -> None:
    services.do_reject_voucher(_books(world), reason="发票不全", actor=world.committee)
    close = services.do_close_month(world.village, period="2026-03", actor=world.agency)
    pub = services.do_publish_month(close, actor=world.committee)
    html = client.get(f"/r/{world.village.code}/finance/?month=2026-03").content.decode()
    assert f"/verify/p/{pub.pk}/" in html and "已公开" in html
