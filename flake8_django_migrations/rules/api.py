"""What a rule module builds on: its registry entry, `Rule`.

Each rule module ends with one `RULE = Rule(...)`; `rules/__init__.py` lists them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration
from flake8_django_migrations.settings import DATABASES

Check = Callable[[Migration, Context], Iterable[Violation]]

ALL_DATABASES: tuple[str, ...] = DATABASES
POSTGRESQL: tuple[str, ...] = ("postgresql",)
# The databases where Django runs a migration in a transaction: their DDL is transactional.
TRANSACTIONAL_DDL: tuple[str, ...] = ("postgresql", "sqlite", "generic")


@dataclass(frozen=True)
class Rule:
    """One rule: what the registry, the docs and the plugin know of it."""

    code: str
    name: str
    message: str
    docstring: str | None
    # None only for DJM000, which the plugin reports itself.
    check: Check | None
    default_on: bool
    added_in: str
    # The `djm-database` values the rule runs for.
    databases: tuple[str, ...] = ALL_DATABASES

    @property
    def doc(self) -> str:
        return self.docstring or ""

    @property
    def summary(self) -> str:
        text = self.doc.strip()
        return text.splitlines()[0].strip() if text else ""

    @property
    def postgresql_only(self) -> bool:
        return self.databases == POSTGRESQL

    def applies_to(self, database: str) -> bool:
        return database in self.databases
