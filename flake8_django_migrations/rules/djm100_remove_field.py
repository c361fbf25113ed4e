"""A column is dropped while the previous release still reads it.

## What it does
Flags a `RemoveField` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`) on a table that already exists.

## Why is this bad?
Migrations normally run while the previous release is still serving requests. Django's ORM
names every column of a model in its queries, so once `ALTER TABLE ... DROP COLUMN` commits,
each query the old code makes on that model fails with `column "..." does not exist`, until
the new release is live everywhere. Rolling the code back does not help: the column and its
data are gone.

On PostgreSQL the drop itself is instant (catalog-only), but it holds an ACCESS EXCLUSIVE lock
on the table until the migration commits. Dropping a `ForeignKey` also takes ACCESS EXCLUSIVE
on the referenced table, and dropping a `ManyToManyField` drops its through table, which locks
both tables it joins.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_unit_price")]

    operations = [
        migrations.RemoveField(model_name="product", name="legacy_price"),
    ]
```

## Use instead
Drop it in two releases. First remove the field from Django's state only, and deploy the code
that no longer uses it:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_unit_price")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="product", name="legacy_price"),
            ],
        ),
    ]
```
Then, in a later release, drop the column with SQL (a `RemoveField` would fail there: the
field is no longer in the state):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_remove_product_legacy_price_state")]

    operations = [
        migrations.RunSQL(
            sql="ALTER TABLE shop_product DROP COLUMN legacy_price",
            reverse_sql="ALTER TABLE shop_product ADD COLUMN legacy_price numeric(10, 2) NULL",
        ),
    ]
```
If the column is NOT NULL with no database default, make it `null=True` (or give it a
`db_default`) before the first step: the new code stops sending a value for it, and its
INSERTs would fail until the column is gone (DJM110).

## What it does not flag
- `RemoveField` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- Fields of a model created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Fields of a model that a `DeleteModel` later in the same migration drops: DJM101 reports the
  table once.
- A migration marked `safe = Safe.after_deploy` (django-safemigrate): it runs once the new
  release is live, when no code still selects the column.
- Model or field names that are not string literals.
- A field or model the replayed state knows is already gone: DJM610 reports that instead.
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.

## Options
None.

## References
- [Django: RemoveField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#removefield)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [PostgreSQL: ALTER TABLE ... DROP COLUMN](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: table-level lock modes](https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Operation,
    Rule,
    Violation,
    report,
)

CODE = "DJM100"
NAME = "remove-field"
MESSAGE = "`{target}` dropped under old code: remove from state first, drop later"


def _gone_or_unmanaged(op: Operation, ctx: Context) -> bool:
    """The state knows the field or model is already gone (DJM610's), or runs no SQL for it."""
    state = ctx.state_before(op)
    model = state.model(op.model_name)
    if model is None:
        return state.lacks_model(op.model_name)
    return model.managed is False or not model.has_field(op.field_name or "")


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.after_deploy:
        return  # the code that selects the column is gone by then
    for op in migration.database_operations("RemoveField"):
        # `on_existing_table` already leaves operations on unnamed models alone.
        if op.field_name is None:
            continue
        if ctx.on_existing_table(op) and not _gone_or_unmanaged(op, ctx):
            yield report(op, CODE, MESSAGE.format(target=op.target))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
