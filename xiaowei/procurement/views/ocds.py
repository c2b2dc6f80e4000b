"""OCDS 1.1 endpoints: release packages by region (paged with an RFC 8288 Link header), compiled records
by ocid, a bulk gzipped package per region, and the local disposal extension, served from here so that a
deployment's packages point at a URL that exists.

Releases are served exactly as stored (canonical JSON, the same bytes as in the transparency log); a
package is assembled around them as text, so a page costs one indexed query and no re-serialisation.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from xiaowei.procurement import ocds
from xiaowei.procurement.models import OcdsRelease
from xiaowei.regions.codes import under_q
from xiaowei.regions.models import Region

PAGE_SIZE = 500
JSON = "application/json; charset=utf-8"
_EXTENSION_FILES = {
    "extension.json": ocds.DISPOSAL_EXTENSION_DIR / "extension.json",
    "release-schema.json": ocds.DISPOSAL_EXTENSION_DIR / "release-schema.json",
    "README.md": ocds.DISPOSAL_EXTENSION_DIR / "README.md",
    "codelists/assetKind.csv": ocds.DISPOSAL_EXTENSION_DIR / "codelists" / "assetKind.csv",
    "codelists/disposalType.csv": ocds.DISPOSAL_EXTENSION_DIR / "codelists" / "disposalType.csv",
}


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": "bad_request" if status == 400 else "not_found", "message": message}, status=status
    )


def _region_param(request: HttpRequest) -> Region | JsonResponse:
    code = request.GET.get("region", settings.XIAOWEI_HOME_REGION).strip()
    if not code.isdigit() or len(code) > 15:
        return _error("region 应为行政区划代码（数字）", 400)
    region = Region.objects.filter(code=code).first()
    if region is None:
        return _error(f"没有区划 {code}", 404)
    return region


def _extensions(request: HttpRequest, contents: list[str]) -> list[str]:
    out = []
    if any('"bids":' in c for c in contents):
        out.append(ocds.BID_EXTENSION_URL)
    if any('"disposal":' in c for c in contents):
        out.append(request.build_absolute_uri(reverse("ocds-extension", args=["extension.json"])))
    return out


def _package_text(request: HttpRequest, key: str, items: list[str], published: str, uri: str) -> str:
    meta = {
        "uri": uri,
        "version": ocds.OCDS_VERSION,
        "publishedDate": published,
        "publisher": {"name": settings.XIAOWEI_PUBLISHER},
        "extensions": _extensions(request, items),
    }
    if not meta["extensions"]:
        del meta["extensions"]
    head = json.dumps(meta, ensure_ascii=False)
    return head[:-1] + f', "{key}": [' + ",".join(items) + "]}"


@require_safe
def releases(request: HttpRequest) -> HttpResponse:
    """``GET /ocds/v1/releases.json?region=CODE[&after=CURSOR]``: a release package of up to 500 releases
    of the region and everything under it, village by village and oldest first within a village;
    ``Link: <…>; rel="next"`` when there are more."""
    region = _region_param(request)
    if isinstance(region, JsonResponse):
        return region
    after = request.GET.get("after", "")
    rows_q = OcdsRelease.objects.filter(under_q("region_id", region.code))
    if after:
        code, _, last_id = after.partition(".")
        if not (code.isdigit() and last_id.isdigit() and len(code) <= 15 and len(last_id) <= 15):
            return _error("after 应为上一页 Link 给出的游标（区划代码.序号）", 400)
        rows_q = rows_q.filter(Q(region_id__gt=code) | Q(region_id=code, id__gt=int(last_id)))
    # Ordered by (village, id): the (region, id) index serves it with no sort, whatever the scope.
    rows = list(
        rows_q.order_by("region_id", "id").values_list(
            "id", "region_id", "content", "publication__published_at"
        )[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    published = max((r[3] for r in rows), default=timezone.now()).isoformat(timespec="seconds")
    text = _package_text(request, "releases", [r[2] for r in rows], published, request.build_absolute_uri())
    response = HttpResponse(text, content_type=JSON)
    if more:
        cursor = f"{rows[-1][1]}.{rows[-1][0]}"
        nxt = request.build_absolute_uri(f"{reverse('ocds-releases')}?region={region.code}&after={cursor}")
        response["Link"] = f'<{nxt}>; rel="next"'
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_safe
def record(request: HttpRequest, ocid: str) -> HttpResponse:
    """``GET /ocds/v1/records/{ocid}.json``: a record package with the record of one process (its releases
    and the compiled release)."""
    if len(ocid) > 100:
        raise Http404("没有这个 ocid")
    rows = list(
        OcdsRelease.objects.filter(ocid=ocid)
        .order_by("id")
        .values_list("content", "publication__published_at")
    )
    if not rows:
        return _error(f"没有 ocid 为 {ocid} 的合同过程", 404)
    releases_ = [json.loads(c) for c, _ in rows]
    rec = ocds.compile_record(ocid, releases_)
    contents = [c for c, _ in rows]
    meta = {
        "uri": request.build_absolute_uri(),
        "version": ocds.OCDS_VERSION,
        "publishedDate": max(p for _, p in rows).isoformat(timespec="seconds"),
        "publisher": {"name": settings.XIAOWEI_PUBLISHER},
        "extensions": _extensions(request, contents),
        "records": [rec],
    }
    if not meta["extensions"]:
        del meta["extensions"]
    return HttpResponse(json.dumps(meta, ensure_ascii=False), content_type=JSON)


@require_safe
def bulk(request: HttpRequest, code: str) -> FileResponse:
    """``GET /ocds/v1/bulk/{code}.json.gz``: every release under a region in one gzipped release package.
    Built once per state of the releases table (the newest release id names the cached file)."""
    region = Region.objects.filter(code=code).first() if code.isdigit() and len(code) <= 15 else None
    if region is None:
        raise Http404("没有这个区划")
    rows = OcdsRelease.objects.filter(under_q("region_id", code))
    last = rows.order_by("-id").values_list("id", flat=True).first() or 0
    folder = Path(settings.XIAOWEI_CACHE_DIR) / "ocds"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{code}-{last}.json.gz"
    if not path.exists():
        for stale in folder.glob(f"{code}-*.json.gz"):
            stale.unlink(missing_ok=True)
        contents = list(rows.order_by("id").values_list("content", flat=True).iterator(chunk_size=2000))
        uri = request.build_absolute_uri()
        text = _package_text(request, "releases", contents, timezone.now().isoformat(timespec="seconds"), uri)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(text.encode("utf-8"))
        os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    response = FileResponse(path.open("rb"), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="ocds-releases-{code}.json.gz"'
    return response


@require_safe
def extension(request: HttpRequest, name: str) -> HttpResponse:
    path = _EXTENSION_FILES.get(name)
    if path is None:
        raise Http404("没有这个文件")
    kind = {"csv": "text/csv; charset=utf-8", "md": "text/markdown; charset=utf-8"}.get(
        name.rsplit(".", 1)[-1], JSON
    )
    return HttpResponse(path.read_bytes(), content_type=kind)
