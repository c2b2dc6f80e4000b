"""Base classes for the operator CLI (`xiaowei <command>`): thin wrappers around services."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import module_has_submodule

from xiaowei.audit.context import origin
from xiaowei.lib.errors import InvalidInput, ServiceError


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
    module `management/importers.py` lists them in IMPORTERS. The `import` command (lib) adds the FILE
    argument and checks that the file exists; the importer adds its options and does the rest."""

    name: str  # the subcommand: `xiaowei import NAME FILE`
    help: str  # its line in the list of subcommands
    description: str  # what the command's description says of it ("import NAME FILE …。")

    def add_arguments(self, parser: CommandParser) -> None:
        pass

    def handle(self, command: XiaoweiCommand, path: Path, **options: Any) -> None:
        raise NotImplementedError


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
