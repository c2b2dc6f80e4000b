"""The registration form of the contractors page (office/views/contractors.py)."""

from __future__ import annotations

from django import forms

from xiaowei.procurement.categories import CONTRACTOR_KINDS


class ContractorForm(forms.Form):
    uscc = forms.CharField(label="统一社会信用代码", max_length=30)
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类别", choices=list(CONTRACTOR_KINDS.items()))
    legal_person = forms.CharField(label="法定代表人/负责人", max_length=50)
    address = forms.CharField(label="住所", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(label="联系电话（不公开）", max_length=30, required=False)
