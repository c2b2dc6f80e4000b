from __future__ import annotations

from django import forms

from xiaowei.regions.codes import CodeError, level_of


class RegionProfileForm(forms.Form):
    intro = forms.CharField(label="简介", required=False, max_length=2000, widget=forms.Textarea)
    office_address = forms.CharField(label="村委会地址", required=False, max_length=200)
    office_hours = forms.CharField(label="办公时间", required=False, max_length=100)
    board_location = forms.CharField(label="村务公开栏位置", required=False, max_length=200)


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
