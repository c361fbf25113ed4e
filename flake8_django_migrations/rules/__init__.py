"""The registry: every rule, by hand, sorted by code. Codes are never reused."""

from __future__ import annotations

from flake8_django_migrations.rules import (
    djm000_internal_error,
    djm105_add_not_null_field_without_default,
)
from flake8_django_migrations.rules._rule import Rule

RULES: tuple[Rule, ...] = (
    Rule(djm000_internal_error, default_on=True, added_in="0.1.0"),
    Rule(djm105_add_not_null_field_without_default, default_on=True, added_in="0.1.0"),
)

BY_CODE = {rule.code: rule for rule in RULES}
