"""The offline libcoveocds harness of the project tests (the disposal extension served from a loopback
server, every other HTTP(S) request refused), reused for asset disposals."""

from __future__ import annotations

from xiaowei.projects.tests.test_ocds import cove, disposal_ext_url, ext_base

__all__ = ["cove", "disposal_ext_url", "ext_base"]
