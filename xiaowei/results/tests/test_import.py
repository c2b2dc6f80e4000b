"""Importing service results: refusals with nothing written, accepting the valid part, resuming after a
crash, masking everywhere, and search with exact substring semantics."""

from __future__ import annotations

import json
import random
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from openpyxl import Workbook

from xiaowei.demo.results import HEADER, id_number, rows, write_csv
from xiaowei.disclosure.models import Publication
from xiaowei.lib.errors import InvalidInput
from xiaowei.lib.pii import mask_name
from xiaowei.results.categories import DEFAULT_CATEGORIES
from xiaowei.results.importer import import_results
from xiaowei.results.models import ServiceResult
from xiaowei.results.selectors import results_page

pytestmark = pytest.mark.django_db
VILLAGES = ["431382105201", "431382105202", "431382106201"]


@pytest.fixture
def villages(tree) -> list[str]:
    return [c for c in VILLAGES if c in tree]


def _file(
    tmp_path: Path, villages: list[str], n: int = 300, seed: int = 1, extra: list[list[str]] | None = None
) -> Path:
    data = list(rows(n, villages, seed=seed)) + (extra or [])
    return write_csv(tmp_path / f"results-{seed}-{n}.csv", data)


def test_a_valid_file_is_imported_masked_and_published(tmp_path: Path, villages: list[str]) -> None:
    path = _file(tmp_path, villages)
    numbers = [line.split(",")[3] for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    run = import_results(path, actor=None, scope="431382", batch_size=100)
    assert (run.status, run.imported, ServiceResult.objects.count()) == ("done", 300, 300)
    stored = json.dumps(list(ServiceResult.objects.values()), default=str)
    published = "".join(Publication.objects.values_list("content", flat=True))
    for number in numbers:
        assert number not in stored and number not in published
        assert number[:6] + "********" + number[-4:] in stored
    assert Publication.objects.filter(kind="service_result").exists()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda r: r.__setitem__(3, r[3][:17] + ("0" if r[3][17] != "0" else "1")), "校验位不正确"),
        (lambda r: r.__setitem__(0, "431382999999"), "村代码“431382999999”不存在"),
        (lambda r: r.__setitem__(5, "12,34x"), "金额"),
        (lambda r: r.__setitem__(1, "unknown"), "类别“unknown”不存在"),
    ],
)
def test_one_bad_row_refuses_the_file_and_nothing_is_written(
    tmp_path: Path, villages: list[str], bad, message: str
) -> None:
    data = list(rows(50, villages))
    bad(data[41])
    path = write_csv(tmp_path / "bad.csv", data)
    run = import_results(path, actor=None, scope="431382")
    assert run.status == "refused" and ServiceResult.objects.count() == 0
    assert run.errors[0][0] == 43 and message in run.errors[0][1]  # line 43: header + 42nd data row
    with pytest.raises(CommandError, match="第 43 行"):
        call_command("import", "results", str(path), stdout=StringIO(), stderr=StringIO())
    assert ServiceResult.objects.count() == 0


def test_the_valid_part_is_imported_only_when_accepted(tmp_path: Path, villages: list[str]) -> None:
    data = list(rows(40, villages))
    data[5][3] = "123"
    path = write_csv(tmp_path / "partly.csv", data)
    out = StringIO()
    call_command("import", "results", str(path), "--accept-valid", stdout=out, stderr=StringIO())
    assert ServiceResult.objects.count() == 39 and "跳过错误行 1 行" in out.getvalue()


def test_a_missing_column_is_refused(tmp_path: Path, villages: list[str]) -> None:
    path = write_csv(
        tmp_path / "cols.csv",
        [r[:5] for r in rows(3, villages)],
        header=["village_code", "category", "name", "id_number", "amount"],
    )
    with pytest.raises(CommandError, match="缺少列：household_size"):
        call_command("import", "results", str(path), stdout=StringIO(), stderr=StringIO())


def test_an_interrupted_import_resumes_without_duplicates(tmp_path: Path, villages: list[str]) -> None:
    path = _file(tmp_path, villages, n=1000)
    first = import_results(path, actor=None, scope="431382", batch_size=100, stop_after_batches=3)
    assert first.status == "running" and ServiceResult.objects.count() == 300
    again = import_results(path, actor=None, scope="431382", batch_size=100)
    assert again.pk == first.pk and again.status == "done"
    assert ServiceResult.objects.count() == 1000
    assert ServiceResult.objects.values("id_hash", "period", "category").distinct().count() == 1000
    with pytest.raises(Exception, match="已经导入过"):
        import_results(path, actor=None, scope="431382")


