"""A concurrent index operation sits in an atomic migration: Django refuses to run it.

## What it does
Flags `AddIndexConcurrently` and `RemoveIndexConcurrently` (from
`django.contrib.postgres.operations`) in a migration that runs in a transaction: one that sets
`atomic = True`, or sets nothing and derives directly from Django's `migrations.Migration`.

## Why is this bad?
PostgreSQL cannot run `CREATE INDEX CONCURRENTLY` or `DROP INDEX CONCURRENTLY` inside a
transaction block, so Django checks first and stops the migration with
`NotSupportedError: The AddIndexConcurrently operation cannot be executed inside a transaction
(set atomic = False on the migration).` The check comes before anything else, whatever the
table, so the migration fails wherever it runs in a transaction (PostgreSQL and SQLite, the
developer's database included): this rule reports it before CI or a deploy does.

## Example
```python
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        AddIndexConcurrently(
            model_name="order",
            index=models.Index(fields=["tracking_code"], name="shop_order_tracking_idx"),
        ),
    ]
```

## Use instead
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
Keep the other operations in a separate, atomic migration: in a non-atomic one, a failure half
way leaves the steps before it applied.

## What it does not flag
- Migrations with `atomic = False`.
- Migrations whose atomicity cannot be read: `atomic` set to something other than a literal
  (`atomic = IS_POSTGRES`), or not set in a class with a custom base class, which may set it.
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`, which never run SQL.
- Plain `AddIndex` / `RemoveIndex` (DJM200, DJM205) and `CREATE INDEX CONCURRENTLY` in
  `RunSQL` (DJM301).

## Options
None.

## References
- [Django: concurrent index operations](https://docs.djangoproject.com/en/stable/ref/contrib/postgres/operations/#concurrent-index-operations)
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
- [PostgreSQL: CREATE INDEX](https://www.postgresql.org/docs/current/sql-createindex.html)
- [PostgreSQL: DROP INDEX](https://www.postgresql.org/docs/current/sql-dropindex.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    atomic_false_fix,
    report,
)

CODE = "DJM201"
NAME = "concurrent-index-in-atomic-migration"
MESSAGE = "`{operation}` on `{target}` needs a migration with `atomic = False`"

_CONCURRENT = ("AddIndexConcurrently", "RemoveIndexConcurrently")


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.is_atomic is not True:
        return
    for op in migration.database_operations(*_CONCURRENT):
        message = MESSAGE.format(operation=op.name, target=op.target)
        yield report(op, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=atomic_false_fix,
    fix_kind="safe",
)
