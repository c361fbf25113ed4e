"""A NOT NULL column without a default, added in `RunSQL`, fails on any table with rows.

## What it does
Flags `ALTER TABLE ... ADD [COLUMN] name type ... NOT NULL` (or `PRIMARY KEY`, which implies it)
without `DEFAULT`, in the literal SQL of a `RunSQL` that runs on the database, on a table that
already exists.

## Why is this bad?
Every existing row gets NULL in the new column, which the constraint forbids: PostgreSQL stops
the migration with `column "..." of relation "..." contains null values`. It passes on an
empty development database and fails in production.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_order_currency")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD COLUMN currency varchar(3) NOT NULL",
            reverse_sql="ALTER TABLE shop_order DROP COLUMN currency",
        ),
    ]
```

## Use instead
Give it a default: with a constant (non-volatile) default, PostgreSQL 11+ adds the column
without rewriting the table (measured instant):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_order_currency")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD COLUMN currency varchar(3) NOT NULL DEFAULT 'EUR'",
            reverse_sql="ALTER TABLE shop_order DROP COLUMN currency",
        ),
    ]
```
or add it nullable, fill it, and make it NOT NULL through a validated CHECK (see DJM303).

## What it does not flag
- Columns with a `DEFAULT`; identity and generated columns (`GENERATED ... AS IDENTITY`,
  `GENERATED ALWAYS AS (...) STORED`), which fill themselves; `serial`, `bigserial` and
  `smallserial` columns, which have a default.
- Nullable columns; a `NOT NULL` inside a `CHECK (...)`.
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
- [PostgreSQL: ALTER TABLE (ADD COLUMN)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: Serial types](https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL)
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
    report_statements,
)

CODE = "DJM305"
NAME = "sql-add-required-column"
MESSAGE = "`{sql}`: NOT NULL without `DEFAULT` fails; add a `DEFAULT`"

_SERIAL_TYPES = frozenset({"SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return report_statements(CODE, MESSAGE, ctx.sql.altering_statements(_adds_required_column))


def _adds_required_column(action: Clause) -> bool:
    column = added_column(action)
    if column is None or column.words[1:2] == () or column.words[1] in _SERIAL_TYPES:
        return False
    required = column.has_sequence("NOT", "NULL", top=True) or column.has_sequence(
        "PRIMARY", "KEY", top=True
    )
    fills_itself = column.find("DEFAULT", top=True) >= 0 or column.find("GENERATED", top=True) >= 0
    return required and not fills_itself


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
