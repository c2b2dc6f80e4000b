"""Small helpers that read configuration from the environment (settings.py uses them)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def secret_key(home: Path, variable: str = "XIAOWEI_SECRET_KEY", filename: str = "secret_key") -> str:
    """A secret: from the environment variable, else one generated once and kept in XIAOWEI_HOME.

    Keeping the generated key on disk (mode 0600) means it survives restarts without the operator
    having to invent a secret, and no secret is ever committed.
    """
    from_env = os.environ.get(variable, "").strip()
    if from_env:
        return from_env
    path = home / filename
    if path.exists():
        return path.read_text().strip()
    home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: when two processes start at once, the second one reads the first one's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key
