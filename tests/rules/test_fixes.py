"""The fixers of the rules, through the `fix` engine: before/after pairs under
`tests/fixtures/fix/`, compared byte for byte. `<code>_<case>.py` is fixed (unsafe fixes
included) into `<code>_<case>.fixed.py`; a file without a `.fixed.py` is a near-miss that must
stay as it is. Each is fixed in a `shop` app, with the options its `# djm-options:` line sets;
the cases of the fixers that judge new tables get a `0001_initial` that makes `Product` and
`Order`. The fixed text is linted again."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.context import make_context
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests import harness
from tests.integration.test_properties import INITIAL

FIXES = harness.FIXTURES / "fix"
CASES = sorted(p for p in FIXES.glob("*.py") if not p.name.endswith(".fixed.py"))
SETTINGS = harness.make_settings()
SELECTION = fix.select_rules(None, unsafe=False, configured=())
# The cases written against the `shop` app that `INITIAL` (Product, Order) starts.
WITH_INITIAL = ("djm201", "djm301", "djm404", "djm406")


def make_app(root: Path, data: bytes, name: str = "0002_x.py", *, initial: bool = True) -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("")
    if initial:
        (folder / "0001_initial.py").write_text(INITIAL)
    path = folder / name
    path.write_bytes(data)
    return path


def findings(path: Path, text: str, settings: Settings = SETTINGS) -> Counter[tuple[str, str]]:
    lines = fix.flake8_lines(text)
    found = check_file(ast.parse(text), str(path), lines, settings)
    return Counter((v.code, v.message) for v in found)


def own_fixer(case: Path) -> fix.Selection:
    """The case's own rule alone (unsafe and opt-in ones too): other fixers leave it."""
    return fix.select_rules(case.name[:6].upper(), unsafe=True, configured=())


def case_app(root: Path, case: Path, data: bytes) -> tuple[Path, Settings]:
    """The case's file in a `shop` app, and the settings its `# djm-options:` line gives."""
    path = make_app(root, data, initial=case.name.startswith(WITH_INITIAL))
    return path, harness.load(case).settings


def expected_bytes(case: Path) -> bytes:
    fixed = case.with_name(case.name.removesuffix(".py") + ".fixed.py")
    return (fixed if fixed.exists() else case).read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fix_turns_each_case_into_its_pair(tmp_path: Path, case: Path) -> None:
    path, settings = case_app(tmp_path, case, case.read_bytes())
    outcome, data = fix.fix_file(path, settings, own_fixer(case))
    assert data == expected_bytes(case)
    code = case.name[:6].upper()
    assert set(outcome.fixed) <= {code}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_a_fixed_case_loses_its_findings_and_gains_none(tmp_path: Path, case: Path) -> None:
    path, settings = case_app(tmp_path, case, case.read_bytes())
    before = findings(path, case.read_text(encoding="utf-8"), settings)
    after = findings(path, expected_bytes(case).decode("utf-8"), settings)
    code = case.name[:6].upper()
    assert after - before == Counter()
    if expected_bytes(case) != case.read_bytes():
        assert [key for key in after if key[0] == code] == []
        assert [key for key in before if key[0] == code] != []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixing_a_fixed_case_changes_nothing(tmp_path: Path, case: Path) -> None:
    path, settings = case_app(tmp_path, case, expected_bytes(case))
    outcome, data = fix.fix_file(path, settings, own_fixer(case))
    assert (data, outcome.changed) == (expected_bytes(case), False)


def test_every_fix_fixture_is_a_migration_of_a_rule_with_a_fixer() -> None:
    codes = {case.name[:6].upper() for case in CASES}
    assert codes == {code for code, rule in BY_CODE.items() if rule.fix is not None} - {"DJM606"}
    assert {code for code in codes if BY_CODE[code].fix_kind == "unsafe"} == {
        "DJM500",
        "DJM501",
        "DJM607",
    }


# The findings of each near-miss (a case without a `.fixed.py`): all of them left as they are.
NEAR_MISS_FINDINGS = {
    "djm109_not_literal": 7,
    "djm109_old_django": 1,
    "djm200_add_field": 1,
    "djm200_atomic_unreadable": 1,
    "djm200_mixed": 1,
    "djm200_name_taken": 1,
    "djm200_vendor_branch": 1,
    "djm201_docstring_semicolon": 1,
    "djm201_one_line_class": 1,
    "djm205_new_table": 1,
    "djm301_custom_base": 0,
    "djm404_left_alone": 2,
    "djm406_left_alone": 2,
    "djm500_unfixable": 2,
    "djm501_unfixable": 1,
    "djm607_field_elsewhere": 1,
    "djm607_settings_taken": 1,
}
NEAR_MISSES = [case for case in CASES if expected_bytes(case) == case.read_bytes()]


def test_the_near_misses_are_the_listed_ones() -> None:
    assert sorted(case.stem for case in NEAR_MISSES) == sorted(NEAR_MISS_FINDINGS)


@pytest.mark.parametrize("case", NEAR_MISSES, ids=lambda p: p.stem)
def test_a_near_miss_has_findings_the_fixers_leave(tmp_path: Path, case: Path) -> None:
    path, settings = case_app(tmp_path, case, case.read_bytes())
    found = findings(path, case.read_text(encoding="utf-8"), settings)
    code = case.name[:6].upper()
    assert sum(n for (c, _), n in found.items() if c == code) == NEAR_MISS_FINDINGS[case.stem]


def test_batch_size_comes_from_the_option(tmp_path: Path) -> None:
    case = FIXES / "djm404_calls.py"
    path = make_app(tmp_path, case.read_bytes())
    settings = harness.make_settings(fix_batch_size="250")
    outcome, data = fix.fix_file(path, settings, SELECTION)
    assert data.decode().count("batch_size=250") == 5
    assert outcome.fixed == Counter({"DJM404": 5})


def test_an_index_fix_that_must_wait_says_why(tmp_path: Path) -> None:
    case = FIXES / "djm200_mixed.py"
    path, settings = case_app(tmp_path, case, case.read_bytes())
    text = case.read_text(encoding="utf-8")
    found = check_file(ast.parse(text), str(path), fix.flake8_lines(text), settings)
    [line] = [v.line for v in found if v.code == "DJM200"]
    outcome, data = fix.fix_file(path, settings, own_fixer(case))
    note = (
        f"DJM200 on line {line}: the migration does more than index operations on existing"
        " tables: move them to a migration of their own, then run `fix` again"
    )
    assert (data, outcome.notes) == (case.read_bytes(), [note])
    assert fix.summary(outcome, dry_run=False) == f"{path}: left untouched: {note}"


@pytest.mark.parametrize("case", [c for c in CASES if c not in NEAR_MISSES], ids=lambda p: p.stem)
def test_a_rule_s_fixes_are_as_safe_as_its_fix_kind_says(tmp_path: Path, case: Path) -> None:
    path, settings = case_app(tmp_path, case, case.read_bytes())
    text = case.read_text(encoding="utf-8")
    migration = parse_migration(ast.parse(text), fix.split_lines(text), settings.database)
    assert migration is not None
    ctx = make_context(str(path), settings, migration)
    rule = BY_CODE[case.name[:6].upper()]
    assert rule.fix is not None
    found = check_file(ast.parse(text), str(path), fix.flake8_lines(text), settings)
    fixes = [rule.fix(migration, ctx, v) for v in found if v.code == rule.code]
    safety = {f.safe for f in fixes if f is not None and f.edits}
    assert safety == {rule.fix_kind == "safe"}
