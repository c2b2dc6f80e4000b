"""The standard's files shipped in ``procurement/data/``: the OCDS 1.1.5 schemas and codelists, the local
disposal extension, and the release schema with extensions merge-patched onto it (RFC 7386)."""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import zipfile
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SCHEMA_DIR = DATA_DIR / "ocds-1.1.5"
DISPOSAL_EXTENSION_DIR = DATA_DIR / "ocds_disposal_extension"
STANDARD_ZIP = SCHEMA_DIR / "standard-1__1__5-schema.zip"


@functools.cache
def codelist(name: str) -> frozenset[str]:
    """The codes of a codelist of the standard (e.g. "partyRole.csv"), read from the local schema zip."""
    with zipfile.ZipFile(STANDARD_ZIP) as archive:
        text = archive.read(f"standard-1__1__5/schema/codelists/{name}").decode("utf-8")
    return frozenset(row["Code"] for row in csv.DictReader(io.StringIO(text)))


def json_merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch (returns a new value; ``null`` in the patch removes a member)."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = json_merge_patch(result.get(key), value)
    return result


def load_schema(name: str = "release-schema.json") -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def patched_release_schema(*extension_dirs: Path) -> dict[str, Any]:
    """The core release schema with each extension's release-schema.json merge-patched onto it."""
    schema = load_schema()
    for directory in extension_dirs or (DISPOSAL_EXTENSION_DIR,):
        patch = json.loads((directory / "release-schema.json").read_text(encoding="utf-8"))
        schema = json_merge_patch(schema, patch)
    return schema
