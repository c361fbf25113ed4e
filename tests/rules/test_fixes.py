"""The fixers of the rules: before/after pairs under `tests/fixtures/fix/`, compared byte for
byte. `<code>_<case>.py` is fixed into `<code>_<case>.fixed.py`; a file without a `.fixed.py`
is a near-miss that must stay as it is. Each is fixed in a `shop` app (`0001_initial` makes
`Product` and `Order`), and the fixed text linted again."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from tests import harness

FIXES = harness.FIXTURES / "fix"
CASES = sorted(p for p in FIXES.glob("*.py") if not p.name.endswith(".fixed.py"))
SETTINGS = harness.make_settings()
SELECTION = fix.select_rules(None, unsafe=False, configured=())
INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            "Product",
            [("id", models.AutoField(primary_key=True)), ("sku", models.CharField(max_length=9))],
        ),
        migrations.CreateModel("Order", [("id", models.AutoField(primary_key=True))]),
    ]
"""


def make_app(root: Path, data: bytes, name: str = "0002_x.py") -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(INITIAL)
    path = folder / name
    path.write_bytes(data)
    return path


def findings(path: Path, text: str) -> Counter[tuple[str, str]]:
    lines = fix.flake8_lines(text)
    found = check_file(ast.parse(text), str(path), lines, SETTINGS)
    return Counter((v.code, v.message) for v in found)


def expected_bytes(case: Path) -> bytes:
    fixed = case.with_name(case.name.removesuffix(".py") + ".fixed.py")
    return (fixed if fixed.exists() else case).read_bytes()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fix_turns_each_case_into_its_pair(tmp_path: Path, case: Path) -> None:
    path = make_app(tmp_path, case.read_bytes())
    outcome, data = fix.fix_file(path, SETTINGS, SELECTION)
    assert data == expected_bytes(case)
    code = case.name[:6].upper()
    assert set(outcome.fixed) <= {code}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_a_fixed_case_loses_its_findings_and_gains_none(tmp_path: Path, case: Path) -> None:
    path = make_app(tmp_path, case.read_bytes())
    before = findings(path, case.read_text(encoding="utf-8"))
    after = findings(path, expected_bytes(case).decode("utf-8"))
    code = case.name[:6].upper()
    assert after - before == Counter()
    if expected_bytes(case) != case.read_bytes():
        assert [key for key in after if key[0] == code] == []
        assert [key for key in before if key[0] == code] != []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixing_a_fixed_case_changes_nothing(tmp_path: Path, case: Path) -> None:
    path = make_app(tmp_path, expected_bytes(case))
    outcome, data = fix.fix_file(path, SETTINGS, SELECTION)
    assert (data, outcome.changed) == (expected_bytes(case), False)


def test_every_fix_fixture_is_a_migration_of_a_rule_with_a_fixer() -> None:
    codes = {case.name[:6].upper() for case in CASES}
    assert codes == {"DJM201", "DJM301", "DJM404", "DJM406"}
    assert {BY_CODE[code].fix_kind for code in codes} == {"safe"}


def test_the_near_misses_have_findings_the_fixers_leave(tmp_path: Path) -> None:
    left = {}
    names = ("djm201_one_line_class.py", "djm201_docstring_semicolon.py")
    for name in (*names, "djm404_left_alone.py", "djm406_left_alone.py"):
        case = FIXES / name
        path = make_app(tmp_path / case.stem, case.read_bytes())
        found = findings(path, case.read_text(encoding="utf-8"))
        left[name] = sorted(k[0] for k in found.elements() if k[0] == name[:6].upper())
    assert left == {
        "djm201_one_line_class.py": ["DJM201"],
        "djm201_docstring_semicolon.py": ["DJM201"],
        "djm404_left_alone.py": ["DJM404", "DJM404"],
        "djm406_left_alone.py": ["DJM406", "DJM406"],
    }


def test_batch_size_comes_from_the_option(tmp_path: Path) -> None:
    case = FIXES / "djm404_calls.py"
    path = make_app(tmp_path, case.read_bytes())
    settings = harness.make_settings(fix_batch_size="250")
    outcome, data = fix.fix_file(path, settings, SELECTION)
    assert data.decode().count("batch_size=250") == 5
    assert outcome.fixed == Counter({"DJM404": 5})
