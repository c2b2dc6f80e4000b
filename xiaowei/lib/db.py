"""Small database chores the bulk loaders share."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction


def analyze(tables_of: Iterable[type[models.Model]] | None = None) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load (a no-op elsewhere): of these models'
    tables, or of every table the project's models own. Never a bare ANALYZE: that also analyses the
    cluster's shared catalogs, whose lock then waits on every other database's open transaction."""
    if connection.vendor != "postgresql":
        return
    if tables_of is None:
        tables = sorted(connection.introspection.django_table_names(only_existing=True))
    else:
        tables = [m._meta.db_table for m in tables_of]
    if not tables:
        return
    names = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {names}")  # the names come from the models, quoted


def in_service_transaction() -> bool:
    """Whether the caller runs inside a transaction of its own making. A test runs inside atomic blocks
    of its own (marked _from_testcase by Django); they do not count, so that a test catches a caller that
    forgot its transaction, as production would."""
    connection = transaction.get_connection()
    return connection.in_atomic_block and not all(b._from_testcase for b in connection.atomic_blocks)
