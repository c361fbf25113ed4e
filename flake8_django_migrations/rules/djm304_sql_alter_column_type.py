"""A column type change in `RunSQL` can rewrite the whole table under an exclusive lock.

## What it does
Flags `ALTER TABLE ... ALTER [COLUMN] name TYPE ...` and `... SET DATA TYPE ...` in the literal
SQL of a `RunSQL` that runs on the database, on a table that already exists.

## Why is this bad?
`ALTER COLUMN ... TYPE` takes ACCESS EXCLUSIVE, and unless the old and new types are binary
compatible it rewrites every row and rebuilds every index of the table while reads and writes
wait (measured on PostgreSQL 15: `integer` to `bigint` 0.50 s on 200,000 rows, 6.1 s on
2,000,000; `text` to `varchar(200)` and a shorter `varchar` likewise). Only some changes are
catalog-only (a longer `varchar`, `varchar` to `text`, more `numeric` precision with the same
scale); the SQL alone does not say what the old type was, so every type change is flagged.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0040_order_total")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ALTER COLUMN id TYPE bigint",
            reverse_sql="ALTER TABLE shop_order ALTER COLUMN id TYPE integer",
        ),
    ]
```

## Use instead
On a large table, add a new column of the new type, fill it in batches (and keep it in step
with a trigger), then switch over in a short migration. When the change is known to be
catalog-only (for example `varchar(100)` to `varchar(200)`), or the table is small, keep it
and silence the line with `# noqa: DJM304`.

## What it does not flag
- Tables created earlier in the same migration (they are empty).
- `ALTER COLUMN ... SET DEFAULT`, `SET NOT NULL` (DJM303), `SET STATISTICS`, `SET STORAGE`.
- SQL in comments, string constants and dollar-quoted bodies; SQL that is not literal;
  `reverse_sql`; `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
`djm-database`: the rule runs only for `postgresql` (the default).

## References
- [PostgreSQL: ALTER TABLE (SET DATA TYPE)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations import sql
from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration

CODE = "DJM304"
NAME = "sql-alter-column-type"
MESSAGE = "`{sql}`: a type change can rewrite the table under lock"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return sql.report(CODE, MESSAGE, sql.altering_statements(migration, ctx, _changes_type))


def _changes_type(action: sql.Clause) -> bool:
    rest = sql.altered_column(action)
    return rest is not None and (rest.starts_with("TYPE") or rest.starts_with("SET", "DATA"))
