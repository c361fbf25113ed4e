"""A dependency on `__latest__` of another app: what it means changes with that app.

## What it does
Flags each entry of `dependencies` of the form `("payments", "__latest__")` that names an app
other than the migration's own.

## Why is this bad?
A dependency is a fixed point in the migration graph: "this migration needs the schema that
`payments.0007_refund` leaves". `__latest__` instead means whatever the last migration of
`payments` is when Django loads the graph, and every new migration of that app moves it.
Once `payments` gets a new migration (an upgrade of a third-party app, a teammate's change),
every database that already applied this migration has it applied before one of its
dependencies: `migrate` and `makemigrations` stop with `InconsistentMigrationHistory` until
the history is repaired by hand. Fresh databases meanwhile apply the migrations in another
order than the old ones did, and a new `payments` migration that depends on this app makes a
cycle (`CircularDependencyError`) nobody wrote. `makemigrations` never writes `__latest__`.

## Example
```python
# shop/migrations/0005_order_payment.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0004_order"),
        ("payments", "__latest__"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="payment",
            field=models.ForeignKey(
                "payments.Payment", null=True, on_delete=models.SET_NULL
            ),
        ),
    ]
```

## Use instead
Name the migration that creates what this one needs:
```python
# shop/migrations/0005_order_payment.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0004_order"),
        ("payments", "0003_payment"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="payment",
            field=models.ForeignKey(
                "payments.Payment", null=True, on_delete=models.SET_NULL
            ),
        ),
    ]
```

`python -m flake8_django_migrations fix` writes the other app's current leaf in place of
`__latest__`, when that app's migrations folder is found, all its files can be read and its
graph has exactly one leaf.

## What it does not flag
- `("payments", "__first__")`: the first migration of an app does not move.
- `("shop", "__latest__")` in a migration of `shop` itself: Django's loader ignores
  `__first__` and `__latest__` dependencies on the migration's own app.
- `run_before` entries, and dependencies that are not literal pairs.

## Options
- `djm-app-labels`: the app label, when it is not the folder name.

## References
- [Django: Migration files (dependencies)](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
- [Django: Controlling the order of migrations](https://docs.djangoproject.com/en/stable/howto/writing-migrations/#controlling-the-order-of-migrations)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Dependency,
    Fix,
    Migration,
    Rule,
    Violation,
    replace,
    report,
    source,
)

CODE = "DJM606"
NAME = "latest-dependency"
MESSAGE = "dependency on `{app}.__latest__` moves with every new `{app}` migration: name one"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for dependency in migration.dependencies:
        app = dependency.app
        if dependency.name == "__latest__" and app is not None and app != ctx.app_label:
            node = dependency.node
            yield report(node, CODE, MESSAGE.format(app=app))


def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
    """`__latest__` replaced by the other app's leaf, when its graph is certain and has one."""
    for dependency in migration.dependencies:
        node = dependency.node
        if (node.lineno, node.col_offset) == (violation.line, violation.col):
            return _pinned(migration, ctx, dependency)
    return None


def _pinned(migration: Migration, ctx: Context, dependency: Dependency) -> Fix | None:
    other = ctx.other_app(dependency.app) if dependency.app is not None else None
    node = dependency.node
    if other is None or not isinstance(node, ast.Tuple | ast.List) or len(node.elts) != 2:
        return None
    graph = other.graph
    if not graph.certain or len(graph.leaves) != 1:
        return None
    name = node.elts[1]
    text = source(migration, name)
    if text is None or text.count("__latest__") != 1:
        return None
    return Fix((replace(name, text.replace("__latest__", graph.leaves[0])),))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=fix,
    fix_kind="safe",
)
