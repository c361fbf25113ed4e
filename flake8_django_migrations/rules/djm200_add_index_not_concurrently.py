"""An index is built on an existing table without `CONCURRENTLY`: writes wait for the build.

## What it does
Flags, on a table that already exists:
- `AddIndex`;
- `AddField` of a non-relation field that gets an index: `db_index=True`, or a `SlugField`
  (indexed unless `db_index=False`);
- `AlterField` that gives a column an index it did not have (`db_index=True`, or a
  `SlugField`), as the replayed state shows;
- `AlterIndexTogether` whose set has a group of fields that the replayed state's
  `index_together` lacks (Django creates one index per new group).

For an `AddField` the message suggests adding the field with `db_index=False` and building the
index with `AddIndexConcurrently` afterwards (the `AddField` itself cannot build it
concurrently); for the others, `AddIndexConcurrently`.

## Why is this bad?
`AddIndex` runs a plain `CREATE INDEX`, which holds a SHARE lock on the table for the whole
build: reads go on, but every `INSERT`, `UPDATE` and `DELETE` waits until the index is
finished and the migration commits. Measured on PostgreSQL 15, the build of a one-column index
took 0.07 s on 200,000 rows and 0.95 s on 2,000,000: it grows with the table.

An `AddField` with an index is worse: the `ALTER TABLE ... ADD COLUMN` that comes first takes an
ACCESS EXCLUSIVE lock, and in an atomic migration that lock is held through the index build
that follows, so the table cannot even be read until the migration commits. On
PostgreSQL Django builds two indexes for a `CharField` or `TextField` with `db_index=True`
(a second one with `varchar_pattern_ops` / `text_pattern_ops` for `LIKE` queries): two full
scans under that lock. The same holds for any index build that follows, in an atomic
migration, a step holding ACCESS EXCLUSIVE on the table: a `RemoveIndex`, `RemoveField`,
`AddField`, `RemoveConstraint`, a CHECK or fields-only unique `AddConstraint`, an `AlterField`
that changes the column's type, nullability or uniqueness, a `RenameField`, or raw SQL that
alters the table (measured: [the locks of each operation](../postgresql.md#django-operations)).
The message then says "blocks reads and writes".

`CREATE INDEX CONCURRENTLY` builds the index under SHARE UPDATE EXCLUSIVE, which blocks neither
reads nor writes. Django runs it through `AddIndexConcurrently`
(`django.contrib.postgres.operations`), which cannot run inside a transaction: the migration
needs `atomic = False`.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["tracking_code"], name="shop_order_tracking_idx"),
        ),
    ]
```

## Use instead
Build the index concurrently, in a migration that is not atomic and does nothing else:
```python
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(fields=["tracking_code"], name="shop_order_tracking_idx"),
        ),
    ]
```
For a new field, add it without `db_index`, declare the index in the model's `Meta.indexes`
instead, and let the migration above build it. A concurrent build that fails leaves an INVALID
index behind: drop it and run the migration again.

`python -m flake8_django_migrations fix` makes this change for an `AddIndex` when every
operation of the migration is an index operation on an existing table: each `AddIndex` and
`RemoveIndex` becomes `AddIndexConcurrently` / `RemoveIndexConcurrently` (imported from
`django.contrib.postgres.operations`) and the class gets `atomic = False`. A migration that
does anything else is not fixed, and `fix` says so (a non-atomic migration that fails halfway
leaves its other steps half applied: move the index to a migration of its own), nor an
`AddField`, `AlterField` or `AlterIndexTogether`, nor a class whose `atomic` is not a literal.
The concurrent operations run on PostgreSQL only: a reusable app that also supports other
databases should not take this fix.

## What it does not flag
- `AddIndexConcurrently`.
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- A field with `unique=True` or `primary_key=True`: Django then builds only the unique index,
  which DJM202 reports.
- `ForeignKey` and `OneToOneField`: their index is DJM203's business.
- A `SlugField` with `db_index=False`; `db_index` values that are not literals. A custom
  field class is judged on an explicit `db_index=True` only, unless it is a relation (it has
  `to=` and `on_delete=`: DJM203's) or has no column (`TaggableManager`...).
- `AlterIndexTogether` when the state is unknown, or when it only removes groups. A group
  that an operation Django may or may not have run added (in an `if` on a setting) counts
  as there.
- `AlterField` of a field that such an operation changed: its definition is unknown (the
  rest of the model stays known).
- `AlterField` where the state already had an index on the column (including a unique one),
  or does not know the field.

## Options
None.

## References
- [Django: AddIndex](https://docs.djangoproject.com/en/stable/ref/migration-operations/#addindex)
- [Django: concurrent index operations](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#concurrent-index-operations)
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
- [Django: Field.db_index](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-index)
- [PostgreSQL: building indexes concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
- [PostgreSQL: table-level locks](https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    READS_AND_WRITES,
    Context,
    FieldCall,
    Migration,
    Operation,
    Rule,
    Violation,
    concurrent_index_fixer,
    read_together,
    report,
)

CODE = "DJM200"
NAME = "add-index-not-concurrently"
MESSAGE = "`{target}`: index build blocks {blocked}; {fix}"
FIX_INDEX = "use `AddIndexConcurrently`"
# A new column cannot be indexed concurrently by the `AddField` that adds it.
FIX_FIELD = "add it `db_index=False`, then `AddIndexConcurrently`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AddIndex"):
        if ctx.on_existing_table(op):
            yield _violation(op, _blocked(migration, ctx, op))
    for op, field in ctx.added_fields():
        if _gets_plain_index(field):
            yield _violation(op, READS_AND_WRITES, FIX_FIELD)
    for change in ctx.alterations:
        if change.effect.adds_index:
            yield _violation(change.op, _blocked(migration, ctx, change.op))
    for op in migration.database_operations("AlterIndexTogether"):
        if ctx.on_existing_table(op) and _adds_index_together(op, ctx):
            yield _violation(op, _blocked(migration, ctx, op))


def _violation(op: Operation, blocked: str, fix: str = FIX_INDEX) -> Violation:
    message = MESSAGE.format(target=op.target, blocked=blocked, fix=fix)
    return report(op, CODE, message)


def _blocked(migration: Migration, ctx: Context, op: Operation) -> str:
    """The build blocks reads too when an earlier step holds ACCESS EXCLUSIVE on the table."""
    return ctx.locks.blocked(op, ctx.model_table(op))


def _adds_index_together(op: Operation, ctx: Context) -> bool:
    """An `AlterIndexTogether` whose set has a tuple the state's `index_together` lacks."""
    model = ctx.model_before(op)
    new = read_together(op.arg("index_together"))
    if model is None or model.index_together is None or new is None:
        return False
    return bool(new - model.index_together)


def _gets_plain_index(field: FieldCall) -> bool:
    """A non-unique index is built for the new column (unique ones are DJM202's)."""
    if field.is_relation or not field.has_column:
        return False
    if not (field.is_unset("unique") and field.is_unset("primary_key")):
        return False
    if field.is_set("db_index"):
        return True
    return field.kind == "SlugField" and not field.has("db_index")


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    databases=POSTGRESQL,
    fix=concurrent_index_fixer("AddIndex"),
    fix_kind="safe",
)
