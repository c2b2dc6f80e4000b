"""The steps a workspace page offers (a project, an asset, a voucher) and the one way they are submitted.

Which steps a user may take on an object now is decided next to the object's state, by the app's
`available_actions(obj, user)`; the page only shows those. Each step is an Action: its form, the service
it calls, and what the page says. `handle` does what every workspace did by hand: refuse a step that is
no longer offered, bind the posted form, call the service, keep what was typed and list every reason when
the service refuses, and go back to the page with a message when it succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpResponse

from xiaowei.accounts.http import AuthenticatedHttpRequest
from xiaowei.lib.errors import ServiceError
from xiaowei.lib.forms import add_service_error

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

T = TypeVar("T")


def _no_kwargs(obj: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Action(Generic[T]):
    """One step on a workspace: `form(data, files, prefix=key, **form_kwargs(obj))` is shown under
    `title`; once valid, `call(obj, cleaned_data, user)` runs the service and `done` is said."""

    title: str
    form: Callable[..., forms.Form]
    call: Callable[[T, dict[str, Any], User], Any]
    done: str
    button: str = "提交"
    form_kwargs: Callable[[T], dict[str, Any]] = field(default=_no_kwargs)
    uploads: bool = False  # the form sends files (multipart)


@dataclass(frozen=True)
class Shown:
    """One offered step as the template draws it."""

    key: str
    title: str
    button: str
    form: forms.Form
    uploads: bool


@dataclass
class Outcome:
    shown: list[Shown]
    posted: str
    response: HttpResponse | None  # a redirect when the step was refused as stale or was done


def handle(
    request: AuthenticatedHttpRequest,
    obj: T,
    actions: Mapping[str, Action[T]],
    offered: Sequence[str],
    *,
    back: Callable[[Any], HttpResponse],
    stale: str,
    extra: Mapping[str, dict[str, Any]] | None = None,
) -> Outcome:
    """Show the offered steps and run the posted one. `back(result)` is where to go afterwards (the
    service's result, or None); `stale` is said when the posted step is no longer offered (the state
    changed, or the user's role may not); `extra` adds form arguments for a step."""
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    if posted and posted not in offered:
        messages.error(request, stale)
        return Outcome([], posted, back(None))
    built: dict[str, forms.Form] = {}
    for key in offered:
        action = actions[key]
        data, files = (request.POST, request.FILES) if key == posted else (None, None)
        kwargs = {**action.form_kwargs(obj), **(extra or {}).get(key, {})}
        built[key] = action.form(data, files, prefix=key, **kwargs)
    if posted and built[posted].is_valid():
        try:
            result = actions[posted].call(obj, built[posted].cleaned_data, request.user)
        except ServiceError as e:
            add_service_error(built[posted], e)
        else:
            messages.success(request, actions[posted].done)
            return Outcome([], posted, back(result))
    shown = [Shown(k, actions[k].title, actions[k].button, built[k], actions[k].uploads) for k in offered]
    return Outcome(shown, posted, None)
