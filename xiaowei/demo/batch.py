"""The publications and OCDS releases of the county-scale demo, gathered by the project and asset loaders
and written together at the end: publications appended to the transparency log in batches
(disclosure.services.publish_many), then each release stored with its publication."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from xiaowei.disclosure.services import publish_many
from xiaowei.procurement import releases
from xiaowei.procurement.models import OcdsRelease


@dataclass
class Batch:
    """Rows and releases accumulated before the bulk writes."""

    publications: list[dict[str, Any]] = field(default_factory=list)
    releases: list[tuple[int, str, dict[str, Any], dt.date, str]] = field(default_factory=list)


def publish(batch: Batch) -> int:
    """Publish everything in ``batch``, in order. Returns the number of publications."""
    pubs = []
    for start in range(0, len(batch.publications), 5000):
        pubs += publish_many(batch.publications[start : start + 5000], actor=None)
    OcdsRelease.objects.bulk_create(
        [
            OcdsRelease(
                ocid=r["ocid"],
                release_id=r["id"],
                region_id=region,
                tag=tag,
                date=when,
                content=releases.release_text(r),
                publication=pubs[i],
            )
            for i, region, r, when, tag in batch.releases
        ],
        batch_size=2000,
    )
    return len(pubs)
