"""An exclusion constraint is added to an existing table: its index is built under full lock.

## What it does
Flags an `AddConstraint` of an `ExclusionConstraint` (`django.contrib.postgres.constraints`)
on a table that already exists.

## Why is this bad?
Django adds it with `ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE USING ...`. PostgreSQL builds
the constraint's index (usually GiST) and checks every existing row inside that statement,
under the ACCESS EXCLUSIVE lock that adding a constraint takes: the table can be neither read
nor written until the build ends and the migration commits. Unlike a CHECK or foreign key, an
exclusion constraint cannot be added `NOT VALID` and validated later, and unlike a unique
constraint it cannot be attached to an index built beforehand with `CONCURRENTLY`. (From the
PostgreSQL documentation; this case was not among the measured operations.)

## Example
```python
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("booking", "0004_reservation_period")]

    operations = [
        migrations.AddConstraint(
            model_name="reservation",
            constraint=ExclusionConstraint(
                name="booking_reservation_no_overlap",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
            ),
        ),
    ]
```

## Use instead
PostgreSQL offers no online way to add one. Declare the constraint when the table is created
(in the `CreateModel` options), or, on an existing table, give the operation a migration of its
own, run it when the table is quiet, and set a `lock_timeout` so it gives up instead of stalling
every query behind it:
```python
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("booking", "0004_reservation_period")]

    operations = [
        migrations.RunSQL("SET LOCAL lock_timeout = '5s'", migrations.RunSQL.noop),
        migrations.AddConstraint(  # noqa: DJM208 (off-peak, with a lock_timeout)
            model_name="reservation",
            constraint=ExclusionConstraint(
                name="booking_reservation_no_overlap",
                expressions=[
                    ("room", RangeOperators.EQUAL),
                    ("period", RangeOperators.OVERLAPS),
                ],
            ),
        ),
    ]
```

## What it does not flag
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- Exclusion constraints declared in `CreateModel` options; custom constraint classes.

## Options
None.

## References
- [Django: ExclusionConstraint](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/constraints/#exclusionconstraint)
- [Django: AddConstraint](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addconstraint)
- [PostgreSQL: ALTER TABLE](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: exclusion constraints](https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-EXCLUSION)
- [PostgreSQL: lock_timeout](https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM208"
NAME = "add-exclusion-constraint"
MESSAGE = (
    "`{target}`: exclusion constraint built under full lock; run it alone with `lock_timeout`"
)

_EXCLUSION_CONSTRAINT = frozenset({"django.contrib.postgres.constraints.ExclusionConstraint"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AddConstraint"):
        adds_exclusion = migration.call_of(op.arg("constraint"), _EXCLUSION_CONSTRAINT)
        if adds_exclusion is not None and ctx.on_existing_table(op):
            yield report(op, CODE, MESSAGE.format(target=op.target))


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
