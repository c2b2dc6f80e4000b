"""Test setup shared by every app: the PostgreSQL test template, static files and the cache; the test
county, the personas and the other shared fixtures are in tests_support (registered below)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

pytest_plugins = [
    "tests_support.county",
    "tests_support.matters",
    "tests_support.projects",
    "tests_support.ocds",
]


def _ensure_postgres_template() -> None:
    """Create the UTF-8 / C.UTF-8 template the PostgreSQL test databases are cloned from (settings.py)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    template = db["TEST"]["TEMPLATE"]
    params: dict[str, Any] = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        # xdist workers arrive together: the lock makes the others wait until the template exists.
        conn.execute("SELECT pg_advisory_lock(431382)")
        try:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone():
                conn.execute(
                    psycopg.sql.SQL(
                        "CREATE DATABASE {} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                        " TEMPLATE template0"
                    ).format(psycopg.sql.Identifier(template))
                )
        finally:
            conn.execute("SELECT pg_advisory_unlock(431382)")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    _ensure_postgres_template()


@pytest.fixture(autouse=True)
def _plain_static_storage(settings) -> None:
    # The manifest storage needs `collectstatic`; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Cached pages are keyed by log size, which repeats from test to test (each test's log starts empty).
    from django.core.cache import cache

    cache.clear()
