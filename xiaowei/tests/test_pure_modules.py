"""The pure modules import and work with Django absent: the step engine, the chart parser, the quorum law,
role codes, money and the OCDS builder. docs/architecture.md promises this; a Django import sneaking in
fails here."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PURE = [
    "xiaowei.regions.roles",
    "xiaowei.lib.money",
    "xiaowei.lib.errors",
    "xiaowei.lib.uscc",
    "xiaowei.lib.origin",
    "xiaowei.lib.env",
    "xiaowei.lib.sheets",
    "xiaowei.catalog.quorum",
    "xiaowei.catalog.charts",
    "xiaowei.matters.engine",
    "xiaowei.procurement.ocds",
]


def _run_without_django(code: str) -> subprocess.CompletedProcess[str]:
    # None in sys.modules makes every "import django…" raise ImportError, as if it were not installed.
    prelude = "import sys\nfor name in ('django', 'ninja', 'psycopg'):\n    sys.modules[name] = None\n"
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True, check=False
    )


def test_pure_modules_import_without_django() -> None:
    for module in PURE:
        done = _run_without_django(f"import {module}")
        assert done.returncode == 0, f"{module} needs Django:\n{done.stderr}"


def test_the_blocker_really_blocks() -> None:
    done = _run_without_django("import xiaowei.regions.models")
    assert done.returncode != 0 and "django" in done.stderr


def test_the_engine_runs_without_django() -> None:
    done = _run_without_django(
        """
        from xiaowei.regions.roles import Role, ROLE_CODES
        from xiaowei.catalog.quorum import DEFAULT_RULES
        assert Role.VILLAGE_CADRE.label == "村干部" and "admin" in ROLE_CODES
        assert Role("admin") is Role.ADMIN and f"{Role.ADMIN}" == "admin"
        assert DEFAULT_RULES
        """
    )
    assert done.returncode == 0, done.stderr
