"""A foreign key added to an existing table builds its index or checks every row under lock.

## What it does
Flags an `AddField` of a `ForeignKey` or `OneToOneField` on an existing table when:
- its index is built: `db_index` absent or `True`, a `OneToOneField`, or `unique=True`; or
- the new column is NOT NULL with a `default` or `db_default` (and `db_constraint` is not
  `False`): every existing row then holds a value the constraint must check.

The message names the work done under the lock and what avoids it: `db_index=False` (an index
built concurrently later), or adding the column nullable (filled later), or both.

## Why is this bad?
`ALTER TABLE ... ADD COLUMN` takes an ACCESS EXCLUSIVE lock, and in an atomic migration it is
held until the migration commits. Whatever runs after it in the same transaction runs with
the table closed to reads and writes.

- **Index build.** Django follows the `ADD COLUMN` with a plain `CREATE INDEX` (or, for a
  `OneToOneField` / `unique=True`, builds the unique index inside the `ALTER TABLE` itself).
  Measured on PostgreSQL 15 for a nullable `ForeignKey`: 0.05 s on 200,000 rows, 0.63 s on
  2,000,000, during which the table could not even be read; the referenced table is held in
  SHARE ROW EXCLUSIVE (no writes) until the commit as well.
- **Validation.** A new all-NULL column needs no check (measured: instant). With a default,
  every existing row holds that value, and PostgreSQL checks each one against the referenced
  table while both locks are held.

## Example
```python
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_warehouse")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="warehouse",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                to="shop.warehouse",
            ),
        ),
    ]
```

## Use instead
Add the column nullable and without an index (instant), then build the index concurrently in a
separate, non-atomic migration. `SeparateDatabaseAndState` keeps `db_index=True` in Django's
state while the database gets the column alone:
```python
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_warehouse")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AddField(
                    model_name="order",
                    name="warehouse",
                    field=models.ForeignKey(
                        null=True,
                        db_index=False,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="shop.warehouse",
                    ),
                ),
            ],
            state_operations=[
                migrations.AddField(
                    model_name="order",
                    name="warehouse",
                    field=models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to="shop.warehouse",
                    ),
                ),
            ],
        ),
    ]
```
```python
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0013_order_warehouse")]

    operations = [
        migrations.RunSQL(
            sql='CREATE INDEX CONCURRENTLY "shop_order_warehouse_id_idx" '
            'ON "shop_order" ("warehouse_id")',
            reverse_sql='DROP INDEX CONCURRENTLY IF EXISTS "shop_order_warehouse_id_idx"',
        ),
    ]
```
Or declare the index in the model's `Meta.indexes` with `db_index=False` on the field, and
build it with `AddIndexConcurrently`. A column that must end up NOT NULL: add it nullable,
backfill it in batches, then make it NOT NULL in a later migration.

## What it does not flag
- `db_index=False` on a nullable column that is not unique: adding it is instant.
- A NOT NULL column with no default: it fails outright on a non-empty table (DJM105).
- `ManyToManyField`: it only creates the through table.
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- `db_index`, `null` or `db_constraint` values that are not literals; custom field classes
  without both `to=` and `on_delete=` (before Django 2.0 a `ForeignKey` needed no
  `on_delete`, but a many-to-many field takes `to=` too). A custom class with both
  (`ParentalKey`, `TreeForeignKey`) is a `ForeignKey` subclass: judged like one, unique when
  its name ends in `OneToOneField`.

## Options
None.

## References
- [Django: ForeignKey](https://docs.djangoproject.com/en/stable/ref/models/fields/#foreignkey)
- [Django: ForeignKey.db_constraint](https://docs.djangoproject.com/en/stable/ref/models/fields/#django.db.models.ForeignKey.db_constraint)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [PostgreSQL: ALTER TABLE](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: building indexes concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    FieldCall,
    Migration,
    Rule,
    Violation,
    is_none,
    report,
)

CODE = "DJM203"
NAME = "add-foreign-key"
MESSAGE = "`{target}`: foreign key {work} under lock; {fix}"
FIX_UNINDEXED = "add it `db_index=False`"
FIX_NULLABLE = "add it nullable"
FIX_BOTH = "add it nullable, no index"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op, field in ctx.added_fields():
        if not field.is_relation:
            continue
        index, validation = _builds_index(field), _validates_rows(field)
        work = _work(index, validation)
        if work is not None:
            message = MESSAGE.format(target=op.target, work=work, fix=_fix(index, validation))
            yield report(op, CODE, message)


def _work(index: bool, validation: bool) -> str | None:
    if index and validation:
        return "index build and validation"
    if index:
        return "index build"
    return "validation" if validation else None


def _fix(index: bool, validation: bool) -> str:
    """Nullable and without an index, the column is added instantly (`docs/postgresql.md`,
    `add_field_fk_nullable_no_index`); the index is
    then built concurrently, the values filled later."""
    if index and validation:
        return FIX_BOTH
    return FIX_UNINDEXED if index else FIX_NULLABLE


def _builds_index(field: FieldCall) -> bool:
    if field.one_to_one or field.is_set("unique"):
        return True
    return not field.has("db_index") or field.is_set("db_index")


def _validates_rows(field: FieldCall) -> bool:
    """Existing rows get a non-NULL value that the constraint checks."""
    if field.nullable is not False:
        return False
    if field.has("db_constraint") and not field.is_set("db_constraint"):
        return False
    return any(
        name in field.kwargs and not is_none(field.kwargs[name])
        for name in ("default", "db_default")
    )


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
