"""Ledger rules, pure Python: the chart of accounts, what makes a voucher well-formed, who must approve
an amount, the cash limit, periods and the balance sheet. No ORM here; services and importers call it.

Defaults follow docs/domain-notes.md §3.3 and §6.2 and are county configuration (catalog setting "finance"):
`xiaowei catalog set 431382 finance '{"cash_limit_fen": 500000, "bands": […]}'`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

KINDS = {"receipt": "收", "payment": "付", "transfer": "转"}
CLASSES = {
    "asset": "资产类",
    "liability": "负债类",
    "equity": "所有者权益类",
    "cost": "成本类",
    "pnl": "损益类",
}
SIDES = {"debit": "借", "credit": "贷"}
FUND_SUBJECTS = ("101", "102")  # 现金, 银行存款: a 收 voucher debits one, a 付 voucher credits one
CASH = "101"
APPROVER_ROLES = ("village_cadre", "township_agency", "township_finance", "township_discipline")
PAY_METHODS = {"bank": "银行转账", "cash": "现金", "": "不涉及"}

# Text that looks like an identity number (18 characters) or a mainland mobile number must never reach a
# voucher's public lines; refusing it at the edge keeps every public output clean (docs/domain-notes.md §5.3).
_ID_LIKE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
_PHONE_LIKE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    cls: str
    side: str

    @property
    def parent(self) -> str:
        return self.code[:-3]


class Chart:
    """The subjects in force. A subject with children (e.g. 541 管理费用 with 541001…) is a heading: lines
    must use a leaf."""

    def __init__(self, subjects: Iterable[Subject]) -> None:
        self.by_code = {s.code: s for s in subjects}
        self.headings = {s.parent for s in self.by_code.values() if len(s.code) > 3}

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def check_leaf(self, code: str) -> str | None:
        if code not in self.by_code:
            return f"科目“{code}”不存在"
        if code in self.headings:
            leaves = sorted(c for c in self.by_code if len(c) > 3 and c.startswith(code))
            return f"科目“{code} {self.by_code[code].name}”有明细科目，请用明细科目（{'、'.join(leaves)}）"
        return None

    def top(self, code: str) -> Subject:
        return self.by_code[code[:3]]


@dataclass(frozen=True)
class Line:
    subject: str
    debit_fen: int = 0
    credit_fen: int = 0
    summary: str = ""


def personal_data_in(text: str) -> str | None:
    if _ID_LIKE.search(text):
        return "不能包含身份证号码"
    if _PHONE_LIKE.search(text):
        return "不能包含手机号码"
    return None


def check_lines(kind: str, lines: Sequence[Line], chart: Chart) -> list[str]:
    """Every problem with a voucher's lines, each naming the line (第 n 行)."""
    errors: list[str] = []
    if kind not in KINDS:
        return [f"凭证类型应为：{'、'.join(f'{k}（{v}）' for k, v in KINDS.items())}"]
    if len(lines) < 2:
        errors.append("一张凭证至少要有借、贷两行")
    for n, line in enumerate(lines, start=1):
        problem = chart.check_leaf(line.subject)
        if problem:
            errors.append(f"第 {n} 行：{problem}")
        if (line.debit_fen > 0) == (line.credit_fen > 0) or line.debit_fen < 0 or line.credit_fen < 0:
            errors.append(f"第 {n} 行：借方、贷方金额应且只应填一个正数")
        if line.debit_fen >= 10**14 or line.credit_fen >= 10**14:
            errors.append(f"第 {n} 行：金额过大")
        if len(line.summary) > 200:
            errors.append(f"第 {n} 行：摘要超过 200 字")
        pii = personal_data_in(line.summary)
        if pii:
            errors.append(f"第 {n} 行：摘要{pii}")
    debit = sum(line.debit_fen for line in lines)
    credit = sum(line.credit_fen for line in lines)
    if debit != credit:
        errors.append(f"借贷不平：借方合计 {debit / 100:,.2f} 元，贷方合计 {credit / 100:,.2f} 元")
    fund_debit = any(line.subject[:3] in FUND_SUBJECTS and line.debit_fen for line in lines)
    fund_credit = any(line.subject[:3] in FUND_SUBJECTS and line.credit_fen for line in lines)
    if kind == "receipt" and not fund_debit:
        errors.append("收款凭证应借记现金或银行存款")
    if kind == "payment" and not fund_credit:
        errors.append("付款凭证应贷记现金或银行存款")
    if kind == "transfer" and (fund_debit or fund_credit):
        errors.append("转账凭证不涉及现金和银行存款；收付款请用收款或付款凭证")
    return errors


def amount_of(lines: Sequence[Line]) -> int:
    return sum(line.debit_fen for line in lines)


def cash_paid(lines: Sequence[Line]) -> int:
    return sum(line.credit_fen for line in lines if line.subject[:3] == CASH)


# --- County configuration ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    from_fen: int
    approvers: tuple[str, ...]
    needs_basis: bool = False  # a payment must cite its decision: a matter, a project or a lease


@dataclass(frozen=True)
class Config:
    cash_limit_fen: int = 500_000  # 库存现金限额 5000 元 (docs/domain-notes.md §3.3)
    show_voucher_images: bool = True  # publish attachments marked public with the month's lines
    bands: tuple[Band, ...] = field(
        default_factory=lambda: (
            Band(0, ("village_cadre",)),
            Band(2_000_000, ("village_cadre", "township_agency")),  # from 2 万: the agency co-signs
            Band(5_000_000, ("village_cadre", "township_agency"), needs_basis=True),  # from 5 万: 四议两公开
        )
    )


