"""Properties of `fix --unsafe` on generated migrations (the generator of
`test_properties.py`): its output parses, it adds no finding, and a second run changes
nothing."""

from __future__ import annotations

import ast
from collections import Counter

import pytest
from hypothesis import given, settings

from flake8_django_migrations import fix
from flake8_django_migrations.rules import RULES
from tests.integration.test_properties import (
    DEFAULT_SETTINGS,
    FORMATS,
    Format,
    Generated,
    diagnostics,
    make_app,
    migration_modules,
    render,
    run,
)

EVERY_FIX = fix.select_rules(None, unsafe=True, configured=[rule.code for rule in RULES])


@settings(max_examples=150)
@given(migration_modules(), FORMATS)
def test_fix_unsafe_parses_adds_no_finding_and_is_idempotent(
    tmp_path_factory: pytest.TempPathFactory, generated: Generated, fmt: Format
) -> None:
    text = render(generated.module, fmt)
    path = make_app(tmp_path_factory.mktemp("fix"), text)
    fixed = fix.fix_text(path, text, DEFAULT_SETTINGS, EVERY_FIX)
    ast.parse(fixed.new)
    added = diagnostics(run(fixed.new, str(path))) - diagnostics(run(text, str(path)))
    again = fix.fix_text(path, fixed.new, DEFAULT_SETTINGS, EVERY_FIX)
    assert (added, again.changed, again.fixed) == (Counter(), False, Counter())
