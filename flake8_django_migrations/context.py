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
from pathlib import PurePath

from flake8_django_migrations.fields import FieldCall
from flake8_django_migrations.migration import Migration, Operation, memoized
from flake8_django_migrations.project import AppKnowledge, app_knowledge, normalized
from flake8_django_migrations.settings import Settings
from flake8_django_migrations.state import AppState, FileStates, ModelState, unknown_app

_NUMBER = re.compile(r"^(\d+)")
# Operations that take something away from a table: on a table that a later `DeleteModel` of
# the same migration drops, they add nothing to DJM101's report, and unapplying recreates the
# table empty before putting it back.
_REMOVALS = frozenset({"RemoveField", "RemoveIndex", "RemoveConstraint"})


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

    def on_existing_table(self, migration: Migration, op: Operation) -> bool:
        """A database operation on an existing table (RULES.md "Existing table"): not one
        created earlier in this migration or, in an `initial = True` migration whose ancestors
        in the app are all `initial = True`, by those ancestors; and no removal from a table
        this migration drops later (DJM101 reports the table). Every rule asks here."""
        if not migration.on_existing_table(op) or op.model_name is None:
            return False
        if op.model_name in self.initial_tables(migration):
            return False
        return not (op.name in _REMOVALS and migration.deletes_model_after(op.model_name, op))

    def initial_tables(self, migration: Migration) -> frozenset[str]:
        """The tables of this app that are new when `migration` runs because it and all its
        ancestors in the app are `initial = True` (a split first migration)."""
        if migration.initial is not True or self.app is None:
            return frozenset()
        app = self.app
        return memoized(
            migration, "initial_tables", lambda: app.graph.created_by_initial_ancestors(app.name)
        )

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
    app = app_knowledge(filename, migration, settings) if migration else None
    if app is None or migration is None:
        app_dir = PurePath(os.path.abspath(normalized(filename))).parent.parent
        label = settings.label_for(app_dir) or app_dir.name
        return Context(settings=settings, filename=filename, app_label=label)
    return Context(settings, filename, app.label, app, FileStates(app.state_before, migration))
