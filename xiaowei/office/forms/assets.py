"""Forms of the back-office asset pages: registering an asset, and one small form per disposal and lease
action, money typed in yuan (parsed exactly to fen), dates as date inputs. Validation of the rules stays in
the services."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaowei.assets import rules
from xiaowei.assets.models import Asset
from xiaowei.lib.forms import field_of
from xiaowei.matters.models import Meeting
from xiaowei.office.forms.fields import DATE_INPUT, YuanField, date_field


class AssetForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    subkind = forms.ChoiceField(
        label="类别",
        choices=[
            (f"{kind}:{sub}", f"{dict(Asset.Kind.choices)[kind]} · {name}")
            for kind, subs in rules.SUBKINDS.items()
            for sub, name in subs.items()
        ],
    )
    location = forms.CharField(label="坐落", max_length=200)
    area = forms.DecimalField(label="面积/数量", max_digits=12, decimal_places=2, required=False, min_value=0)
    unit = forms.CharField(label="单位", max_length=10, required=False, help_text="亩、平方米、台、公里…")
    value = YuanField(label="账面价值（元）", required=False)
    acquired_on = forms.DateField(label="取得日期", widget=DATE_INPUT, required=False)
    status = forms.ChoiceField(
        label="状态", choices=[(Asset.Status.IDLE, "闲置"), (Asset.Status.IN_USE, "自用")]
    )
    note = forms.CharField(label="备注", widget=forms.Textarea(attrs={"rows": 2}), required=False)


class DisposalForm(forms.Form):
    mode = forms.ChoiceField(label="处置方式", choices=list(rules.MODES.items()))
    method = forms.ChoiceField(label="交易方式", choices=[(m, m) for m in rules.METHODS])
    term_years = forms.IntegerField(
        label="期限（年，出租、发包填写）", min_value=1, max_value=99, required=False
    )
    to_outsider = forms.BooleanField(label="发包给本集体经济组织以外的单位或个人", required=False)
    decision_meeting = forms.ModelChoiceField(label="处置决议（会议）", queryset=Meeting.objects.none())
    decided_on = date_field("登记日期")

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "decision_meeting", forms.ModelChoiceField).queryset = Meeting.objects.filter(
            region_id=region_code
        ).order_by("-held_on")


class ReserveForm(forms.Form):
    reserve = YuanField(label="底价（元；出租、发包为每年）")
    reviewer = forms.CharField(label="评审机构", max_length=200, initial="镇农经站")
    reviewed_on = date_field("评审日期")


class NoticeForm(forms.Form):
    notice_on = date_field("公告日期")
    notice_days = forms.IntegerField(label="公告天数", min_value=1, max_value=90, initial=7)


class DisposalBidForm(forms.Form):
    bidder_name = forms.CharField(label="竞买人", max_length=200)
    amount = YuanField(label="报价（元；出租、发包为每年）")
    submitted_on = date_field("报价日期")


class AwardDisposalForm(forms.Form):
    awarded_on = date_field("成交（流拍）日期")


class LeaseForm(forms.Form):
    contract_no = forms.CharField(label="合同编号", max_length=60)
    signed_on = date_field("签订日期")
    start_on = forms.DateField(label="起始日期", widget=DATE_INPUT)


class RentForm(forms.Form):
    amount = YuanField(label="收款金额（元）")
    received_on = date_field("收款日期")
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
