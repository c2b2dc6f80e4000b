"""`xiaowei import KIND FILE`: each kind is registered by the app that owns the data."""

from __future__ import annotations

from django.core.management import load_command_class

from xiaowei.lib.commands import importers


def test_each_app_registers_its_own_importer_in_app_order() -> None:
    found = importers()
    assert list(found) == ["results", "vouchers"]
    assert type(found["results"]).__module__ == "xiaowei.results.management.importers"
    assert type(found["vouchers"]).__module__ == "xiaowei.finance.management.importers"


def test_the_command_help_describes_every_importer() -> None:
    parser = load_command_class("xiaowei.lib", "import").create_parser("xiaowei", "import")
    text = " ".join(parser.format_help().split())  # as one line, whatever the terminal's width
    assert "{results,vouchers}" in text
    assert "导入数据：import results FILE" in text
    assert "全部校验无误才记账。" in text
