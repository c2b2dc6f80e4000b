"""The offline libcoveocds harness of the project tests, for the county demo's releases."""

from __future__ import annotations

from xiaowei.projects.tests.test_ocds import cove, disposal_ext_url, ext_base

__all__ = ["cove", "disposal_ext_url", "ext_base"]
