"""A unique column is added with a computed default: all existing rows get one value.

## What it does
Flags an `AddField` on an existing table of a unique field (`unique=True`, `primary_key=True`,
or a `OneToOneField`) whose `default` is not a literal: a function or other name
(`uuid.uuid4`, `timezone.now`, `make_code`), a lambda, or a call.

## Why is this bad?
Django does not call the default once per row. It evaluates it once when the migration runs
and sends the result as the column's default in `ALTER TABLE ... ADD COLUMN`, so every row
already in the table gets that one value. The unique index built in the same statement then
fails with `could not create unique index` as soon as the table has two rows, after holding
ACCESS EXCLUSIVE on the table for the index build (measured). The migration passes on a
developer's empty database and fails in production.

A value that `makemigrations` wrote out (`default=uuid.UUID("...")`, when the model calls the
function instead of passing it) is one value for every row too.

## Example
```python
import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_order_status")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True),
        ),
    ]
```

## Use instead
Add the field nullable, with no default and not unique; fill each row with its own value in
a second migration; then make it unique in a third one (Django's how-to on unique fields).
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_order_status")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(null=True),
        ),
    ]
```
```python
import uuid

from django.db import migrations


def fill_public_ids(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    orders = Order.objects.using(schema_editor.connection.alias)
    batch = []
    for order in orders.filter(public_id=None).only("pk").iterator(chunk_size=2000):
        order.public_id = uuid.uuid4()
        batch.append(order)
        if len(batch) == 2000:
            orders.bulk_update(batch, ["public_id"])
            batch = []
    orders.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0031_order_public_id")]

    operations = [
        migrations.RunPython(fill_public_ids, reverse_code=migrations.RunPython.noop),
    ]
```
The third migration alters the field to `models.UUIDField(default=uuid.uuid4, unique=True)`
(on a large table, build that unique index concurrently: see DJM202). On a small PostgreSQL
table, a volatile database default (Django 5.0+: `db_default=RandomUUID()`, from
`django.contrib.postgres.functions`) also gives each row its own value, at the cost of a full
table rewrite (DJM206).

## What it does not flag
- Literal defaults (`default=0`, `default=""`, `default=None`) and fields without a default.
- Fields that are not unique.
- Fields that also have a `db_default`: the database default fills the existing rows, not the
  Python one.
- A new table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- `AddField` inside `SeparateDatabaseAndState(state_operations=[...])`.
- Custom field classes with no column (a name ending in `ManyToManyField`, `Manager` or
  `Relation`, or a join argument such as `through=`). Other custom classes are judged on
  their explicit `unique=` and `default=`: Django gives existing rows one value whatever the
  class.

## Options
None.

## References
- [Django: Migrations that add unique fields](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#migrations-that-add-unique-fields)
- [Django: AddField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addfield)
- [PostgreSQL: unique constraints](https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-UNIQUE-CONSTRAINTS)
- [PostgreSQL: ALTER TABLE ... ADD COLUMN](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    FieldCall,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM108"
NAME = "add-field-callable-default-unique"
MESSAGE = "unique `{target}` gets one `default` for all rows: add it nullable, fill, then unique"

# Each of these yields one value for the whole table: a callable is called once by Django,
# a call is evaluated once when the migration module is imported.
_COMPUTED = (ast.Name, ast.Attribute, ast.Lambda, ast.Call)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op, field in ctx.added_fields():
        if _same_value_everywhere(field):
            yield report(op, CODE, MESSAGE.format(target=op.target))


def _same_value_everywhere(field: FieldCall) -> bool:
    if not field.plain_column or not field.is_unique or field.has_db_default:
        return False
    return isinstance(field.kwargs.get("default"), _COMPUTED)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
