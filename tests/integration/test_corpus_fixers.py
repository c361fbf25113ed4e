"""The fixers over a folder of real migrations: every file whose findings get fixes still
parses once they are applied, loses the fixed findings and gains none. Counts per code.

Opt-in: `DJM_CORPUS=/path/to/folder python -m pytest -m corpus -s
tests/integration/test_corpus_fixers.py` (the fixes are applied in memory: nothing is
written).
"""

from __future__ import annotations

import ast
import os
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations.context import make_context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules.api import Edit
from tests.harness import make_settings
from tests.rules.test_fixers import apply

CORPUS = os.environ.get("DJM_CORPUS", "")
FIXABLE = frozenset(rule.code for rule in RULES if rule.fix is not None)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS, reason="DJM_CORPUS does not name a folder of migrations"),
]


def _source(path: Path) -> str | None:
    """The file's text when it is UTF-8 Python that parses (the corpus has a few that are not)."""
    try:
        text = path.read_bytes().decode("utf-8")
        ast.parse(text)
    except (UnicodeDecodeError, SyntaxError, ValueError):
        return None
    return text


def _fix_file(path: Path, text: str, found: Counter[str], fixed: Counter[str]) -> list[str]:
    """The problems of one file's fixes (none expected); counts its findings and fixes."""
    settings = make_settings()
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    before = check_file(tree, str(path), lines, settings)
    mine = [v for v in before if v.code in FIXABLE]
    migration = parse_migration(tree, lines) if mine else None
    if migration is None:
        return []
    ctx = make_context(str(path), settings, migration)
    edits: list[Edit] = []
    done: Counter[str] = Counter()
    for violation in mine:
        rule_fix = BY_CODE[violation.code].fix
        fix = rule_fix(migration, ctx, violation) if rule_fix is not None else None
        found[violation.code] += 1
        if fix is not None:
            done[violation.code] += 1
            edits.extend(fix.edits)
    fixed.update(done)
    return _relint_problems(path, apply(text, edits), before, done) if edits else []


def _relint_problems(
    path: Path, after: str, before: list[Violation], done: Counter[str]
) -> list[str]:
    if not _source_parses(after):
        return [f"{path}: the fixed text does not parse"]
    now = check_file(ast.parse(after), str(path), after.splitlines(keepends=True), make_settings())
    new = Counter((v.code, v.message) for v in now) - Counter((v.code, v.message) for v in before)
    problems = [f"{path}: new {key}" for key in new]
    for code, count in done.items():
        left = sum(1 for v in now if v.code == code)
        if left != sum(1 for v in before if v.code == code) - count:
            problems.append(f"{path}: {code} still there")
    return problems


def _source_parses(text: str) -> bool:
    try:
        ast.parse(text)
    except SyntaxError:
        return False
    return True


def test_fixes_of_the_corpus_parse_and_only_remove_findings() -> None:
    found: Counter[str] = Counter()
    fixed: Counter[str] = Counter()
    problems: list[str] = []
    for path in sorted(Path(CORPUS).rglob("migrations/*.py")):
        text = _source(path)
        if text is not None:
            problems.extend(_fix_file(path, text, found, fixed))
    print("\n" + "\n".join(f"{c} findings {found[c]} fixed {fixed[c]}" for c in sorted(found)))
    assert problems == []
