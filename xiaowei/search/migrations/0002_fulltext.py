"""The full-text index over search_searchentry.text (bigram words, see search.bigrams), per engine:

- SQLite: an FTS5 table with the default unicode61 tokenizer, external content (it stores only the
  index; rowid = search_searchentry.id), kept in step by triggers. SQLite 3.40 has no contentless_delete,
  so the delete and update triggers hand the old text back to FTS5 ('delete' command).
- PostgreSQL: a stored generated tsvector column, to_tsvector('simple', text), with a GIN index.

search.index._match is the one place that queries these; keep the names in step with it.

Careful on SQLite: a later AlterField/AddField on SearchEntry makes Django rebuild the table, which drops
these triggers. Such a migration must drop and recreate them (and 'rebuild' the FTS table).
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "text, content='search_searchentry', content_rowid='id', columnsize=0)",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    # An upsert that leaves the text as it was need not touch the index.
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF id, text ON search_searchentry "
    "WHEN old.id IS NOT new.id OR old.text IS NOT new.text BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    # Rows written before this migration (none in practice) enter the index too.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

POSTGRES = [
    "ALTER TABLE search_searchentry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    "CREATE INDEX search_searchentry_tsv ON search_searchentry USING gin (tsv)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS search_searchentry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]


def _check_postgres_sees_chinese(schema_editor) -> None:
    # In a database whose LC_CTYPE is C, Chinese characters are not letters to the text-search parser:
    # every CJK bigram would vanish from the index and searches would silently find nothing.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('simple', '王伟')::text")
        got = cursor.fetchone()[0]
    if got != "'王伟':1":
        raise RuntimeError(
            "PostgreSQL 的全文检索识别不了汉字（to_tsvector('simple', '王伟') = %r）：请用 "
            "ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' 创建数据库。" % got
        )


def forwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _check_postgres_sees_chinese(schema_editor)
    for sql in {"sqlite": SQLITE, "postgresql": POSTGRES}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
