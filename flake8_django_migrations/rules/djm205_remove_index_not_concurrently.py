"""An index is dropped without `CONCURRENTLY`: the whole table is locked until the commit.

## What it does
Flags a `RemoveIndex` on an existing table. Off by default: the drop itself is instant, and the
risk is the lock queue, which matters on busy tables only. Enable it with
`extend-select = DJM205`.

## Why is this bad?
`DROP INDEX` takes an ACCESS EXCLUSIVE lock on the index's *table*, not just on the index.
Measured on PostgreSQL 15: instant (about a millisecond, even on 2,000,000 rows), but reads
and writes of the table were blocked until the migration committed. The real danger is the wait:
if a long query or transaction is using the table, the `DROP INDEX` queues behind it, and every
query that arrives after it queues behind the `DROP INDEX`, so a quick operation can stall the
table for as long as the slowest transaction runs. In an atomic migration the lock is also held
through every operation that follows.

`DROP INDEX CONCURRENTLY` (`RemoveIndexConcurrently`) takes SHARE UPDATE EXCLUSIVE instead:
reads and writes go on while it waits for the transactions using the table.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0016_order_status")]

    operations = [
        migrations.RemoveIndex(model_name="order", name="shop_order_tracking_idx"),
    ]
```

## Use instead
```python
from django.contrib.postgres.operations import RemoveIndexConcurrently
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0016_order_status")]

    operations = [
        RemoveIndexConcurrently(model_name="order", name="shop_order_tracking_idx"),
    ]
```
Or keep `RemoveIndex` and set a short `lock_timeout` for the migration, so it fails fast instead
of stalling the table.

`python -m flake8_django_migrations fix` makes the change above when every operation of
the migration is an index operation on an existing table: each `RemoveIndex` and `AddIndex`
becomes its concurrent form (imported from `django.contrib.postgres.operations`) and the class
gets `atomic = False`. A migration that does anything else is not fixed (`fix` says so): move
the index operation to a migration of its own. The concurrent operations run on PostgreSQL
only: a reusable app that also supports other databases should not take this fix.

## What it does not flag
- `RemoveIndexConcurrently`.
- A new table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- An index of a model that a `DeleteModel` later in the same migration drops: DJM101 reports
  the table, whose drop takes the same lock.
- `RemoveConstraint`, and an `AlterField` that drops `db_index` (same lock, not covered here).

## Options
None.

## References
- [Django: RemoveIndex](https://docs.djangoproject.com/en/stable/ref/migration-operations/#removeindex)
- [Django: concurrent index operations](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#concurrent-index-operations)
- [PostgreSQL: DROP INDEX](https://www.postgresql.org/docs/current/sql-dropindex.html)
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
    concurrent_index_fixer,
    report,
)

CODE = "DJM205"
NAME = "remove-index-not-concurrently"
MESSAGE = "`{target}`: `RemoveIndex` blocks reads; use `RemoveIndexConcurrently`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("RemoveIndex"):
        if ctx.on_existing_table(op):
            yield report(op, CODE, MESSAGE.format(target=op.target))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
    databases=POSTGRESQL,
    fix=concurrent_index_fixer("RemoveIndex"),
    fix_kind="safe",
)
