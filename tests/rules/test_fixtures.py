"""Each fixture reports exactly the lines it marks; clean fixtures report nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_django_migrations.rules import RULES
from tests import harness

RULE_FIXTURES = harness.fixture_paths("migrations")
APP_FIXTURES = harness.app_fixture_paths()
CLEAN_FIXTURES = harness.fixture_paths("clean")


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda p: p.stem)
def test_fixture_reports_exactly_its_marked_lines(path: Path) -> None:
    fixture = harness.load(path)
    rule = fixture.rule
    assert rule is not None, f"{path.name} does not start with a registered rule code"
    assert fixture.expected, f"{path.name} expects nothing: mark its triggers"
    expected, actual = harness.compare(fixture, harness.diagnostics(fixture, (rule,)))
    assert actual == expected


@pytest.mark.parametrize("path", APP_FIXTURES, ids=lambda p: "/".join(p.parts[-4:]))
def test_app_fixture_reports_exactly_its_marked_lines(path: Path) -> None:
    fixture = harness.load(path)
    rule = fixture.rule
    assert rule is not None, f"{path} is not in a case folder named after a registered rule"
    expected, actual = harness.compare(fixture, harness.diagnostics(fixture, (rule,)))
    assert actual == expected


def test_every_app_case_expects_something() -> None:
    cases = {p.relative_to(harness.APPS).parts[0] for p in APP_FIXTURES}
    expecting = {
        p.relative_to(harness.APPS).parts[0] for p in APP_FIXTURES if harness.load(p).expected
    }
    assert sorted(cases - expecting) == []


@pytest.mark.parametrize("path", CLEAN_FIXTURES, ids=lambda p: p.stem)
def test_clean_fixture_reports_nothing_from_any_rule(path: Path) -> None:
    fixture = harness.load(path)
    assert harness.run(fixture) == []


def test_every_rule_has_a_fixture() -> None:
    covered = {harness.load(p).rule for p in RULE_FIXTURES + APP_FIXTURES}
    missing = [r.code for r in RULES if r.check is not None and r not in covered]
    assert missing == []
