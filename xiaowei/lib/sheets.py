"""What the CSV/XLSX importers share: a spreadsheet cell as the text a CSV would hold, and a file's digest
(a file imported twice is recognised by it)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path


def cell_text(value: object) -> str:
    """An openpyxl cell value as text: dates as ISO dates, whole floats without ".0", stripped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
