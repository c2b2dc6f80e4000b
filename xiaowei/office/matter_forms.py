"""Forms of the matter pages. Fields follow the flowchart: a step asks only for what it needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from xiaowei.catalog.charts import RESOLUTION_KINDS, Attribute, Step
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.lib.forms import field_of
from xiaowei.matters.models import Document, Meeting, Resolution, SealUse

_DATE = forms.DateInput(attrs={"type": "date"})


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
    started_on = forms.DateField(label="开始日期", widget=_DATE)

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

    occurred_on = forms.DateField(label="日期", widget=_DATE)
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
            self.fields["publicity_start"] = forms.DateField(label="公示开始", required=False, widget=_DATE)
            self.fields["publicity_end"] = forms.DateField(
                label="公示结束", required=False, widget=_DATE, help_text=f"至少 {step.publicity_days} 天"
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


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=list(MEETING_KINDS.items()))
    subject = forms.CharField(label="议题", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=_DATE)
    notice_on = forms.DateField(
        label="通知日期", required=False, widget=_DATE, help_text="村民会议、成员大会须提前 10 天通知"
    )
    expected = forms.IntegerField(label="应到人数", min_value=0)
    present = forms.IntegerField(label="实到人数", min_value=0)
    votes_for = forms.IntegerField(label="赞成", min_value=0)
    votes_against = forms.IntegerField(label="反对", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0, initial=0)
    attendees = forms.CharField(label="参会人员", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"] = forms.ModelChoiceField(
            Document.objects.filter(region_id=region_code, kind="minutes").order_by("-uploaded_at"),
            label="会议记录（材料）",
            required=False,
        )


class ResolutionForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=list(RESOLUTION_KINDS.items()))
    title = forms.CharField(label="名称", max_length=200)
    scope = forms.CharField(label="决议/授权范围", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label="有效期起", widget=_DATE)
    valid_until = forms.DateField(label="有效期止", widget=_DATE)
    amount_cap = forms.CharField(label="单项金额上限（元，可空）", required=False)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=[])
    title = forms.CharField(label="标题", max_length=200)
    file = forms.FileField(label="文件（PDF、图片、Word、文本）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from xiaowei.catalog.charts import DOCUMENT_KINDS

        super().__init__(*args, **kwargs)
        field_of(self, "kind", forms.ChoiceField).choices = list(DOCUMENT_KINDS.items())


class SealForm(forms.Form):
    name = forms.CharField(label="印章名称", max_length=100, help_text="例如：XX村民委员会")
    keeper = forms.ChoiceField(label="保管人", choices=[])
    registered_on = forms.DateField(label="登记日期", widget=_DATE)


class SealUseForm(forms.Form):
    seal = forms.ChoiceField(label="印章", choices=[])
    used_on = forms.DateField(label="用印日期", widget=_DATE)
    purpose = forms.ChoiceField(label="用途类别", choices=SealUse.Purpose.choices)
    reason = forms.CharField(label="事由", max_length=200)
    document_title = forms.CharField(label="用印文件", max_length=200)
    copies = forms.IntegerField(label="份数", min_value=1, max_value=1000, initial=1)
    approver = forms.ChoiceField(label="审批人", choices=[])
    resolution = forms.ChoiceField(label="引用决议（贷款、合同、担保必填）", choices=[], required=False)
