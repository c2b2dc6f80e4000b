"""The forms of the meetings page (office/views/meetings.py): a meeting with its vote, and the resolution
or authorisation it passed."""

from __future__ import annotations

from typing import Any

from django import forms

from xiaowei.catalog.charts import RESOLUTION_KINDS
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.matters.models import Document
from xiaowei.office.forms.fields import DATE_INPUT


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="会议类型", choices=list(MEETING_KINDS.items()))
    subject = forms.CharField(label="议题", max_length=200)
    held_on = forms.DateField(label="会议日期", widget=DATE_INPUT)
    notice_on = forms.DateField(
        label="通知日期", required=False, widget=DATE_INPUT, help_text="村民会议、成员大会须提前 10 天通知"
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
    valid_from = forms.DateField(label="有效期起", widget=DATE_INPUT)
    valid_until = forms.DateField(label="有效期止", widget=DATE_INPUT)
    amount_cap = forms.CharField(label="单项金额上限（元，可空）", required=False)
