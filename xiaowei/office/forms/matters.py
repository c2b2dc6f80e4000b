"""The forms of the matter pages (office/views/matters.py). Fields follow the flowchart: a step asks only
for what it needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from xiaowei.catalog.charts import Attribute, Step
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.matters.models import Document, Meeting, Resolution
from xiaowei.office.forms.fields import DATE_INPUT


def _attribute_field(a: Attribute) -> forms.Field:
    if a.type == "money":
        return forms.CharField(label=a.label, required=False, help_text="单位：元，可到分，例如 86500.50")
    if a.type == "bool":
        return forms.BooleanField(label=a.label, required=False)
    if a.type == "int":
        return forms.IntegerField(label=a.label, required=False, min_value=0)
    if a.type == "choice":
        return forms.ChoiceField(label=a.label, required=False, choices=[("", "——"), *a.choices])
    return forms.CharField(label=a.label, required=False, max_length=200)


class StartMatterForm(forms.Form):
    title = forms.CharField(label="事项名称", max_length=200, help_text="例如：2026 年组级道路硬化")
    started_on = forms.DateField(label="开始日期", widget=DATE_INPUT)

    def __init__(self, *args: Any, attributes: list[Attribute], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()
        self.attribute_keys = [a.key for a in attributes]
        for a in attributes:
            self.fields[f"attr_{a.key}"] = _attribute_field(a)

    def attribute_values(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(f"attr_{k}") for k in self.attribute_keys}


class StepForm(forms.Form):
    """Record the next step. Evidence fields appear only where the step asks for them."""

    occurred_on = forms.DateField(label="日期", widget=DATE_INPUT)
    note = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, step: Step, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["occurred_on"].initial = timezone.localdate()
        if step.meeting:
            meetings = Meeting.objects.filter(region_id=region_code, kind=step.meeting.kind).order_by(
                "-held_on"
            )
            self.fields["meeting"] = forms.ModelChoiceField(
                meetings,
                label=f"{MEETING_KINDS[step.meeting.kind]}记录",
                required=False,
                help_text="先在“会议”页登记会议与表决，再在此选择",
            )
        if step.resolution:
            self.fields["resolution"] = forms.ModelChoiceField(
                Resolution.objects.filter(meeting__region_id=region_code).order_by("-valid_from"),
                label="引用的年度决议或授权",
                required=False,
            )
        if step.documents:
            self.fields["documents"] = forms.ModelMultipleChoiceField(
                Document.objects.filter(region_id=region_code, kind__in=step.documents).order_by(
                    "-uploaded_at"
                ),
                label="材料",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="先在“材料”页上传，再在此勾选",
            )
        if step.publicity_days:
            self.fields["publicity_start"] = forms.DateField(
                label="公示开始", required=False, widget=DATE_INPUT
            )
            self.fields["publicity_end"] = forms.DateField(
                label="公示结束",
                required=False,
                widget=DATE_INPUT,
                help_text=f"至少 {step.publicity_days} 天",
            )
        if step.outcome:
            self.fields["decision"] = forms.ChoiceField(
                label="结果",
                choices=[("", "——"), ("approved", "批准"), ("refused", "不予批准")],
                required=False,
            )
            self.fields["person_id"] = forms.CharField(
                label="申请人身份证号（可选）",
                required=False,
                max_length=18,
                help_text="只保存加密散列和脱敏形式（前 6 后 4）",
            )

    def publicity(self) -> tuple[Any, Any] | None:
        start, end = self.cleaned_data.get("publicity_start"), self.cleaned_data.get("publicity_end")
        return (start, end) if start and end else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("publicity_start")) != bool(data.get("publicity_end")):
            raise forms.ValidationError("公示开始和结束日期须同时填写")
        return data


class SignForm(forms.Form):
    role = forms.CharField(widget=forms.HiddenInput)
    step = forms.CharField(widget=forms.HiddenInput)
    agreed = forms.TypedChoiceField(
        label="意见", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    opinion = forms.CharField(
        label="意见说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=500)
