"""The `xiaowei` console script: the operator's entry point to every management command.

`xiaowei demo`, `xiaowei user create …`, `xiaowei token create …`, `xiaowei regions import FILE`,
`xiaowei serve`, and Django's own (`xiaowei migrate`, `xiaowei check`, …).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaowei.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xiaowei", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
