"""`scripts/new_rule.py`, run on a copy of the files it needs: what it writes, what it refuses."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_django_migrations import docs
from flake8_django_migrations.rules.api import ALL_DATABASES
from tests import harness

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "new_rule.py"
PACKAGE = "flake8_django_migrations"
MODULE = Path(PACKAGE) / "rules" / "djm111_some_slug.py"
TRIGGER = Path("tests/fixtures/migrations/djm111_some_slug.py")
NEAR_MISS = Path("tests/fixtures/clean/djm111_some_slug_near_miss.py")
REGISTRY = Path(PACKAGE) / "rules" / "__init__.py"
CHANGELOG = Path("CHANGELOG.md")
STUB = "- DJM111: TODO: what it flags and what that breaks, in one full sentence."


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the package, the changelog and the fixture folders."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / PACKAGE, tmp_path / PACKAGE, ignore=ignore)
    shutil.copy(ROOT / CHANGELOG, tmp_path / CHANGELOG)
    for folder in ("migrations", "clean"):
        (tmp_path / "tests" / "fixtures" / folder).mkdir(parents=True)
    return tmp_path


def new_rule(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=repo, capture_output=True, text=True, check=False
    )


def snapshot(repo: Path) -> dict[str, str]:
    files = (p for p in repo.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return {str(p.relative_to(repo)): p.read_text(encoding="utf-8") for p in files}


def registered(repo: Path) -> dict[str, object]:
    """What the copy's registry says of DJM111, imported in a fresh interpreter."""
    code = (
        "import json; from flake8_django_migrations.rules import RULES, BY_CODE;"
        "r = BY_CODE['DJM111'];"
        "print(json.dumps({'name': r.name, 'default_on': r.default_on, 'added_in': r.added_in,"
        "'databases': r.databases, 'after': RULES[RULES.index(r) - 1].code,"
        "'found': list(r.check(None, None)), 'doc': r.docstring}))"
    )
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def test_writes_the_module_the_fixtures_the_registry_and_the_changelog(repo: Path) -> None:
    before = snapshot(repo)
    done = new_rule(repo, "DJM111", "some-slug", "--postgresql")
    assert (done.returncode, done.stderr) == (0, "")
    changed = {name for name, text in snapshot(repo).items() if before.get(name) != text}
    written = {MODULE, TRIGGER, NEAR_MISS, REGISTRY, CHANGELOG}
    assert changed == {str(path) for path in written}


def test_the_module_has_every_docs_section_and_the_rule_entry(repo: Path) -> None:
    new_rule(repo, "DJM111", "some-slug", "--postgresql")
    text = (repo / MODULE).read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text), clean=False) or ""
    headings = [line for line in docstring.splitlines() if line.startswith("## ")]
    assert headings == list(docs.SECTIONS)
    assert 'CODE = "DJM111"\nNAME = "some-slug"\n' in text
    assert text.endswith(
        "RULE = Rule(\n    code=CODE,\n    name=NAME,\n    message=MESSAGE,\n"
        "    docstring=__doc__,\n    check=check,\n    default_on=True,\n"
        '    added_in="0.1.0",\n    databases=POSTGRESQL,\n)\n'
    )
    names = "POSTGRESQL, Context, Migration, Rule, Violation"
    assert f"from flake8_django_migrations.rules.api import {names}\n" in text
    assert harness.engine_imports(repo / MODULE) == []


def test_the_new_rule_imports_and_is_registered_in_code_order(repo: Path) -> None:
    new_rule(repo, "DJM111", "some-slug", "--postgresql")
    rule = registered(repo)
    assert {k: v for k, v in rule.items() if k != "doc"} == {
        "name": "some-slug",
        "default_on": True,
        "added_in": "0.1.0",
        "databases": ["postgresql"],
        "after": "DJM110",
        "found": [],
    }
    assert rule["doc"] == ast.get_docstring(ast.parse((repo / MODULE).read_text()), clean=False)


