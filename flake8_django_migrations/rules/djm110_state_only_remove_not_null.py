"""A state-only `RemoveField` of a NOT NULL column with no database default.

## What it does
Reports a `RemoveField` inside `SeparateDatabaseAndState(state_operations=[...])` (the first
step of the staged drop) when the replayed state shows the field's column is NOT NULL and has
no `db_default`, and the database work of the migration that the state does not see leaves it
so. The state half is judged after the database half: Django runs the `database_operations`
of the same `SeparateDatabaseAndState` whatever their place in the source, and they may make
the column nullable, give it a `db_default` or drop it. An `AlterField` earlier in the
migration, or in an earlier migration, is already in the replayed state.

## Why is this bad?
The staged drop removes the field from Django's state first, so that the next release stops
using the column, and drops the column later. But once the new code stops knowing the field,
its INSERTs no longer send that column. A NOT NULL column without a database default then
rejects every new row (`null value in column ... violates not-null constraint`) until the
column is finally dropped: the deploy that was meant to be safe breaks every insert into the
table. Django's Python `default` does not help: Django never leaves it in the database.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_product_legacy_code")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("product", "legacy_code")],
        ),
    ]
```

## Use instead
Make the column nullable (or give it a `db_default`, Django 5.0+) in the same step, so new
rows can leave it out; drop it in a later release:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_product_legacy_code")]

    operations = [
        migrations.AlterField(
            "product", "legacy_code", models.CharField(max_length=20, null=True)
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("product", "legacy_code")],
        ),
    ]
```

Or do the same in the database half of the `SeparateDatabaseAndState` itself:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_product_legacy_code")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterField(
                    "product", "legacy_code", models.CharField(max_length=20, null=True)
                ),
            ],
            state_operations=[migrations.RemoveField("product", "legacy_code")],
        ),
    ]
```

## What it does not flag
- Nullable fields, fields with a `db_default` (not `db_default=None`), `ManyToManyField`
  and auto-increment fields, as the replayed state knows them just before the removal
  (earlier migrations and earlier operations of this one included).
- A field that the `database_operations` of this `SeparateDatabaseAndState` or of an earlier
  one in the same migration make nullable or give a `db_default` (an `AlterField`, also one
  whose field cannot be read), or drop (`RemoveField`, `DeleteModel` of its model).
- A `SeparateDatabaseAndState` whose `database_operations` run SQL (`RunSQL`, which may drop
  the column) or a `RunPython` that may change the schema: its function (or a helper it calls
  with `apps`) calls `schema_editor.remove_field()`, `alter_field()`, `delete_model()` or an
  `execute()`, hands the schema editor to another function, or cannot be read (imported, or
  built by a call). Also `RunSQL(..., state_operations=[...])`.
- A column that another field of the model takes over in the same `state_operations`: an
  `AddField`/`AlterField` whose `db_column` names it (a plain field replaced by a relation over
  the same column), so new rows still send it.
- A field of a model that a later `DeleteModel` of the same migration takes out of the state
  (the model moves to another app, as django-oscar's `Notification` did when its table was
  adopted by the `communication` app): no new code inserts into the table through it.
- Fields the state does not know, and unmanaged or proxy models.
- Custom field classes: one may set `null=True` or a default in its `__init__` and leave it
  out of the migration, so "NOT NULL without a default" cannot be told.

## Options
None.

## References
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [Django: Field.db_default](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-default)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    AUTO_FIELDS,
    Context,
    FieldCall,
    Migration,
    Operation,
    Rule,
    Violation,
    column_of,
    declared_db_column,
    field_call,
    report,
)

CODE = "DJM110"
NAME = "state-only-remove-not-null"
MESSAGE = "`{target}` leaves the state but stays NOT NULL: new INSERTs fail; make it `null=True`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.operations:
        if op.name != "RemoveField" or op.is_database:
            continue
        field = _required_field(op, ctx)
        if field is None:
            continue
        parent = migration.enclosing(op)
        # `RunSQL(state_operations=...)`: its SQL may well drop the column.
        if parent is None or parent.name != "SeparateDatabaseAndState":
            continue
        if _database_frees_column(ctx, op, parent) or _model_leaves_later(migration, op):
            continue
        if not _column_taken_over(migration, op, parent, field):
            yield report(op, CODE, MESSAGE.format(target=op.target))


def _required_field(op: Operation, ctx: Context) -> FieldCall | None:
    """The removed field, when the state shows a NOT NULL column without a `db_default`."""
    field = ctx.field_before(op)
    if field is None or field.custom:
        return None
    if not field.plain_column or field.kind in AUTO_FIELDS or field.has_db_default:
        return None
    return field if field.nullable is False else None


def _model_leaves_later(migration: Migration, removal: Operation) -> bool:
    """A later `DeleteModel` of the migration takes the model out of the state (it moves to
    another app, as django-oscar's `Notification` did): no new code inserts through it."""
    return any(
        op.name == "DeleteModel" and op.model_name == removal.model_name
        for op in migration.operations[removal.index + 1 :]
        if op.top_level or not op.is_database
    )


def _database_frees_column(ctx: Context, removal: Operation, parent: Operation) -> bool:
    """Database work that the replayed state does not see already lets new rows leave the
    column out: the `database_operations` of this `SeparateDatabaseAndState` (which run with
    it, whatever their place in the source), or of an earlier one in the same migration."""
    migration = ctx.file
    hidden = [
        op for op in migration.operations[: removal.index] if op.is_database and not op.top_level
    ]
    if any(_frees_named_column(op, removal, migration) for op in hidden):
        return True
    return any(_may_drop_column(op, ctx) for op in hidden if op.index > parent.index)


def _column_taken_over(
    migration: Migration, removal: Operation, parent: Operation, field: FieldCall
) -> bool:
    """Another field of the model takes the column over in the same `state_operations` (an
    `AddField`/`AlterField` with `db_column` naming it): new rows still send it."""
    column = column_of(removal.field_name, field) if removal.field_name is not None else None
    return column is not None and any(
        declared_db_column(op) == column
        for op in _children(migration, parent)
        if not op.is_database
        and op.name in ("AddField", "AlterField")
        and op.model_name == removal.model_name
        and op.field_name != removal.field_name
    )


def _children(migration: Migration, parent: Operation) -> Iterator[Operation]:
    """The operations nested in `parent`, up to the next top-level operation."""
    for op in migration.operations[parent.index + 1 :]:
        if op.top_level:
            return
        yield op


def _frees_named_column(op: Operation, removal: Operation, migration: Migration) -> bool:
    """`op` drops the column or its table, or makes it nullable or gives it a `db_default`."""
    if op.name == "DeleteModel":
        return op.model_name in (None, removal.model_name)
    if op.name not in ("RemoveField", "AlterField") or not _may_be_field(op, removal):
        return False
    if op.name == "RemoveField":
        return True
    field = field_call(op.arg("field"), migration)
    return field is None or field.nullable is not False or field.has_db_default


def _may_be_field(op: Operation, removal: Operation) -> bool:
    """`op` works on the removed field, or on a field whose name cannot be read."""
    if op.model_name is None or op.field_name is None:
        return True
    return (op.model_name, op.field_name) == (removal.model_name, removal.field_name)


def _may_drop_column(op: Operation, ctx: Context) -> bool:
    """Raw SQL, or a `RunPython` that changes the schema (`schema_editor.remove_field(...)`)."""
    if op.name == "RunSQL":
        return True
    return op.name == "RunPython" and ctx.runpython.may_change_schema(op)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
