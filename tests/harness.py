"""Runs fixture migration files and compares what they report with their inline expectations.

A fixture marks each line that must be reported with `# error: DJM105` (several codes comma
separated; `DJM105@8` pins the 0-based column). Header comments set the context:
`# djm-options: database=sqlite, django-version=4.1` and `# djm-filename: 0002_auto_x.py`
(the name the plugin sees; by default the fixture's own name, under `shop/migrations/`).
"""

from __future__ import annotations

import argparse
import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules._rule import Rule
from flake8_django_migrations.settings import Settings, settings_from_options

FIXTURES = Path(__file__).parent / "fixtures"
# App cases: whole migrations folders, for the rules that read the graph and the state.
APPS = FIXTURES / "apps"
_EXPECT = re.compile(r"#\s*error:\s*(.+)$")
_CODE = re.compile(r"^(DJM\d{3})(?:@(\d+))?$")
_HEADER = re.compile(r"#\s*djm-(options|filename):\s*(.+)$")
DEFAULT_OPTIONS = {
    "database": "postgresql",
    "django_version": "5.2",
    "start_after": "",
    "migration_dirs": "migrations",
    "app_labels": "",
    "max_operations": "10",
}


@dataclass(frozen=True)
class Expected:
    line: int
    code: str
    col: int | None


@dataclass(frozen=True)
class Fixture:
    path: Path
    source: str
    expected: tuple[Expected, ...]
    settings: Settings
    display_name: str

    @property
    def rule(self) -> Rule | None:
        """The rule a fixture is for: its file name's code, or its app case folder's."""
        case = self.path.name
        if APPS in self.path.parents:
            case = self.path.relative_to(APPS).parts[0]
        return BY_CODE.get(case[:6].upper())


def make_settings(**overrides: str) -> Settings:
    values = {**DEFAULT_OPTIONS, **overrides}
    return settings_from_options(argparse.Namespace(**{f"djm_{k}": v for k, v in values.items()}))


def load(path: Path) -> Fixture:
    source = path.read_text(encoding="utf-8")
    expected: list[Expected] = []
    headers: dict[str, str] = {}
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.type != tokenize.COMMENT:
            continue
        header = _HEADER.search(token.string)
        if header:
            headers[header.group(1)] = header.group(2).strip()
        match = _EXPECT.search(token.string)
        if match:
            expected.extend(_parse_codes(token.start[0], match.group(1)))
    options = dict(_pair(item) for item in headers.get("options", "").split(",") if item.strip())
    name = headers.get("filename", path.name)
    # A file of an app case is checked where it lies, beside its sibling migrations.
    display = str(path) if APPS in path.parents else f"shop/migrations/{name}"
    return Fixture(path, source, tuple(expected), make_settings(**options), display)


def _pair(item: str) -> tuple[str, str]:
    key, _, value = item.partition("=")
    return key.strip().replace("-", "_"), value.strip().replace(";", ",")


def _parse_codes(line: int, text: str) -> list[Expected]:
    found = []
    for part in text.split(","):
        match = _CODE.match(part.strip())
        if match is None:
            raise ValueError(f"line {line}: bad expectation {part!r}")
        col = int(match.group(2)) if match.group(2) else None
        found.append(Expected(line, match.group(1), col))
    return found


def run(fixture: Fixture, rules: tuple[Rule, ...] = RULES) -> list[tuple[int, int, str]]:
    lines = fixture.source.splitlines(keepends=True)
    tree = ast.parse(fixture.source)
    found = check_file(tree, fixture.display_name, lines, fixture.settings, rules)
    return [(v.line, v.col, v.code) for v in found]


def compare(
    fixture: Fixture, found: list[tuple[int, int, str]]
) -> tuple[list[object], list[object]]:
    """(expected, actual) in the same shape: columns only where the fixture pins them."""
    pinned = {(e.line, e.code): e.col for e in fixture.expected if e.col is not None}
    actual = sorted(
        (line, code, col if (line, code) in pinned else None) for line, col, code in found
    )
    expected = sorted((e.line, e.code, e.col) for e in fixture.expected)
    return list(expected), list(actual)


def fixture_paths(folder: str) -> list[Path]:
    return sorted((FIXTURES / folder).glob("*.py"))


def app_fixture_paths() -> list[Path]:
    """The migration files of the app cases: `apps/<djmNNN_case>/<app>/migrations/*.py`."""
    found = APPS.glob("*/**/migrations/*.py")
    return sorted(path for path in found if path.name != "__init__.py")


def run_flake8(
    cwd: Path,
    *args: str,
    stdin: str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """A real `python -m flake8` process, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "flake8", *args],
        cwd=cwd,
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
