"""Bulk import of service results (`xiaowei import results FILE`).

1. The whole file is checked first (streamed, row by row). Any invalid row refuses the file with a
   row-level report and nothing is written, unless the user explicitly accepts the valid part. What the
   writer needs of each checked row (identity numbers already hashed and masked) is kept in a private
   temporary file meanwhile, so the file is read and checked once.
2. The rows are then written in batches, each in its own transaction: the results (identity numbers as a
   keyed hash and a masked form only), their search entries and the publications of the batch. The run
   records how many data rows are done after each batch, so running the same file again (same SHA-256)
   after a crash resumes at the first row not yet committed.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import json
import multiprocessing
import os
import pickle
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str  # the string encoder of json.dumps (C)
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from xiaowei.audit.log import record
from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.services import publish_many
from xiaowei.lib.db import analyze
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.pii import id_hasher, mask_id, mask_name
from xiaowei.lib.sheets import file_sha256
from xiaowei.regions import access
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Perm
from xiaowei.results import rows as rowlib
from xiaowei.results.categories import Category
from xiaowei.results.models import ImportRun, ServiceResult
from xiaowei.results.present import categories_for, public_result
from xiaowei.search.index import entry_text, index_texts
from xiaowei.search.models import SearchEntry

if TYPE_CHECKING:
    from xiaowei.accounts.models import User

# (rows done, rows total, rows per second); total 0 while the file is being checked (total not yet known)
Progress = Callable[[int, int, float], None]
MAX_REPORTED = 1000
# Rows a transaction. Keyed hashes land all over their index, so every commit rewrites pages across it:
# fewer, larger commits write them fewer times (300 k rows: 24.6 s at 5,000 a batch, 19.9 s at 20,000),
# for some 30 MB more memory.
BATCH_ROWS = 20_000
# The check pass (parsing, GB 11643, hashing, the public form) is a third of a large import's time and
# needs no database: chunks of the file are checked in worker processes, one per core, when the file is
# large enough to gain. A CSV file is cut into whole records (bytes) that the workers parse themselves.
CHECK_CHUNK_BYTES = 1 << 20
CHECK_CHUNK_ROWS = 10_000  # (XLSX: rows read here)
PARALLEL_MIN_BYTES = 4 << 20
CACHE_KIB = 32 * 1024  # SQLite page cache while importing (see _bulk_writes; 64 MB: no faster, 33 MB more)
CHECKPOINT_PAGES = 50_000  # WAL pages (4 KiB) before SQLite copies them back, while importing


def _encode(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def rows_digest(rows: list[dict[str, Any]]) -> str:
    """SHA-256 of the rows' JCS (RFC 8785) form. For these values (ASCII keys; strings, integers, None)
    sorted-key compact JSON without ASCII escaping is byte-identical to JCS, and ~20 times faster than the
    general rfc8785 encoder; a test checks the two agree."""
    return hashlib.sha256(_encode(rows).encode()).hexdigest()


def import_results(
    path: Path,
    *,
    actor: User | None,
    scope: str,
    accept_valid: bool = False,
    batch_size: int = BATCH_ROWS,
    progress: Progress | None = None,
    stop_after_batches: int | None = None,
    workers: int | None = None,
) -> ImportRun:
    """Import ``path`` into the villages under ``scope`` (a region code the actor may import into).
    ``stop_after_batches`` stops early as a crash would (for tests of resuming). ``workers``: processes
    for the check pass (default: one per core, up to 4, for files of PARALLEL_MIN_BYTES or more)."""
    if workers is None:
        large = path.exists() and path.stat().st_size >= PARALLEL_MIN_BYTES
        workers = min(os.cpu_count() or 1, 4) if large else 1
    if actor is not None:
        access.check_region_code(actor, scope, perm=Perm.IMPORT_RESULTS)
    sha = file_sha256(path)
    run = ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.RUNNING).first()
    if ImportRun.objects.filter(sha256=sha, status=ImportRun.Status.DONE).exists():
        raise InvalidInput("这个文件已经导入过（SHA-256 相同），没有重复导入")
    rules = _Rules.of(scope)
    with _Spool() as spool, _bulk_writes():
        if run is None:
            checked = _checked_chunks(path, rules, workers)
            run = _check_file(
                path, sha, scope, checked, spool, actor=actor, accept_valid=accept_valid, progress=progress
            )
            if run.status == ImportRun.Status.REFUSED:
                return run
            rows: Iterable[_Prepared | None] = iter(spool)
        else:  # resuming: the rows are read and checked again
            rows = (
                row
                for blob, _, _, _ in _checked_chunks(path, rules, workers)
                for row in pickle.loads(blob)  # noqa: S301 (made by _check_chunk, in this run)
            )
        writer = _Writer(run, rules, actor)
        started, done_before = time.perf_counter(), run.done_rows
        batch: list[_Prepared] = []
        position = 0
        batches = 0
        for row in rows:
            position += 1
            if position <= run.done_rows:
                continue  # committed before a crash
            if row is not None:
                batch.append(row)
            if len(batch) >= batch_size or (position - run.done_rows) >= batch_size * 4:
                writer.write(batch, position)
                batch = []
                batches += 1
                if progress:
                    rate = (position - done_before) / (time.perf_counter() - started)
                    progress(position, run.total_rows, rate)
                if stop_after_batches is not None and batches >= stop_after_batches:
                    return run
        writer.write(batch, position)
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
    # PostgreSQL's planner otherwise goes on believing the tables small until autovacuum comes round:
    # a county-wide 2-character search took 73 ms instead of 2 ms (it intersected the whole id range).
    analyze([ServiceResult, SearchEntry])
    return run


def _check_file(
    path: Path,
    sha: str,
    scope: str,
    checked: Iterator[_CheckedChunk],
    spool: _Spool,
    *,
    actor: User | None,
    accept_valid: bool,
    progress: Progress | None = None,
) -> ImportRun:
    """Check every row; keep what the write pass needs in ``spool`` (None for an invalid row)."""
    started = time.perf_counter()
    try:
        total = valid = 0
        errors: list[list[Any]] = []
        for blob, chunk_errors, chunk_valid, chunk_rows in checked:
            total += chunk_rows
            if progress:
                progress(total, 0, total / max(time.perf_counter() - started, 1e-9))
            valid += chunk_valid
            errors += chunk_errors[: MAX_REPORTED - len(errors)]
            if valid == total or accept_valid:  # (a refused file is not written: no need to keep it)
                spool.add_pickled(blob)
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
class _Rules:
    """What checking and preparing a row needs besides the row itself, read from the database once,
    before the worker processes start (they inherit it and never touch the database)."""

    names: dict[str, str]  # code → name of each village under the import's scope
    categories: dict[str, Category]
    village_json: dict[str, str]  # code → its "village" value in the public form
    category_json: dict[str, str]  # code → its "category" and "category_name" members there

    @classmethod
    def of(cls, scope: str) -> _Rules:
        names = dict(
            Region.objects.filter(level="village", code__startswith=scope).values_list("code", "name")
        )
        categories = {c.code: c for c in categories_for(scope)}
        return cls(
            names=names,
            categories=categories,
            village_json={
                code: f'{{"code":{_json_str(code)},"name":{_json_str(name)}}}' for code, name in names.items()
            },
            category_json={
                code: f'"category":{_json_str(code)},"category_name":{_json_str(c.name)}'
                for code, c in categories.items()
            },
        )


# What the writer needs of a checked row: (village_code, category, name, id_hash, id_masked,
# household_size, amount_fen, period, approved_on, group, basis, then the name as shown, the search
# entry's text, and the public form before and after its id). No identity number in plain text.
_Prepared = tuple[str, str, str, str, str, int, int, str, dt.date, str, str, str, str, str, str]


def _prepared(
    checked: Iterator[rowlib.Checked], rules: _Rules, errors: list[list[Any]]
) -> Iterator[_Prepared | None]:
    """The checked rows as the writer needs them, None for an invalid row (whose problems go to
    ``errors``, with its line number counted from a header line before the first row, up to
    MAX_REPORTED). Everything that needs no database is done here, in the worker processes if any."""
    id_hash = id_hasher()
    line = 1
    categories, village_json, category_json = rules.categories, rules.village_json, rules.category_json
    for values, problems in checked:
        line += 1
        if values is None:
            if len(errors) < MAX_REPORTED:
                errors.append([line, "；".join(problems)])
            yield None
            continue
        village, category, name, number, size, amount, period, approved, group, basis = values
        masked, kind = mask_id(number), categories[category]
        shown = mask_name(name, kind.name_rule)  # as the public sees it
        yield (
            village,
            category,
            name,
            id_hash(number),
            masked,
            size,
            amount,
            period,
            approved,
            group,
            basis,
            shown,
            entry_text([shown, kind.name, group], village),
            _PUBLIC_HEAD
            % (
                *divmod(amount, 100),
                amount,
                approved.isoformat(),
                category_json[category],
                _json_str(group),
                size,
            ),
            _PUBLIC_TAIL % (_json_str(masked), _json_str(shown), _json_str(period), village_json[village]),
        )


# (pickled list of prepared rows, [[line, problems]…], valid rows, rows) for one chunk of the file
_CheckedChunk = tuple[bytes, list[list[Any]], int, int]
# (header, the chunk: whole CSV records as UTF-8 bytes, or rows of values read from an XLSX file)
_Task = tuple[list[str], bytes | list[list[str]]]


def _tasks(path: Path) -> Iterator[_Task]:
    if path.suffix.lower() == ".csv":
        yield from _csv_tasks(path)
        return
    header: list[str] = []
    rows: list[list[str]] = []
    for header, values in rowlib.raw_rows(path):
        rows.append(values)
        if len(rows) >= CHECK_CHUNK_ROWS:
            yield header, rows
            rows = []
    if rows:
        yield header, rows


def _csv_tasks(path: Path) -> Iterator[_Task]:
    """The file's data records in chunks of about CHECK_CHUNK_BYTES, each cut after a line end that is
    outside quotes (an even number of quote marks before it: RFC 4180 doubles a quote inside a field)."""
    with path.open("rb") as f:
        first = f.readline()
        while first.count(b'"') % 2:  # a header with a line break inside quotes
            more = f.readline()
            if not more:
                break
            first += more
        try:
            text = first.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(rowlib.NOT_UTF8) from None
        header = rowlib.header_of(next(csv.reader([text]), []))
        rest = b""
        while block := f.read(CHECK_CHUNK_BYTES):
            data = rest + block
            cut = _after_last_record(data)
            if cut:
                yield header, data[:cut]
            rest = data[cut:]
        if rest:
            yield header, rest


def _after_last_record(data: bytes) -> int:
    """The position after the last line end of ``data`` outside quotes (0 if there is none)."""
    end = data.rfind(b"\n")
    quotes = data.count(b'"', 0, end) if end >= 0 else 0
    while end >= 0 and quotes % 2:
        before = data.rfind(b"\n", 0, end)
        quotes -= data.count(b'"', before + 1, end)
        end = before
    return end + 1


def _check_chunk(task: _Task, rules: _Rules) -> _CheckedChunk:
    """Check and prepare one chunk. Line numbers in its errors count from the chunk's start (the header
    is line 1): _checked_chunks adds the rows before it."""
    header, chunk = task
    if isinstance(chunk, bytes):
        try:
            raw = list(rowlib.csv_values(io.StringIO(chunk.decode("utf-8"), newline="")))
        except UnicodeDecodeError:
            raise ValueError(rowlib.NOT_UTF8) from None
    else:
        raw = chunk
    errors: list[list[Any]] = []
    checked = rowlib.checked_values(((header, values) for values in raw), rules.names, rules.categories)
    rows = list(_prepared(checked, rules, errors))
    valid = len(rows) - rows.count(None)
    return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL), errors, valid, len(rows)


_IN_WORKER: list[_Rules] = []  # a worker process's rules (set when it starts)


def _start_worker(rules: _Rules) -> None:
    _IN_WORKER[:] = [rules]


def _check_chunk_in_worker(task: _Task) -> _CheckedChunk:
    return _check_chunk(task, _IN_WORKER[0])


def _checked_chunks(path: Path, rules: _Rules, workers: int) -> Iterator[_CheckedChunk]:
    """The file's rows checked and prepared, chunk by chunk, in order, with line numbers counted from the
    file's start; in ``workers`` processes when more than one."""
    before = 0  # rows in the chunks already yielded
    for blob, errors, valid, rows in _checked_in_order(path, rules, workers):
        yield blob, [[line + before, problems] for line, problems in errors], valid, rows
        before += rows


