"""Helpers shared by the tests of several apps: fixtures (registered by the root conftest.py through
`pytest_plugins`) and drivers that take records through the real services.

Test-only: beside conftest.py at the repository root, outside the `xiaowei` package, so it is never
installed with the app (pyproject: packages `xiaowei*` only). pytest puts the root on sys.path for the
root conftest.py, which is how the tests and every xdist worker import it.
"""
