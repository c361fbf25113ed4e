"""A NOT NULL column is added to an existing table with no default: the migration fails.

## What it does
Flags an `AddField` on an existing table whose field is NOT NULL (no `null=True`) and has
neither `default` nor `db_default`, nor a default Django implies (`auto_now`, `auto_now_add`,
or `blank=True` on a string field).

## Why is this bad?
PostgreSQL (and every other database) cannot add a NOT NULL column without a value for the rows
already there: `ALTER TABLE ... ADD COLUMN ... NOT NULL` fails with
`column "..." contains null values` on any non-empty table. The migration passes on a developer's
empty database and fails in production, in the middle of the deploy.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_product")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="sku",
            field=models.CharField(max_length=32),
        ),
    ]
```

## Use instead
Add the column nullable, fill it, then make it NOT NULL in a later migration:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_product")]

    operations = [
        migrations.AddField(
            model_name="product",
            name="sku",
            field=models.CharField(max_length=32, null=True),
        ),
    ]
```
Or give it a database default (Django 5.0+), which fills the existing rows without a rewrite on
PostgreSQL 11+: `models.CharField(max_length=32, db_default="")`.

## What it does not flag
- `null=True`, any `default=` (but `default=None`, which fills nothing) or `db_default=`
  (but `db_default=None`, which is `DEFAULT NULL`), `auto_now`/`auto_now_add`, a
  `blank=True` string field.
- `ManyToManyField` (no column) and `GeneratedField` (computed by the database).
- Auto fields (the database numbers the rows).
- A new table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- `AddField` inside `SeparateDatabaseAndState(state_operations=[...])`.
- Custom or third-party field classes, and `null=` values that are not literals. A custom
  class may set `null=True` or a default in its `__init__` and leave it out of the migration
  (django-oscar's `NullCharField` does): the other field rules read such a class's explicit
  arguments, but "no default" cannot be told from what the migration leaves out.

## Options
None.

## References
- [Django: AddField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addfield)
- [PostgreSQL: ALTER TABLE](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM105"
NAME = "add-not-null-field-without-default"
MESSAGE = "`{target}` is NOT NULL with no default: fails on a non-empty table; add it `null=True`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op, field in ctx.added_fields():
        if field.gets_no_value and not field.custom:
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
