"""The offline OCDS validation harness (libcoveocds, the official validator), for the tests of projects,
assets and the demo; its fixtures are registered by the root conftest.py.

libcoveocds reads the standard from the local zip (procurement/data/ocds-1.1.5). Extensions are fetched by
ocdsextensionregistry over HTTP(S) only, so `ext_base` serves the data folder (with the disposal
extension) from a loopback HTTP server and refuses every other HTTP(S) request made through
ocdsextensionregistry's session: the tests never touch the internet. The official bids extension
therefore cannot be loaded; its fields then show up as additional fields (not errors), see `additional`.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from requests.adapters import BaseAdapter, HTTPAdapter

from xiaowei.procurement import ocds


class _Refuse(BaseAdapter):
    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        raise requests.ConnectionError(f"offline test: refused {request.url}")

    def close(self) -> None:
        pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def ext_base() -> Iterator[str]:
    """Serve data/ on 127.0.0.1 and refuse all other HTTP(S) from ocdsextensionregistry's session."""
    from ocdsextensionregistry.util import session

    handler = functools.partial(_Quiet, directory=str(ocds.DATA_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}/"
    saved = dict(session.adapters)
    session.mount("https://", _Refuse())
    session.mount("http://", _Refuse())
    session.mount(base, HTTPAdapter())
    try:
        yield base
    finally:
        session.adapters.clear()
        session.adapters.update(saved)
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def disposal_ext_url(ext_base: str) -> str:
    return f"{ext_base}ocds_disposal_extension/extension.json"


@pytest.fixture
def cove(tmp_path: Path, ext_base: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    config = LibCoveOCDSConfig({"standard_zip": ocds.STANDARD_ZIP.as_uri(), "context": "api"})
    counter = iter(range(1000))

    def run(package: dict[str, Any]) -> dict[str, Any]:
        out = tmp_path / f"cove{next(counter)}"
        out.mkdir()
        path = out / "package.json"
        path.write_text(ocds.dumps(package), encoding="utf-8")
        return ocds_json_output(str(out), str(path), None, convert=False, lib_cove_ocds_config=config)

    return run


def assert_clean(result: dict[str, Any]) -> None:
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}


def additional(result: dict[str, Any]) -> set[str]:
    return {f"{f['path']}/{f['field']}" for f in result["additional_fields"]}