def test_xlsx_files_import_too(tmp_path: Path, villages: list[str]) -> None:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(
        ["village_code", "category", "name", "id_number", "household_size", "amount", "period", "approved_on"]
    )
    for r in rows(20, villages):
        sheet.append([*r[:4], int(r[4]), float(r[5]), r[6], r[7]])
    book.save(tmp_path / "r.xlsx")
    run = import_results(tmp_path / "r.xlsx", actor=None, scope="431382")
    assert run.imported == 20


def test_search_matches_a_plain_substring_scan(tmp_path: Path, villages: list[str]) -> None:
    import_results(_file(tmp_path, villages, n=2000, seed=7), actor=None, scope="431382", batch_size=500)
    rules = {c.code: c.name_rule for c in DEFAULT_CATEGORIES}
    # what the public sees (and may search): names as displayed, masked for sensitive categories
    all_rows = [
        (pk, mask_name(name, rules[category]), region)
        for pk, name, region, category in ServiceResult.objects.values_list(
            "pk", "person_name", "region_id", "category"
        )
    ]
    rng = random.Random(3)
    names = [n for _, n, _ in all_rows]
    queries = (
        {n[:2] for n in rng.sample(names, 20)}
        | {n for n in rng.sample(names, 10) if len(n) == 3}
        | {"王伟", "不存在"}
    )
    for q in queries:
        for scope in ("431382", "431382105", villages[0]):
            expected = sorted(
                (pk for pk, n, region in all_rows if q in n and region.startswith(scope)), reverse=True
            )
            page = results_page(scope, q=q)
            assert page.count == len(expected), (q, scope)
            assert [r["id"] for r in page.results] == expected[:50], (q, scope)


def test_api_is_masked_paginated_and_counts(client: Client, tmp_path: Path, villages: list[str]) -> None:
    path = _file(tmp_path, villages, n=120)
    import_results(path, actor=None, scope="431382")
    body = client.get(f"/api/v1/results?region={villages[0]}").json()
    assert body["count"] == ServiceResult.objects.filter(region_id=villages[0]).count()
    assert len(body["results"]) == min(50, body["count"])
    assert all("*" in r["id_number"] and "id_hash" not in r for r in body["results"])
    codes = [c["code"] for c in client.get("/api/v1/results/categories").json()]
    assert "dibao" in codes and len(codes) == 7
    assert client.get(f"/api/v1/results?region={villages[0]}&q=王").status_code == 400
    assert client.get(f"/api/v1/results?region={villages[0]}&category=nope").json()["code"] == "bad_request"
    html = client.get(f"/r/{villages[0]}/results/?q=王").content.decode()
    assert "至少" in html  # the error is explained, the page still answers


def test_a_person_finds_their_own_results_and_lookups_are_limited(
    client: Client, tmp_path: Path, villages: list[str]
) -> None:
    cache.clear()
    me = id_number(random.Random(99))
    path = _file(
        tmp_path,
        villages,
        n=30,
        extra=[[villages[0], "dibao", "顾洋伟", me, "3", "3600", "2026-03", "2026-03-05", "2组"]],
    )
    import_results(path, actor=None, scope="431382")
    html = client.post("/results/lookup/", {"name": "顾洋伟", "id_number": me}).content.decode()
    assert "农村最低生活保障" in html and "3600.00" in html and me not in html
    assert (
        "没有查到记录" in client.post("/results/lookup/", {"name": "顾洋", "id_number": me}).content.decode()
    )
    assert (
        "校验位"
        in client.post(
            "/results/lookup/",
            {"name": "顾洋伟", "id_number": me[:17] + "0" if me[17] != "0" else me[:17] + "1"},
        ).content.decode()
    )
    statuses = [client.post("/results/lookup/", {"name": "x", "id_number": me}).status_code for _ in range(4)]
    assert statuses[-1] == 429


def test_the_fast_row_digest_is_the_jcs_digest(tmp_path: Path, villages: list[str]) -> None:
    from xiaowei.disclosure.canonical import canonical, sha256_hex
    from xiaowei.results.importer import rows_digest
    from xiaowei.results.present import categories_for, public_result

    import_results(_file(tmp_path, villages, n=200), actor=None, scope="431382")
    categories = {c.code: c for c in categories_for("431382")}
    public = [public_result(r, categories, {"431382105201": "甲村"}) for r in ServiceResult.objects.all()]
    public.append({"name": '引号"与\\反斜杠\n换行', "x": None, "n": 0})
    assert rows_digest(public) == sha256_hex(canonical(public))


