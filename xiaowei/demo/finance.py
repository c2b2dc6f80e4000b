"""County-scale demo books: every demo village's vouchers from January to the demo's "now" (2026-11-20),
deterministic. Months up to October are booked and closed; most villages have published October's
财务公开, some lag behind (so the supervision pages have something to find); November is open with
vouchers still in review. The books obey finance.rules: balanced lines, 收/付/转 by their fund lines, no
cash payment above the limit, cash and bank never negative, decisions linked from 5 万.

Written with bulk inserts (the services would take hours for 200 k vouchers); the month publications
are built by ledger.publication_body, the same function the live service uses."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish_many
from xiaowei.finance import ledger, rules
from xiaowei.finance.models import MonthClose, Subject, Voucher, VoucherLine
from xiaowei.finance.search_text import index_vouchers
from xiaowei.lib.db import analyze
from xiaowei.projects.models import Project
from xiaowei.regions.models import Region

TODAY = dt.date(2026, 11, 20)
VOUCHERS = 50_000
MONTHS = [f"2026-{m:02d}" for m in range(1, 12)]  # November is the open month
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯曾彭邓"
_SHOPS = ["涟源市惠民五金店", "蓝田街道红星文具店", "涟源市供电公司", "涟源市自来水公司", "湄江镇建材经营部"]
_BANK, _CASH = "102", "101"
S = Voucher.Status


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(
        ["建国", "志强", "红霞", "秀英", "国华", "春生", "桂兰", "德胜"]
    )


class _Village:
    """One village's books being written: balances kept as they go so money never goes below zero."""

    def __init__(self, code: str, rng: random.Random, projects: list[int]) -> None:
        self.code, self.rng, self.projects = code, rng, projects
        self.cash = 0
        self.bank = 0
        self.payable = 0  # 应付工资
        self.vouchers: list[tuple[dict[str, Any], list[tuple[str, int, int]]]] = []
        self.handler = _person(rng)
        self.witness = _person(rng)
        while self.witness == self.handler:
            self.witness = _person(rng)

    def add(
        self, day: dt.date, kind: str, summary: str, lines: list[tuple[str, int, int]], **extra: Any
    ) -> None:
        for code, debit, credit in lines:
            if code == _CASH:
                self.cash += debit - credit
            elif code == _BANK:
                self.bank += debit - credit
            elif code == "211":
                self.payable += credit - debit
        self.vouchers.append(({"made_on": day, "kind": kind, "summary": summary, **extra}, lines))

    def month(self, year: int, month: int, count: int) -> None:
        rng = self.rng
        days = sorted(rng.randint(1, 28) for _ in range(count))
        if month == 1:
            amount = rng.randint(80, 900) * 100_000
            self.add(dt.date(year, 1, 1), "receipt", "上年结余转入", [(_BANK, amount, 0), ("311", 0, amount)])
        pay = rng.randint(18, 30) * 10_000
        self.add(
            dt.date(year, month, 1),
            "transfer",
            f"计提{month}月村干部报酬",
            [("541001", pay, 0), ("211", 0, pay)],
        )
        for n, day in enumerate(days[1:], start=1):
            on = dt.date(year, month, day)
            pick = rng.random()
            if n == 1 and self.payable and self.bank >= self.payable:
                amount = self.payable
                self.add(
                    on,
                    "payment",
                    "发放村干部报酬",
                    [("211", amount, 0), (_BANK, 0, amount)],
                    payee="村干部（银行代发）",
                    pay_method="bank",
                )
            elif pick < 0.16:
                amount = rng.randint(20, 300) * 10_000
                what = rng.choice(
                    [("511001", "收土地承包费"), ("501003", "收集体房屋租金"), ("511002", "收山塘发包费")]
                )
                self.add(
                    on, "receipt", what[1], [(_BANK, amount, 0), (what[0], 0, amount)], payee=_person(rng)
                )
            elif pick < 0.24:
                amount = rng.randint(50, 600) * 100_000
                self.add(
                    on,
                    "receipt",
                    "收到上级转移支付补助",
                    [(_BANK, amount, 0), ("522", 0, amount)],
                    payee="乡镇财政所",
                )
            elif pick < 0.34:
                amount = rng.randint(20, 150) * 100
                self.add(
                    on,
                    "receipt",
                    "收取零星收入",
                    [(_CASH, amount, 0), ("531", 0, amount)],
                    payee=_person(rng),
                )
            elif pick < 0.52 and self.cash >= 10_000:
                amount = min(self.cash, rng.randint(10, 150) * 100)
                what = rng.choice(
                    [("541002", "购买办公用品"), ("541003", "报销差旅费"), ("541005", "订阅报刊")]
                )
                self.add(
                    on,
                    "payment",
                    what[1],
                    [(what[0], amount, 0), (_CASH, 0, amount)],
                    payee=rng.choice(_SHOPS),
                    pay_method="cash",
                )
            elif pick < 0.62 and self.cash > 300_000:
                amount = self.cash - rng.randint(0, 100) * 100
                self.add(
                    on,
                    "payment",
                    "库存现金存入银行",
                    [(_BANK, amount, 0), (_CASH, 0, amount)],
                    payee="本村账户",
                    pay_method="cash",
                )
            elif pick < 0.76:
                amount = min(self.bank, rng.randint(20, 400) * 1_000)
                if amount > 0:
                    what = rng.choice([("541004", "缴纳村部水电费"), ("541006", "支付村部维修费")])
                    self.add(
                        on,
                        "payment",
                        what[1],
                        [(what[0], amount, 0), (_BANK, 0, amount)],
                        payee=rng.choice(_SHOPS),
                        pay_method="bank",
                    )
            elif pick < 0.90:
                amount = min(self.bank, rng.randint(50, 480) * 10_000)  # below 5 万: no decision needed
                if amount > 0:
                    self.add(
                        on,
                        "payment",
                        "支付公益事业支出（保洁、路灯）",
                        [("551001", amount, 0), (_BANK, 0, amount)],
                        payee=rng.choice(_SHOPS),
                        pay_method="bank",
                    )
            elif self.projects and self.bank >= 6_000_000:
                amount = min(self.bank, rng.randint(60, 300) * 100_000)
                self.add(
                    on,
                    "payment",
                    "支付工程进度款",
                    [("154", amount, 0), (_BANK, 0, amount)],
                    payee="承包单位",
                    pay_method="bank",
                    project_id=rng.choice(self.projects),
                )


