"""Test helpers for disclosure: a publication taken through the real services."""

from __future__ import annotations

from typing import Any

from tests_support.matters import World
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import do_create_draft, do_publish_draft, do_review_draft


def publish(
    w: World, title: str = "2026 年第一季度村务公开", lines: list[dict[str, Any]] | None = None, **kw: Any
) -> Publication:
    """A 村务公开 (or, with kind=…, another kind) drafted by the cadre, agreed by the committee, published."""
    lines = lines or [
        {"text": "村民代表会议决定修建通组道路", "amount": "186,000.00"},
        {"text": "低保对象名单已公示"},
    ]
    draft = do_create_draft(
        w.village,
        kind=kw.pop("kind", "village_affairs"),
        title=title,
        period=kw.pop("period", "2026Q1"),
        lines=lines,
        actor=w.cadre,
        **kw,
    )
    do_review_draft(draft, agreed=True, opinion="内容属实", actor=w.committee)
    return do_publish_draft(draft, actor=w.cadre)