def parse_config(value: Mapping[str, Any] | None) -> Config:
    value = dict(value or {})
    allowed = set(Config.__dataclass_fields__)
    unknown = set(value) - allowed
    if unknown:
        raise ValueError(
            f"财务配置中有未知项：{'、'.join(sorted(unknown))}（可用：{'、'.join(sorted(allowed))}）"
        )
    out: dict[str, Any] = {}
    if "cash_limit_fen" in value:
        limit = value["cash_limit_fen"]
        if not isinstance(limit, int) or limit < 0:
            raise ValueError("cash_limit_fen 应为非负整数（分）")
        out["cash_limit_fen"] = limit
    if "show_voucher_images" in value:
        if not isinstance(value["show_voucher_images"], bool):
            raise ValueError("show_voucher_images 应为 true 或 false")
        out["show_voucher_images"] = value["show_voucher_images"]
    if "bands" in value:
        out["bands"] = _parse_bands(value["bands"])
    return Config(**out)


def _parse_bands(raw: Any) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError("bands 应为非空列表")
    bands = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping) or set(item) - {"from_fen", "approvers", "needs_basis"}:
            raise ValueError(f"bands 第 {n} 项应为 {{from_fen, approvers, needs_basis}}")
        start, approvers = item.get("from_fen"), item.get("approvers")
        if not isinstance(start, int) or start < 0:
            raise ValueError(f"bands 第 {n} 项：from_fen 应为非负整数（分）")
        if not isinstance(approvers, list) or not approvers or set(approvers) - set(APPROVER_ROLES):
            raise ValueError(
                f"bands 第 {n} 项：approvers 应为以下角色中的一个或多个：{'、'.join(APPROVER_ROLES)}"
            )
        bands.append(Band(start, tuple(dict.fromkeys(approvers)), bool(item.get("needs_basis", False))))
    if bands[0].from_fen != 0:
        raise ValueError("bands 第 1 项的 from_fen 应为 0")
    if any(b.from_fen <= a.from_fen for a, b in pairwise(bands)):
        raise ValueError("bands 的 from_fen 应逐项增大")
    return tuple(bands)


def band_for(amount_fen: int, config: Config) -> Band:
    return [b for b in config.bands if amount_fen >= b.from_fen][-1]


def cash_problems(kind: str, lines: Sequence[Line], pay_method: str, config: Config) -> list[str]:
    """坐支 and cash above the limit: a payment in cash may not exceed the cash limit; a payment
    through the bank is recorded as such."""
    errors = []
    internal = all(line.subject[:3] in FUND_SUBJECTS for line in lines)  # cash paid into the bank
    paid_cash = 0 if internal else cash_paid(lines)
    if kind == "payment" and paid_cash > config.cash_limit_fen:
        errors.append(
            f"现金支付 {paid_cash / 100:,.2f} 元超过库存现金限额 "
            f"{config.cash_limit_fen / 100:,.2f} 元，应通过银行转账"
        )
    if kind == "payment":
        uses_bank = any(line.subject[:3] == "102" and line.credit_fen for line in lines)
        if uses_bank and pay_method != "bank":
            errors.append("贷记银行存款的付款应登记为银行转账")
        if paid_cash and not uses_bank and pay_method != "cash":
            errors.append("贷记现金的付款应登记为现金支付")
    return errors


# --- Periods ---------------------------------------------------------------------------------------------

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def period_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def parse_period(text: str) -> tuple[int, int]:
    m = _PERIOD.match(text or "")
    if not m:
        raise ValueError(f"月份“{text}”应写成 2026-03 的形式")
    return int(m.group(1)), int(m.group(2))


def next_period(period: str) -> str:
    year, month = parse_period(period)
    return f"{year + 1}-01" if month == 12 else f"{year}-{month + 1:02d}"


def previous_period(period: str) -> str:
    year, month = parse_period(period)
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


# --- Statements ------------------------------------------------------------------------------------------


def signed_balance(subject: Subject, debit_fen: int, credit_fen: int) -> int:
    """The balance on the subject's normal side (a positive 银行存款 or 应付款 is the usual case)."""
    return debit_fen - credit_fen if subject.side == "debit" else credit_fen - debit_fen


@dataclass(frozen=True)
class BalanceSheet:
    """资产负债表, simplified: the year's result (收入 − 支出, not yet closed into 本年收益) is shown with
    equity, so assets = liabilities + equity + result always holds for a balanced ledger."""

    assets: list[tuple[str, str, int]]
    liabilities: list[tuple[str, str, int]]
    equity: list[tuple[str, str, int]]
    result_fen: int

    @property
    def assets_total(self) -> int:
        return sum(v for *_, v in self.assets)

    @property
    def claims_total(self) -> int:
        return sum(v for *_, v in self.liabilities) + sum(v for *_, v in self.equity) + self.result_fen


def balance_sheet(net_debit: Mapping[str, int], chart: Chart) -> BalanceSheet:
    """`net_debit` maps subject code → Σdebit − Σcredit since the books began."""
    by_top: dict[str, int] = {}
    for code, amount in net_debit.items():
        by_top[code[:3]] = by_top.get(code[:3], 0) + amount
    assets, liabilities, equity = [], [], []
    result = 0
    for code in sorted(by_top):
        s = chart.by_code.get(code)
        if s is None:
            continue
        amount = by_top[code]
        if s.cls in ("asset", "cost"):
            if amount or code in FUND_SUBJECTS:
                assets.append((code, s.name, amount))  # 累计折旧 shows as a negative asset
        elif s.cls == "liability" and amount:
            liabilities.append((code, s.name, -amount))
        elif s.cls == "equity" and amount:
            equity.append((code, s.name, -amount))
        elif s.cls == "pnl":
            result -= amount
    return BalanceSheet(assets, liabilities, equity, result)
