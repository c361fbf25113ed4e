"""`flake8-djm`: flake8 with this plugin's default rules only, for pre-commit and scripts.

It runs flake8 in this process with `--select` set to the default-on DJM codes, then the
arguments given (files, options). The project's flake8 configuration still applies: its
`extend-select` turns opt-in rules on, its `per-file-ignores` and `extend-ignore` still hide
codes, and its `djm-*` options (migration folder names included) are read as usual. Other
flake8 plugins' codes are not selected, so the hook needs none of them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from flake8.main.cli import main as flake8_main

from flake8_django_migrations.rules import RULES


def flake8_arguments(argv: Sequence[str]) -> list[str]:
    default_on = ",".join(rule.code for rule in RULES if rule.default_on)
    return ["--select", default_on, *argv]


def main(argv: Sequence[str] | None = None) -> int:
    return flake8_main(flake8_arguments(sys.argv[1:] if argv is None else argv))
