"""What each public kind puts into the search index (search.index), and the functions that write it.

Each ``index_<kind>s(ids)`` reads the objects' public text and (re-)indexes them in one index_many call,
inside the caller's transaction. The services call them where an object is created or its searchable
text changes; the demo loaders call them after their bulk creates. Fields go shortest and most important
first (bigrams.doc_text indexes a record up to its first 16,000 words).

- 工程项目: title, code, location and the awarded contractor's name (do_create_project, do_award).
- 资产资源: name, location, code (do_register_asset).
- 财务凭证: only BOOKED vouchers are public: summary, payee and number (do_book_voucher,
  do_reverse_voucher). A voucher that is not booked is removed from the index instead.
- 办事结果: written by results.importer under RESULT; its fields are the masked public form only.

If you add a field here, objects already indexed keep their old text until ``xiaowei search reindex``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from xiaowei.assets.models import Asset
from xiaowei.finance.models import Voucher
from xiaowei.projects.models import Project
from xiaowei.search.index import Row, index_many, remove

RESULT, PROJECT, ASSET, VOUCHER = "result", "project", "asset", "voucher"  # RESULT: as results.importer
KINDS = {RESULT: "办事结果", PROJECT: "工程项目", ASSET: "资产资源", VOUCHER: "财务凭证"}
_READ_BATCH = 2000  # ids per query (SQLite allows 32,766 parameters)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    it = iter(ids)
    while chunk := list(islice(it, _READ_BATCH)):
        yield chunk


def _project_rows(ids: Iterable[int]) -> Iterator[Row]:
    for chunk in _chunks(ids):
        rows = Project.objects.filter(pk__in=chunk).values_list(
            "pk", "region_id", "title", "code", "location", "award_contractor__name"
        )
        for pk, region, title, code, location, contractor in rows:
            yield pk, region, [title, code, location, contractor or ""]


def _asset_rows(ids: Iterable[int]) -> Iterator[Row]:
    for chunk in _chunks(ids):
        for pk, region, name, location, code in Asset.objects.filter(pk__in=chunk).values_list(
            "pk", "region_id", "name", "location", "code"
        ):
            yield pk, region, [name, location, code]


def voucher_number_text(number: str) -> str:
    """The number as one word ("2026-03 付字第 1 号" → "2026-03付字第1号"): its pieces "1" and "号" are too
    short to be searched alone, while "付字第1号" and "2026-03付" can be."""
    return "".join(number.split())


def index_projects(ids: Iterable[int]) -> int:
    """(Re-)index these projects (all projects are public). Returns how many entries were written."""
    return index_many(PROJECT, _project_rows(ids))


def index_assets(ids: Iterable[int]) -> int:
    """(Re-)index these assets (the whole register is public). Returns how many entries were written."""
    return index_many(ASSET, _asset_rows(ids))


def index_vouchers(ids: Iterable[int]) -> int:
    """(Re-)index the booked vouchers among these ids and drop any other from the index (a voucher that is
    not booked is not public). Returns how many entries were written."""
    written = 0
    for chunk in _chunks(ids):
        booked = list(
            Voucher.objects.filter(pk__in=chunk, status=Voucher.Status.BOOKED).only(
                "pk", "region_id", "kind", "period", "seq", "summary", "payee"
            )
        )
        written += index_many(
            VOUCHER,
            ((v.pk, v.region_id, [v.summary, v.payee, voucher_number_text(v.number)]) for v in booked),
        )
        unbooked = set(chunk) - {v.pk for v in booked}
        if unbooked:
            remove(VOUCHER, unbooked)
    return written


def reindex_all(kinds: Iterable[str] = (PROJECT, ASSET, VOUCHER)) -> dict[str, int]:
    """Index every object of these kinds again (after a field is added here, or for data loaded before
    the kind was indexed). Results are indexed by their importer and are not rebuilt here."""
    done: dict[str, int] = {}
    for kind in kinds:
        # The ids are read first: writing the index while a cursor over the table is open is not portable.
        if kind == PROJECT:
            done[kind] = index_projects(list(Project.objects.values_list("pk", flat=True)))
        elif kind == ASSET:
            done[kind] = index_assets(list(Asset.objects.values_list("pk", flat=True)))
        elif kind == VOUCHER:
            booked = Voucher.objects.filter(status=Voucher.Status.BOOKED)
            done[kind] = index_vouchers(list(booked.values_list("pk", flat=True)))
        else:
            raise ValueError(f"不能重建这一类的索引：{kind}")
    return done
