"""A `CREATE INDEX` in `RunSQL` without `CONCURRENTLY` blocks writes to the table while it builds.

## What it does
Flags `CREATE INDEX` and `CREATE UNIQUE INDEX` statements without `CONCURRENTLY` in the literal
SQL of a `RunSQL` that runs on the database, on a table that already exists.

## Why is this bad?
A plain `CREATE INDEX` holds a SHARE lock on the table for the whole build: reads go on, but
every `INSERT`, `UPDATE` and `DELETE` waits until the migration commits (measured on
PostgreSQL 15: 0.07 s on 200,000 rows, 0.95 s on 2,000,000, growing with the table). In an
atomic migration the lock is held until the last operation of the migration ends. When an
earlier step of the same atomic migration already holds ACCESS EXCLUSIVE on the table (an
`ALTER TABLE` that adds, drops or alters a column or a constraint, a `LOCK TABLE`, or an
operation such as `AddField` or `RemoveIndex`), reads wait too for the whole build: the
message then says "blocks reads and writes".
`CREATE INDEX CONCURRENTLY` builds the index under SHARE UPDATE EXCLUSIVE, which blocks neither
reads nor writes (measured).

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_order_user")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX shop_order_user_idx ON shop_order (user_id)",
            reverse_sql="DROP INDEX shop_order_user_idx",
        ),
    ]
```

## Use instead
Build it concurrently, in a migration of its own with `atomic = False` (PostgreSQL refuses
`CONCURRENTLY` inside a transaction, see DJM301):
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
`IF NOT EXISTS` lets the migration be run again after a failure; a failed concurrent build
leaves an INVALID index behind, which must be dropped before retrying. When the model should
know the index, prefer `AddIndexConcurrently`.

## What it does not flag
- `CREATE INDEX CONCURRENTLY`.
- `CREATE INDEX ... ON ONLY parent`: on a partitioned table it only records an invalid index on
  the parent, without building anything; PostgreSQL has no `CONCURRENTLY` for partitioned
  tables, so this is the first step of the safe way (then `CREATE INDEX CONCURRENTLY` on each
  partition and `ALTER INDEX ... ATTACH PARTITION`).
- An index on a table created earlier in the same migration: by a `CREATE TABLE` (or
  `CREATE MATERIALIZED VIEW`) earlier in the forward SQL of a `RunSQL` (the same one or an
  earlier one), or by a `CreateModel` (its `db_table`, else Django's default
  `<app_label>_<model>`). When a `CreateModel`'s table name cannot be read, the rule stays
  silent on the whole migration.
- An index on a new table renamed by an earlier statement (`ALTER TABLE t_new RENAME TO t`,
  after `CREATE TABLE t_new`, a copy of the rows and `DROP TABLE t`: the rebuild pattern). In
  an atomic migration nobody sees the new `t` before the commit, and by then its indexes are
  built. In a migration with `atomic = False` each statement commits at once: a new table
  renamed to the name of a table dropped or renamed away earlier in the migration is the live
  table from then on, and an index on it is flagged; renamed to a name nobody used, it is
  still new. (A table created earlier stays new in a non-atomic migration too: no running
  code knows it.)
- SQL written for another database: a `RunSQL` whose forward SQL has a mark of SQLite's or
  MySQL's dialect (`PRAGMA`, `?` placeholders, backtick-quoted names, `AUTOINCREMENT`,
  `AUTO_INCREMENT`, `ENGINE=`) is not judged, unless the class body puts it under a
  `connection.vendor` test that names PostgreSQL. A `?` or a backtick in a string or a comment
  does not count, nor does `%s`, Django's placeholder on every backend.
- SQL in comments, string constants and dollar-quoted bodies (a `CREATE INDEX` inside a function
  body runs when the function is called, not now).
- SQL that is not literal (f-strings, `%`, `.format()`, names bound more than once, calls),
  `reverse_sql`, and `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [PostgreSQL: CREATE INDEX, Building Indexes Concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
- [PostgreSQL: Explicit Locking](https://www.postgresql.org/docs/current/explicit-locking.html)
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    Migration,
    Operation,
    Rule,
    Statement,
    Violation,
    index_table,
    is_create_index,
    report_statements,
)

CODE = "DJM300"
NAME = "sql-create-index-not-concurrently"
MESSAGE = "`{sql}` blocks {blocked}: use `CONCURRENTLY`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    hits = (
        (op, statement, {"blocked": _blocked(migration, ctx, op, statement)})
        for op, statement, new in ctx.sql.statements_with_new_tables()
        if is_create_index(statement)
        and not statement.has("CONCURRENTLY")
        and not statement.has_sequence("ON", "ONLY", top=True)
        and new.is_existing(index_table(statement))
    )
    return report_statements(CODE, MESSAGE, hits)


def _blocked(migration: Migration, ctx: Context, op: Operation, statement: Statement) -> str:
    return ctx.locks.blocked(op, index_table(statement), statement)


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
