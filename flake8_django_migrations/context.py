"""What a rule knows beyond the migration file itself.

Rules take `check(migration, ctx)`. App-level knowledge (the migration graph of the folder,
the replayed model state) is `ctx.app`, and `ctx.state_before(op)` gives the state of the
app's models just before an operation of the checked migration. Without a readable folder
both say "unknown", and state rules stay silent.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from flake8_django_migrations.fields import FieldCall
from flake8_django_migrations.migration import Migration, Operation
from flake8_django_migrations.project import (
    AppKnowledge,
    app_knowledge,
    declared_label,
    normalized,
)
from flake8_django_migrations.settings import Settings
from flake8_django_migrations.state import AppState, FileStates, ModelState, unknown_app

_NUMBER = re.compile(r"^(\d+)")


@dataclass(frozen=True)
class Context:
    settings: Settings
    filename: str
    app_label: str
    app: AppKnowledge | None = None
    states: FileStates | None = None

    def state_before(self, op: Operation) -> AppState:
        """The app's models just before `op` runs (unknown without app knowledge)."""
        if self.states is None:
            return unknown_app(self.app_label)
        return self.states.before(op)

    def model_before(self, op: Operation) -> ModelState | None:
        """The state of `op`'s model just before it runs; None when unknown or missing."""
        return self.state_before(op).model(op.model_name)

    def field_before(self, op: Operation) -> FieldCall | None:
        """The field `op` works on, as the state knows it just before, on a model Django runs
        SQL for; None when unknown, missing, unreadable, or on an unmanaged or proxy model."""
        model = self.model_before(op)
        if model is None or model.managed is not True:
            return None
        return model.field(op.field_name)

    def runs_no_sql(self, op: Operation) -> bool:
        """The state shows `op`'s model is unmanaged or a proxy: Django runs no SQL for it."""
        model = self.model_before(op)
        return model is not None and model.managed is False

    @property
    def stem(self) -> str:
        """The migration's name: its file name without `.py`."""
        return file_stem(self.filename)

    @property
    def number(self) -> int | None:
        """The leading number of the migration's name (`0042_add_price` -> 42)."""
        match = _NUMBER.match(self.stem)
        return int(match.group(1)) if match else None

    @property
    def is_history(self) -> bool:
        """Numbered up to the app's `djm-start-after` entry: no rule reports on it."""
        last = self.settings.start_after.get(self.app_label)
        return last is not None and self.number is not None and self.number <= last

    def table_name(self, model_name: str) -> str:
        """Django's default table name of a model of this app."""
        return f"{self.app_label}_{model_name.lower()}"


def file_stem(filename: str) -> str:
    base = normalized(filename).rpartition("/")[2]
    return base[:-3] if base.endswith(".py") else base


def is_migration_path(filename: str, migration_dirs: frozenset[str]) -> bool:
    """A `.py` file other than `__init__.py` directly inside a migrations folder.

    Plain string work only: this runs for every file flake8 checks.
    """
    parent, _, base = normalized(filename).rpartition("/")
    if not base.endswith(".py") or base == "__init__.py":
        return False
    return parent.rpartition("/")[2] in migration_dirs


def make_context(filename: str, settings: Settings, migration: Migration | None = None) -> Context:
    """The context of a file. Where the app's graph and state are unknown (no folder, or one
    whose files contradict the label), `app` and `states` are None: every rule that reads
    them is silent, without a check of its own."""
    app = app_knowledge(filename, migration, settings) if migration else None
    if app is None or migration is None:
        app_dir = Path(os.path.abspath(normalized(filename))).parent.parent
        label = declared_label(app_dir, settings) or app_dir.name
        return Context(settings=settings, filename=filename, app_label=label)
    if not app.label_agrees:
        return Context(settings=settings, filename=filename, app_label=app.label)
    return Context(settings, filename, app.label, app, FileStates(app.state_before, migration))
