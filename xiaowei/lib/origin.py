"""Where the current change comes from (web, api, cli, system), carried in a context variable.

The web middleware, the API and the CLI set it once at their edge, so services never have to pass it
around and cannot forget it.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    channel: str  # web / api / cli / system
    ip: str | None = None


# Origin is frozen, so sharing one default instance is safe.
_current: contextvars.ContextVar[Origin] = contextvars.ContextVar(
    "xiaowei_origin",
    default=Origin("system"),  # noqa: B039
)


def current_origin() -> Origin:
    return _current.get()


@contextmanager
def origin(channel: str, ip: str | None = None) -> Iterator[None]:
    token = _current.set(Origin(channel, ip))
    try:
        yield
    finally:
        _current.reset(token)
