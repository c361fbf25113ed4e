"""An `AlterField` makes a nullable column NOT NULL on an existing table.

## What it does
Compares the field of a database `AlterField` with the field as the replayed state knows it
just before, and reports when a column that allowed NULL (`null=True`) becomes NOT NULL. After
a merge migration, the branches are replayed in the order Django's plan applies them (the
parent sorted last first), so where both branches changed the field, the one Django applies
last gives the state. When
the new field has a `default` or a `db_default`, the message says that Django `UPDATE`s the
NULL rows first. With `djm-database` set to another database the rule still runs, and the
message speaks only of the running code, since the locks and scans there are not PostgreSQL's.

## Why is this bad?
Two things go wrong during the deploy:
- **Locks.** PostgreSQL checks every row before it accepts `SET NOT NULL`: a full table scan
  under ACCESS EXCLUSIVE, so nothing can read or write the table meanwhile (measured: 0.02 s at
  200,000 rows, 0.31 s at 2,000,000, growing with the table). When the new field has a
  `default` or a `db_default`, Django first runs
  `UPDATE ... SET <column> = <default> WHERE <column> IS NULL` in the same transaction, then
  `SET NOT NULL` (a Python `default` is also set as the column's default and dropped after). That
  `UPDATE` writes every NULL row and is the dominant cost: measured 0.99 s at 200,000 rows and
  9.7 s at 2,000,000 with half the rows NULL, all under that lock
  ([`alter_null_to_notnull_default`](../postgresql.md#altering-a-field)). On MySQL the column
  is rebuilt; on any database the migration fails if a NULL is left.
- **Running code.** The old release still writes NULL into that column (it was allowed to):
  from the moment the migration commits until the new code is everywhere, those writes fail.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_backfill_order_currency")]

    operations = [
        migrations.AlterField("order", "currency", models.CharField(max_length=3)),
    ]
```

## Use instead
Backfill in batches first and deploy code that always writes the column. Then prove the
column has no NULL with a CHECK constraint that PostgreSQL validates without blocking, and
only then set NOT NULL, which then skips the scan (measured instant, PostgreSQL 12+):
```python
from django.contrib.postgres.operations import AddConstraintNotValid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_backfill_order_currency")]

    operations = [
        AddConstraintNotValid(
            "order",
            models.CheckConstraint(
                condition=models.Q(currency__isnull=False), name="order_currency_not_null"
            ),
        ),
    ]
```
```python
from django.contrib.postgres.operations import ValidateConstraint
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_order_currency_check")]

    operations = [
        ValidateConstraint("order", "order_currency_not_null"),
        migrations.AlterField("order", "currency", models.CharField(max_length=3)),
        migrations.RemoveConstraint("order", "order_currency_not_null"),
    ]
```
(`condition=` is Django 5.1's name; older versions call it `check=`.)

## What it does not flag
- Fields that were already NOT NULL, and columns the state does not know (an earlier
  migration it cannot read, a non-literal `null=`). A custom field class counts as NOT NULL
  without `null=True` (a class forcing `null=True` in `__init__` would write it in the
  migration), unless its name says otherwise (`NullCharField`): then it stays unknown.
  Custom classes with no column (`TaggableManager`, `GenericRelation`, a `to=` without
  `on_delete=`) are never judged.
- A field for which the state holds a validated `CheckConstraint` saying it IS NOT NULL
  (`Q(<field>__isnull=False)`), added and validated earlier: PostgreSQL skips the scan.
- Tables created earlier in the same migration; unmanaged and proxy models;
  `ManyToManyField`.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE, SET NOT NULL](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: AddConstraintNotValid and ValidateConstraint](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#adding-constraints-without-enforcing-validation)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    FieldCall,
    Migration,
    Operation,
    Rule,
    Violation,
    field_call,
    report,
)

CODE = "DJM106"
NAME = "alter-field-set-not-null"
MESSAGE = "`{target}` set NOT NULL: {work} under lock, old code writes NULL; add a CHECK"
# Other databases lock and scan in their own ways: only the running code is named there.
OTHER_DATABASE_MESSAGE = (
    "`{target}` set NOT NULL while old code writes NULL: deploy code that fills it"
)
_SCAN = "full scan"
_UPDATE = "UPDATEs NULLs"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AlterField"):
        if ctx.on_existing_table(op) and _sets_not_null(op, migration, ctx):
            yield report(op, CODE, _message(op, migration, ctx))


def _sets_not_null(op: Operation, migration: Migration, ctx: Context) -> bool:
    model = ctx.model_before(op)
    if model is None or model.managed is not True or model.checked_not_null(op.field_name):
        return False
    old = model.field(op.field_name)
    new = field_call(op.arg("field"), migration)
    if old is None or new is None or not new.plain_column:
        return False
    return old.nullable is True and new.nullable is False


def _message(op: Operation, migration: Migration, ctx: Context) -> str:
    if ctx.settings.database != "postgresql":
        return OTHER_DATABASE_MESSAGE.format(target=op.target)
    new = field_call(op.arg("field"), migration)
    work = _UPDATE if new is not None and _fills_null_rows(new) else _SCAN
    return MESSAGE.format(target=op.target, work=work)


def _fills_null_rows(new: FieldCall) -> bool:
    """Django's "4-way default alteration": with a `default` (any, even `None`) or a
    `db_default` on the new field, it runs `UPDATE ... SET col = <default> WHERE col IS NULL`
    before `SET NOT NULL`. An implied default (a blank string field) does not count."""
    return new.has("default") or new.has_db_default


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
