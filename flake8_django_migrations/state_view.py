"""What the analyses read of the app around the checked file, as a protocol.

`Context` provides it. The analyses (`alterations`, `locks`, `fields`, `runpython`) take a
`StateView` instead of the context itself, so they sit below it and know nothing of rules.
"""

from __future__ import annotations

from typing import Protocol

from flake8_django_migrations.fields import FieldCall
from flake8_django_migrations.migration import Operation
from flake8_django_migrations.state import AppState, ModelState


class StateView(Protocol):
    @property
    def app_label(self) -> str:
        """The app's label."""

    def state_before(self, op: Operation) -> AppState:
        """The app's models just before `op` runs (unknown without app knowledge)."""

    def model_before(self, op: Operation) -> ModelState | None:
        """The state of `op`'s model just before it runs; None when unknown or missing."""

    def field_before(self, op: Operation) -> FieldCall | None:
        """The field `op` works on as the state knows it just before, on a managed model."""

    def runs_no_sql(self, op: Operation) -> bool:
        """The state shows `op`'s model is unmanaged or a proxy."""

    def on_existing_table(self, op: Operation) -> bool:
        """A database operation on a table that exists before the migration runs."""

    def latest_model_of(self, app_label: str, model_name: str) -> ModelState | None:
        """A model of another app as its latest migration leaves it; None when unknown."""

    def table_name(self, model_name: str) -> str:
        """Django's default table name of a model of this app."""
