from __future__ import annotations

from django import forms

from xiaowei.lib.errors import ServiceError


def add_service_error(form: forms.Form, e: ServiceError) -> None:
    """Show a refused service call on the form, keeping what the user typed."""
    form.add_error(None, e.message)
    for err in getattr(e, "errors", []) or []:
        form.add_error(None, err)
