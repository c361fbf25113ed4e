"""A model's table is renamed while the previous release still uses the old name.

## What it does
Flags a `RenameModel` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`) on a model that already exists.

## Why is this bad?
Unless the model pins its table with `Meta.db_table`, its table is named after it
(`shop_product`), so `RenameModel` renames the table (`ALTER TABLE ... RENAME TO`), along with
the many-to-many tables named after the model. The previous release, still serving requests
while migrations run, queries the old names and fails with `relation "..." does not exist`
until the new release is live everywhere.

The table rename is instant on PostgreSQL, but when other tables have foreign keys to the
model, Django also drops and re-creates each of those constraints, which re-validates every
referencing row while both tables are locked ACCESS EXCLUSIVE (measured).

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_product_weight")]

    operations = [
        migrations.RenameModel(old_name="Product", new_name="Item"),
    ]
```

## Use instead
Rename the model in Python only and keep its table: pin the current table name with
`db_table`, then rename. With the table pinned, Django emits no SQL for the rename:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_product_weight")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterModelTable(name="product", table="shop_product"),
                migrations.RenameModel(old_name="Product", new_name="Item"),
            ],
        ),
    ]
```
and keep `db_table = "shop_product"` in the `Item` model's `Meta`.

## What it does not flag
- `RenameModel` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- A model created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- A rename that only changes the case of the name (`Orderline` to `OrderLine`): the table
  name is lower-cased, so it does not change.
- Model names that are not string literals.
- A model that has a `db_table` in the replayed state (set by its `CreateModel` options, or by
  an `AlterModelTable` of an earlier migration or earlier in this one): the table keeps that
  name.
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.

## Options
None.

## References
- [Django: RenameModel](https://docs.djangoproject.com/en/stable/ref/migration-operations/#renamemodel)
- [Django: Meta.db_table](https://docs.djangoproject.com/en/stable/ref/models/options/#db-table)
- [PostgreSQL: ALTER TABLE ... RENAME TO](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Operation,
    Rule,
    Violation,
    report,
)

CODE = "DJM103"
NAME = "rename-model"
MESSAGE = "`{model}` renamed under old code: keep the table with `db_table`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    pinned: Mapping[str | None, int] | None = None
    for op in migration.database_operations("RenameModel"):
        # A model with `db_table` keeps its table (no SQL). Earlier migrations need the replayed
        # state; this one's own `AlterModelTable` is seen here.
        if not _renames_table(op):
            continue
        pinned = _tables_pinned(migration) if pinned is None else pinned
        if pinned.get(op.model_name, op.index) < op.index:
            continue
        model = ctx.model_before(op)
        if model is not None and (model.db_table is not None or model.managed is False):
            continue
        if ctx.on_existing_table(op):
            yield report(op, CODE, MESSAGE.format(model=op.model_name))


def _renames_table(op: Operation) -> bool:
    """Both names are literals and differ once lower-cased, as Django names the table."""
    new_name = op.str_arg("new_name")
    return op.model_name is not None and new_name is not None and new_name.lower() != op.model_name


def _tables_pinned(migration: Migration) -> Mapping[str | None, int]:
    """The index of the first `AlterModelTable` of this migration that gives each model a
    fixed table name (read once: a file may hold many renames)."""
    pinned: dict[str | None, int] = {}
    for op in migration.operations:
        if op.name == "AlterModelTable" and op.str_arg("table"):
            pinned.setdefault(op.model_name, op.index)
    return pinned


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
