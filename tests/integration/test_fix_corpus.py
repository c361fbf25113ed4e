"""`fix --unsafe` over a temporary copy of a folder of real migrations (the corpus): every
file it rewrites still parses and loses only the findings it fixed, none gained.

Opt-in: `DJM_CORPUS=/path/to/folder python -m pytest -m corpus -s` and this file's path.
The counts (files rewritten, findings fixed per code, files left untouched and why) are printed.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.settings import Settings

CORPUS = os.environ.get("DJM_CORPUS", "")
EVERY_FIX = fix.select_rules(None, unsafe=True, configured=[rule.code for rule in RULES])
# The reason of a note without the names and numbers that make each one different.
_DETAIL = re.compile(r"'[^']*'|\([^)]*\)|\d+")

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS, reason="DJM_CORPUS does not name a folder of migrations"),
]


def codes(path: Path, text: str, settings: Settings) -> Counter[str]:
    found = check_file(ast.parse(text), str(path), fix.flake8_lines(text), settings)
    return Counter(violation.code for violation in found)


def test_fix_unsafe_on_a_copy_of_the_corpus(tmp_path: Path) -> None:
    copy = tmp_path / "corpus"
    shutil.copytree(CORPUS, copy)
    settings = fix.read_configuration(tmp_path)[0]
    rewritten, fixed, untouched, wrong = 0, Counter[str](), Counter[str](), []
    for path in fix.migration_files([copy], settings):
        outcome, data = fix.fix_file(path, settings, EVERY_FIX)
        untouched.update(_DETAIL.sub("…", note) for note in outcome.notes)
        if not outcome.changed:
            continue
        path.write_bytes(data)
        rewritten += 1
        fixed.update(outcome.fixed)
        before, after = codes(path, outcome.old, settings), codes(path, outcome.new, settings)
        if (before - after, after - before) != (outcome.fixed, Counter()):
            wrong.append((path.relative_to(copy), before - after, after - before, outcome.fixed))
    print(f"\nrewritten {rewritten}", *sorted(fixed.items()), sep="\n")
    print("left untouched:", *sorted(untouched.items()), sep="\n")
    assert wrong == []
    again = [
        p
        for p in fix.migration_files([copy], settings)
        if fix.fix_file(p, settings, EVERY_FIX)[0].changed
    ]
    assert again == []
