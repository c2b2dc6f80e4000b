"""A model base for rows that are only ever added (audit events, publications, log nodes).

The ORM refuses to update or delete them here; database triggers (lib/append_only.py, in migrations)
refuse it for raw SQL too.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class ImmutableError(Exception):
    """Raised by any attempt to change or delete an append-only row."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise self.model.immutable_error(self.model.immutable_message)

    def delete(self) -> NoReturn:
        raise self.model.immutable_error(self.model.immutable_message)


class AppendOnlyModel(models.Model):
    immutable_error: type[Exception] = ImmutableError
    immutable_message = "这些记录只能追加，不能修改或删除"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise self.immutable_error(self.immutable_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise self.immutable_error(self.immutable_message)
