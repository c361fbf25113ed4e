"""One atomic migration both changes the schema of an existing table and runs a data step.

## What it does
Reports an atomic migration that has a data step (a `RunPython`, or a `RunSQL` whose SQL
has `INSERT`, `UPDATE`, `DELETE` or `MERGE`) and also a schema step on a table that already
exists: any database operation that runs DDL on a table (`AddField`, `AddIndex`,
`AlterField` that the replayed state shows emits SQL, ...), or a `RunSQL` with table DDL
(`ALTER TABLE`, `CREATE INDEX`, `DROP TABLE`, `TRUNCATE`, ...). One `RunSQL` holding both
counts as both.

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
- `RunSQL` whose SQL is not literal, and SQL DDL that touches no table (functions, types).

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


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.is_atomic is not True:
        return
    data = next((op for op in migration.database_operations() if _is_data(op, ctx)), None)
    schema = next((op for op in migration.database_operations() if _is_schema(op, ctx)), None)
    if data is not None and schema is not None:
        message = MESSAGE.format(data=data.name, schema=_label(schema))
        yield report(migration, CODE, message)


def _label(op: Operation) -> str:
    return op.target if op.name != "RunSQL" else "RunSQL"


def _is_data(op: Operation, ctx: Context) -> bool:
    if op.name == "RunPython":
        return True
    return op.name == "RunSQL" and any(is_dml(s) for s in ctx.sql.statements(op) or ())


def _is_schema(op: Operation, ctx: Context) -> bool:
    if op.name == "RunSQL":
        return any(_table_ddl(s) for s in ctx.sql.statements(op) or ())
    if op.name in _NO_TABLE_DDL or not ctx.on_existing_table(op) or ctx.runs_no_sql(op):
        return False
    if op.name == "AlterField":
        change = ctx.alteration(op)
        return change is not None and change.effect.emits_sql is True
    return True


def _table_ddl(statement: Statement) -> bool:
    if not is_ddl(statement) or statement.starts_with("CREATE", "TABLE"):
        return False
    return statement.starts_with("TRUNCATE") or any(statement.has(w) for w in _TABLE_WORDS)


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
