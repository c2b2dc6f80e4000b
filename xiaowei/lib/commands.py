"""Base classes for the operator CLI (`xiaowei <command>`): thin wrappers around services."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import module_has_submodule

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


class Importer:
    """One kind of file that `xiaowei import KIND FILE` loads, kept by the app that owns the data: its
    module `management/importers.py` lists them in IMPORTERS. The `import` command (lib) gives every kind
    FILE (checked to exist), --region (only the villages under it; the county by default) and
    --accept-valid (import the good rows of a file with errors, which is otherwise refused whole); the
    importer adds any other options and does the rest."""

    name: str  # the subcommand: `xiaowei import NAME FILE`
    help: str  # its line in the list of subcommands
    description: str  # what the command's description says of it ("import NAME FILE …。")
    accept_valid_help: str  # what --accept-valid does for this kind

    def add_arguments(self, parser: CommandParser) -> None:
        pass

    def handle(
        self, command: XiaoweiCommand, path: Path, *, region: str, accept_valid: bool, **options: Any
    ) -> None:
        raise NotImplementedError


def error_lines(errors: Sequence[tuple[int, str]], more: int) -> list[str]:
    """A file's first 50 errors, a line each ("  第 N 行：…"), then "  … 另有 ``more`` 行错误" if there are
    more than 50."""
    lines = [f"  第 {line} 行：{message}" for line, message in errors[:50]]
    if len(errors) > 50:
        lines.append(f"  … 另有 {more} 行错误")
    return lines


def importers() -> dict[str, Importer]:
    """Every app's importers by name, in the order of INSTALLED_APPS."""
    found: dict[str, Importer] = {}
    for app in apps.get_app_configs():
        if not module_has_submodule(app.module, "management"):
            continue
        management = import_module(f"{app.name}.management")
        if module_has_submodule(management, "importers"):
            for importer in import_module(f"{app.name}.management.importers").IMPORTERS:
                found[importer.name] = importer
    return found
