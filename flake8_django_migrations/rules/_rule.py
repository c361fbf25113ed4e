"""The shape of a registry entry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration

Check = Callable[[Migration, Context], Iterable[Violation]]


@dataclass(frozen=True)
class Rule:
    """One rule: its module carries the code, name, check and documentation."""

    module: ModuleType
    default_on: bool
    added_in: str
    postgresql_only: bool = False

    @property
    def code(self) -> str:
        return str(self.module.CODE)

    @property
    def name(self) -> str:
        return str(self.module.NAME)

    @property
    def check(self) -> Check | None:
        found: Check | None = getattr(self.module, "check", None)
        return found

    @property
    def doc(self) -> str:
        return self.module.__doc__ or ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    def applies_to(self, database: str) -> bool:
        return not self.postgresql_only or database == "postgresql"
