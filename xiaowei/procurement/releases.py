"""Publishing a contracting process's releases: ``publish_ocds`` builds the releases for the tags a stage
change touched, publishes them as one publication of the transparency log (inside the service's
transaction, with each release's SHA-256 in the publication's body) and stores each as an OcdsRelease row,
which the OCDS endpoints (procurement/views/ocds.py) serve as stored. The stored bytes are JCS
(``release_text``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import rfc8785

from xiaowei.disclosure.canonical import sha256_hex
from xiaowei.disclosure.services import publish
from xiaowei.procurement import ocds
from xiaowei.procurement.models import OcdsRelease

if TYPE_CHECKING:
    from xiaowei.accounts.models import User
    from xiaowei.disclosure.models import Publication
    from xiaowei.regions.models import Region


def release_text(release: dict[str, Any]) -> str:
    """The stored and served bytes of a release: JCS (RFC 8785). OCDS amounts are JSON numbers in yuan,
    which JCS writes exactly as ECMAScript does; the publication commits to these bytes by their SHA-256
    (publications themselves hold no floats)."""
    return rfc8785.dumps(release).decode()


def release_digest(release_id: str, tag: str, text: str) -> dict[str, str]:
    return {"id": release_id, "tag": tag, "sha256": sha256_hex(text.encode())}


def publish_ocds(
    data: ocds.Project,
    *,
    tags: list[str],
    when: date,
    region: Region,
    kind: str,
    title: str,
    body: dict[str, Any],
    subject: tuple[str, str],
    actor: User | None,
) -> Publication:
    """Build the releases of ``data`` for ``tags`` (numbered on from those already stored for its ocid and
    dated ``when``), publish them inside ``body`` as one leaf of the log, and store each as an OcdsRelease.
    Raises ValueError (from procurement.ocds) when the data are impossible; callers turn it into
    InvalidInput."""
    built = {r["tag"][0]: r for r in ocds.project_releases(data)}
    seq = OcdsRelease.objects.filter(ocid=data.ocid).count()
    texts = []
    for tag in tags:
        release = dict(built[tag])
        seq += 1
        release["id"] = f"{data.ocid}-{seq:03d}-{tag}"
        release["date"] = ocds.iso(when)
        texts.append((release["id"], tag, release_text(release)))
    digests = [release_digest(*t) for t in texts]
    pub = publish(
        region=region, kind=kind, title=title, body={**body, "ocds": digests}, actor=actor, subject=subject
    )
    OcdsRelease.objects.bulk_create(
        OcdsRelease(
            ocid=data.ocid, release_id=rid, region=region, tag=tag, date=when, content=text, publication=pub
        )
        for rid, tag, text in texts
    )
    return pub
