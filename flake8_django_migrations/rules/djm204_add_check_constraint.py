"""A CHECK constraint is validated on an existing table by a full scan under an exclusive lock.

## What it does
Flags, on a table that already exists:
- `AddConstraint` of a `CheckConstraint`;
- `AddField` of a `PositiveIntegerField`, `PositiveSmallIntegerField` or
  `PositiveBigIntegerField`, for which Django's PostgreSQL backend declares a
  `CHECK ("column" >= 0)`;
- `AlterField` that turns a field of another type into one of those, as the replayed state
  shows (measured: a full scan under ACCESS EXCLUSIVE, 0.13 s at 2,000,000 rows).

## Why is this bad?
`ALTER TABLE ... ADD CONSTRAINT ... CHECK` takes an ACCESS EXCLUSIVE lock and, before it
returns, reads every row to prove the condition holds: the table can be neither read nor
written during the scan (measured on PostgreSQL 15: 0.014 s on 200,000 rows, 0.13 s on
2,000,000, growing with the table). The inline CHECK of a positive integer field is validated
the same way, by a full scan under ACCESS EXCLUSIVE, even when the new column is nullable and
therefore all NULL (measured: 0.018 s on 200,000 rows, 0.17 s on 2,000,000).

Split the two steps: `AddConstraintNotValid` records the constraint with `NOT VALID`, which
holds the lock only for an instant and checks new and updated rows from then on;
`ValidateConstraint` later scans the old rows under SHARE UPDATE EXCLUSIVE, which blocks neither
reads nor writes.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_product_stock")]

    operations = [
        migrations.AddConstraint(
            model_name="product",
            constraint=models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="shop_product_stock_gte_0"
            ),
        ),
    ]
```

## Use instead
Add the constraint without validation:
```python
from django.contrib.postgres.operations import AddConstraintNotValid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_product_stock")]

    operations = [
        AddConstraintNotValid(
            model_name="product",
            constraint=models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="shop_product_stock_gte_0"
            ),
        ),
    ]
```
then validate it in a later migration:
```python
from django.contrib.postgres.operations import ValidateConstraint
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_product_stock_gte_0")]

    operations = [
        ValidateConstraint(model_name="product", name="shop_product_stock_gte_0"),
    ]
```
For a new positive integer field, add an `IntegerField` in the database and the positive field
in the state (`SeparateDatabaseAndState`), with a
`RunSQL('ALTER TABLE ... ADD CONSTRAINT ... CHECK (... >= 0) NOT VALID')` beside it, and
validate that constraint by name with `ValidateConstraint` in a later migration. On a small
table the plain operation is fine: silence it with `# noqa: DJM204`.
(`CheckConstraint(condition=...)` is Django 5.1+; older versions call it `check=`.)

## What it does not flag
- `AddConstraintNotValid` and `ValidateConstraint`.
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- Other integer fields; custom or third-party field and constraint classes.
- `AlterField` between two positive integer fields, or of a field the state does not know.

## Options
None.

## References
- [Django: CheckConstraint](https://docs.djangoproject.com/en/stable/ref/models/constraints/#checkconstraint)
- [Django: AddConstraintNotValid and ValidateConstraint](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#adding-constraints-without-enforcing-validation)
- [Django: PositiveIntegerField](https://docs.djangoproject.com/en/stable/ref/models/fields/#positiveintegerfield)
- [PostgreSQL: ALTER TABLE (ADD CONSTRAINT ... NOT VALID, VALIDATE CONSTRAINT)](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSITIVE_FIELDS,
    POSTGRESQL,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM204"
NAME = "add-check-constraint"
MESSAGE = "`{target}`: {check} scan under full lock; add it `NOT VALID` first"


_CHECK_CONSTRAINT = frozenset(
    {"django.db.models.CheckConstraint", "django.db.models.constraints.CheckConstraint"}
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AddConstraint"):
        adds_check = migration.call_of(op.arg("constraint"), _CHECK_CONSTRAINT) is not None
        if adds_check and ctx.on_existing_table(op):
            message = MESSAGE.format(target=op.target, check="CHECK constraint")
            yield report(op, CODE, message)
    for op, field in ctx.added_fields():
        if field.kind in POSITIVE_FIELDS:
            message = MESSAGE.format(target=op.target, check=f"`{field.kind}` CHECK")
            yield report(op, CODE, message)
    for change in ctx.alterations:
        if change.effect.adds_check:
            check = f"`{change.new.kind}` CHECK"
            yield report(change.op, CODE, MESSAGE.format(target=change.op.target, check=check))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    databases=POSTGRESQL,
)
