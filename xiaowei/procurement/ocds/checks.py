"""Impossible input refused before any JSON is built: stages out of order, dates before the events they
follow, unknown parties, negative or non-integer money, bids after the deadline, and for disposals a lease
over 20 years or a deal below the reserve price. Raises ``ValueError`` with a Chinese message."""

from __future__ import annotations

from xiaowei.procurement.categories import CATEGORIES
from xiaowei.procurement.ocds.sections import milestone_json, party_json, period_json
from xiaowei.procurement.ocds.types import Award, Party, Project, Tender
from xiaowei.procurement.ocds.values import as_datetime, checked_fen
from xiaowei.procurement.ocds.vocabulary import DISPOSAL_KINDS, ROUTES

MAX_LEASE_YEARS = 20  # 民法典 第705条: a lease term over 20 years is void beyond 20 years


def check(project: Project) -> dict[str, Party]:
    parties: dict[str, Party] = {}
    for party in project.parties:
        if party.id in parties:
            raise ValueError(f"参与方编号重复：{party.id}")
        parties[party.id] = party
        party_json(party)  # identifiers and roles
    if project.buyer_id not in parties:
        raise ValueError(f"发包方（村）“{project.buyer_id}”不在参与方中")

    def known(pid: str, what: str) -> None:
        if pid not in parties:
            raise ValueError(f"{what}“{pid}”不在参与方中")

    p, t, a, c, impl, done = (
        project.planning,
        project.tender,
        project.award,
        project.contract,
        project.implementation,
        project.completion,
    )
    for later, earlier, msg in (
        (a, t, "没有招标（采购）环节，不能有中标（成交）"),
        (c, a, "没有中标（成交），不能有合同"),
        (impl, c, "没有合同，不能有履约（付款、验收）"),
        (done, c, "没有合同，不能竣工"),
    ):
        if later is not None and earlier is None:
            raise ValueError(msg)
    if p is not None:
        if p.budget_fen is not None:
            checked_fen(p.budget_fen, "预算")
        for m in p.milestones:
            milestone_json(m)
    if t is not None:
        if t.route not in ROUTES:
            raise ValueError(f"未知的采购方式“{t.route}”（应为{'、'.join(ROUTES)}之一）")
        if t.category is not None and t.category not in CATEGORIES:
            raise ValueError(f"采购类别“{t.category}”应为 goods、works 或 services")
        if t.value_fen is not None:
            checked_fen(t.value_fen, "招标控制价")
        start = as_datetime(t.when, "招标（公告）日期")
        if p is not None and start < as_datetime(p.decision_date, "四议两公开决议日期"):
            raise ValueError("招标（公告）早于四议两公开决议：须先决议后招标")
        period_json(t.period_start, t.period_end, "投标期")
        # 比价 needs 3 quotes by the award; the notice itself goes out before any quote arrives
        if t.route == "比价" and a is not None and len({b.tenderer_id for b in t.bids}) < 3:
            raise ValueError("比价须有至少3家报价")
        bid_ids = set()
        for b in t.bids:
            known(b.tenderer_id, "投标人")
            checked_fen(b.amount_fen, "投标报价")
            if b.id in bid_ids:
                raise ValueError(f"投标编号重复：{b.id}")
            bid_ids.add(b.id)
            when = as_datetime(b.when, "投标日期")
            if when < start:
                raise ValueError(f"投标“{b.id}”早于招标公告")
            if t.period_end is not None and when > as_datetime(t.period_end, "投标截止"):
                raise ValueError(f"投标“{b.id}”晚于投标截止时间")
        if t.disposal is not None:
            _check_disposal(t, a)
    if a is not None and t is not None:
        known(a.supplier_id, "中标（成交）人")
        checked_fen(a.value_fen, "中标（成交）金额")
        when = as_datetime(a.when, "中标（成交）日期")
        if when < as_datetime(t.when, "招标日期"):
            raise ValueError("中标（成交）日期早于招标：顺序不可能")
        if t.period_end is not None and when < as_datetime(t.period_end, "投标截止"):
            raise ValueError("中标（成交）日期早于投标截止时间")
        if any(when < as_datetime(b.when, "投标日期") for b in t.bids):
            raise ValueError("中标（成交）日期早于某一投标")
        if t.bids and a.supplier_id not in {b.tenderer_id for b in t.bids}:
            raise ValueError("中标（成交）人不是投标人之一")
        if a.bid_id is not None:
            bid = next((b for b in t.bids if b.id == a.bid_id), None)
            if bid is None or bid.tenderer_id != a.supplier_id:
                raise ValueError(f"中标（成交）引用的投标“{a.bid_id}”不存在或不属于中标人")
    if c is not None and a is not None:
        if c.award_id != a.id:
            raise ValueError(f"合同引用的中标编号“{c.award_id}”不存在")
        checked_fen(c.value_fen, "合同金额")
        signed = as_datetime(c.date_signed, "合同签订日期")
        if signed < as_datetime(a.when, "中标日期"):
            raise ValueError("合同签订早于中标（成交）：顺序不可能")
        period_json(c.period_start, c.period_end, "合同期")
        if impl is not None:
            for pay in impl.payments:
                known(pay.payer_id, "付款方")
                known(pay.payee_id, "收款方")
                if checked_fen(pay.amount_fen, "付款金额") == 0:
                    raise ValueError(f"付款“{pay.id}”金额为零")
                if as_datetime(pay.when, "付款日期") < signed:
                    raise ValueError(f"付款“{pay.id}”早于合同签订")
            if len({pay.id for pay in impl.payments}) != len(impl.payments):
                raise ValueError("付款编号重复")
            for m in impl.milestones:
                milestone_json(m)
                if as_datetime(m.when, "里程碑日期") < signed:
                    raise ValueError(f"履约里程碑“{m.title}”早于合同签订")
        if done is not None:
            finish = as_datetime(done.when, "竣工日期")
            if finish < signed:
                raise ValueError("竣工早于合同签订：顺序不可能")
            if done.final_value_fen is not None:
                checked_fen(done.final_value_fen, "决算金额")
            if impl is not None:
                for m in impl.milestones:
                    if m.status == "met" and as_datetime(m.when, "里程碑日期") > finish:
                        raise ValueError(f"履约里程碑“{m.title}”晚于竣工（合同终止）日期")
    return parties


def _check_disposal(t: Tender, a: Award | None) -> None:
    d = t.disposal
    assert d is not None
    if d.kind not in DISPOSAL_KINDS:
        raise ValueError(f"处置方式“{d.kind}”应为{'、'.join(DISPOSAL_KINDS)}之一")
    if checked_fen(d.reserve_price_fen, "底价") == 0:
        raise ValueError("底价不能为零")
    if d.kind in ("出租", "发包"):
        if d.lease_term_years is None or d.lease_term_years < 1:
            raise ValueError(f"{d.kind}须写明期限（年）")
        if d.kind == "出租" and d.lease_term_years > MAX_LEASE_YEARS:
            raise ValueError(
                f"租赁期限不得超过{MAX_LEASE_YEARS}年（民法典第705条），收到{d.lease_term_years}年"
            )
    for b in t.bids:
        if b.status == "valid" and b.amount_fen < d.reserve_price_fen:
            raise ValueError(f"有效报价“{b.id}”低于底价：低于底价的报价不得列为有效")
    if a is not None and a.bid_id is not None:
        bid = next((b for b in t.bids if b.id == a.bid_id), None)
        if bid is not None and bid.amount_fen < d.reserve_price_fen:
            raise ValueError("成交价低于底价：不得低于底价成交")
