"""A UNIQUE or PRIMARY KEY constraint added in `RunSQL` builds its index while the table is locked.

## What it does
Flags, in the literal SQL of a `RunSQL` that runs on the database, on a table that already
exists:
- `ALTER TABLE ... ADD [CONSTRAINT name] UNIQUE (...)` and `... PRIMARY KEY (...)` without
  `USING INDEX`;
- `ALTER TABLE ... ADD [COLUMN] ...` with an inline `UNIQUE` or `PRIMARY KEY`.

## Why is this bad?
`ADD CONSTRAINT ... UNIQUE` builds the unique index inside the `ALTER TABLE`, under ACCESS
EXCLUSIVE: the table can be neither read nor written for the whole build (measured on
PostgreSQL 15: 0.12 s on 200,000 rows, 1.1 s on 2,000,000), and in an atomic migration until
it commits. An inline `UNIQUE` on a new column does the same, even though the column is all
NULL (measured). A plain `CREATE UNIQUE INDEX` only blocks writes; built `CONCURRENTLY`, it
blocks neither.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0050_order_reference")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD CONSTRAINT shop_order_reference_key UNIQUE (reference)",
            reverse_sql="ALTER TABLE shop_order DROP CONSTRAINT shop_order_reference_key",
        ),
    ]
```

## Use instead
Build the unique index concurrently in a non-atomic migration:
```python
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0050_order_reference")]

    operations = [
        migrations.RunSQL(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS shop_order_reference_key "
            "ON shop_order (reference)",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS shop_order_reference_key",
        ),
    ]
```
then, in the next migration, turn it into the constraint (per the PostgreSQL documentation the
constraint adopts the existing index: nothing is built):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0051_order_reference_index")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD CONSTRAINT shop_order_reference_key "
            "UNIQUE USING INDEX shop_order_reference_key",
            reverse_sql="ALTER TABLE shop_order DROP CONSTRAINT shop_order_reference_key",
        ),
    ]
```

## What it does not flag
- `ADD CONSTRAINT ... UNIQUE USING INDEX` / `PRIMARY KEY USING INDEX`.
- `CREATE UNIQUE INDEX` (DJM300 when not `CONCURRENTLY`).
- Tables created earlier in the same migration (they are empty).
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
- [PostgreSQL: ALTER TABLE (ADD table_constraint_using_index)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: CREATE INDEX](https://www.postgresql.org/docs/current/sql-createindex.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Clause,
    Context,
    Migration,
    Rule,
    Violation,
    added_column,
    added_constraint,
    report_statements,
)

CODE = "DJM307"
NAME = "sql-unique-constraint"
MESSAGE = "`{sql}` builds a unique index under lock: use `USING INDEX`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return report_statements(CODE, MESSAGE, ctx.sql.altering_statements(_builds_unique_index))


def _builds_unique_index(action: Clause) -> bool:
    if added_constraint(action) in ("UNIQUE", "PRIMARY"):
        return not action.has_sequence("USING", "INDEX", top=True)
    column = added_column(action)
    return column is not None and (
        column.find("UNIQUE", top=True) >= 0 or column.has_sequence("PRIMARY", "KEY", top=True)
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
