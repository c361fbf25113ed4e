"""A data migration queries the default database, whatever database is being migrated.

## What it does
Off by default. Flags a `RunPython` callable that runs ORM queries (through a model's
`objects` or `_default_manager`, `.save()`, `.delete()`, `bulk_create`, `bulk_update`) but
never reads `schema_editor.connection.alias`, neither itself nor in the module-level helpers
it calls with `apps`.

## Why is this bad?
`migrate --database=replica_eu` applies the schema changes to that database, but the ORM
queries of the data step still go to `default`: the new database gets its columns without
its data, and `default` gets its data changed a second time. Projects with a single database
never notice, which is why the rule is opt-in; multi-database projects (sharding, tenants,
per-region databases) need every data migration to honour the alias.

## Example
```python
from django.db import migrations


def close_old_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    Order.objects.filter(status="pending").update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_order_status")]

    operations = [
        migrations.RunPython(close_old_orders, migrations.RunPython.noop),
    ]
```

## Use instead
```python
from django.db import migrations


def close_old_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    db_alias = schema_editor.connection.alias
    Order.objects.using(db_alias).filter(status="pending").update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_order_status")]

    operations = [
        migrations.RunPython(close_old_orders, migrations.RunPython.noop),
    ]
```

## What it does not flag
- Callables that read `schema_editor.connection.alias` (whatever the parameter's name), or
  hand `schema_editor` or its `connection` to other code, which may read it.
- Callables that already choose a database: any `.using(...)` or `using=` in them.
- Callables that run no ORM query (`schema_editor.execute(...)` only, for example).
- Callables without a second parameter, and callables the plugin cannot resolve.

## Options
None.

## References
- [Django: RunPython and multiple databases](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
- [Django: Data migrations and multiple databases](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#data-migrations-and-multiple-databases)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    MANAGERS,
    Body,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM405"
NAME = "runpython-ignores-database-alias"
MESSAGE = "`{function}` runs queries without `schema_editor.connection.alias`"

_QUERY_METHODS = frozenset({"save", "delete", "bulk_create", "bulk_update"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step in ctx.runpython.steps:
        for _, callable_ in step.callables():
            if _ignores_alias(ctx.runpython.bodies(callable_)):
                node = callable_.function
                at = (
                    node
                    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    else step.op.call
                )
                message = MESSAGE.format(function=callable_.name)
                yield report(at, CODE, message)


def _ignores_alias(bodies: list[Body]) -> bool:
    if not bodies or bodies[0].editor is None:
        return False
    return any(_queries(b) for b in bodies) and not any(_chooses_database(b) for b in bodies)


def _queries(body: Body) -> bool:
    return any(_is_query(visit.node) for visit in body.visits)


def _is_query(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr in MANAGERS
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _QUERY_METHODS
    )


def _chooses_database(body: Body) -> bool:
    """The body reads the alias, may read it elsewhere, or picks a database itself."""
    if body.may_read_alias:
        return True
    for visit in body.visits:
        node = visit.node
        if isinstance(node, ast.keyword) and node.arg == "using":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "using":
            return True
    return False


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
)
