"""The filter of the audit trail page (office/views/audit.py)."""

from __future__ import annotations

from django import forms

from xiaowei.regions.codes import CodeError, level_of


class AuditFilterForm(forms.Form):
    region = forms.CharField(label="区划代码", required=False, max_length=15)
    action = forms.CharField(label="操作（前缀）", required=False, max_length=100)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_region(self) -> str:
        code = self.cleaned_data["region"].strip()
        if code:
            try:
                level_of(code)
            except CodeError as e:
                raise forms.ValidationError(str(e)) from None
        return code
