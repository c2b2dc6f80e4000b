"""Form fields the office's forms share: money typed in yuan (parsed exactly to fen) and dates as date
inputs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from xiaowei.lib.money import parse_yuan

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class YuanField(forms.CharField):
    """Money typed in yuan ("86,500.50" or "86500.5元"), cleaned to integer fen."""

    def __init__(self, *args: Any, allow_negative: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "单位：元，可到分")
        kwargs.setdefault("max_length", 20)
        self.allow_negative = allow_negative
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            fen = parse_yuan(text)
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None
        if fen < 0 and not self.allow_negative:
            raise forms.ValidationError("金额不能为负数")
        return fen


def date_field(label: str) -> forms.DateField:
    """A date typed in a date input, today by default."""
    return forms.DateField(label=label, widget=DATE_INPUT, initial=timezone.localdate)
