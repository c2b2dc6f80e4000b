"""The forms of the disclosure pages (office/views/disclosure.py): a draft with its lines, its review."""

from __future__ import annotations

from django import forms

from xiaowei.disclosure.models import Publication

KINDS = [(k, v) for k, v in Publication.Kind.choices if k != Publication.Kind.MATTER_STEP]


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=KINDS)
    title = forms.CharField(label="标题", max_length=200)
    period = forms.CharField(label="期间", max_length=10, required=False, help_text="例如 2026-03 或 2026Q1")
    display_days = forms.IntegerField(label="公示天数", min_value=0, max_value=365, initial=0, required=False)
    lines = forms.CharField(
        label="公开条目",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="每行一条：内容 | 金额 | 备注（金额和备注可省略）",
    )
    corrects = forms.IntegerField(widget=forms.HiddenInput, required=False)
    correction_reason = forms.CharField(label="更正原因", required=False, max_length=500)

    def parsed_lines(self) -> list[dict[str, str]]:
        out = []
        for raw in self.cleaned_data["lines"].splitlines():
            parts = [p.strip() for p in raw.split("|")]
            if parts and parts[0]:
                out.append(
                    {
                        "text": parts[0],
                        "amount": parts[1] if len(parts) > 1 else "",
                        "note": parts[2] if len(parts) > 2 else "",
                    }
                )
        return out


class ReviewForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label="审核", choices=[("1", "同意公开"), ("0", "退回修改")], coerce=lambda v: v == "1"
    )
    opinion = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
