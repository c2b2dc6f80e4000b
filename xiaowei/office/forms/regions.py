"""The form of a region's profile page (office/views/regions.py)."""

from __future__ import annotations

from django import forms


class RegionProfileForm(forms.Form):
    intro = forms.CharField(label="简介", required=False, max_length=2000, widget=forms.Textarea)
    office_address = forms.CharField(label="村委会地址", required=False, max_length=200)
    office_hours = forms.CharField(label="办公时间", required=False, max_length=100)
    board_location = forms.CharField(label="村务公开栏位置", required=False, max_length=200)
