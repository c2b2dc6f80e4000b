"""The voucher flow through the services: draft → 监委 → banded approval → booking; refusals write
nothing; month close reconciles; the month's 财务公开 goes to the log."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests_support.finance import MARCH, book, draft, invoice, line
from tests_support.matters import World
from xiaowei.audit.models import AuditEvent
from xiaowei.catalog.services import do_set_setting
from xiaowei.disclosure.models import Publication
from xiaowei.finance import ledger, rules, services
from xiaowei.finance.models import MonthClose, Voucher, VoucherLine
from xiaowei.finance.subjects import chart
from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.regions.models import Region

pytestmark = pytest.mark.django_db


def messages(call: Any) -> list[str]:
    with pytest.raises(InvalidInput) as e:
        call()
    return e.value.errors or [e.value.message]


def test_a_payment_goes_through_every_step_and_is_numbered_at_booking(world: World) -> None:
    v = draft(world)
    assert v.status == Voucher.Status.AWAITING_COMMITTEE and v.seq is None
    assert v.required_approvers == ["village_cadre"] and v.amount_fen == 120_000
    with pytest.raises(ServiceError, match="白条"):
        services.do_sign_voucher(v, actor=world.committee)
    invoice(world, v)
    services.do_sign_voucher(v, actor=world.committee)
    services.do_approve_voucher(v, actor=world.cadre)
    v.refresh_from_db()
    assert v.status == Voucher.Status.AWAITING_BOOKING
    assert messages(lambda: services.do_book_voucher(v, actor=world.agency)) == [
        "银行转账付款须登记银行流水号",
        "请填写付款日期",
    ]
    v = services.do_book_voucher(v, bank_ref="9558800001", paid_on=MARCH, actor=world.agency)
    assert v.status == Voucher.Status.BOOKED and v.number == "2026-03 付字第 1 号"
    second = book(world, draft(world, amount=5_000))
    assert second.number == "2026-03 付字第 2 号"
    actions = list(
        AuditEvent.objects.filter(action__startswith="finance.voucher.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[:5] == [
        "finance.voucher.drafted",
        "finance.voucher.attached",
        "finance.voucher.signed",
        "finance.voucher.approved",
        "finance.voucher.booked",
    ]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"lines": [line("541002", debit=100), line("102", credit=90)]}, "借贷不平"),
        ({"lines": [line("541", debit=100), line("102", credit=100)]}, "请用明细科目"),
        ({"lines": [line("999", debit=100), line("102", credit=100)]}, "科目“999”不存在"),
        ({"lines": [line("541002", debit=100), line("211", credit=100)]}, "付款凭证应贷记现金或银行存款"),
        (
            {"kind": "transfer", "lines": [line("541002", debit=100), line("102", credit=100)]},
            "转账凭证不涉及现金和银行存款",
        ),
        ({"summary": "付张三 13812345678 劳务费"}, "摘要不能包含手机号码"),
        ({"summary": "付 43138219900101123X"}, "摘要不能包含身份证号码"),
        ({"witness": "李会计"}, "经手人和证明人不能是同一人"),
        ({"witness": ""}, "请填写证明人"),
        ({"made_on": dt.date(2099, 1, 1)}, "业务日期不能晚于今天"),
        ({"pay_method": "cash"}, "贷记银行存款的付款应登记为银行转账"),
        (
            {"lines": [line("541002", debit=600_000), line("101", credit=600_000)], "pay_method": "cash"},
            "超过库存现金限额",
        ),
        ({"project_id": 999_999}, "关联的工程项目不存在"),
    ],
)
def test_bad_vouchers_are_refused_with_the_reason_and_nothing_is_written(
    world: World, changes: dict[str, Any], expected: str
) -> None:
    errors = messages(lambda: draft(world, **changes))
    assert any(expected in e for e in errors), errors
    assert not Voucher.objects.exists() and not VoucherLine.objects.exists()


def test_large_amounts_need_their_decision_and_more_approvers(world: World, pw: Any) -> None:
    errors = messages(lambda: draft(world, amount=6_000_000))
    assert any("须关联其决策依据" in e for e in errors)
    project = pw.project(150_000)
    v = draft(world, amount=6_000_000, project_id=project.pk)
    assert v.required_approvers == ["village_cadre", "township_agency"]
    invoice(world, v)
    services.do_sign_voucher(v, actor=world.committee)
    services.do_approve_voucher(v, actor=world.cadre)
    with pytest.raises(ServiceError, match="您已审批过"):
        services.do_approve_voucher(v, actor=world.cadre)
    with pytest.raises(ServiceError, match="农经站"):
        services.do_approve_voucher(v, actor=world.finance)
    services.do_approve_voucher(v, actor=world.agency)
    v.refresh_from_db()
    assert v.status == Voucher.Status.AWAITING_BOOKING and v.project_id == project.pk


def test_bands_are_county_configuration(world: World) -> None:
    with pytest.raises(InvalidInput, match="from_fen"):
        do_set_setting(
            Region.objects.get(code="431382"),
            "finance",
            {"bands": [{"from_fen": 5, "approvers": ["village_cadre"]}]},
            actor=None,
        )
    do_set_setting(
        Region.objects.get(code="431382"),
        "finance",
        {
            "bands": [{"from_fen": 0, "approvers": ["village_cadre", "township_finance"]}],
            "cash_limit_fen": 100_000,
        },
        actor=None,
    )
    assert draft(world, amount=100).required_approvers == ["village_cadre", "township_finance"]
    errors = messages(
        lambda: draft(
            world, lines=[line("541002", debit=150_000), line("101", credit=150_000)], pay_method="cash"
        )
    )
    assert any("超过库存现金限额 1,000.00 元" in e for e in errors)


def test_who_may_do_what(world: World) -> None:
    with pytest.raises(Http404):
        draft(world, actor=world.other_cadre)
    with pytest.raises(PermissionDenied):
        draft(world, actor=world.committee)
    v = draft(world)
    invoice(world, v)
    with pytest.raises(ServiceError, match="村务监督委员会"):
        services.do_sign_voucher(v, actor=world.cadre)
    services.do_sign_voucher(v, actor=world.committee)
    with pytest.raises(ServiceError, match="村干部"):
        services.do_approve_voucher(v, actor=world.agency)
    with pytest.raises(ServiceError, match="不能办理这一步"):
        services.do_book_voucher(v, actor=world.agency)
    services.do_approve_voucher(v, actor=world.cadre)
    with pytest.raises(PermissionDenied):
        services.do_book_voucher(v, actor=world.cadre)


def test_rejection_needs_a_reason_and_keeps_the_voucher_on_record(world: World) -> None:
    v = draft(world)
    with pytest.raises(InvalidInput, match="退回原因"):
        services.do_reject_voucher(v, reason=" ", actor=world.committee)
    with pytest.raises(ServiceError, match="不能在这一步退回"):
        services.do_reject_voucher(v, reason="x", actor=world.agency)
    services.do_reject_voucher(v, reason="发票抬头不是本村", actor=world.committee)
    v.refresh_from_db()
    assert v.status == Voucher.Status.REJECTED and v.reject_reason == "发票抬头不是本村"
    with pytest.raises(ServiceError, match="已退回"):
        services.do_sign_voucher(v, actor=world.committee)


def test_cash_may_not_go_negative(world: World) -> None:
    v = draft(world, lines=[line("541002", debit=30_000), line("101", credit=30_000)], pay_method="cash")
    invoice(world, v)
    services.do_sign_voucher(v, actor=world.committee)
    services.do_approve_voucher(v, actor=world.cadre)
    assert any("白条抵库" in e for e in messages(lambda: services.do_book_voucher(v, actor=world.agency)))
    book(world, draft(world, "receipt", lines=[line("101", debit=50_000), line("531", credit=50_000)]))
    assert services.do_book_voucher(v, actor=world.agency).status == Voucher.Status.BOOKED


def _month_of_books(world: World) -> None:
    book(world, draft(world, "receipt", amount=2_000_000))  # rent 2 万 into the bank
    book(world, draft(world, amount=120_000))  # office supplies by bank
    book(world, draft(world, "transfer", amount=300_000))  # accrued pay
    book(world, draft(world, "receipt", lines=[line("101", debit=40_000), line("531", credit=40_000)]))


def test_month_totals_reconcile_with_the_lines_and_the_balance_sheet_balances(world: World) -> None:
    _month_of_books(world)
    m = ledger.month(world.village.code, "2026-03")
    assert len(m.vouchers) == 4
    assert (m.fund_opening, m.receipts_fen, m.payments_fen, m.fund_closing) == (
        0,
        2_040_000,
        120_000,
        1_920_000,
    )
    assert m.income_fen == 2_040_000 and m.expense_fen == 420_000
    every_line = VoucherLine.objects.filter(voucher__region=world.village, voucher__status="booked")
    assert sum(x.debit_fen for x in every_line) == sum(x.credit_fen for x in every_line)
    sheet = rules.balance_sheet(m.net_debit, chart())
    assert sheet.assets_total == sheet.claims_total == 1_920_000
    assert sheet.result_fen == 2_040_000 - 420_000 and sheet.liabilities == [("211", "应付工资", 300_000)]


def test_close_in_order_then_nothing_more_is_booked_and_the_committee_publishes(world: World) -> None:
    _month_of_books(world)
    pending = draft(world, made_on=dt.date(2026, 4, 2))
    assert any(
        "请先办结或退回" in e
        for e in messages(
            lambda: services.do_close_month(world.village, period="2026-04", actor=world.agency)
        )
    )
    assert any(
        "还没有结束" in e
        for e in messages(
            lambda: services.do_close_month(world.village, period="2099-01", actor=world.agency)
        )
    )
    services.do_reject_voucher(pending, reason="重填", actor=world.committee)
    assert any(
        "请先月结 2026-03" in e
        for e in messages(
            lambda: services.do_close_month(world.village, period="2026-04", actor=world.agency)
        )
    )
    close = services.do_close_month(world.village, period="2026-03", actor=world.agency)
    assert close.totals["receipts_fen"] == 2_040_000 and close.balances["102"] == 1_880_000
    assert any("已月结" in e for e in messages(lambda: draft(world)))
    with pytest.raises(ServiceError, match="村务监督委员会"):
        services.do_publish_month(close, actor=world.accountant)
    pub = services.do_publish_month(close, actor=world.committee)
    assert pub.kind == Publication.Kind.FINANCE and pub.period == "2026-03"
    body = json.loads(pub.content)
    assert body["totals"]["receipts_fen"] == "20,400.00" and len(body["vouchers"]) == 4
    assert {v["number"] for v in body["vouchers"]} >= {"2026-03 收字第 1 号", "2026-03 付字第 1 号"}
    with pytest.raises(ServiceError, match="已公开"):
        services.do_publish_month(close, actor=world.committee)
    assert MonthClose.objects.get().publication_id == pub.pk


def test_a_booked_voucher_is_put_right_by_a_reversal_not_an_edit(world: World) -> None:
    v = book(world, draft(world, amount=120_000))
    r = services.do_reverse_voucher(v, made_on=dt.date(2026, 3, 20), reason="重复报销", actor=world.agency)
    assert r.kind == "receipt" and r.status == "booked" and r.reverses_id == v.pk
    assert r.summary.startswith("冲销 2026-03 付字第 1 号")
    m = ledger.month(world.village.code, "2026-03")
    assert m.net_debit.get("541002", 0) == 0 and m.fund_closing == 0
    assert any(
        "已被冲销" in e
        for e in messages(
            lambda: services.do_reverse_voucher(
                v, made_on=dt.date(2026, 3, 21), reason="x", actor=world.agency
            )
        )
    )