def _checked_in_order(path: Path, rules: _Rules, workers: int) -> Iterator[_CheckedChunk]:
    """Forked workers inherit the settings and the rules and never touch the database. At most two chunks
    per worker are in flight, so memory stays flat however long the file."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for task in _tasks(path):
            yield _check_chunk(task, rules)
        return
    context = multiprocessing.get_context("fork")
    # A forked worker shares this process's memory until it writes to it, and the garbage collector
    # writes to every object it tracks: frozen, they stay shared (1.1 M rows: the import's peak memory,
    # all processes, from 341 to 282 MB PSS).
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_start_worker, initargs=(rules,)) as pool:
            pending: deque[Any] = deque()
            for task in _tasks(path):
                pending.append(pool.apply_async(_check_chunk_in_worker, (task,)))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().get()
            while pending:
                yield pending.popleft().get()
    finally:
        gc.unfreeze()


class _Spool:
    """The prepared rows of the check pass, as the pickled chunks the check made, in an anonymous
    temporary file, so that the write pass need not read and check the file a second time. It holds no
    identity number (only their keyed hashes and masked forms), no other process can open it, and it is
    gone once closed or when the process ends; a resumed run reads and checks the file again."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.file.close()

    def add_pickled(self, blob: bytes) -> None:
        """One chunk: a pickled list of prepared rows (None for an invalid row)."""
        self.file.write(blob)

    def __iter__(self) -> Iterator[_Prepared | None]:
        self.file.seek(0)
        while True:
            try:
                chunk = pickle.load(self.file)  # noqa: S301 (our own file, written above)
            except EOFError:
                return
            yield from chunk


