"""The forms of the seals page (office/views/seals.py): a seal registered, a use of it logged."""

from __future__ import annotations

from django import forms

from xiaowei.matters.models import SealUse
from xiaowei.office.forms.fields import DATE_INPUT


class SealForm(forms.Form):
    name = forms.CharField(label="印章名称", max_length=100, help_text="例如：XX村民委员会")
    keeper = forms.ChoiceField(label="保管人", choices=[])
    registered_on = forms.DateField(label="登记日期", widget=DATE_INPUT)


class SealUseForm(forms.Form):
    seal = forms.ChoiceField(label="印章", choices=[])
    used_on = forms.DateField(label="用印日期", widget=DATE_INPUT)
    purpose = forms.ChoiceField(label="用途类别", choices=SealUse.Purpose.choices)
    reason = forms.CharField(label="事由", max_length=200)
    document_title = forms.CharField(label="用印文件", max_length=200)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=1000, initial=1)
    approver = forms.ChoiceField(label="审批人", choices=[])
    resolution = forms.ChoiceField(label="引用决议（贷款、合同、担保必填）", choices=[], required=False)
