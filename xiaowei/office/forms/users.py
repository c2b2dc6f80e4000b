"""The forms of user management (office/views/users.py): a new user, a role granted to a user."""

from __future__ import annotations

from django import forms

from xiaowei.regions.codes import CodeError, level_of
from xiaowei.regions.roles import ROLE_CHOICES


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label="角色", choices=ROLE_CHOICES)
    region = forms.CharField(label="区划代码", max_length=15, help_text="例如 431382105201")
    title = forms.CharField(label="职务", required=False, max_length=50)

    def clean_region(self) -> str:
        code = self.cleaned_data["region"].strip()
        try:
            level_of(code)
        except CodeError as e:
            raise forms.ValidationError(str(e)) from None
        return code


class UserCreateForm(MembershipForm):
    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="姓名", required=False, max_length=50)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=True), min_length=8)

    field_order = ["username", "display_name", "password", "role", "region", "title"]
