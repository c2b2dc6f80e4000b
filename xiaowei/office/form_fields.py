"""Old place of office/forms/fields.py, kept only for project_forms.py and asset_forms.py: delete it when
they move into office/forms/ and import from office.forms.fields (#15)."""

from xiaowei.office.forms.fields import DATE_INPUT, YuanField, date_field

__all__ = ["DATE_INPUT", "YuanField", "date_field"]
