"""A NOT NULL column is added with only a Python default: old code cannot insert rows.

## What it does
Flags an `AddField` on an existing table of a NOT NULL field (no `null=True`) that has no
`db_default`, but a Python `default` or a default Django implies (`auto_now`, `auto_now_add`,
or `blank=True` on a string field).

## Why is this bad?
Django keeps Python defaults out of the database. To fill the rows already there, it adds the
column with the default (`ALTER TABLE ... ADD COLUMN ... DEFAULT 'web' NOT NULL`), then drops
that default at once (`ALTER COLUMN ... DROP DEFAULT`). From then on the column is NOT NULL with
nothing to fill it. The previous release, still serving requests while migrations run, does
not know the field: its INSERTs leave the column out and fail with
`null value in column "..." violates not-null constraint` until the new release is live
everywhere.

This is about the order of the deploy, not about locks: on PostgreSQL 11 and later the column
is added without rewriting the table (measured: instant, whatever the row count).

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0033_order_public_id")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="channel",
            field=models.CharField(max_length=20, default="web"),
        ),
    ]
```

## Use instead
With Django 5.0 or later, give the column a database default: it stays in the database, so the
old code's INSERTs get it too (keep `default=` as well if the code reads the value before the
row is saved; use `db_default=Now()` for a timestamp):
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0033_order_public_id")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="channel",
            field=models.CharField(max_length=20, default="web", db_default="web"),
        ),
    ]
```
Before Django 5.0, add the field with `null=True`, deploy the code that fills it, backfill the
old rows, then make it NOT NULL in a later migration (see DJM106 for doing that step without a
long lock).

## What it does not flag
- `null=True`, and fields with a `db_default`.
- Fields with no default at all: the migration itself fails (DJM105).
- `ManyToManyField` (no column), `GeneratedField` (computed by the database) and auto fields
  (numbered by the database).
- A new table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database).
- `AddField` inside `SeparateDatabaseAndState(state_operations=[...])`.
- A migration marked `safe = Safe.after_deploy` (django-safemigrate): it runs once the new
  release is live, and the new code sends the field's value in every INSERT.
- Custom or third-party field classes and `null=` values that are not literals: their
  behaviour cannot be known without importing them.

## Options
`djm-django-version`: from 5.0 the message suggests `db_default`, before it `null=True`.

## References
- [Django: Field.db_default](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-default)
- [Django: AddField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addfield)
- [PostgreSQL: ALTER TABLE ... ADD COLUMN](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: default values](https://www.postgresql.org/docs/current/ddl-default.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.fields import added_fields
from flake8_django_migrations.migration import Migration

CODE = "DJM109"
NAME = "add-not-null-field-python-default"
MESSAGE = "`{target}` breaks old code's INSERTs: {fix}"
FIX_DB_DEFAULT = "use `db_default`"
FIX_NULLABLE = "add `null=True` first"

_DB_DEFAULT_SINCE = (5, 0)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.after_deploy:
        return  # the code that leaves the column out of its INSERTs is gone by then
    has_db_default = ctx.settings.django_version >= _DB_DEFAULT_SINCE
    fix = FIX_DB_DEFAULT if has_db_default else FIX_NULLABLE
    for op, field in added_fields(migration, ctx):
        # The complement of DJM105 among the columns it looks at: a default exists, but only
        # on the Python side.
        if field.needs_database_fill and field.python_default:
            yield Violation(op.line, op.col, CODE, MESSAGE.format(target=op.target, fix=fix))
