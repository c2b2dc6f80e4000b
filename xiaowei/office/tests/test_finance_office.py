"""The back-office ledger pages, through HTTP as each role would use them: draft → invoice → 监委 → approval
→ booking → month close → 财务公开, refusals that keep the input, scope, and only the offered actions."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests_support.finance import book, draft
from tests_support.matters import World
from xiaowei.finance.models import MonthClose, Voucher, VoucherAttachment

pytestmark = pytest.mark.django_db

VILLAGE = "431382105201"
NEW = f"/office/r/{VILLAGE}/vouchers/new/"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _voucher_form(**changes: str) -> dict[str, str]:
    data = {
        "kind": "payment",
        "made_on": "2026-03-05",
        "summary": "购买办公用品",
        "handler": "李会计",
        "witness": "王监委",
        "payee": "涟源市文具店",
        "pay_method": "bank",
        "line1-subject": "541002",
        "line1-debit": "1,200.00",
        "line2-subject": "102",
        "line2-credit": "1200",
    }
    data.update(changes)
    return data


def _act(client: Client, voucher: Voucher, action: str, **fields: Any) -> Any:
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/office/vouchers/{voucher.pk}/", data)


def test_it_takes_a_payment_through_every_step_by_pages(world: World) -> None:
    accountant, committee = _client(world.accountant), _client(world.committee)
    cadre, agency = _client(world.cadre), _client(world.agency)
    assert "借方（元）" in _page(accountant, NEW)
    r = accountant.post(NEW, _voucher_form())
    voucher = Voucher.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/office/vouchers/{voucher.pk}/"
    assert voucher.amount_fen == 120_000 and voucher.status == "committee"

    # The committee sees it waiting, but a payment needs its invoice first.
    assert voucher.summary in _page(committee, "/office/vouchers/queue/")
    html = _page(committee, f"/office/vouchers/{voucher.pk}/")
    assert "须先附发票或收据" in html and 'value="sign"' in html and 'value="approve"' not in html
    upload = SimpleUploadedFile("fapiao.pdf", b"%PDF-1.4 fapiao", content_type="application/pdf")
    r = accountant.post(
        f"/office/vouchers/{voucher.pk}/",
        {"action": "attach", "attach-title": "文具发票", "attach-file": upload, "attach-public": "on"},
    )
    assert r.status_code == 302
    attachment = VoucherAttachment.objects.get()
    assert attachment.public and attachment.document.kind == "invoice"
    assert _act(committee, voucher, "sign").status_code == 302

    # Only the role the amount band needs approves; the agency then books with the bank transfer.
    assert voucher.summary in _page(cadre, "/office/vouchers/queue/")
    assert 'value="approve"' not in _page(agency, f"/office/vouchers/{voucher.pk}/")
    html = _page(cadre, f"/office/vouchers/{voucher.pk}/")
    assert 'value="approve"' in html and "还需审批：村干部" in html
    assert _act(cadre, voucher, "approve").status_code == 302
    assert voucher.summary in _page(agency, "/office/vouchers/queue/")
    html = _act(agency, voucher, "book", bank_ref="", paid_on="2026-03-06").content.decode()
    assert "银行转账付款须登记银行流水号" in html and 'value="2026-03-06"' in html
    assert _act(agency, voucher, "book", bank_ref="9558800001", paid_on="2026-03-06").status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == "booked" and voucher.number == "2026-03 付字第 1 号"
    assert voucher.bank_ref == "9558800001"

    # Month close by the agency, 财务公开 signed by the committee.
    months = f"/office/r/{VILLAGE}/finance/months/"
    assert "审核签署并公开" not in _page(committee, months)
    r = agency.post(months, {"action": "close", "period": "2026-03"})
    assert r.status_code == 302 and MonthClose.objects.filter(period="2026-03").exists()
    assert "审核签署并公开" in _page(committee, months)
    assert committee.post(months, {"action": "publish", "period": "2026-03"}).status_code == 302
    assert MonthClose.objects.get().publication_id is not None
    assert "已公开" in _page(agency, months)


def _errors(html: str) -> list[str]:
    box = re.search(r'<div class="warning" role="alert">(.*?)</div>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", box.group(1)) if box else []


def test_a_refused_voucher_comes_back_with_everything_typed_and_every_reason(world: World) -> None:
    c = _client(world.accountant)
    html = c.post(
        NEW, _voucher_form(summary="付张三 13812345678", **{"line2-credit": "一千二", "made_on": "昨天"})
    ).content.decode()
    assert 'value="付张三 13812345678"' in html and 'value="一千二"' in html and 'value="昨天"' in html
    assert _errors(html) == [
        "业务日期：输入一个有效的日期。",
        "第 2 行贷方（元）：金额“一千二”不是有效的数字",
    ]

    # The form is fine but the ledger rules are not: every reason at once, and the input stays.
    data = _voucher_form(summary="付张三 13812345678", **{"line2-credit": "1100"})
    html = c.post(NEW, data).content.decode()
    assert _errors(html) == [
        "摘要不能包含手机号码（公开的财务明细中不得出现）",
        "借贷不平：借方合计 1,200.00 元，贷方合计 1,100.00 元",
    ]
    assert 'value="1100"' in html and 'value="1,200.00"' in html and 'value="涟源市文具店"' in html
    assert '<option value="541002" selected>' in html

    # A row with only a summary needs its subject; a heading subject is not offered.
    html = c.post(
        NEW, _voucher_form(**{"line4-summary": "只有摘要", "line6-subject": "541"})
    ).content.decode()
    assert _errors(html) == ["第 4 行科目：请选择科目", "第 6 行科目：科目不存在或不是明细科目"]
    assert 'value="只有摘要"' in html
    assert not Voucher.objects.exists()


def test_the_service_line_numbers_are_those_on_the_screen(world: World) -> None:
    # Rows 1 and 5 are filled; the service sees two lines and its "第 2 行" is row 5 on the screen.
    data = _voucher_form(
        **{"line2-subject": "", "line2-credit": "", "line5-subject": "102", "line5-credit": "1200"},
        **{"line5-debit": "3"},
    )
    html = _client(world.accountant).post(NEW, data).content.decode()
    assert _errors(html) == [
        "第 5 行：借方、贷方金额应且只应填一个正数",
        "借贷不平：借方合计 1,203.00 元，贷方合计 1,200.00 元",
    ]
    assert not Voucher.objects.exists()


def test_it_keeps_other_villages_out(world: World) -> None:
    voucher = draft(world)
    other = _client(world.other_cadre)
    assert other.get(f"/office/vouchers/{voucher.pk}/").status_code == 404
    assert other.get(f"/office/r/{VILLAGE}/vouchers/").status_code == 404
    assert other.get(NEW).status_code == 404
    assert other.get(f"/office/r/{VILLAGE}/finance/months/").status_code == 404
    assert voucher.summary not in _page(other, "/office/r/431382106201/vouchers/")
    assert other.post(f"/office/vouchers/{voucher.pk}/", {"action": "sign"}).status_code == 404
    # the township agency sees the villages of its township, newest first, filtered by status and month
    agency = _client(world.agency)
    html = _page(agency, "/office/r/431382105/vouchers/")
    assert voucher.summary in html and "甲村" in html
    assert voucher.summary not in _page(agency, "/office/r/431382105/vouchers/?status=booked")
    assert voucher.summary not in _page(agency, "/office/r/431382105/vouchers/?month=2026-04")
    html = _page(agency, "/office/r/431382105/vouchers/?month=三月&status=x&page=abc")
    assert "应写成 2026-03 的形式" in html and "状态不正确" in html and voucher.summary in html
    # a committee member may read but not draft
    assert _client(world.committee).get(NEW).status_code == 403


def test_it_offers_only_what_the_status_and_role_allow(world: World) -> None:
    voucher = draft(world)
    accountant, committee = _client(world.accountant), _client(world.committee)
    html = _page(accountant, f"/office/vouchers/{voucher.pk}/")
    assert 'value="attach"' in html
    assert all(f'value="{a}"' not in html for a in ("sign", "approve", "book", "reverse", "reject"))
    r = accountant.post(f"/office/vouchers/{voucher.pk}/", {"action": "sign"}, follow=True)
    assert "该操作现在不能进行" in r.content.decode()
    r = committee.post(f"/office/vouchers/{voucher.pk}/", {"action": "approve"}, follow=True)
    assert "该操作现在不能进行" in r.content.decode()
    voucher.refresh_from_db()
    assert voucher.status == "committee"
    # a refused rejection keeps the page; a reason sends it back
    html = _act(committee, voucher, "reject", reason=" ").content.decode()
    assert "这个字段是必填项。" in html
    assert _act(committee, voucher, "reject", reason="发票抬头不是本村").status_code == 302
    voucher.refresh_from_db()
    assert voucher.status == "rejected"
    html = _page(committee, f"/office/vouchers/{voucher.pk}/")
    assert "发票抬头不是本村" in html and "没有可办理的操作" in html

    # a booked voucher is put right by the agency's reversal, which opens the new voucher
    booked = book(world, draft(world))
    assert 'value="reverse"' not in _page(_client(world.cadre), f"/office/vouchers/{booked.pk}/")
    agency = _client(world.agency)
    assert 'value="reverse"' in _page(agency, f"/office/vouchers/{booked.pk}/")
    r = _act(agency, booked, "reverse", made_on="2026-03-20", reason="重复报销")
    reversal = Voucher.objects.get(reverses=booked)
    assert r.status_code == 302 and r["Location"] == f"/office/vouchers/{reversal.pk}/"
    assert 'value="reverse"' not in _page(agency, f"/office/vouchers/{booked.pk}/")


def test_months_refuse_with_reasons_and_only_the_right_roles_act(world: World) -> None:
    months = f"/office/r/{VILLAGE}/finance/months/"
    book(world, draft(world, made_on=dt.date(2026, 3, 5)))
    draft(world, made_on=dt.date(2026, 4, 2))
    agency = _client(world.agency)
    html = agency.post(months, {"action": "close", "period": "2026-04"}).content.decode()
    assert "请先办结或退回" in html and 'value="2026-04"' in html
    html = agency.post(months, {"action": "close", "period": "2026年4月"}).content.decode()
    assert "应写成 2026-03 的形式" in html
    assert _client(world.cadre).post(months, {"action": "close", "period": "2026-03"}).status_code == 403
    assert agency.post(months, {"action": "publish", "period": "2026-03"}).status_code == 403
    html = _client(world.committee).post(months, {"action": "publish", "period": "2026-03"}).content.decode()
    assert "还没有月结" in html
    assert ">月结</button>" not in _page(_client(world.committee), months)
    assert not MonthClose.objects.exists()


def test_the_ledger_is_linked_for_the_roles_that_use_it(world: World) -> None:
    assert "待我处理的凭证" in _page(_client(world.committee), "/office/")
    assert "待我处理的凭证" not in _page(_client(world.civil), "/office/")
    assert "记账凭证" in _page(_client(world.accountant), f"/office/r/{VILLAGE}/")
    assert "月结与财务公开" in _page(_client(world.committee), f"/office/r/{VILLAGE}/")
    assert "记账凭证" not in _page(_client(world.civil), "/office/r/431382105/")
    assert "记账凭证" in _page(_client(world.agency), "/office/r/431382105/")