def test_the_registry_gains_two_lines_after_djm110(repo: Path) -> None:
    old = (repo / REGISTRY).read_text(encoding="utf-8").splitlines()
    new_rule(repo, "DJM111", "some-slug")
    new = (repo / REGISTRY).read_text(encoding="utf-8").splitlines()
    import_at = old.index("    djm110_state_only_remove_not_null,") + 1
    rule_at = old.index("    djm110_state_only_remove_not_null.RULE,") + 1
    expected = [*old[:import_at], "    djm111_some_slug,", *old[import_at:]]
    expected.insert(rule_at + 1, "    djm111_some_slug.RULE,")
    assert new == expected


def test_the_changelog_stub_goes_among_the_added_rule_lines(repo: Path) -> None:
    old = (repo / CHANGELOG).read_text(encoding="utf-8").splitlines()
    new_rule(repo, "DJM111", "some-slug")
    new = (repo / CHANGELOG).read_text(encoding="utf-8").splitlines()
    at = new.index(STUB)
    assert new[:at] + new[at + 1 :] == old
    assert (new[at - 1][:8], new[at + 1][:8]) == ("- DJM110", "- DJM200")
    assert new.index("### Added") < at < new.index("### Fixed")


def test_off_and_all_databases(repo: Path) -> None:
    new_rule(repo, "DJM111", "some-slug", "--off")
    text = (repo / MODULE).read_text(encoding="utf-8")
    assert (
        "from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation\n"
        in text
    )
    assert text.endswith('    default_on=False,\n    added_in="0.1.0",\n)\n')
    rule = registered(repo)
    assert (rule["default_on"], rule["databases"]) == (False, list(ALL_DATABASES))


def test_the_trigger_fixture_expects_the_rule_on_the_operation_line(repo: Path) -> None:
    new_rule(repo, "DJM111", "some-slug")
    fixture = harness.load(repo / TRIGGER)
    lines = fixture.source.splitlines()
    assert [(e.line, e.code) for e in fixture.expected] == [
        (lines.index("        migrations.AddField(  # error: DJM111") + 1, "DJM111")
    ]


def test_the_near_miss_fixture_is_silent_for_every_rule(repo: Path) -> None:
    new_rule(repo, "DJM111", "some-slug")
    fixture = harness.load(repo / NEAR_MISS)
    assert (fixture.expected, harness.run(fixture)) == ((), [])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["DJM100", "other-thing"], "DJM100 is already used by"),
        (["DJM111", "remove-field"], "remove-field is already used by"),
        (["DJM11", "x"], "'DJM11' is not a rule code"),
        (["djm111", "x"], "'djm111' is not a rule code"),
        (["DJM000", "x"], "'DJM000' is not a rule code"),
        (["DJM111", "Some_Slug"], "'Some_Slug' is not a slug"),
        (["DJM111", "some--slug"], "'some--slug' is not a slug"),
    ],
)
def test_refuses_used_or_malformed_codes_and_slugs(
    repo: Path, args: list[str], message: str
) -> None:
    before = snapshot(repo)
    done = new_rule(repo, *args)
    assert (done.returncode, done.stdout, len(done.stderr.splitlines())) == (2, "", 1)
    assert done.stderr.startswith(f"new_rule.py: {message}")
    assert snapshot(repo) == before


def test_refuses_outside_the_repository_root(tmp_path: Path) -> None:
    done = new_rule(tmp_path, "DJM111", "some-slug")
    assert (done.returncode, done.stderr.startswith("new_rule.py: run it from")) == (2, True)
    assert list(tmp_path.iterdir()) == []


def test_the_script_imports_only_the_standard_library() -> None:
    tree = ast.parse(SCRIPT.read_text(encoding="utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert {name.split(".")[0] for name in modules} - set(sys.stdlib_module_names) == set()
