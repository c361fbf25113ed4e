"""The fixers of the rules: each before/after pair of `tests/fixtures/fix/` compared byte for
byte, near-misses (a file without `.fixed.py`) given no fix, and the fixed text re-linted.

Until the `fix` engine is on this branch, `apply` below makes the edits (the engine's rules:
positions in UTF-8 bytes, identical edits applied once)."""

from __future__ import annotations

import ast
import itertools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

from flake8_django_migrations.context import make_context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.rules.api import Edit, Fix
from flake8_django_migrations.settings import Settings
from tests.harness import FIXTURES, load, make_settings

FIX = FIXTURES / "fix"
PAIRS = sorted(p for p in FIX.glob("*.py") if p.with_suffix(".fixed.py").exists())
NEAR_MISSES = sorted(
    p for p in FIX.glob("*.py") if not p.name.endswith(".fixed.py") and p not in PAIRS
)


def apply(text: str, edits: Iterable[Edit]) -> str:
    """`text` with the edits made, from the last to the first; identical edits once."""
    data = text.encode("utf-8")
    starts = [0]
    for line in text.encode("utf-8").splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    ordered = sorted(set(edits), key=lambda e: (e.line, e.col, e.end_line, e.end_col))
    spans = [(starts[e.line - 1] + e.col, starts[e.end_line - 1] + e.end_col) for e in ordered]
    for (first, end), (start, _) in itertools.pairwise(spans):
        assert end <= start, "overlapping edits"
        assert first < start, "two different edits at one place: their order is unknown"
    for edit, (start, end) in reversed(list(zip(ordered, spans, strict=True))):
        data = data[:start] + edit.text.encode("utf-8") + data[end:]
    return data.decode("utf-8")


def lint(text: str, filename: str, settings: Settings) -> list[Violation]:
    return check_file(ast.parse(text), filename, text.splitlines(keepends=True), settings)


def fixes(text: str, filename: str, settings: Settings, code: str) -> list[Fix | None]:
    """The fix of each finding of `code` in the file."""
    rule = BY_CODE[code]
    assert rule.fix is not None
    migration = parse_migration(ast.parse(text), text.splitlines(keepends=True))
    assert migration is not None
    ctx = make_context(filename, settings, migration)
    found = [v for v in lint(text, filename, settings) if v.code == code]
    return [rule.fix(migration, ctx, violation) for violation in found]


def fixed_text(text: str, filename: str, settings: Settings, code: str) -> str:
    found = fixes(text, filename, settings, code)
    assert found
    assert all(fix is not None for fix in found)
    safe = BY_CODE[code].fix_kind == "safe"
    assert [fix.safe for fix in found if fix is not None] == [safe] * len(found)
    return apply(text, (edit for fix in found if fix is not None for edit in fix.edits))


def assert_relinted(before: str, after: str, filename: str, settings: Settings, code: str) -> None:
    """The fixed text parses, has no finding of `code`, and no finding it did not have."""
    old = Counter((v.code, v.message) for v in lint(before, filename, settings))
    new = Counter((v.code, v.message) for v in lint(after, filename, settings))
    assert [c for c, _ in new if c == code] == []
    assert new - old == Counter()


@pytest.mark.parametrize("path", PAIRS, ids=lambda p: p.stem)
def test_fix_gives_the_expected_file(path: Path) -> None:
    fixture = load(path)
    code = path.name[:6].upper()
    before = path.read_bytes().decode("utf-8")  # line endings as written
    after = fixed_text(before, fixture.display_name, fixture.settings, code)
    assert after.encode("utf-8") == path.with_suffix(".fixed.py").read_bytes()
    assert_relinted(before, after, fixture.display_name, fixture.settings, code)


# The findings of each near-miss: all of them get no fix.
NEAR_MISS_FINDINGS = {
    "djm109_not_literal": 7,
    "djm109_old_django": 1,
    "djm200_add_field": 1,
    "djm200_atomic_unreadable": 1,
    "djm200_mixed": 1,
    "djm200_name_taken": 1,
    "djm200_vendor_branch": 1,
    "djm205_new_table": 1,
    "djm500_unfixable": 2,
    "djm501_unfixable": 1,
    "djm607_field_elsewhere": 1,
    "djm607_settings_taken": 1,
}


@pytest.mark.parametrize("path", NEAR_MISSES, ids=lambda p: p.stem)
def test_near_miss_gets_no_fix(path: Path) -> None:
    fixture = load(path)
    found = fixes(fixture.source, fixture.display_name, fixture.settings, path.name[:6].upper())
    assert found == [None] * NEAR_MISS_FINDINGS[path.stem]


def _app(root: Path, label: str, *names: str) -> Path:
    """A migrations folder whose files each depend on the one named before it."""
    folder = root / label / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    for name in names:
        parent = f'("{label}", "0001_initial")' if name != "0001_initial" else ""
        text = (
            "from django.db import migrations\n\n\n"
            "class Migration(migrations.Migration):\n"
            f"    dependencies = [{parent}]\n"
            "    operations = []\n"
        )
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
    return folder


def test_djm606_pins_the_one_leaf_of_a_known_app(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    shop = _app(tmp_path, "shop", "0001_initial")
    _app(tmp_path, "payments", "0001_initial", "0002_payment_method")
    _app(tmp_path, "ledger", "0001_initial", "0002_a", "0002_b")
    case = FIX / "djm606" / "0002_pin.py"
    before = case.read_text(encoding="utf-8")
    (shop / "0002_pin.py").write_text(before, encoding="utf-8")
    filename = str(shop / "0002_pin.py")
    settings = load(case).settings
    found = fixes(before, filename, settings, "DJM606")
    assert [fix is not None for fix in found] == [True, False, False]
    after = apply(before, (edit for fix in found if fix is not None for edit in fix.edits))
    assert after == case.with_suffix(".fixed.py").read_text(encoding="utf-8")
    old = [v.message for v in lint(before, filename, settings)]
    new = [v.message for v in lint(after, filename, settings)]
    assert new == old[1:]


@pytest.mark.parametrize("case", ["djm200_add_index", "djm205_remove_index"])
def test_concurrent_index_fix_is_for_postgresql_only(case: str) -> None:
    """The same findings, asked of another database, get no fix: the concurrent operations
    exist on PostgreSQL only."""
    fixture = load(FIX / f"{case}.py")
    code = case[:6].upper()
    migration = parse_migration(ast.parse(fixture.source), fixture.source.splitlines(True))
    assert migration is not None
    sqlite = make_settings(database="sqlite")
    ctx = make_context(fixture.display_name, sqlite, migration)
    found = lint(fixture.source, fixture.display_name, fixture.settings)
    rule = BY_CODE[code]
    assert rule.fix is not None
    expected = 2 if code == "DJM200" else 1
    assert [rule.fix(migration, ctx, v) for v in found if v.code == code] == [None] * expected