def test_each_publication_commits_to_its_rows_public_form(tmp_path: Path, villages: list[str]) -> None:
    from xiaowei.regions.models import Region
    from xiaowei.results.importer import rows_digest
    from xiaowei.results.present import categories_for, public_result
    from xiaowei.search.bigrams import doc_text
    from xiaowei.search.models import SearchEntry

    extra = [
        [villages[0], "canji", '引"号\\', id_number(random.Random(5)), "2", "1,234.5元", "2026", "20260105"]
    ]
    path = _file(tmp_path, villages, n=450, extra=extra)
    first = import_results(path, actor=None, scope="431382", batch_size=100, stop_after_batches=2)
    run = import_results(path, actor=None, scope="431382", batch_size=100)  # resumed: read and checked again
    assert run.pk == first.pk and run.imported == 451
    categories = {c.code: c for c in categories_for("431382")}
    names = dict(Region.objects.values_list("code", "name"))
    pubs = [
        json.loads(c)
        for c in Publication.objects.filter(kind="service_result").values_list("content", flat=True)
    ]
    bodies = sorted((p.get("body", p) for p in pubs), key=lambda b: b["first_id"])
    assert [b["count"] for b in bodies] == [100, 100, 100, 100, 51]
    for body in bodies:
        results = ServiceResult.objects.filter(pk__range=(body["first_id"], body["last_id"])).order_by("pk")
        public = [public_result(r, categories, names) for r in results]
        assert body["rows_sha256"] == rows_digest(public)
        assert body["total"] == sum(r.amount_fen for r in results)
    odd = ServiceResult.objects.get(person_name='引"号\\')
    assert (odd.amount_fen, str(odd.approved_on), odd.id_masked[6:14]) == (123450, "2026-01-05", "********")
    for r in ServiceResult.objects.all():
        shown = public_result(r, categories, names)
        entry = SearchEntry.objects.get(kind="result", object_id=r.pk)
        assert entry.text == doc_text([shown["name"], shown["category_name"], r.group_name], r.region_id)


def test_the_fast_row_check_agrees_with_check_row(tmp_path: Path, villages: list[str]) -> None:
    from xiaowei.results import rows as rowlib

    header = ["name", "village_code", "category", "id_number", "household_size", "amount", "period"]
    header += ["approved_on", "name", "basis"]  # a repeated column: the last one counts
    good = id_number(random.Random(8))
    data = [
        ["x", villages[0], "dibao", good, "3", "12.5", "2026-03", "2026-03-05", "张三", "依据"],
        ["x", villages[0], "dibao", good, "3", "12.5", "2026-03", "2026-03-05", "张三"],  # short: no basis
        ["张三", villages[0], "dibao", good, "3"],  # short: the first name column counts
        ["x", villages[1], "tekun", good.lower(), "03", "1,000", "2026Q1", "20260305", " 李四 ", "", "more"],
        ["x", villages[1], "nope", good[:17] + "0", "31", "1.234", "2026-13", "2026-02-30", ""],
        [],
    ]
    path = write_csv(tmp_path / "edge.csv", data, header=header)
    expected = [rowlib.check_row(raw, set(villages), {"dibao", "tekun"}) for raw in rowlib.read_rows(path)]
    got = [
        (None if values is None else rowlib.Row._make(values), problems)
        for values, problems in rowlib.checked_rows(path, set(villages), {"dibao", "tekun"})
    ]
    assert got == expected
    assert [values is not None for values, _ in got] == [True, True, False, True, False, False]


