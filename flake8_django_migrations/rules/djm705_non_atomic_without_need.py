"""`atomic = False` on a migration that has nothing that needs it.

## What it does
Flags `atomic = False` on a migration when every operation is visible and none of them needs
to run outside a transaction: no `AddIndexConcurrently` / `RemoveIndexConcurrently`, no
`RunPython` (its code may commit in batches or hand work to another process), no
`RenameModel`, `RenameField` or `AlterModelTable` (SQLite refuses some table renames inside a
transaction), and no `RunSQL` whose literal SQL (`sql` or `reverse_sql`) needs it:
`CONCURRENTLY`, `VACUUM`, `ALTER TYPE ... ADD VALUE`, or transaction control (`BEGIN`,
`COMMIT`, ...). Off by default.

## Why is this bad?
Django runs a non-atomic migration statement by statement. When one operation fails, the ones
before it stay applied and the migration is not recorded: the database is left half migrated,
and running the migration again fails on the steps that already happened. In an atomic
migration PostgreSQL rolls everything back instead.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0090_order_note")]

    operations = [
        migrations.AddField("order", "gift_note", models.TextField(blank=True, default="")),
        migrations.AlterField("order", "note", models.TextField(blank=True)),
    ]
```

## Use instead
Remove `atomic = False`:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0090_order_note")]

    operations = [
        migrations.AddField("order", "gift_note", models.TextField(blank=True, default="")),
        migrations.AlterField("order", "note", models.TextField(blank=True)),
    ]
```

## What it does not flag
- Migrations with any of the operations listed above.
- Migrations whose operations the plugin cannot all see: a list built by a function or from a
  name, `*starred` elements, `operations += [...]` or `.append(...)`, a custom or third-party
  operation (which may need it), or a `RunSQL` whose SQL is not literal.
- `atomic` set to anything but the literal `False`.

## Options
None.

## References
- [Django: non-atomic migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#non-atomic-migrations)
- [PostgreSQL: ALTER TYPE (ADD VALUE)](https://www.postgresql.org/docs/current/sql-altertype.html)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    TRANSACTIONAL_DDL,
    Context,
    Migration,
    Operation,
    Rule,
    Statement,
    Violation,
    has_star_args,
    has_star_kwargs,
    is_none,
    is_transaction_control,
    report,
    runs_outside_transaction,
)

CODE = "DJM705"
NAME = "non-atomic-without-need"
MESSAGE = "`atomic = False` but no operation here needs it"

_NEEDS_NO_TRANSACTION = frozenset(
    {
        "AddIndexConcurrently",
        "RemoveIndexConcurrently",
        "RunPython",
        "RenameModel",
        "RenameField",
        "AlterModelTable",
    }
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    statement = migration.attributes.get("atomic")
    if statement is None or migration.is_atomic is not False:
        return
    if not _all_operations_visible(migration):
        return
    if any(_needs_no_transaction(op, ctx) for op in migration.operations):
        return
    yield report(statement, CODE, MESSAGE)


def _all_operations_visible(migration: Migration) -> bool:
    """One plain `operations = [...]` whose every element is a known operation."""
    assignment = migration.attributes.get("operations")
    if not isinstance(assignment, ast.Assign) or not isinstance(
        assignment.value, ast.List | ast.Tuple
    ):
        return False
    mentions = sum(
        isinstance(node, ast.Name) and node.id == "operations"
        for node in ast.walk(migration.class_node)
    )
    top_level = sum(1 for _ in migration.top_level_operations())
    return mentions == 1 and len(assignment.value.elts) == top_level


def _needs_no_transaction(op: Operation, ctx: Context) -> bool:
    if op.name in _NEEDS_NO_TRANSACTION:
        return True
    if op.name != "RunSQL":
        return False
    if has_star_args(op.call) or has_star_kwargs(op.call):
        return True  # the SQL may hide in them
    for argument in ("sql", "reverse_sql"):
        if op.arg(argument) is None or is_none(op.arg(argument)):
            continue
        found = ctx.sql.statements(op, argument)
        if found is None or any(_needs_it(statement) for statement in found):
            return True
    return False


def _needs_it(statement: Statement) -> bool:
    if runs_outside_transaction(statement) or is_transaction_control(statement):
        return True
    return statement.starts_with("ALTER", "TYPE") and statement.has_sequence("ADD", "VALUE")


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
    databases=TRANSACTIONAL_DDL,
)
