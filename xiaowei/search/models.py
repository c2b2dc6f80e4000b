"""The search index's tables. The full-text index itself (FTS5 on SQLite, a tsvector column with a GIN
index on PostgreSQL) is created by migration 0002, outside the ORM."""

from __future__ import annotations

from django.db import models

OBJECT_ID_BITS = 48  # an entry's id is kind number · 2⁴⁸ + object_id (see SearchEntry)


class SearchKind(models.Model):
    """One kind of searchable object ("person", "matter", …), numbered by its id. The number places the
    kind's entries in their own id range. Written by search.index on a kind's first indexing; never
    changed or deleted (renumbering would need every entry of the kind rewritten)."""

    name = models.CharField("类别", max_length=20, unique=True)

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """One searchable object: `text` holds the bigram words of its fields and its region scope words
    (search.bigrams.doc_text), which the full-text index is built from. Written only by
    search.index.index_many / remove, by the app that owns the object, when the object changes.

    The id is not a counter: it is SearchKind number · 2⁴⁸ + object_id. So one kind is one id range,
    and id order is object_id order within a kind: "newest first" is read straight off the full-text
    index in id order, without looking at this table."""

    kind = models.CharField("类别", max_length=20)
    object_id = models.BigIntegerField("对象 ID")
    region_code = models.CharField("区划代码", max_length=15)
    text = models.TextField("索引文本")

    class Meta:
        # (kind, object_id) is unique because the id is made of them: no index of its own. The one index
        # answers "does this kind have entries outside a region" (search.index); every index is written
        # once per entry, and a county imports a million of them.
        indexes = [models.Index(fields=["kind", "region_code"], name="search_entry_region")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