def _status(period: str, rng: random.Random) -> str:
    if period < MONTHS[-1]:
        return S.BOOKED
    return rng.choices(
        [S.BOOKED, S.AWAITING_COMMITTEE, S.AWAITING_APPROVAL, S.AWAITING_BOOKING], [70, 10, 10, 10]
    )[0]


def load_finance_demo(n: int = VOUCHERS, scope: str = "431382", seed: int = 431382) -> dict[str, int]:
    """Write about ``n`` vouchers across the villages under ``scope`` (skipped when vouchers exist)."""
    if n <= 0 or Voucher.objects.exists():
        return {"vouchers": 0, "publications": 0}
    with transaction.atomic():
        counts = _load(n, scope, seed)
    # Until autovacuum gets to them PostgreSQL's planner takes the new tables for empty and joins the lines
    # to the vouchers by scanning both, once per row: a month page then takes minutes instead of ms.
    analyze([Voucher, VoucherLine, MonthClose])
    return counts


def _load(n: int, scope: str, seed: int) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    villages = list(Region.objects.filter(level="village", code__startswith=scope).order_by("code"))
    projects: dict[str, list[int]] = defaultdict(list)
    for pk, region_id in Project.objects.filter(region__code__startswith=scope).values_list(
        "pk", "region_id"
    ):
        projects[region_id].append(pk)
    per_month = max(3, round(n / max(1, len(villages) * len(MONTHS))))
    subjects = {s.code: s for s in Subject.objects.all()}
    ids = _Ids(
        (Voucher.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
        (VoucherLine.objects.aggregate(m=Max("pk"))["m"] or 0) + 1,
    )
    written: dict[str, list[Voucher]] = {}
    for village in villages:
        vrng = random.Random(f"{seed}-{village.code}")  # noqa: S311 - demo data, not secrets
        book = _Village(village.code, vrng, projects.get(village.code, []))
        for period in MONTHS:
            year, month = rules.parse_period(period)
            last_day = TODAY.day if period == MONTHS[-1] else 28
            book.month(year, month, max(3, round(per_month * rng.uniform(0.85, 1.4)) * last_day // 28))
        written[village.code] = _build(village, book, rng, ids, subjects)
    _insert(written)
    index_vouchers(v.pk for rows in written.values() for v in rows if v.status == S.BOOKED)
    publications = _close_and_publish(villages, written, subjects, rng)
    return {"vouchers": sum(len(v) for v in written.values()), "publications": publications}


class _Ids:
    def __init__(self, voucher: int, line: int) -> None:
        self.voucher, self.line = voucher, line


def _build(
    village: Region, book: _Village, rng: random.Random, ids: _Ids, subjects: dict[str, Subject]
) -> list[Voucher]:
    """Unsaved vouchers with their ids and lines in place (cached as if prefetched), ready for the insert
    and for the month's publication without reading them back."""
    seqs: dict[tuple[str, str], int] = defaultdict(int)
    out: list[Voucher] = []
    for fields, lines in sorted(book.vouchers, key=lambda v: v[0]["made_on"]):
        period = rules.period_of(fields["made_on"])
        status = _status(period, rng)
        seq = None
        if status == S.BOOKED:
            seqs[(period, fields["kind"])] += 1
            seq = seqs[(period, fields["kind"])]
        amount = sum(d for _, d, _ in lines)
        v = Voucher(
            pk=ids.voucher,
            region=village,
            status=status,
            period=period,
            seq=seq,
            amount_fen=amount,
            handler=book.handler,
            witness=book.witness if fields["kind"] == "payment" else "",
            required_approvers=list(rules.band_for(amount, rules.Config()).approvers),
            booked_at=dt.datetime.combine(fields["made_on"], dt.time(10), tzinfo=dt.UTC) if seq else None,
            **fields,
        )
        ids.voucher += 1
        cached = []
        for n, (code, debit, credit) in enumerate(lines, start=1):
            line = VoucherLine(
                pk=ids.line, voucher=v, position=n, summary=v.summary, debit_fen=debit, credit_fen=credit
            )
            line.subject = subjects[code]
            ids.line += 1
            cached.append(line)
        # Django's prefetch cache is private, so django-stubs leaves it out of Model
        v._prefetched_objects_cache = {"lines": cached}  # type: ignore[attr-defined]
        out.append(v)
    return out


_VOUCHER_COLUMNS = (
    "id",
    "region_id",
    "kind",
    "status",
    "made_on",
    "period",
    "seq",
    "summary",
    "amount_fen",
    "handler",
    "witness",
    "payee",
    "pay_method",
    "bank_ref",
    "paid_on",
    "required_approvers",
    "matter_id",
    "project_id",
    "lease_id",
    "reverses_id",
    "created_by_id",
    "created_at",
    "committee_by_id",
    "committee_at",
    "booked_by_id",
    "booked_at",
    "rejected_by_id",
    "rejected_at",
    "reject_reason",
    "source_sha256",
    "source_ref",
)
_LINE_COLUMNS = ("id", "voucher_id", "position", "subject_id", "summary", "debit_fen", "credit_fen")


def _insert(written: dict[str, list[Voucher]]) -> None:
    """One parameterised executemany per table (the column lists are these constants, never input),
    values stored exactly as the ORM stores them; then the id sequences are moved past the new rows."""
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    approvers = Voucher._meta.get_field("required_approvers")
    vouchers: list[tuple[Any, ...]] = []
    lines: list[tuple[Any, ...]] = []
    for rows in written.values():
        for v in rows:
            vouchers.append(
                (
                    v.pk,
                    v.region_id,
                    v.kind,
                    v.status,
                    ops.adapt_datefield_value(v.made_on),
                    v.period,
                    v.seq,
                    v.summary,
                    v.amount_fen,
                    v.handler,
                    v.witness,
                    v.payee,
                    v.pay_method,
                    "",
                    None,
                    approvers.get_db_prep_save(v.required_approvers, connection),
                    None,
                    v.project_id,
                    None,
                    None,
                    None,
                    now,
                    None,
                    None,
                    None,
                    ops.adapt_datetimefield_value(v.booked_at),
                    None,
                    None,
                    "",
                    "",
                    "",
                )
            )
            lines.extend(
                (x.pk, v.pk, x.position, x.subject_id, x.summary, x.debit_fen, x.credit_fen)
                for x in v.lines.all()
            )
    with connection.cursor() as cursor:
        for model, columns, params in (
            (Voucher, _VOUCHER_COLUMNS, vouchers),
            (VoucherLine, _LINE_COLUMNS, lines),
        ):
            table = ops.quote_name(model._meta.db_table)
            names = ", ".join(ops.quote_name(c) for c in columns)
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - constant columns
            for start in range(0, len(params), 10_000):
                cursor.executemany(sql, params[start : start + 10_000])
        for sql in ops.sequence_reset_sql(no_style(), [Voucher, VoucherLine]):
            cursor.execute(sql)


def _close_and_publish(
    villages: list[Region],
    written: dict[str, list[Voucher]],
    subjects: dict[str, Subject],
    rng: random.Random,
) -> int:
    """Close January–October in every village, computing each month from the vouchers just written, and
    publish the months through the log in batches."""
    chart = {code: rules.Subject(s.code, s.name, s.cls, s.side) for code, s in subjects.items()}
    already = set(
        Publication.objects.filter(kind=Publication.Kind.FINANCE).values_list("region_id", "period")
    )
    closes: list[MonthClose] = []
    items: list[dict[str, Any]] = []
    for village in villages:
        by_period: dict[str, list[Voucher]] = defaultdict(list)
        for v in written[village.code]:
            if v.status == S.BOOKED:
                by_period[v.period].append(v)
        lagging = rng.random() < 0.15  # this village has not yet published October
        running: dict[str, int] = {}
        for period in MONTHS[:-1]:
            opening = dict(running)
            month_vouchers = sorted(by_period.get(period, []), key=lambda v: (v.made_on, v.kind, v.seq or 0))
            for v in month_vouchers:
                for line in v.lines.all():
                    running[line.subject_id] = (
                        running.get(line.subject_id, 0) + line.debit_fen - line.credit_fen
                    )
            running = {k: x for k, x in running.items() if x}
            month = ledger.tally(
                ledger.Month(village.code, period, month_vouchers, dict(running), opening), chart
            )
            close = MonthClose(
                region=village,
                period=period,
                closed_at=dt.datetime.combine(_closed_on(period), dt.time(9), tzinfo=dt.UTC),
                balances=month.net_debit,
                totals=month.totals(),
            )
            closes.append(close)
            if (village.code, period) in already or (lagging and period == MONTHS[-2]):
                continue
            items.append(
                {
                    "region": village,
                    "kind": Publication.Kind.FINANCE,
                    "title": f"{village.name} {period} 财务收支公开",
                    "body": ledger.publication_body(month, village.name, show_images=True),
                    "period": period,
                    "subject": ("finance.month", f"{village.code}/{period}"),
                    "_close": close,
                }
            )
    MonthClose.objects.bulk_create(closes, batch_size=2000)
    for start in range(0, len(items), 2000):
        chunk = items[start : start + 2000]
        pubs = publish_many([{k: v for k, v in item.items() if k != "_close"} for item in chunk], actor=None)
        for item, pub in zip(chunk, pubs, strict=True):
            item["_close"].publication = pub
    MonthClose.objects.bulk_update([i["_close"] for i in items], ["publication"], batch_size=2000)
    return len(items)


def _closed_on(period: str) -> dt.date:
    """The day a demo month was closed: the 5th of the next month."""
    year, month = rules.parse_period(rules.next_period(period))
    return dt.date(year, month, 5)
