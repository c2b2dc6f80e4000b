"""Form helpers shared by the office and the apps' own pages."""

from __future__ import annotations

from typing import TypeVar

from django import forms

from xiaowei.lib.errors import ServiceError

F = TypeVar("F", bound=forms.Field)


def add_service_error(form: forms.Form, e: ServiceError) -> None:
    """Show a refused service call on the form, keeping what the user typed."""
    form.add_error(None, e.message)
    for err in getattr(e, "errors", []) or []:
        form.add_error(None, err)


def field_of(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """`form.fields[name]` as the kind of field it is, to set what only a request knows (its choices)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
