"""Crawl the public site of the demo county: every page answers without a server error, and no page, export
or API response shows a full identity number or a phone number."""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

# Bounded by anything alphanumeric, so a run of digits inside a SHA-256 hex digest is not taken for one.
ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])"
)
PHONE = re.compile(r"(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])")
HREF = re.compile(r'href="([^"#]+)"')
SKIP = ("/accounts/", "/office/", "/django-admin/", "/i18n/", "/static/", "/api/v1/docs")


def _crawl(client: Client, start: list[str], limit: int) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = deque(start)
    while queue and len(seen) < limit:
        url = queue.popleft()
        path = urlparse(url).path + (f"?{urlparse(url).query}" if urlparse(url).query else "")
        if path in seen or path.startswith(SKIP) or urlparse(url).netloc not in ("", "testserver"):
            continue
        response = client.get(path)
        seen[path] = response.status_code
        body = response.getvalue()  # the content, streamed or not
        text = body.decode("utf-8", errors="ignore")
        assert response.status_code < 500, path
        assert not ID_NUMBER.search(text), f"a full identity number on {path}"
        assert not PHONE.search(text), f"a phone number on {path}"
        if "html" in response.get("Content-Type", ""):
            for href in HREF.findall(text):
                queue.append(urljoin(path, href.replace("&amp;", "&")))
    return seen


def test_the_public_demo_leaks_nothing_and_never_fails() -> None:
    call_command(
        "demo",
        "--projects",
        "300",
        "--assets",
        "200",
        "--results",
        "2000",
        "--vouchers",
        "3000",
        stdout=StringIO(),
    )
    # The detectors themselves: a real-format number and phone are caught, the masked form is not.
    assert ID_NUMBER.search("身份证 43138219900101124X") and PHONE.search("电话 13912345678")
    assert not ID_NUMBER.search("431382********124X")
    client = Client()
    village = "431382105201"
    seen = _crawl(
        client,
        [
            "/",
            "/powers/",
            f"/r/{village}/",
            f"/r/{village}/disclosure/",
            "/kiosk/",
            "/contractors/",
            "/r/431382105/projects/",
            "/r/431382105/assets/",
            "/r/431382105/results/",
            "/r/431382105/results/?q=王",
            f"/r/{village}/finance/",
            "/r/431382105/finance/",
        ],
        limit=500,
    )
    assert len(seen) > 60
    for extra in (
        "/api/v1/powers",
        "/api/v1/regions/431382",
        "/open/catalog.jsonld",
        f"/open/{village}/2026-03.csv",
        f"/open/{village}/2026-03.json",
        "/transparency/v1/checkpoint",
        "/transparency/v1/leaves?start=0&end=3",
        "/ocds/v1/releases.json?region=431382",
        "/api/v1/projects?region=431382",
        "/api/v1/assets?region=431382",
        "/api/v1/results?region=431382",
        "/api/v1/results?region=431382105&q=王伟",
        "/api/v1/results/categories",
        f"/api/v1/finance/{village}/months",
        f"/api/v1/finance/{village}/months/2026-10",
        f"/r/{village}/finance/2026-10.csv",
        f"/r/{village}/finance/2026-10.xlsx",
    ):
        r = client.get(extra)
        assert r.status_code == 200, extra
        text = r.content.decode("utf-8", errors="ignore")
        assert not ID_NUMBER.search(text) and not PHONE.search(text), extra
