"""Base class for the operator CLI (`xiaowei <command>`): thin wrappers around services."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiaowei.lib.errors import InvalidInput, ServiceError
from xiaowei.lib.origin import origin


class XiaoweiCommand(BaseCommand):
    """Runs `handle` with the audit origin set to "cli" and turns refusals into clear errors."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        with origin("cli"):
            try:
                return super().execute(*args, **options)
            except InvalidInput as e:
                lines = [e.message, *(f"  - {err}" for err in e.errors[:50])]
                if len(e.errors) > 50:
                    lines.append(f"  … 另有 {len(e.errors) - 50} 处错误")
                raise CommandError("\n".join(lines)) from None
            except ServiceError as e:
                raise CommandError(e.message) from None
