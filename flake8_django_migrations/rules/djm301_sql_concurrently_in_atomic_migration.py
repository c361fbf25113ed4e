"""SQL that PostgreSQL cannot run in a transaction sits in an atomic migration.

## What it does
Flags, in the literal SQL (`sql` and `reverse_sql`) of a `RunSQL` in a migration that runs in a
transaction (`atomic = True`, or nothing set on a class derived directly from Django's
`migrations.Migration`):
- `CREATE [UNIQUE] INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY`;
- `ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY`;
- `VACUUM`, in any form (SQLite refuses it in a transaction too).

## Why is this bad?
PostgreSQL refuses these statements inside a transaction block: the migration stops with
`ERROR: CREATE INDEX CONCURRENTLY cannot run inside a transaction block` (or `VACUUM cannot
run inside a transaction block`) on every database it runs on, the developer's included, and
for `reverse_sql`, on the day someone needs to roll back. Django runs an atomic migration in
one transaction.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_order_user")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY shop_order_user_idx ON shop_order (user_id)",
            reverse_sql="DROP INDEX CONCURRENTLY shop_order_user_idx",
        ),
    ]
```

## Use instead
```python
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0021_order_user")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS shop_order_user_idx ON shop_order (user_id)",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS shop_order_user_idx",
        ),
    ]
```
Keep the other operations in a separate, atomic migration: in a non-atomic one, a failure half
way leaves the steps before it applied.

## What it does not flag
- Migrations with `atomic = False`, and migrations whose atomicity cannot be read (`atomic`
  set to something other than a literal, or not set on a custom base class, which may set it).
- `REFRESH MATERIALIZED VIEW CONCURRENTLY`, which runs in a transaction.
- SQL in comments, string constants and dollar-quoted bodies; SQL that is not literal;
  `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [PostgreSQL: CREATE INDEX](https://www.postgresql.org/docs/current/sql-createindex.html)
- [PostgreSQL: DROP INDEX](https://www.postgresql.org/docs/current/sql-dropindex.html)
- [PostgreSQL: REINDEX](https://www.postgresql.org/docs/current/sql-reindex.html)
- [PostgreSQL: VACUUM](https://www.postgresql.org/docs/current/sql-vacuum.html)
- [PostgreSQL: ALTER TABLE (DETACH PARTITION)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    TRANSACTIONAL_DDL,
    Context,
    Migration,
    Rule,
    Violation,
    atomic_false_fix,
    report_statements,
    runs_outside_transaction,
)

CODE = "DJM301"
NAME = "sql-concurrently-in-atomic-migration"
MESSAGE = "`{sql}` cannot run in a transaction: set `atomic = False`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.is_atomic is not True:  # the registry runs it only where DDL is transactional
        return iter(())
    hits = ctx.sql.matching_statements(runs_outside_transaction, ("sql", "reverse_sql"))
    return report_statements(CODE, MESSAGE, hits)


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
    databases=TRANSACTIONAL_DDL,
)
