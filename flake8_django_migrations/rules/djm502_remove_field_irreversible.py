"""A `RemoveField` whose reverse re-adds a NOT NULL column with no default.

## What it does
Reports a database `RemoveField` when the replayed state shows the field is NOT NULL with no
`default`, no `db_default` and no default Django implies (`auto_now`, `auto_now_add`, a
`blank=True` string field).

## Why is this bad?
Unapplying the migration re-adds the column as the state describes it: NOT NULL, with nothing
to put in the rows that exist. On any non-empty table, `migrate shop 0041` then fails (on
PostgreSQL: `column "legacy_code" contains null values`), so the rollback you reach for when a
release goes wrong stops at this migration. Giving the field a default before removing it
makes the way back work.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_stop_using_legacy_code")]

    operations = [
        migrations.RemoveField("product", "legacy_code"),
    ]
```

## Use instead
Make the field nullable (or give it a default) first, in the same or an earlier migration,
then remove it:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_stop_using_legacy_code")]

    operations = [
        migrations.AlterField(
            "product", "legacy_code", models.CharField(max_length=20, null=True)
        ),
        migrations.RemoveField("product", "legacy_code"),
    ]
```

## What it does not flag
- Nullable fields, fields with any `default` or `db_default`, and fields with an implied
  default.
- `ManyToManyField` (a join table), `GeneratedField` and auto-increment fields, which fill
  themselves.
- Fields the state does not know, tables created earlier in the same migration, unmanaged and
  proxy models, and `RemoveField` in `state_operations` (no SQL runs).
- Custom field classes: one may set `null=True` or a default in its `__init__` and leave it
  out of the migration, so "no default" cannot be told.
- Fields of a model that a `DeleteModel` later in the same migration drops: unapplying it
  creates the table again, empty, before the column comes back.
- New tables of a split first migration: in an `initial = True` migration whose ancestors in
  the app are all `initial = True`, models created by those ancestors.
- A migration that cannot be unapplied by design: its class, or the base class it names
  (in the file, or imported from the migrations package's `__init__.py`, as django CMS's
  `IrreversibleMigration`), defines `unapply` as one `raise`; nobody unapplies it.

## Options
None.

## References
- [Django: Reversing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#reversing-migrations)
- [Django: RemoveField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#removefield)
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

CODE = "DJM502"
NAME = "remove-field-irreversible"
MESSAGE = "unapplying re-adds `{target}` NOT NULL with no default: make it `null=True` first"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if ctx.refuses_unapply:
        return
    for op in migration.database_operations("RemoveField"):
        if ctx.on_existing_table(op) and _cannot_come_back(op, ctx):
            yield report(op, CODE, MESSAGE.format(target=op.target))


def _cannot_come_back(op: Operation, ctx: Context) -> bool:
    field = ctx.field_before(op)
    if field is None or field.custom:
        return False
    # Join tables, generated and auto-increment columns need no fill.
    return field.gets_no_value


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
