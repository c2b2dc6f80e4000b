"""The offline libcoveocds harness of test_ocds, shared with the other OCDS tests of this folder."""

from xiaowei.projects.tests.test_ocds import cove, disposal_ext_url, ext_base  # noqa: F401