def test_checking_in_worker_processes_gives_the_same_report_and_rows(
    tmp_path: Path, villages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaowei.results.importer.CHECK_CHUNK_BYTES", 700)  # many chunks
    data = list(rows(60, villages, seed=3))
    for i in (0, 13, 14, 59):
        data[i][3] = data[i][3][:17] + ("0" if data[i][3][17] != "0" else "1")
    path = write_csv(tmp_path / "parallel.csv", data)
    serial = import_results(path, actor=None, scope="431382", workers=1)
    parallel = import_results(path, actor=None, scope="431382", workers=2)
    assert serial.status == parallel.status == "refused"
    assert parallel.errors == serial.errors and [e[0] for e in parallel.errors] == [2, 15, 16, 61]
    assert (parallel.total_rows, parallel.valid_rows) == (60, 56)
    run = import_results(path, actor=None, scope="431382", workers=2, accept_valid=True, batch_size=10)
    assert (run.status, run.imported) == ("done", 56)
    imported = sorted(ServiceResult.objects.values_list("person_name", "id_masked", "amount_fen"))
    expected = sorted(
        (r[2], r[3][:6] + "********" + r[3][-4:], round(float(r[5]) * 100))
        for i, r in enumerate(data)
        if i not in (0, 13, 14, 59)
    )
    assert imported == expected


def test_an_interrupted_parallel_import_resumes_without_duplicates(
    tmp_path: Path, villages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaowei.results.importer.CHECK_CHUNK_BYTES", 900)
    path = _file(tmp_path, villages, n=100, seed=4)
    import_results(path, actor=None, scope="431382", batch_size=30, stop_after_batches=2, workers=2)
    assert ServiceResult.objects.count() == 60
    run = import_results(path, actor=None, scope="431382", batch_size=30, workers=2)
    assert (run.status, run.imported, ServiceResult.objects.count()) == ("done", 100, 100)


def test_quoted_fields_with_line_breaks_survive_the_cut_into_chunks(
    tmp_path: Path, villages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaowei.results.importer.CHECK_CHUNK_BYTES", 64)  # cuts fall inside records
    data = list(rows(40, villages, seed=8))
    bases = [f'县民政局批复\n第 {i} 号, "加急"\r\n' if i % 3 else "" for i in range(40)]
    path = write_csv(
        tmp_path / "quoted.csv", [[*r, b] for r, b in zip(data, bases, strict=True)], [*HEADER, "basis"]
    )
    assert path.read_bytes().count(b"\n") > 80  # (line breaks inside quotes)
    run = import_results(path, actor=None, scope="431382", workers=2)
    assert (run.status, run.imported) == ("done", 40), run.errors
    stored = dict(ServiceResult.objects.values_list("id_masked", "basis"))
    assert stored == {r[3][:6] + "********" + r[3][-4:]: b.strip() for r, b in zip(data, bases, strict=True)}


def test_a_file_not_in_utf8_is_refused_in_chinese(tmp_path: Path, villages: list[str]) -> None:
    path = tmp_path / "gbk.csv"
    lines = [",".join(HEADER)] + [",".join(r) for r in rows(5, villages, seed=9)]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    for workers in (1, 2):
        with pytest.raises(InvalidInput, match="不是 UTF-8 编码"):
            import_results(path, actor=None, scope="431382", workers=workers)
    assert not ServiceResult.objects.exists()


def test_xlsx_rows_are_checked_in_worker_processes_too(
    tmp_path: Path, villages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xiaowei.results.importer.CHECK_CHUNK_ROWS", 6)
    data = list(rows(25, villages, seed=10))
    data[20][5] = "12,34x"
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.append(HEADER)
    for r in data:
        sheet.append(r)
    book.save(tmp_path / "r.xlsx")
    run = import_results(tmp_path / "r.xlsx", actor=None, scope="431382", workers=2)
    assert (run.status, [e[0] for e in run.errors]) == ("refused", [22])
    run = import_results(tmp_path / "r.xlsx", actor=None, scope="431382", workers=2, accept_valid=True)
    assert (run.status, run.imported, ServiceResult.objects.count()) == ("done", 24, 24)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics: PostgreSQL only")
def test_an_import_leaves_the_planner_statistics_current(tmp_path: Path, villages: list[str]) -> None:
    import_results(_file(tmp_path, villages, n=120, seed=11), actor=None, scope="431382")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN (%s, %s)",
            ["results_serviceresult", "search_searchentry"],
        )
        assert dict(cursor.fetchall()) == {"results_serviceresult": 120, "search_searchentry": 120}


def test_the_command_shows_the_check_then_the_writing(tmp_path: Path, villages: list[str]) -> None:
    err = StringIO()
    call_command("import", "results", str(_file(tmp_path, villages, n=50)), stdout=StringIO(), stderr=err)
    shown = err.getvalue()
    assert "检查中：已检查 50 行" in shown and "50/50 行" in shown
    assert shown.index("检查中") < shown.index("50/50 行") and shown.endswith("\n")
