"""One atomic migration both changes the schema of an existing table and runs a data step.

## What it does
Reports an atomic migration that has a data step (a `RunPython`, or a `RunSQL` whose SQL
has `INSERT`, `UPDATE`, `DELETE` or `MERGE`) and also a schema step on a table that already
exists: any database operation that runs DDL on a table (`AddField`, `AddIndex`,
`AlterField` that the replayed state shows emits SQL, ...), or a `RunSQL` with table DDL
(`ALTER TABLE`, `CREATE INDEX`, `CREATE TRIGGER`, `DROP TABLE`, `TRUNCATE`, ...). One
`RunSQL` holding both counts as both. The message names the data step and what the schema
step changes: the model's field, the model, or the table the SQL names.

## Why is this bad?
In an atomic migration every lock is held until the final commit. The schema step takes
ACCESS EXCLUSIVE (or SHARE) on its table, and the data step then runs for as long as it
needs, through every row, while nothing else can use the table: a few seconds of DDL become
minutes of downtime. The other order fails differently: rows changed before an `ALTER TABLE`
in the same transaction leave deferred foreign key checks behind, and PostgreSQL refuses with
`cannot ALTER TABLE "shop_order" because it has pending trigger events`. A failure in the
data step also rolls back the schema change, so the fix cannot be retried step by step.

## Example
```python
from django.db import migrations, models


def fill_currency(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    Order.objects.filter(currency__isnull=True).update(currency="EUR")


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_order_total")]

    operations = [
        migrations.AddField("order", "currency", models.CharField(max_length=3, null=True)),
        migrations.RunPython(fill_currency, migrations.RunPython.noop),
    ]
```

## Use instead
Put the schema change and the data step in two migrations, so the lock is released before
the data step starts:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0020_order_total")]

    operations = [
        migrations.AddField("order", "currency", models.CharField(max_length=3, null=True)),
    ]
```
```python
from django.db import migrations


def fill_currency(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    Order.objects.filter(currency__isnull=True).update(currency="EUR")


class Migration(migrations.Migration):
    dependencies = [("shop", "0021_order_currency")]

    operations = [
        migrations.RunPython(fill_currency, migrations.RunPython.noop),
    ]
```
For a large table, also make the data migration non-atomic (`atomic = False`) and update in
batches.

## What it does not flag
- Migrations with `atomic = False`, or whose atomicity cannot be read.
- Migrations with only data steps or only schema steps.
- `CreateModel` and operations on models created earlier in the same migration (the table is
  new and empty: filling it in the same migration is the usual pattern) or, in an
  `initial = True` migration whose ancestors in the app are all `initial = True`, by those
  ancestors (a split first migration); removals from a model that a later `DeleteModel` drops (the
  `DeleteModel` counts); `AlterModelOptions`,
  `AlterModelManagers`, extensions and collations, unmanaged and proxy models, and operations
  inside `state_operations`.
- `AlterField`s that emit no SQL, and those whose effect the plugin cannot tell (unknown
  state, unreadable fields).
- `RunSQL` whose SQL is not literal, SQL DDL that touches no table (functions, a trigger's
  function, types), and SQL DDL on tables created earlier in the same migration (by a
  `CreateModel` or a `CREATE TABLE`), as the SQL rules judge them.

## Options
None.

## References
- [Django: Non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
- [PostgreSQL: Explicit locking](https://www.postgresql.org/docs/current/explicit-locking.html)
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
    alter_table,
    dropped_or_renamed,
    exclusive_tables,
    index_table,
    is_ddl,
    is_dml,
    report,
)

CODE = "DJM207"
NAME = "schema-and-data-in-one-migration"
MESSAGE = "one transaction runs `{data}` and changes `{schema}`: split it to release locks"

_NO_TABLE_DDL = frozenset(
    {
        "RunPython",
        "RunSQL",
        "SeparateDatabaseAndState",
        "CreateModel",
        "AlterModelOptions",
        "AlterModelManagers",
        "CreateExtension",
        "BloomExtension",
        "BtreeGinExtension",
        "BtreeGistExtension",
        "CITextExtension",
        "CryptoExtension",
        "HStoreExtension",
        "TrigramExtension",
        "UnaccentExtension",
        "CreateCollation",
        "RemoveCollation",
    }
)
_TABLE_WORDS = ("TABLE", "INDEX", "TRIGGER")
# SQL objects whose DDL locks no table of the app.
_NOT_TABLES = frozenset(
    {"FUNCTION", "PROCEDURE", "TYPE", "DOMAIN", "EXTENSION", "SCHEMA", "AGGREGATE", "LANGUAGE"}
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.is_atomic is not True:
        return
    data = next((op for op in migration.database_operations() if _is_data(op, ctx)), None)
    if data is None:
        return
    sql = _sql_changes(ctx)
    changed = (_changed(op, ctx, sql) for op in migration.database_operations())
    schema = next((name for name in changed if name is not None), None)
    if schema is not None:
        yield report(migration, CODE, MESSAGE.format(data=data.name, schema=schema))


def _is_data(op: Operation, ctx: Context) -> bool:
    if op.name == "RunPython":
        return True
    return op.name == "RunSQL" and any(is_dml(s) for s in ctx.sql.statements(op) or ())


def _changed(op: Operation, ctx: Context, sql: dict[int, str]) -> str | None:
    """What a schema step on an existing table changes (the model's field, the model, or the
    table the SQL names); None when `op` is no such step."""
    if op.name == "RunSQL":
        return sql.get(op.index)
    if op.name in _NO_TABLE_DDL or not ctx.on_existing_table(op) or ctx.runs_no_sql(op):
        return None
    if op.name == "AlterField":
        change = ctx.alteration(op)
        return op.target if change is not None and change.effect.emits_sql is True else None
    return op.target


def _sql_changes(ctx: Context) -> dict[int, str]:
    """By `RunSQL` index, the first existing table one of its statements changes with table
    DDL (`RunSQL` itself when such a statement names no table the plugin can read): one pass
    over the file's SQL, with the tables created before each statement."""
    found: dict[int, str] = {}
    for op, statement, new in ctx.sql.statements_with_new_tables():
        if op.index in found or not _table_ddl(statement):
            continue
        tables = _ddl_tables(statement)
        existing = sorted(table for table in tables if new.is_existing(table))
        if not tables or existing:
            found[op.index] = existing[0] if existing else "RunSQL"
    return found


