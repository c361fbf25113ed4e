"""A state-only `RemoveField` of a NOT NULL column with no database default.

## What it does
Reports a `RemoveField` inside `SeparateDatabaseAndState(state_operations=[...])` (the first
step of the staged drop) when the replayed state shows the field's column is NOT NULL and has
no `db_default`, and the same `SeparateDatabaseAndState` does not drop the column itself.

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

## What it does not flag
- Nullable fields, fields with a `db_default`, `ManyToManyField` and auto-increment fields.
- A `SeparateDatabaseAndState` whose `database_operations` drop the field or run SQL (which may
  drop the column), and `RunSQL(..., state_operations=[...])`.
- Fields the state does not know, and unmanaged or proxy models.

## Options
None.

## References
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [Django: Field.db_default](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-default)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.fields import AUTO_FIELDS, NO_COLUMN_FIELDS
from flake8_django_migrations.migration import Migration, Operation

CODE = "DJM110"
NAME = "state-only-remove-not-null"
MESSAGE = "`{target}` leaves the state but stays NOT NULL: new INSERTs fail"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    dropped: Mapping[int, bool] | None = None
    for op in migration.operations:
        if op.name != "RemoveField" or op.is_database or not _required_column(op, ctx):
            continue
        dropped = _columns_dropped_alongside(migration) if dropped is None else dropped
        if not dropped[op.index]:
            yield Violation(op.line, op.col, CODE, MESSAGE.format(target=op.target))


def _required_column(op: Operation, ctx: Context) -> bool:
    field = ctx.field_before(op)
    if field is None:
        return False
    if field.kind in NO_COLUMN_FIELDS or field.kind in AUTO_FIELDS or field.has("db_default"):
        return False
    return field.nullable is False


def _columns_dropped_alongside(migration: Migration) -> Mapping[int, bool]:
    """For each state-only `RemoveField`, by index: whether the enclosing operation also runs
    SQL, earlier, that drops (or may drop) the column. One pass: a file may hold many."""
    found: dict[int, bool] = {}
    parent: Operation | None = None
    runs_sql, dropped = False, set[str]()
    for op in migration.operations:
        if op.top_level:
            parent, runs_sql, dropped = op, False, set()
        elif op.is_database:
            runs_sql = runs_sql or op.name == "RunSQL"
            if op.name == "RemoveField":
                dropped.add(op.target)
        elif op.name == "RemoveField":
            # `RunSQL(state_operations=...)`: its SQL may well drop the column.
            plain = parent is None or parent.name != "SeparateDatabaseAndState"
            found[op.index] = plain or runs_sql or op.target in dropped
    return found
