"""`RunSQL` runs a maintenance command or `LOCK` that blocks the table for as long as it runs.

## What it does
Flags, in the literal SQL of a `RunSQL` that runs on the database:
- `LOCK [TABLE] ...` in `SHARE` mode or stronger (`ACCESS EXCLUSIVE` when no mode is given);
- `VACUUM FULL` (also `VACUUM (FULL)`), `CLUSTER`, `TRUNCATE`;
- `REINDEX` without `CONCURRENTLY`.

## Why is this bad?
Per the PostgreSQL documentation, `VACUUM FULL`, `CLUSTER` and `TRUNCATE` take ACCESS
EXCLUSIVE, and the first two rewrite the whole table while they hold it: nothing can read or
write the table until they end (in an atomic migration, until it commits). `REINDEX` blocks
writes to the table, and reads that would use the index, for the whole rebuild. `LOCK TABLE`
holds its lock until the migration commits. `TRUNCATE` also deletes every row, which the code
still running during a deploy does not expect.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0060_order_archive")]

    operations = [
        migrations.RunSQL(
            "REINDEX TABLE shop_order",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## Use instead
Keep maintenance out of migrations: run it by hand or from a scheduled job, at a quiet time.
Prefer `REINDEX ... CONCURRENTLY` (PostgreSQL 12+, in a migration with `atomic = False`) and
plain `VACUUM` (also non-atomic, see DJM301):
```python
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0060_order_archive")]

    operations = [
        migrations.RunSQL(
            "REINDEX TABLE CONCURRENTLY shop_order",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## What it does not flag
- `LOCK` in `ACCESS SHARE`, `ROW SHARE`, `ROW EXCLUSIVE` or `SHARE UPDATE EXCLUSIVE` mode,
  which blocks neither reads nor ordinary writes.
- Plain `VACUUM` and `ANALYZE`; `REINDEX ... CONCURRENTLY`.
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
- [PostgreSQL: LOCK](https://www.postgresql.org/docs/current/sql-lock.html)
- [PostgreSQL: VACUUM](https://www.postgresql.org/docs/current/sql-vacuum.html)
- [PostgreSQL: CLUSTER](https://www.postgresql.org/docs/current/sql-cluster.html)
- [PostgreSQL: REINDEX](https://www.postgresql.org/docs/current/sql-reindex.html)
- [PostgreSQL: TRUNCATE](https://www.postgresql.org/docs/current/sql-truncate.html)
- [PostgreSQL: Explicit Locking](https://www.postgresql.org/docs/current/explicit-locking.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    Migration,
    Rule,
    Statement,
    Violation,
    report_statements,
)

CODE = "DJM308"
NAME = "sql-exclusive-maintenance"
MESSAGE = "`{sql}` locks the table while it runs: run it by hand"

_WEAK_LOCK_MODES = (
    ("ACCESS", "SHARE"),
    ("ROW", "SHARE"),
    ("ROW", "EXCLUSIVE"),
    ("SHARE", "UPDATE", "EXCLUSIVE"),
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    hits = ((op, s) for op, s in ctx.sql.postgresql_statements() if _blocks(s))
    return report_statements(CODE, MESSAGE, hits)


def _blocks(statement: Statement) -> bool:
    if statement.starts_with("CLUSTER") or statement.starts_with("TRUNCATE"):
        return True
    if statement.starts_with("REINDEX"):
        return not statement.has("CONCURRENTLY")
    if statement.starts_with("VACUUM"):
        return _vacuum_full(statement)
    return statement.starts_with("LOCK") and not _weak_lock(statement)


def _vacuum_full(statement: Statement) -> bool:
    if statement.words[1:2] == ("FULL",):
        return True
    full = statement.find("FULL")
    # `VACUUM (FULL)`, `VACUUM (FULL true)`; not `VACUUM (FULL false)`.
    return (
        statement.words[1:2] == ("(",)
        and full >= 0
        and statement.tokens[full].depth == 1
        and statement.words[full + 1 : full + 2] not in (("FALSE",), ("OFF",), ("0",))
    )


def _weak_lock(statement: Statement) -> bool:
    mode = statement.find("IN", top=True)
    if mode < 0:
        return False
    return any(statement.words[mode + 1 : mode + 1 + len(w)] == w for w in _WEAK_LOCK_MODES)


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
