"""`RunSQL` starts, commits or rolls back a transaction inside Django's migration transaction.

## What it does
Flags `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK` and `ABORT` statements in the
literal SQL (`sql` and `reverse_sql`) of a `RunSQL` in a migration that runs in a transaction
(`atomic = True`, or nothing set on a class derived directly from Django's
`migrations.Migration`).

## Why is this bad?
Django runs an atomic migration in one transaction and records it as applied at the end. A
`COMMIT` in the SQL commits Django's transaction half way: the operations before it stay
applied even when a later one fails, so the migration can neither be rolled back nor simply
run again. A `ROLLBACK` silently undoes the operations before it, and a `BEGIN` inside the
transaction only draws a warning while suggesting a boundary that does not exist.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0070_order_total")]

    operations = [
        migrations.RunSQL(
            "BEGIN; UPDATE shop_order SET total = 0 WHERE total IS NULL; COMMIT;",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## Use instead
Let Django manage the transaction:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0070_order_total")]

    operations = [
        migrations.RunSQL(
            "UPDATE shop_order SET total = 0 WHERE total IS NULL",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```
When the work really needs its own transactions (batches committed one by one), set
`atomic = False` on the migration.

## What it does not flag
- `BEGIN` and `END` inside a function body or a `DO` block (a dollar-quoted string), and the
  `BEGIN ATOMIC ... END` body of a SQL function.
- `SAVEPOINT`, `RELEASE`, `ROLLBACK TO SAVEPOINT`, `COMMIT PREPARED`.
- Migrations with `atomic = False`, and migrations whose atomicity cannot be read.
- SQL in comments and string constants; SQL that is not literal; `RunSQL` inside
  `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
- [PostgreSQL: COMMIT](https://www.postgresql.org/docs/current/sql-commit.html)
- [PostgreSQL: BEGIN](https://www.postgresql.org/docs/current/sql-begin.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    TRANSACTIONAL_DDL,
    Context,
    Migration,
    Rule,
    Violation,
    is_transaction_control,
    report_statements,
)

CODE = "DJM309"
NAME = "sql-transaction-control"
MESSAGE = "`{sql}` breaks Django's transaction: remove it, or `atomic = False`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.is_atomic is not True:  # the registry runs it only where DDL is transactional
        return iter(())
    hits = ctx.sql.matching_statements(is_transaction_control, ("sql", "reverse_sql"))
    return report_statements(CODE, MESSAGE, hits)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    databases=TRANSACTIONAL_DDL,
)
