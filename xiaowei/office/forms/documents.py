"""The upload form of the documents page (office/views/documents.py)."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaowei.lib.forms import field_of


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=[])
    title = forms.CharField(label="标题", max_length=200)
    file = forms.FileField(label="文件（PDF、图片、Word、文本）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from xiaowei.catalog.charts import DOCUMENT_KINDS

        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = list(DOCUMENT_KINDS.items())
