"""A table is renamed while the previous release still uses the old name.

## What it does
Flags an `AlterModelTable` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`) and that gives an existing model a
table name other than Django's default one, or that sets `table=None` (back to the default
name).

## Why is this bad?
`AlterModelTable` runs `ALTER TABLE ... RENAME TO`. The previous release, still serving
requests while migrations run, queries the old name and fails with
`relation "..." does not exist` until the new release is live everywhere.

On PostgreSQL the rename is instant (catalog-only, under ACCESS EXCLUSIVE until the migration
commits), and unlike `RenameModel` it leaves the foreign keys that point at the table alone
(measured): the hazard is the deploy order, not the lock.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0024_product_weight")]

    operations = [
        migrations.AlterModelTable(name="product", table="catalog_product"),
    ]
```

## Use instead
Keep the table's current name: a model can keep any name with `Meta.db_table`, so a renamed
model or a model moved to another app rarely needs its table renamed. When the name must
change, do it in a release where no old code runs against the database, or, on PostgreSQL,
leave a view under the old name while the old release runs (a view over a single table is
updatable, so its reads and writes keep working), and drop the view in a later release:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0024_product_weight")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterModelTable(name="product", table="catalog_product"),
            ],
            database_operations=[
                migrations.RunSQL(  # noqa: DJM306 (the view keeps the old name working)
                    sql=[
                        "ALTER TABLE shop_product RENAME TO catalog_product",
                        "CREATE VIEW shop_product AS SELECT * FROM catalog_product",
                    ],
                    reverse_sql=[
                        "DROP VIEW shop_product",
                        "ALTER TABLE catalog_product RENAME TO shop_product",
                    ],
                ),
            ],
        ),
    ]
```

## What it does not flag
- `AlterModelTable` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- `table=` equal to the model's current table in the replayed state (its `db_table`, else
  Django's default name `<app_label>_<model>`): nothing changes. When the state is unknown, a
  `table=` equal to the default name is not flagged either, since the current name cannot be
  known.
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.
- A `table=` value that is neither a string literal nor `None`, and model names that are not
  string literals.
- A model created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).

## Options
None.

## References
- [Django: AlterModelTable](https://docs.djangoproject.com/en/stable/ref/migration-operations/#altermodeltable)
- [Django: Meta.db_table](https://docs.djangoproject.com/en/stable/ref/models/options/#db-table)
- [PostgreSQL: ALTER TABLE ... RENAME TO](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: updatable views](https://www.postgresql.org/docs/current/sql-createview.html#SQL-CREATEVIEW-UPDATABLE-VIEWS)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    is_none,
    report,
    string_value,
)

CODE = "DJM104"
NAME = "alter-model-table"
MESSAGE = "`{model}` table renamed to `{table}` under old code: keep the old name"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AlterModelTable"):
        model = op.model_name
        if model is None or not ctx.on_existing_table(op):
            continue
        table = _renamed_to(op.arg("table"), ctx.table_name(model))
        state = ctx.model_before(op)
        if state is not None:
            table = _renamed_in_state(op.arg("table"), state.table(ctx.app_label), ctx, model)
        if table is not None and not ctx.runs_no_sql(op):
            yield report(op, CODE, MESSAGE.format(model=model, table=table))


def _renamed_in_state(
    node: ast.expr | None, current: str | None, ctx: Context, model: str
) -> str | None:
    """The new name when it differs from the table the state knows (None: unknown)."""
    if current is None:
        return None
    new = string_value(node)
    if is_none(node) or new == "":
        new = ctx.table_name(model)
    return new if new is not None and new != current else None


def _renamed_to(node: ast.expr | None, default: str) -> str | None:
    """The table's new name when the operation renames it, else None.

    `table=None` (or an empty name) goes back to the default name: it is only written to undo
    a custom one. A literal equal to the default name may be a no-op: only the replayed state
    (its current `db_table`) can tell, so it stays silent. Non-literals stay silent too.
    """
    if is_none(node) or string_value(node) == "":
        return default
    name = string_value(node)
    return name if name != default else None


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
