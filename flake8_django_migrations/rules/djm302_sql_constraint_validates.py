"""A foreign key or CHECK added in `RunSQL` is validated against every row while writes wait.

## What it does
Flags, in the literal SQL of a `RunSQL` that runs on the database, on a table that already
exists:
- `ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY ...` and `ADD [CONSTRAINT name] CHECK (...)`
  without `NOT VALID`;
- `ALTER TABLE ... ADD [COLUMN] ...` with an inline `CHECK (...)`;
- `ALTER TABLE ... ADD [COLUMN] ... REFERENCES ...` with a `DEFAULT` other than `NULL`.

## Why is this bad?
Adding a constraint reads every row of the table to prove it holds, before the statement
returns, while the table is locked (measured on PostgreSQL 15): a `CHECK` holds ACCESS
EXCLUSIVE during its scan, so the table can be neither read nor written (0.014 s on 200,000
rows, 0.13 s on 2,000,000); a `FOREIGN KEY` holds SHARE ROW EXCLUSIVE on both tables during its
validation, so neither can be written. An inline `CHECK` on a new column is validated the same
way, even when the column is all NULL (measured). In an atomic migration these locks last until
the migration commits. The message says "blocks reads and writes" for a `CHECK`, for a
statement that also alters the table (`ADD COLUMN`, `DROP CONSTRAINT`...), and for a foreign
key on a table an earlier step of the same atomic migration holds ACCESS EXCLUSIVE on (see
DJM300); else "blocks writes".

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0022_order_coupon")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD CONSTRAINT shop_order_coupon_fk "
            "FOREIGN KEY (coupon_id) REFERENCES shop_coupon (id)",
            reverse_sql="ALTER TABLE shop_order DROP CONSTRAINT shop_order_coupon_fk",
        ),
    ]
```

## Use instead
Add the constraint `NOT VALID` (an instant catalog change; new and updated rows are checked
from then on):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0022_order_coupon")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ADD CONSTRAINT shop_order_coupon_fk "
            "FOREIGN KEY (coupon_id) REFERENCES shop_coupon (id) NOT VALID",
            reverse_sql="ALTER TABLE shop_order DROP CONSTRAINT shop_order_coupon_fk",
        ),
    ]
```
then validate it in a later migration: `VALIDATE CONSTRAINT` scans the rows under SHARE UPDATE
EXCLUSIVE, which blocks neither reads nor writes (measured):
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0023_order_coupon_fk")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order VALIDATE CONSTRAINT shop_order_coupon_fk",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```
For a new column, add it without the inline constraint, then add the constraint as above.

## What it does not flag
- Constraints with `NOT VALID`, and `VALIDATE CONSTRAINT`.
- A new column with `REFERENCES` and no default (or `DEFAULT NULL`): PostgreSQL does not
  validate a foreign key on a column that is all NULL (measured instant).
- `UNIQUE`, `PRIMARY KEY` (DJM307) and `EXCLUDE` constraints.
- Tables created earlier in the same migration (by `CREATE TABLE` in the SQL or by a
  `CreateModel`, and new tables renamed, as DJM300 reads them): they are empty.
- SQL written for another database: a `RunSQL` whose forward SQL has a mark of SQLite's or
  MySQL's dialect (`PRAGMA`, `?` placeholders, backtick-quoted names, `AUTOINCREMENT`,
  `AUTO_INCREMENT`, `ENGINE=`) is not judged, unless the class body puts it under a
  `connection.vendor` test that names PostgreSQL. A `?` or a backtick in a string or a comment
  does not count, nor does `%s`, Django's placeholder on every backend.
- SQL in comments, string constants and dollar-quoted bodies; SQL that is not literal;
  `reverse_sql`; `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE (ADD table_constraint, NOT VALID, VALIDATE CONSTRAINT)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: Explicit Locking](https://www.postgresql.org/docs/current/explicit-locking.html)
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    READS_AND_WRITES,
    Clause,
    Context,
    Migration,
    Operation,
    Rule,
    Statement,
    Violation,
    added_column,
    added_constraint,
    alter_table,
    exclusive_tables,
    report_statements,
)

CODE = "DJM302"
NAME = "sql-constraint-validates"
MESSAGE = "`{sql}` blocks {blocked}: add `NOT VALID`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    hits = (
        (op, statement, {"blocked": _blocked(migration, ctx, op, statement)})
        for op, statement in ctx.sql.altering_statements(_validates)
    )
    return report_statements(CODE, MESSAGE, hits)


def _blocked(migration: Migration, ctx: Context, op: Operation, statement: Statement) -> str:
    """A `CHECK`, or any action that alters the table, takes ACCESS EXCLUSIVE itself; a
    foreign key alone takes SHARE ROW EXCLUSIVE, which lets reads go on."""
    altered = alter_table(statement)
    table = altered.table if altered is not None else None
    if table is not None and table in exclusive_tables(statement):
        return READS_AND_WRITES
    return ctx.locks.blocked(op, table, statement)


def _validates(action: Clause) -> bool:
    if added_constraint(action) in ("FOREIGN", "CHECK"):
        return not action.has_sequence("NOT", "VALID", top=True)
    column = added_column(action)
    if column is None:
        return False
    if column.find("CHECK", top=True) >= 0:
        return True
    default = column.find("DEFAULT", top=True)
    has_default = default >= 0 and column.words[default + 1 : default + 2] != ("NULL",)
    return has_default and column.find("REFERENCES", top=True) >= 0


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
