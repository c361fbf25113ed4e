"""The `AlterField`s of a migration, each with the field as the replayed state knew it.

Shared by the rules that judge a change of field (DJM106, DJM107, DJM200, DJM202, DJM204,
DJM207, DJM209): only database `AlterField`s on existing, managed tables whose old and new
fields can both be read come out, so each rule stays silent on everything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from flake8_django_migrations.context import Context
from flake8_django_migrations.field_changes import AlterEffect, alter_effect
from flake8_django_migrations.fields import FieldCall, field_call
from flake8_django_migrations.migration import Migration, Operation, memoized


@dataclass(frozen=True)
class Alteration:
    op: Operation
    old: FieldCall
    new: FieldCall

    @cached_property
    def effect(self) -> AlterEffect:
        return alter_effect(self.old, self.new)


def altered_fields(migration: Migration, ctx: Context) -> Iterator[Alteration]:
    return iter(memoized(migration, "alterations", lambda: list(_altered(migration, ctx))))


def _altered(migration: Migration, ctx: Context) -> Iterator[Alteration]:
    for op in migration.database_operations("AlterField"):
        found = alteration(op, migration, ctx)
        if found is not None:
            yield found


def alteration(op: Operation, migration: Migration, ctx: Context) -> Alteration | None:
    """The change `op` makes, when the state knows the old field and `op` runs SQL."""
    if not ctx.on_existing_table(migration, op):
        return None
    old = ctx.field_before(op)
    new = field_call(op.arg("field"), migration)
    if old is None or new is None:
        return None
    return Alteration(op, old, new)
