"""docs/configuration.md is the one list of environment variables: its tables must name exactly the
XIAOWEI_* variables the code reads, so a new variable cannot go undocumented and a removed one cannot
linger in the docs."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DOC = ROOT / "docs" / "configuration.md"

# Python reads a variable by its quoted name: os.environ.get("XIAOWEI_…"), envint("XIAOWEI_…", 8),
# secret_key(HOME, "XIAOWEI_…", …). Django settings that merely share the prefix are bare names
# (settings.XIAOWEI_CACHE_DIR) and do not match.
QUOTED = re.compile(r"""["'](XIAOWEI_[A-Z0-9_]+)["']""")
# In the shell scripts and the Makefile every XIAOWEI_ name is an environment variable.
BARE = re.compile(r"\b(XIAOWEI_[A-Z0-9_]+)\b")
# A documented variable is the first cell of a table row: | `XIAOWEI_HOME` | … |
ENTRY = re.compile(r"^\|\s*`(XIAOWEI_[A-Z0-9_]+)`\s*\|", re.MULTILINE)


def _is_test(path: Path) -> bool:
    return "tests" in path.parts or path.name.startswith("test") or path.name == "conftest.py"


def variables_read() -> dict[str, set[str]]:
    """Each XIAOWEI_* variable the shipped code, the scripts and the benchmarks read, with where."""
    found: dict[str, set[str]] = defaultdict(set)
    python = [p for folder in ("xiaowei", "bench") for p in (ROOT / folder).rglob("*.py")]
    for path in python:
        relative = path.relative_to(ROOT)
        if _is_test(relative) or "migrations" in relative.parts:
            continue
        for name in QUOTED.findall(path.read_text(encoding="utf-8")):
            found[name].add(str(relative))
    shell = [ROOT / "Makefile", *(ROOT / "scripts").glob("*.sh"), *(ROOT / ".ci").glob("*")]
    for path in shell:
        if path.is_file():
            for name in BARE.findall(path.read_text(encoding="utf-8")):
                found[name].add(str(path.relative_to(ROOT)))
    return found


def documented() -> list[str]:
    return ENTRY.findall(DOC.read_text(encoding="utf-8"))


def test_the_scan_finds_variables() -> None:
    # Guards the regexes: if they matched nothing, the comparison below would pass on two empty sets.
    read = variables_read()
    expected = {"XIAOWEI_HOME", "XIAOWEI_SECRET_KEY", "XIAOWEI_QUARTER_DUE_DAY", "XIAOWEI_TEST_PG_URL"}
    assert expected <= set(read)
    assert "XIAOWEI_CACHE_DIR" not in read  # a Django setting, not an environment variable


def test_configuration_doc_lists_exactly_the_variables_the_code_reads() -> None:
    read = variables_read()
    listed = documented()
    twice = sorted({name for name in listed if listed.count(name) > 1})
    missing = sorted(set(read) - set(listed))
    stale = sorted(set(listed) - set(read))
    problems = []
    if missing:
        problems.append(
            "docs/configuration.md does not list: "
            + "; ".join(f"{name} (read in {', '.join(sorted(read[name]))})" for name in missing)
        )
    if stale:
        problems.append("docs/configuration.md lists variables no code reads: " + ", ".join(stale))
    if twice:
        problems.append("docs/configuration.md lists these more than once: " + ", ".join(twice))
    assert not problems, "\n".join(problems)
