"""Bulk import of service results (`xiaowei import results FILE`).

1. The whole file is checked first (streamed, row by row). Any invalid row refuses the file with a
   row-level report and nothing is written, unless the user explicitly accepts the valid part.
2. The rows are then written in batches, each in its own transaction: the results (identity numbers as a
   keyed hash and a masked form only), their search entries and the publications of the batch. The run
   records how many data rows are done after each batch, so running the same file again (same SHA-256)
   after a crash resumes at the first row not yet committed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from xiaowei.audit.log import record
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish_many
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.pii import id_hash, mask_id
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm
from xiaowei.results import rows as rowlib
from xiaowei.results.models import ImportRun, ServiceResult
from xiaowei.results.present import categories_for, public_result
from xiaowei.search.index import index_many

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

Progress = Callable[[int, int, float], None]  # (rows done, rows total, rows per second)
MAX_REPORTED = 1000


def rows_digest(rows: list[dict[str, Any]]) -> str:
    """SHA-256 of the rows' JCS (RFC 8785) form. For these values (ASCII keys; strings, integers, None)
    sorted-key compact JSON without ASCII escaping is byte-identical to JCS, and ~20 times faster than the
    general rfc8785 encoder; a test checks the two agree."""
    text = json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_results(
    path: Path,
    *,
    actor: User | None,
    scope: str,
    accept_valid: bool = False,
    batch_size: int = 5000,
    progress: Progress | None = None,
    stop_after_batches: int | None = None,
) -> ImportRun:
    """Import ``path`` into the villages under ``scope`` (a region code the actor may import into).
    ``stop_after_batches`` stops early as a crash would (for tests of resuming)."""
    if actor is not None:
        access.check_region_code(actor, scope, perm=Perm.IMPORT_RESULTS)
    sha = file_sha256(path)
    run = ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.RUNNING).first()
    if ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.DONE).exists():
        raise InvalidInput("这个文件已经导入过（SHA-256 相同），没有重复导入")
    villages = set(
        Region.objects.filter(level="village", code__startswith=scope).values_list("code", flat=True)
    )
    categories = {c.code: c for c in categories_for(scope)}
    if run is None:
        run = _check_file(path, sha, scope, villages, set(categories), actor=actor, accept_valid=accept_valid)
        if run.status == ImportRun.Status.REFUSED:
            return run
    names = dict(Region.objects.filter(code__in=villages).values_list("code", "name"))
    started, done_before = time.perf_counter(), run.done_rows
    batch: list[rowlib.Row] = []
    position = 0
    batches = 0
    for raw in rowlib.read_rows(path):
        position += 1
        if position <= run.done_rows:
            continue  # committed before a crash
        row, _ = rowlib.check_row(raw, villages, set(categories))
        if row is not None:
            batch.append(row)
        if len(batch) >= batch_size or (position - run.done_rows) >= batch_size * 4:
            _write_batch(run, batch, position, categories, names, actor)
            batch = []
            batches += 1
            if progress:
                progress(position, run.total_rows, (position - done_before) / (time.perf_counter() - started))
            if stop_after_batches is not None and batches >= stop_after_batches:
                return run
    _write_batch(run, batch, position, categories, names, actor)
    if progress:
        progress(
            position, run.total_rows, (position - done_before) / max(time.perf_counter() - started, 1e-9)
        )
    with transaction.atomic():
        run.status = ImportRun.Status.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "finished_at"])
        record(
            "results.import.finished",
            actor=actor,
            obj=run,
            region_code=scope,
            after={
                "file": run.filename,
                "sha256": sha,
                "imported": run.imported,
                "skipped": run.total_rows - run.valid_rows,
            },
        )
    return run


def _check_file(
    path: Path,
    sha: str,
    scope: str,
    villages: set[str],
    categories: set[str],
    *,
    actor: User | None,
    accept_valid: bool,
) -> ImportRun:
    try:
        reader = rowlib.read_rows(path)
        total = valid = 0
        errors: list[list[Any]] = []
        for raw in reader:
            total += 1
            row, problems = rowlib.check_row(raw, villages, categories)
            if row is None:
                if len(errors) < MAX_REPORTED:
                    errors.append([total + 1, "；".join(problems)])  # +1: the header is line 1
            else:
                valid += 1
    except ValueError as e:
        raise InvalidInput(f"文件无法读取：{e}") from None
    if total == 0:
        raise InvalidInput("文件没有数据行")
    refused = valid < total and not accept_valid
    with transaction.atomic():
        run = ImportRun.objects.create(
            sha256=sha,
            filename=path.name[:255],
            scope=scope,
            total_rows=total,
            valid_rows=valid,
            accept_valid=accept_valid,
            status=ImportRun.Status.REFUSED if refused else ImportRun.Status.RUNNING,
            errors=errors,
            started_by=actor,
            finished_at=timezone.now() if refused else None,
        )
        record(
            "results.import.refused" if refused else "results.import.started",
            actor=actor,
            obj=run,
            after={"file": run.filename, "sha256": sha, "rows": total, "valid": valid},
        )
    return run


@dataclass(frozen=True)
class _Inserted:
    """A just-inserted result with the attributes public_result reads (a model instance per row would
    cost more than the insert itself at a million rows)."""

    pk: int
    region_id: str
    group_name: str
    category: str
    person_name: str
    id_masked: str
    household_size: int
    amount_fen: int
    period: str
    approved_on: dt.date
    status: str = ServiceResult.Status.ACTIVE


_COLUMNS = (
    "region_id",
    "group_name",
    "category",
    "person_name",
    "id_hash",
    "id_masked",
    "household_size",
    "amount_fen",
    "period",
    "basis",
    "approved_on",
    "status",
    "import_run_id",
    "created_at",
)


def _insert(run: ImportRun, batch: list[rowlib.Row]) -> list[_Inserted]:
    """Insert the batch with one parameterised executemany (the column list is this constant, never
    input), then read back the ids this run got beyond its previous batch, in insertion order: ids grow
    in the order rows are inserted within the transaction, on SQLite and PostgreSQL alike."""
    if not batch:
        return []
    table = connection.ops.quote_name(ServiceResult._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    ops = connection.ops  # stored exactly as the ORM would store them (SQLite keeps dates as text)
    now = ops.adapt_datetimefield_value(timezone.now())
    masked = [mask_id(r.id_number) for r in batch]
    params = [
        (
            r.village_code,
            r.group,
            r.category,
            r.name,
            id_hash(r.id_number),
            m,
            r.household_size,
            r.amount_fen,
            r.period,
            r.basis,
            ops.adapt_datefield_value(r.approved_on),
            ServiceResult.Status.ACTIVE,
            run.pk,
            now,
        )
        for r, m in zip(batch, masked, strict=True)
    ]
    previous = run.last_id
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)  # noqa: S608
    ids = list(
        ServiceResult.objects.filter(import_run=run, pk__gt=previous)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if len(ids) != len(batch):
        raise RuntimeError(f"inserted {len(batch)} results but found {len(ids)}")
    run.last_id = ids[-1]
    return [
        _Inserted(
            i,
            r.village_code,
            r.group,
            r.category,
            r.name,
            m,
            r.household_size,
            r.amount_fen,
            r.period,
            r.approved_on,
        )
        for i, r, m in zip(ids, batch, masked, strict=True)
    ]


def _write_batch(
    run: ImportRun,
    batch: list[rowlib.Row],
    position: int,
    categories: dict[str, Any],
    names: dict[str, str],
    actor: User | None,
) -> None:
    """One transaction: the batch's results, search entries and publications, and the run's cursor."""
    with transaction.atomic():
        results = _insert(run, batch)
        public = [public_result(r, categories, names) for r in results]
        index_many(
            "result",
            (
                (r.pk, r.region_id, [p["name"], p["category_name"], p["group"]])
                for r, p in zip(results, public, strict=True)
            ),
        )
        if results:
            # One publication per batch: it commits to exactly these rows in their public (masked) form,
            # which anyone can recompute from the pages or the API (ids first_id..last_id of this run).
            scope = Region.objects.get(code=run.scope)
            first, last, n_villages = results[0].pk, results[-1].pk, len({r.region_id for r in results})
            publish_many(
                [
                    {
                        "region": scope,
                        "kind": Publication.Kind.SERVICE_RESULT,
                        "title": f"{scope.name}办事结果公示（第 {first}–{last} 号，{len(results)} 条）",
                        "subject": ("results", f"run-{run.pk}:{results[0].pk}"),
                        "body": {
                            "type": "service_results",
                            "region": {"code": scope.code, "name": scope.name},
                            "import": {"run": run.pk, "file_sha256": run.sha256},
                            "first_id": results[0].pk,
                            "last_id": results[-1].pk,
                            "count": len(results),
                            "total": sum(r.amount_fen for r in results),
                            "villages": n_villages,
                            "rows_sha256": rows_digest(public),
                            "lines": [
                                {
                                    "text": f"办事结果 {len(results)} 条（{n_villages} 个村）",
                                    "note": "",
                                    "amount": None,
                                }
                            ],
                        },
                    }
                ],
                actor=actor,
            )
        run.done_rows = position
        run.imported += len(results)
        run.save(update_fields=["done_rows", "imported", "last_id"])
