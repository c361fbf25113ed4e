"""A column added to an existing table makes PostgreSQL rewrite every row under full lock.

## What it does
Flags an `AddField` on an existing table of:
- a stored `GeneratedField` (`db_persist=True`);
- a field whose `db_default` calls a volatile function: `RandomUUID()`
  (`django.contrib.postgres.functions`), `Random()`, `UUID4()`, `UUID7()`
  (`django.db.models.functions`), or `Func(function=...)` naming one such as `random`,
  `gen_random_uuid`, `uuid_generate_v4`, `clock_timestamp` or `nextval`, anywhere in the
  expression.

## Why is this bad?
Since PostgreSQL 11, `ADD COLUMN ... DEFAULT <value>` is instant when the default can be
computed once: the value is stored in the catalog and old rows read it from there. A volatile
default must be computed for each row, and a stored generated column must be computed from each
row's other columns, so PostgreSQL rewrites the whole table and rebuilds every index, all under
the ACCESS EXCLUSIVE lock of the `ALTER TABLE`: no reads, no writes until the migration commits.
Measured on PostgreSQL 15: `db_default=UUID4()` took 0.89 s on 200,000 rows and 9.0 s on
2,000,000; a stored `GeneratedField` 0.56 s and 6.4 s. A rewrite also needs disk space for a
second copy of the table and its indexes.

## Example
```python
from django.contrib.postgres.functions import RandomUUID
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0017_order_notes")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(db_default=RandomUUID()),
        ),
    ]
```

## Use instead
Add the column nullable and without a default (instant), then give it the database default
(`SET DEFAULT` is catalog-only and applies to new rows only):
```python
from django.contrib.postgres.functions import RandomUUID
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0017_order_notes")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(null=True),
        ),
        migrations.AlterField(
            model_name="order",
            name="public_id",
            field=models.UUIDField(null=True, db_default=RandomUUID()),
        ),
    ]
```
Then fill the old rows in batches, and make the column NOT NULL in a later migration
(a `CHECK (... IS NOT NULL)` added `NOT VALID` and validated first lets `SET NOT NULL` skip
its scan). For a stored `GeneratedField` on a large table, add a plain nullable column kept up
to date by the application or a trigger, and backfill it in batches; PostgreSQL 18 also offers
virtual generated columns (`db_persist=False`), which store nothing (older versions reject
them).

## What it does not flag
- A `db_default` that is a constant or a stable function: `Now()` (it becomes
  `STATEMENT_TIMESTAMP()`, evaluated once per statement) is instant.
- A Python `default=`, even a callable one (`uuid.uuid4`): Django evaluates it once, so every
  existing row gets the same value and nothing is rewritten (DJM108 covers the unique case).
- `GeneratedField(db_persist=False)`.
- Calls the plugin cannot resolve (custom functions, a `Func` whose `function` is not a
  literal), custom field classes.
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [Django: Field.db_default](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-default)
- [Django: GeneratedField](https://docs.djangoproject.com/en/stable/ref/models/fields/#generatedfield)
- [PostgreSQL: ALTER TABLE, ADD COLUMN notes](https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES)
- [PostgreSQL: function volatility categories](https://www.postgresql.org/docs/current/xfunc-volatility.html)
- [PostgreSQL: generated columns](https://www.postgresql.org/docs/current/ddl-generated-columns.html)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    FieldCall,
    Migration,
    Rule,
    Violation,
    keyword_map,
    report,
    string_value,
)

CODE = "DJM206"
NAME = "add-field-rewrites-table"
MESSAGE = "`{target}`: {cause} rewrites the table under lock; add it nullable"

_VOLATILE_CLASSES = frozenset(
    {
        "django.contrib.postgres.functions.RandomUUID",
        "django.db.models.functions.Random",
        "django.db.models.functions.math.Random",
        "django.db.models.functions.UUID4",
        "django.db.models.functions.UUID7",
        "django.db.models.functions.uuid.UUID4",
        "django.db.models.functions.uuid.UUID7",
    }
)
_FUNC_CLASSES = frozenset({"django.db.models.Func", "django.db.models.expressions.Func"})
# PostgreSQL functions marked VOLATILE that make sense as a column default.
_VOLATILE_SQL_FUNCTIONS = frozenset(
    {
        "random",
        "random_normal",
        "gen_random_uuid",
        "uuidv4",
        "uuidv7",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "clock_timestamp",
        "timeofday",
        "nextval",
    }
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op, field in ctx.added_fields():
        cause = _cause(field, migration)
        if cause is not None:
            yield report(op, CODE, MESSAGE.format(target=op.target, cause=cause))


def _cause(field: FieldCall, migration: Migration) -> str | None:
    if field.kind == "GeneratedField" and field.is_set("db_persist"):
        return "stored `GeneratedField`"
    default = field.kwargs.get("db_default")
    if default is not None and _calls_volatile(default, migration):
        return "volatile `db_default`"
    return None


def _calls_volatile(expression: ast.expr, migration: Migration) -> bool:
    calls = (node for node in ast.walk(expression) if isinstance(node, ast.Call))
    return any(_is_volatile(call, migration) for call in calls)


def _is_volatile(call: ast.Call, migration: Migration) -> bool:
    qualified = migration.resolve(call.func)
    if qualified in _VOLATILE_CLASSES:
        return True
    if qualified not in _FUNC_CLASSES:
        return False
    function = string_value(keyword_map(call).get("function"))
    return function is not None and function.rpartition(".")[2].lower() in _VOLATILE_SQL_FUNCTIONS


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
