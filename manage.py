#!/usr/bin/env python
"""Django's manage.py; the same as the `xiaowei` console script."""

from xiaowei.cli import main

if __name__ == "__main__":
    main()
