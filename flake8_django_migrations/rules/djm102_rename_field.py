"""A column is renamed while the previous release still uses the old name.

## What it does
Flags a `RenameField` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`) on a table that already exists.

## Why is this bad?
Migrations normally run while the previous release is still serving requests, and that code
names the old column in every query on the model. Once `ALTER TABLE ... RENAME COLUMN`
commits, those queries fail with `column "..." does not exist` until the new release is live
everywhere.

The rename itself is instant on PostgreSQL (catalog-only, under ACCESS EXCLUSIVE). Renaming a
`ForeignKey` or `OneToOneField` costs more: Django drops and re-creates its constraint around
the rename, which re-validates every row while both the table and the referenced table are
locked ACCESS EXCLUSIVE (measured).

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_product_weight")]

    operations = [
        migrations.RenameField(model_name="product", old_name="price", new_name="unit_price"),
    ]
```

## Use instead
Rename the field in Python only and keep its column: pin the old column name with
`db_column`, then rename. With the column pinned, Django emits no SQL for either step:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_product_weight")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="product",
                    name="price",
                    field=models.DecimalField(max_digits=10, decimal_places=2, db_column="price"),
                ),
                migrations.RenameField(
                    model_name="product", old_name="price", new_name="unit_price"
                ),
            ],
        ),
    ]
```
and keep `db_column="price"` on the model's `unit_price` field.

## What it does not flag
- `RenameField` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- Fields of a model created by a `CreateModel` earlier in the same migration.
- Model or field names that are not string literals.
- A field that has a `db_column` in the replayed state, whether an earlier migration or an
  `AddField`/`AlterField` earlier in the same migration set it (what `makemigrations` writes
  to rename a field but keep its column).
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.

## Options
None.

## References
- [Django: RenameField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#renamefield)
- [Django: Field.db_column](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-column)
- [PostgreSQL: ALTER TABLE ... RENAME COLUMN](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from flake8_django_migrations import astutil
from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration, Operation

CODE = "DJM102"
NAME = "rename-field"
MESSAGE = "`{target}` renamed under old code: keep the column with `db_column`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    pinned: Mapping[tuple[str | None, str | None], int] | None = None
    for op in migration.database_operations("RenameField"):
        # `on_existing_table` already leaves operations on unnamed models alone.
        if op.field_name is None:
            continue
        # A field whose `db_column` is set renames no column (no SQL): the state says so, and
        # this migration's own `AlterField(db_column=...)` is seen even without the state.
        if _column_pinned_in_state(op, ctx) or ctx.runs_no_sql(op):
            continue
        if not migration.on_existing_table(op):
            continue
        pinned = _columns_pinned(migration) if pinned is None else pinned
        if pinned.get((op.model_name, op.field_name), op.index) >= op.index:
            yield Violation(op.line, op.col, CODE, MESSAGE.format(target=op.target))


def _column_pinned_in_state(op: Operation, ctx: Context) -> bool:
    field = ctx.state_before(op).field(op.model_name, op.field_name)
    return field is not None and field.has("db_column")


def _columns_pinned(migration: Migration) -> Mapping[tuple[str | None, str | None], int]:
    """The first position in the operations at which an `AddField`/`AlterField` of this
    migration gives each field a `db_column` (read once: a file may hold many renames)."""
    pinned: dict[tuple[str | None, str | None], int] = {}
    for position, op in enumerate(migration.operations):
        if op.name not in ("AddField", "AlterField"):
            continue
        field = op.arg("field")
        if not isinstance(field, ast.Call):
            continue
        if astutil.string_value(astutil.keyword_map(field).get("db_column")):
            pinned.setdefault((op.model_name, op.field_name), position)
    return pinned