@contextmanager
def _bulk_writes() -> Iterator[None]:
    """SQLite settings for the length of an import. A batch touches thousands of index pages (keyed
    hashes land anywhere; each village and each category is an insertion point of its own): with the
    default 2 MB page cache they were written out several times per batch, and every commit was copied
    back from the WAL at once. A bigger cache and rarer checkpoints: 2–3× faster writes. Each commit is
    as durable as before; the WAL only grows to about CHECKPOINT_PAGES pages before it is copied back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_autocheckpoint")
        checkpoint = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-CACHE_KIB:d}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache:d}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {checkpoint:d}")


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
# A result's public_result() as rows_digest() encodes it (keys sorted, compact), filled in directly: a
# dict per row and the general encoder cost more than the insert. The id is known only once the row is
# written, so _prepared fills in what comes before and after it. _Writer.write compares the first row of
# every batch with public_result() itself, so a change there cannot go unnoticed.
_PUBLIC_HEAD = (
    '{"amount":"%d.%02d","amount_fen":%d,"approved_on":"%s",%s,"group":%s,"household_size":%d,"id":'
)
_PUBLIC_TAIL = ',"id_number":%s,"name":%s,"period":%s,"status":"active","village":%s}'


_PLACE = itemgetter(0, 1)  # a prepared row's (village, category)


class _Writer:
    """Writes the batches of one run; what is the same for every row is worked out once."""

    def __init__(self, run: ImportRun, rules: _Rules, actor: User | None) -> None:
        self.run, self.categories, self.names, self.actor = run, rules.categories, rules.names, actor
        self.scope = Region.objects.get(code=run.scope)
        quote = connection.ops.quote_name
        table = quote(ServiceResult._meta.db_table)
        columns = ", ".join(quote(c) for c in _COLUMNS)
        marks = ", ".join(["%s"] * len(_COLUMNS))
        # The column lists are these constants, never input; the values go in as parameters.
        self.insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
        self.ids_sql = f"SELECT id FROM {table} WHERE import_run_id = %s AND id > %s ORDER BY id"  # noqa: S608
        self.dates: dict[dt.date, Any] = {}  # approved_on → as stored

    def _date(self, day: dt.date) -> Any:
        try:
            return self.dates[day]
        except KeyError:
            value = self.dates[day] = connection.ops.adapt_datefield_value(day)
            return value

    def write(self, batch: list[_Prepared], position: int) -> None:
        """One transaction: the batch's results, search entries and publication, and the run's cursor."""
        run = self.run
        with transaction.atomic():
            if batch:
                self._write(batch)
            run.done_rows = position
            run.imported += len(batch)
            run.save(update_fields=["done_rows", "imported", "last_id"])

    def _write(self, batch: list[_Prepared]) -> None:
        run = self.run
        # In the order of the indexes' leading columns (village, then category): consecutive rows then land
        # on the same index pages (a fifth less time to insert 1.1 M rows). Rows of one batch share a
        # commit, so their ids follow this order instead of the file's; nothing depends on the latter.
        batch.sort(key=_PLACE)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        active = ServiceResult.Status.ACTIVE
        date = self._date
        params = [
            (v, g, c, n, h, m, s, a, p, b, date(d), active, run.pk, now)
            for (v, c, n, h, m, s, a, p, d, g, b, *_) in batch
        ]
        with connection.cursor() as cursor:
            cursor.executemany(self.insert_sql, params)
            del params
            # Ids grow in insertion order within the transaction, on SQLite and PostgreSQL alike.
            cursor.execute(self.ids_sql, [run.pk, run.last_id])
            ids = [i for (i,) in cursor.fetchall()]
        if len(ids) != len(batch):
            raise RuntimeError(f"inserted {len(batch)} results but found {len(ids)}")
        run.last_id = ids[-1]
        public = [f"{r[13]}{i}{r[14]}" for r, i in zip(batch, ids, strict=True)]  # (see _prepared)
        self._check_public(batch[0], ids[0], public[0])
        index_texts("result", ((i, r[0], r[12]) for r, i in zip(batch, ids, strict=True)))
        # One publication per batch: it commits to exactly these rows in their public (masked) form,
        # which anyone can recompute from the pages or the API (ids first_id..last_id of this run).
        scope = self.scope
        first, last, n_villages = ids[0], ids[-1], len({r[0] for r in batch})
        publish_many(
            [
                {
                    "region": scope,
                    "kind": Publication.Kind.SERVICE_RESULT,
                    "title": f"{scope.name}办事结果公示（第 {first}–{last} 号，{len(batch)} 条）",
                    "subject": ("results", f"run-{run.pk}:{first}"),
                    "body": {
                        "type": "service_results",
                        "region": {"code": scope.code, "name": scope.name},
                        "import": {"run": run.pk, "file_sha256": run.sha256},
                        "first_id": first,
                        "last_id": last,
                        "count": len(batch),
                        "total": sum(r[6] for r in batch),
                        "villages": n_villages,
                        "rows_sha256": hashlib.sha256(f"[{','.join(public)}]".encode()).hexdigest(),
                        "lines": [
                            {
                                "text": f"办事结果 {len(batch)} 条（{n_villages} 个村）",
                                "note": "",
                                "amount": None,
                            }
                        ],
                    },
                }
            ],
            actor=self.actor,
        )

    def _check_public(self, row: _Prepared, pk: int, encoded: str) -> None:
        """The filled-in form of one row must be exactly rows_digest()'s encoding of public_result()."""
        village, category, name, _, masked, size, amount, period, approved, group, *_ = row
        result = ServiceResult(
            pk=pk,
            region_id=village,
            group_name=group,
            category=category,
            person_name=name,
            id_masked=masked,
            household_size=size,
            amount_fen=amount,
            period=period,
            approved_on=approved,
            status=ServiceResult.Status.ACTIVE,
        )
        expected = _encode([public_result(result, self.categories, self.names)])
        if f"[{encoded}]" != expected:
            raise RuntimeError(f"importer: public form differs from public_result():\n{encoded}\n{expected}")
