"""One index on search entries instead of two: (kind, object_id) is unique because the id is made of them,
so the upsert now names the id, and the region index needs no object_id. Every index costs each of the
million entries a county imports.

On SQLite, dropping the unique constraint rebuilds the table, which would drop the full-text triggers of
0002 with it: they are dropped first and made again afterwards (the FTS5 index is rebuilt to be sure it
matches the copied rows)."""

import importlib

from django.db import migrations, models

fulltext = importlib.import_module("xiaowei.search.migrations.0002_fulltext")
CREATE_TRIGGERS = [sql for sql in fulltext.SQLITE if sql.startswith("CREATE TRIGGER")]
DROP_TRIGGERS = [sql for sql in fulltext.SQLITE_REVERSE if sql.startswith("DROP TRIGGER")]
REBUILD = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"


def drop_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP_TRIGGERS:
            schema_editor.execute(sql)


def create_triggers(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for sql in [*CREATE_TRIGGERS, REBUILD]:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.RemoveConstraint(model_name="searchentry", name="search_entry_unique"),
        migrations.RemoveIndex(model_name="searchentry", name="search_entry_scope"),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["kind", "region_code"], name="search_entry_region"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
