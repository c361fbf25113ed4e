"""The `AlterField`s of a migration, each with the field as the replayed state knew it.

Shared by the rules that judge a change of field (DJM106, DJM107, DJM200, DJM202, DJM204,
DJM207, DJM209): only database `AlterField`s on existing, managed tables whose old and new
fields can both be read come out, so each rule stays silent on everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from flake8_django_migrations import astutil
from flake8_django_migrations.field_changes import AlterEffect, alter_effect, column_type
from flake8_django_migrations.fields import FieldCall, field_call
from flake8_django_migrations.migration import Migration, Operation
from flake8_django_migrations.state import ModelState
from flake8_django_migrations.state_view import StateView


@dataclass(frozen=True)
class Alteration:
    op: Operation
    old: FieldCall
    new: FieldCall
    view: StateView

    @cached_property
    def effect(self) -> AlterEffect:
        return alter_effect(self.old, self.new, self._relation_types())

    def _relation_types(self) -> tuple[str | None, str | None]:
        if not (self.old.is_relation or self.new.is_relation):
            return (None, None)
        return relation_type(self.old, self.op, self.view), relation_type(
            self.new, self.op, self.view
        )


def altered_fields(migration: Migration, view: StateView) -> Iterator[Alteration]:
    for op in migration.database_operations("AlterField"):
        found = alteration(op, migration, view)
        if found is not None:
            yield found


def alteration(op: Operation, migration: Migration, view: StateView) -> Alteration | None:
    """The change `op` makes, when the state knows the old field and `op` runs SQL."""
    if not view.on_existing_table(op):
        return None
    old = view.field_before(op)
    new = field_call(op.arg("field"), migration)
    if old is None or new is None:
        return None
    return Alteration(op, old, new, view)


def relation_type(field: FieldCall, op: Operation, view: StateView) -> str | None:
    """The column type of a relation: its target's primary key (or `to_field`) type, when the
    state knows the target. None for anything else, and for `settings.AUTH_USER_MODEL` and
    other targets that are not a literal label."""
    label = astutil.string_value(field.arg("to")) if field.is_relation else None
    target = _target_model(label, op, view) if label is not None else None
    key = _key_field(target, field) if target is not None else None
    # A key that is itself a relation (a multi-table child's `_ptr`): not followed.
    return column_type(key) if key is not None and not key.is_relation else None


def _target_model(label: str, op: Operation, view: StateView) -> ModelState | None:
    app, _, name = label.rpartition(".")
    name = (op.model_name or "") if label.lower() == "self" else name.lower()
    if not app or app == view.app_label:
        return view.state_before(op).model(name)
    return view.latest_model_of(app, name)


def _key_field(model: ModelState, field: FieldCall) -> FieldCall | None:
    """The target's field the relation stores: `to_field`, else the primary key."""
    if field.has("to_field"):
        return model.field(astutil.string_value(field.arg("to_field")))
    keys = [model.field(name) for name in model.fields]
    primary = [key for key in keys if key is not None and key.is_set("primary_key")]
    # An unreadable field may be the primary key.
    return primary[0] if len(primary) == 1 and None not in keys else None