def _table_ddl(statement: Statement) -> bool:
    if not is_ddl(statement) or statement.starts_with("CREATE", "TABLE"):
        return False
    if _object_kind(statement) in _NOT_TABLES:
        return False  # `RETURNS trigger` or `RETURNS TABLE (...)` changes no table
    return statement.starts_with("TRUNCATE") or any(statement.has(w) for w in _TABLE_WORDS)


def _object_kind(statement: Statement) -> str | None:
    """What `CREATE [OR REPLACE]`, `ALTER` or `DROP` works on (`FUNCTION`, `TABLE`, ...)."""
    index = statement.skip(1, "OR", "REPLACE")
    return statement.words[index] if index < len(statement.words) else None


def _ddl_tables(statement: Statement) -> frozenset[str]:
    """The tables a DDL statement changes, as far as they can be read."""
    altered = alter_table(statement)
    if altered is not None:
        return frozenset({altered.table})
    indexed = index_table(statement)
    if indexed is not None:
        return frozenset({indexed})
    dropped = frozenset(c.table for c in dropped_or_renamed(statement) if c.column is None)
    return dropped or exclusive_tables(statement) or _trigger_table(statement)


def _trigger_table(statement: Statement) -> frozenset[str]:
    """The table of `CREATE [OR REPLACE] TRIGGER ... ON table` (or `DROP TRIGGER ... ON`)."""
    on = statement.find("ON", top=True)
    if not statement.has("TRIGGER") or on < 0:
        return frozenset()
    name = statement.name_at(on + 1)[0]
    return frozenset({name}) if name is not None else frozenset()


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
