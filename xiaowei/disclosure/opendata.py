"""Open data: what a village published in a period, as CSV, JSON and XLSX with SHA-256 checksums, and a
DCAT catalogue (JSON-LD) listing every download. Files are generated deterministically from the
publications, so a checksum printed or downloaded once stays valid."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from typing import Any

from django.urls import reverse

from xiaowei.disclosure.models import Publication
from xiaowei.disclosure.sheets import lines_of, period_bounds, publications_for
from xiaowei.regions.models import Region

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS = [
    "日志序号",
    "公开记录编号",
    "类别",
    "标题",
    "期间",
    "公开时间(UTC)",
    "条目",
    "金额",
    "备注",
    "更正对象",
    "内容SHA256",
]


def _rows(pubs: list[Publication]) -> list[list[Any]]:
    rows = []
    for p in pubs:
        at = p.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        for line in lines_of(p):
            rows.append(
                [
                    p.leaf_index,
                    p.pk,
                    p.get_kind_display(),
                    p.title,
                    p.period,
                    at,
                    line["text"],
                    line["amount"],
                    line["note"],
                    p.corrects_id or "",
                    p.content_sha256,
                ]
            )
    return rows


def render(village: Region, period: str, fmt: str) -> bytes:
    period_bounds(period)  # validates
    pubs = list(publications_for(village, period).order_by("leaf_index"))
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        writer.writerows(_rows(pubs))
        return ("\ufeff" + out.getvalue()).encode()  # BOM: Excel opens UTF-8 Chinese correctly
    if fmt == "json":
        data = [
            {
                "leaf_index": p.leaf_index,
                "publication": p.pk,
                "kind": p.kind,
                "title": p.title,
                "period": p.period,
                "published_at": p.published_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "corrects": p.corrects_id,
                "content_sha256": p.content_sha256,
                "content": json.loads(p.content),
            }
            for p in pubs
        ]
        return json.dumps(
            {"village": village.code, "period": period, "publications": data},
            ensure_ascii=False,
            indent=1,
            sort_keys=True,
        ).encode()
    if fmt == "xlsx":
        return _xlsx(village, period, _rows(pubs))
    raise ValueError(f"格式应为 {', '.join(FORMATS)}")


def _xlsx(village: Region, period: str, rows: list[list[Any]]) -> bytes:
    import datetime as dt

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = period
    ws.append(COLUMNS)
    for row in rows:
        ws.append(row)
    fixed = dt.datetime(2000, 1, 1)
    wb.properties.created = wb.properties.modified = fixed
    wb.properties.creator = "xiaowei"
    raw = io.BytesIO()
    wb.save(raw)
    # openpyxl stamps the zip entries with the current time; rewrite them with a fixed one so the same
    # publications always give the same bytes (and the same checksum).
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps "modified" with the time of saving, whatever we set: pin it.
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    data,
                )
            fixed_info = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed_info.compress_type = zipfile.ZIP_DEFLATED
            fixed_info.external_attr = info.external_attr
            dst.writestr(fixed_info, data)
    return out.getvalue()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def periods_of(village: Region) -> list[str]:
    """Months in which the village published something (newest first)."""
    months = set()
    for period, at in Publication.objects.filter(region=village).values_list("period", "published_at"):
        months.add(period if len(period) == 7 else at.strftime("%Y-%m"))
    return sorted(months, reverse=True)


def dcat_catalog(base_url: str, villages: list[Region]) -> dict[str, Any]:
    """A DCAT (JSON-LD) catalogue: one dataset per village and month, one distribution per format."""
    datasets = []
    for village in villages:
        for period in periods_of(village):
            distributions = []
            for fmt, media in FORMATS.items():
                data = render(village, period, fmt)
                url = base_url + reverse("open-data", args=[village.code, period, fmt])
                distributions.append(
                    {
                        "@type": "dcat:Distribution",
                        "dct:format": fmt.upper(),
                        "dcat:mediaType": media.split(";")[0],
                        "dcat:downloadURL": {"@id": url},
                        "dcat:byteSize": len(data),
                        "spdx:checksum": {
                            "@type": "spdx:Checksum",
                            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                            "spdx:checksumValue": checksum(data),
                        },
                    }
                )
            datasets.append(
                {
                    "@type": "dcat:Dataset",
                    "@id": base_url + reverse("village-disclosure", args=[village.code]) + f"#{period}",
                    "dct:title": f"{village.name} {period} 公开内容",
                    "dct:identifier": f"{village.code}/{period}",
                    "dct:temporal": {
                        "@type": "dct:PeriodOfTime",
                        "dcat:startDate": str(period_bounds(period)[0]),
                    },
                    "dct:spatial": village.code,
                    "dcat:keyword": ["村务公开", "小微权力"],
                    "dct:license": {"@id": "https://creativecommons.org/licenses/by/4.0/"},
                    "dcat:distribution": distributions,
                }
            )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "spdx": "http://spdx.org/rdf/terms#",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": base_url + reverse("open-catalog"),
        "dct:title": "小微：村级公开内容开放数据",
        "dct:language": "zh",
        "dcat:dataset": datasets,
    }
