"""Fixers that need more than one file of `tests/fixtures/fix/` (`test_fixes.py` runs every
before/after pair through the engine): DJM606 in a project of several apps, and the
concurrent index fixers asked for another database."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.context import make_context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests.harness import FIXTURES, load, make_settings

FIX = FIXTURES / "fix"


def lint(text: str, filename: str, settings: Settings) -> list[Violation]:
    return check_file(ast.parse(text), filename, text.splitlines(keepends=True), settings)


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
    outcome, data = fix.fix_file(Path(filename), settings, fix.select_rules("DJM606", False, ()))
    after = data.decode("utf-8")
    assert outcome.fixed == Counter({"DJM606": 1})
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
