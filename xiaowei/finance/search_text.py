"""What of a voucher goes into the search index: summary, payee and number. Only BOOKED vouchers are
public; any other id given to index_vouchers leaves the index. Written by do_book_voucher,
do_reverse_voucher, the agency's import and the demo loader."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from xiaowei.finance.models import Voucher
from xiaowei.search import registry
from xiaowei.search.index import Row

KIND = "voucher"


def voucher_number_text(number: str) -> str:
    """The number as one word ("2026-03 付字第 1 号" → "2026-03付字第1号"): its pieces "1" and "号" are too
    short to be searched alone, while "付字第1号" and "2026-03付" can be."""
    return "".join(number.split())


def _rows(ids: list[int]) -> Iterator[Row]:
    booked = Voucher.objects.filter(pk__in=ids, status=Voucher.Status.BOOKED).only(
        "pk", "region_id", "kind", "period", "seq", "summary", "payee"
    )
    for v in booked:
        yield v.pk, v.region_id, [v.summary, v.payee, voucher_number_text(v.number)]


def _all() -> list[int]:
    return list(Voucher.objects.filter(status=Voucher.Status.BOOKED).values_list("pk", flat=True))


SEARCH_KIND = registry.Kind(KIND, "财务凭证", _rows, _all)


def index_vouchers(ids: Iterable[int]) -> int:
    return registry.index(KIND, ids)
