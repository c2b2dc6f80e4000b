"""What of an asset goes into the search index: name, location, code. The whole register is public.
Written by do_register_asset and by the demo loader."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xiaowei.assets.models import Asset
from xiaowei.search import registry
from xiaowei.search.index import Row

KIND = "asset"


def _rows(ids: list[int]) -> Iterator[Row]:
    for pk, region, name, location, code in Asset.objects.filter(pk__in=ids).values_list(
        "pk", "region_id", "name", "location", "code"
    ):
        yield pk, region, [name, location, code]


def _all() -> list[int]:
    return list(Asset.objects.values_list("pk", flat=True))


SEARCH_KIND = registry.Kind(KIND, "资产资源", _rows, _all)


def index_assets(ids: Iterable[int]) -> int:
    return registry.index(KIND, ids)
