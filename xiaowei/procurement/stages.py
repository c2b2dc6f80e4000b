"""What the stage services of projects and assets share (projects.services, assets.services): the row
locked for the change, the reasons to refuse collected in order and refused together, and the publication
of the stage as OCDS releases. Each service still checks the actor's scope first, writes its rows and its
own audit event; the pieces here make the two apps refuse with the same words for the same mistakes."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, Unpack

from django.db.models import Model, QuerySet
from django.utils import timezone

from xiaowei.lib.errors import InvalidInput
from xiaowei.procurement import ocds, releases

if TYPE_CHECKING:
    from xiaowei.accounts.models import User
    from xiaowei.regions.models import Region

M = TypeVar("M", bound=Model)

#: Amounts stay below 10^14 fen (a trillion yuan): what no village spends, and what a BigIntegerField holds.
MAX_FEN = 10**14


def locked(rows: QuerySet[M], pk: Any) -> M:
    """Re-read one row of ``rows`` under a row lock (of its own table only, whatever ``rows`` joins), so
    that two clerks cannot both pass a gate on stale data."""
    return rows.select_for_update(of=("self",)).get(pk=pk)


class Refusals:
    """The reasons to refuse one service call, in the order they were found. ``raise_if_any`` refuses with
    all of them at once (``InvalidInput(title, reasons)``), so a clerk sees every mistake of a form
    together. False while there is none."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.reasons: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.reasons)

    def add(self, reason: str) -> None:
        self.reasons.append(reason)

    def extend(self, reasons: Iterable[str]) -> None:
        self.reasons.extend(reasons)

    def check(self, ok: bool, reason: str) -> bool:
        """Refuse with ``reason`` unless ``ok``; returns ``ok``."""
        if not ok:
            self.reasons.append(reason)
        return ok

    def not_future(self, day: date, what: str) -> None:
        self.check(day <= timezone.localdate(), f"{what}不能晚于今天")

    def money(self, value: Any, what: str) -> None:
        """A positive amount in fen, told apart from one out of range."""
        if not isinstance(value, int) or value <= 0:
            self.add(f"{what}应为正数金额")
        elif value >= MAX_FEN:
            self.add(f"{what}超出范围")

    def positive(self, value: Any, what: str) -> None:
        """A positive amount in fen; one out of range is refused with the same words."""
        self.check(isinstance(value, int) and 0 < value < MAX_FEN, f"{what}应为正数金额")

    def raise_if_any(self) -> None:
        if self.reasons:
            raise InvalidInput(self.title, self.reasons)


class Change(TypedDict):
    """A stage change as its publication tells it: the OCDS release tags it touches, what happened (a short
    Chinese phrase, in the title) and the day it happened."""

    tags: list[str]
    what: str
    when: date


def publish(
    build: Callable[[], ocds.Project],
    about: dict[str, Any],
    *,
    title: str,
    amount: str | None,
    region: Region,
    kind: str,
    subject: tuple[str, str],
    refused: str,
    actor: User,
    **change: Unpack[Change],
) -> None:
    """Publish a stage change as one publication of the log (releases.publish_ocds): its body is ``about``
    (the subject's type and state) with the region, what happened when, and one line (``title``,
    ``amount``); it carries the OCDS releases of ``build()`` for the change's tags. Data that
    procurement.ocds finds impossible (its ValueError) are refused as ``InvalidInput(refused, [why])``, and
    the service's transaction rolls back."""
    body = {
        **about,
        "region": {"code": region.code, "name": region.name},
        "event": change["what"],
        "occurred_on": change["when"],
        "lines": [{"text": title, "note": "", "amount": amount}],
    }
    try:
        releases.publish_ocds(
            build(),
            tags=change["tags"],
            when=change["when"],
            region=region,
            kind=kind,
            title=title,
            body=body,
            subject=subject,
            actor=actor,
        )
    except ValueError as e:
        raise InvalidInput(refused, [str(e)]) from None
