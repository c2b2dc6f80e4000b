"""The form of the catalogue pages (office/views/catalog.py): a power item's definition typed as YAML."""

from __future__ import annotations

from typing import Any

import yaml
from django import forms


class DefinitionForm(forms.Form):
    definition = forms.CharField(
        label="事项定义（YAML）",
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false", "class": "code"}),
    )
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="修改说明（公开）", max_length=500)

    def parsed(self) -> dict[str, Any]:
        try:
            value = yaml.safe_load(self.cleaned_data["definition"])
        except yaml.YAMLError as e:
            raise forms.ValidationError(f"YAML 格式错误：{e}") from None
        if not isinstance(value, dict):
            raise forms.ValidationError("定义应为一个 YAML 映射（code、category、name、flowcharts …）")
        return value
