"""Forms of the back-office project pages: one small form per action, money typed in yuan (parsed exactly
to fen), dates as date inputs. Validation of the rules stays in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from xiaowei.lib.forms import field_of
from xiaowei.matters.models import Document, Meeting
from xiaowei.office.forms.fields import DATE_INPUT, YuanField, date_field
from xiaowei.procurement.models import Contractor
from xiaowei.projects import rules
from xiaowei.projects.models import ProjectEvent


class ProjectCreateForm(forms.Form):
    title = forms.CharField(label="项目名称", max_length=200)
    category = forms.ChoiceField(label="类别", choices=list(rules.CATEGORIES.items()))
    project_type = forms.ChoiceField(label="项目类型", choices=list(rules.PROJECT_TYPE_NAMES.items()))
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    budget = YuanField(label="预算（元）")
    funding_source = forms.CharField(label="资金来源", max_length=200)
    decision_meeting = forms.ModelChoiceField(
        label="立项决议（已通过的会议）", queryset=Meeting.objects.none()
    )
    approved_on = date_field("立项日期")
    location = forms.CharField(label="建设地点", max_length=200, required=False)
    description = forms.CharField(label="建设内容", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        field_of(self, "decision_meeting", forms.ModelChoiceField).queryset = Meeting.objects.filter(
            region_id=region_code, passed=True
        ).order_by("-held_on")


class CostReviewForm(forms.Form):
    reviewed_cost = YuanField(label="造价评审金额（元）")
    reviewer = forms.CharField(label="评审机构", max_length=200, initial="镇财政所")
    reviewed_on = date_field("评审日期")


class TenderForm(forms.Form):
    route = forms.ChoiceField(label="采购方式", choices=[(r, r) for r in rules.ROUTES])
    tender_on = date_field("公告日期")
    bid_deadline = forms.DateField(label="报价截止日期", widget=DATE_INPUT)


class BidForm(forms.Form):
    contractor = forms.ModelChoiceField(label="投标（报价）单位", queryset=Contractor.objects.none())
    amount = YuanField(label="报价（元）")
    submitted_on = date_field("报价日期")
    valid = forms.BooleanField(label="有效报价", required=False, initial=True)
    note = forms.CharField(label="说明（无效时写明原因）", max_length=200, required=False)

    def __init__(self, *args: Any, category: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "contractor", forms.ModelChoiceField).queryset = Contractor.objects.filter(
            active=True, kind=category
        ).order_by("name")


class AwardForm(forms.Form):
    contractor = forms.ModelChoiceField(label="中标（成交）单位", queryset=Contractor.objects.none())
    awarded_on = date_field("定标日期")

    def __init__(self, *args: Any, project_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "contractor", forms.ModelChoiceField).queryset = Contractor.objects.filter(
            bids__project_id=project_id, bids__valid=True
        ).order_by("bids__amount_fen")


class ContractForm(forms.Form):
    contract_no = forms.CharField(label="合同编号", max_length=60)
    value = YuanField(label="合同金额（元）")
    signed_on = date_field("签订日期")
    start_on = forms.DateField(label="工期（服务期）开始", widget=DATE_INPUT)
    end_on = forms.DateField(label="工期（服务期）结束", widget=DATE_INPUT)


class ConstructionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ProjectEvent.Kind.choices)
    occurred_on = date_field("日期")
    percent = forms.IntegerField(
        label="形象进度（%，进度报告填写）", min_value=1, max_value=100, required=False
    )
    amount = YuanField(
        label="变更增减金额（元，设计变更填写，减少为负数）", required=False, allow_negative=True
    )
    note = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 2}))


class AcceptanceForm(forms.Form):
    accepted_on = date_field("验收日期")
    passed = forms.TypedChoiceField(
        label="结论", choices=[("1", "合格"), ("0", "不合格，限期整改")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="验收意见（参加人员、结论）", widget=forms.Textarea(attrs={"rows": 2}))


class SettlementForm(forms.Form):
    settled = YuanField(label="结算审计金额（元）")
    settled_on = date_field("结算日期")
    auditor = forms.CharField(label="审计（结算审核）单位", max_length=200)


class PaymentForm(forms.Form):
    amount = YuanField(label="付款金额（元）")
    paid_on = date_field("付款日期")
    voucher_no = forms.CharField(label="凭证号", max_length=40, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)


class SignoffForm(forms.Form):
    stage = forms.ChoiceField(label="阶段", choices=[])
    agreed = forms.TypedChoiceField(
        label="意见", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    opinion = forms.CharField(
        label="意见说明（不同意时必填）", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    signed_on = date_field("签署日期")

    def __init__(self, *args: Any, stages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "stage", forms.ChoiceField).choices = [(s, rules.STAGES[s]) for s in stages]


class AttachForm(forms.Form):
    document = forms.ModelChoiceField(label="材料（先在“证明材料”中上传）", queryset=Document.objects.none())
    stage = forms.ChoiceField(label="阶段", choices=list(rules.STAGES.items()))

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "document", forms.ModelChoiceField).queryset = Document.objects.filter(
            region_id=region_code
        ).order_by("-uploaded_at")
