"""Forms of the back-office ledger pages: the voucher with up to eight line rows, and one small form per
voucher action. Money is typed in yuan and parsed exactly to fen; the ledger rules (balance, subjects,
bands, cash limit) stay in finance.services, which reports every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone

from xiaowei.assets.models import Lease
from xiaowei.finance import rules
from xiaowei.finance.models import Voucher
from xiaowei.finance.subjects import chart
from xiaowei.lib.forms import field_of
from xiaowei.matters.models import Matter
from xiaowei.office.forms.fields import YuanField
from xiaowei.projects.models import Project

MAX_LINES = 8
_DATE = forms.DateInput(attrs={"type": "date"})


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=_DATE, initial=timezone.localdate, required=required)


def leaf_subjects() -> list[tuple[str, str]]:
    """The subjects a line may use (a heading such as 541 管理费用 has detail subjects instead)."""
    c = chart()
    return [(code, f"{code} {s.name}") for code, s in sorted(c.by_code.items()) if code not in c.headings]


class _LinkField(forms.ModelChoiceField):
    """An optional link to a row of this village (the form sets the rows); `describe` names a row."""

    def __init__(self, label: str, describe: Callable[[Any], str] = str) -> None:
        super().__init__(
            label=label,
            queryset=Matter.objects.none(),
            required=False,
            empty_label="（不关联）",
            error_messages={"invalid_choice": "所选的记录不存在或不属于本村"},
        )
        self.describe = describe

    def label_from_instance(self, obj: Any) -> str:
        return self.describe(obj)


class VoucherForm(forms.Form):
    kind = forms.ChoiceField(label="凭证类型", choices=Voucher.Kind.choices)
    made_on = _date("业务日期")
    summary = forms.CharField(label="摘要", max_length=200)
    handler = forms.CharField(label="经手人", max_length=50)
    witness = forms.CharField(label="证明人（付款凭证必填）", max_length=50, required=False)
    payee = forms.CharField(label="收款/付款单位（收付款凭证必填）", max_length=100, required=False)
    pay_method = forms.ChoiceField(
        label="结算方式", choices=[(k, v) for k, v in rules.PAY_METHODS.items()], required=False
    )
    matter = _LinkField("关联事项（5 万元以上须关联决策依据）")
    project = _LinkField("关联工程项目", lambda p: f"{p.title}（{p.code}）")
    lease = _LinkField("关联租赁合同", lambda x: f"{x.contract_no} {x.lessee_name}")

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        links: dict[str, Any] = {
            "matter": Matter.objects.filter(region_id=region_code).order_by("-id"),
            "project": Project.objects.filter(region_id=region_code).order_by("-id"),
            "lease": Lease.objects.filter(disposal__asset__region_id=region_code).order_by("-id"),
        }
        for name, queryset in links.items():
            field_of(self, name, _LinkField).queryset = queryset


class LineForm(forms.Form):
    """One row of the voucher's lines. A row left wholly empty is ignored."""

    subject = forms.ChoiceField(label="科目", choices=[], required=False)
    summary = forms.CharField(label="摘要", max_length=200, required=False)
    debit = YuanField(label="借方（元）", required=False, help_text="")
    credit = YuanField(label="贷方（元）", required=False, help_text="")

    def __init__(self, *args: Any, subjects: list[tuple[str, str]], row: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row = row
        field_of(self, "subject", forms.ChoiceField).choices = [("", "——"), *subjects]
        self.fields["subject"].error_messages["invalid_choice"] = "科目不存在或不是明细科目"
        for field in self.fields.values():  # the table's header names the column; this names the cell
            field.widget.attrs["aria-label"] = f"第 {row} 行{field.label}"

    @property
    def blank(self) -> bool:
        """Nothing typed in this row (checked on the raw input, so a bad amount still counts)."""
        if not self.is_bound:
            return True
        return not any(str(self.data.get(self.add_prefix(f), "")).strip() for f in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.blank and not data.get("subject") and "subject" not in self.errors:
            self.add_error("subject", "请选择科目")
        return data

    def as_line(self) -> dict[str, Any]:
        f = self.cleaned_data
        return {
            "subject": f["subject"],
            "summary": f["summary"],
            "debit_fen": f["debit"] or 0,
            "credit_fen": f["credit"] or 0,
        }


def line_forms(data: Any, subjects: list[tuple[str, str]]) -> list[LineForm]:
    return [LineForm(data, prefix=f"line{n}", subjects=subjects, row=n) for n in range(1, MAX_LINES + 1)]


# --- Actions on one voucher -----------------------------------------------------------------------------


class AttachForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200, initial="发票")
    file = forms.FileField(label="发票或收据（PDF、图片）")
    public = forms.BooleanField(
        label="可公开（随当月财务明细公开；涉及个人隐私的票据不要勾选）", required=False, initial=True
    )


class SignForm(forms.Form):
    """The committee's signature: nothing to type, the button is the signature."""


class ApproveForm(forms.Form):
    """One approval by a role the amount band requires."""


class RejectForm(forms.Form):
    reason = forms.CharField(label="退回原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class BookForm(forms.Form):
    bank_ref = forms.CharField(label="银行流水号（银行转账付款必填）", max_length=60, required=False)
    paid_on = _date("付款日期（银行转账付款必填）", required=False)


class CashBookForm(forms.Form):
    """Booking a voucher that moves no money through the bank: nothing to type."""


class ReverseForm(forms.Form):
    made_on = _date("冲销日期")
    reason = forms.CharField(label="冲销原因", max_length=150)


class CloseMonthForm(forms.Form):
    period = forms.CharField(label="月份", max_length=7, help_text="写成 2026-03 的形式")

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip()
        try:
            rules.parse_period(period)
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None
        return period
