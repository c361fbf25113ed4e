"""A data migration runs one query per row: `save()`, `delete()` or `create()` in a queryset loop.

## What it does
Flags, inside a `for` loop or comprehension that iterates a queryset in a `RunPython` callable
(any enclosing loop counts, `.iterator()` and slices included):
- `.save()` or `.delete()` on a model instance: the loop's target, a name bound inside the
  loop, or a model constructed there (`Price(...).save()`);
- `<Model>.objects.create()`, `.get()`, `.get_or_create()` or `.update_or_create()`, through
  any chain of queryset methods (`Model.objects.using(alias).create(...)`).

A queryset is a chain from `<Model>.objects` (or `_default_manager`) of a model from
`apps.get_model(...)` or an imported model, or from any other manager of a model from
`apps.get_model(...)` (`Article.all_objects`, declared in `CreateModel(managers=...)`),
through queryset methods, or a variable bound only to such a chain. The same managers count
for `create()`, `get()`, ... .

## Why is this bad?
Each call is a round trip to the database, so the migration runs one query per row of the
table: a million products are a million `UPDATE`s. What takes a second on a developer's
database takes hours in production, all in one transaction that holds its row locks (and
blocks the deploy) until the end.

## Example
```python
from decimal import Decimal

from django.db import migrations


def prices_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.all().iterator():
        product.price_cents = int(product.price * Decimal(100))
        product.save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(prices_to_cents, migrations.RunPython.noop),
    ]
```

## Use instead
Let the database do the work in one statement with `QuerySet.update()` and `F()`:
```python
from django.db import migrations
from django.db.models import F


def prices_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.update(price_cents=F("price") * 100)


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(prices_to_cents, migrations.RunPython.noop),
    ]
```
When each row needs Python, change the rows in memory and write them back in batches with
`bulk_update(objs, fields, batch_size=...)`; create rows with
`bulk_create(objs, batch_size=...)`.

## What it does not flag
- Loops over literals, module constants or other iterables that are not querysets (a few
  default rows created one by one).
- Calls outside loops, and `bulk_create`/`bulk_update` calls.
- Loops over a queryset whose `filter()` pins a unique field to literal values, by a list,
  tuple or set display or a name bound once to one and never grown
  (`filter(name__in=GROUPS)`, `filter(pk=1)`): the primary key (`pk`, `id`), a field the
  app's migrations declare `unique=True`, or a unique field of Django's own models
  (`auth.Group.name`, `auth.User.username`, `sites.Site.domain`). It holds at most that many
  rows, whatever else the chain filters; a `union()` lifts the bound, and lookups across
  relations (`permissions__codename__in`) do not count.
- `.update()` and `.delete()` on a queryset (one query per batch is the recommended pattern).
- Anything inside a loop over a model created earlier in the same migration: its table is
  empty, so the loop body never runs.
- Queries in a helper function called from the loop (the helper is not read as inside it).
- A lookup done once and kept: `if user is None: user = User.objects.get(...)`, where `user`
  is bound nowhere else in the loop.

## Options
None.

## References
- [Django: Database access optimization](https://docs.djangoproject.com/en/stable/topics/db/optimization/)
- [Django: bulk_update](https://docs.djangoproject.com/en/stable/ref/models/querysets/#bulk-update)
- [Django: F() expressions](https://docs.djangoproject.com/en/stable/ref/models/expressions/#f-expressions)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Body,
    Context,
    Loop,
    Migration,
    QuerySet,
    Rule,
    Step,
    Violation,
    Visit,
    few_rows,
    is_none,
    report,
)

CODE = "DJM402"
NAME = "runpython-query-in-loop"
MESSAGE = "`{function}`: one `{query}` per row of a queryset; use `update()` or `bulk_*()`"

_INSTANCE_QUERIES = frozenset({"save", "delete"})
_MANAGER_QUERIES = frozenset({"create", "get", "get_or_create", "update_or_create"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step, body in ctx.runpython.all_bodies():
        for visit in body.visits:
            node = visit.node
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            loops = _queryset_loops(body, visit, migration, step, ctx)
            query = _query(body, node, loops) if loops else None
            if query is not None and not _fetched_once(body, node, visit.loops[0]):
                message = MESSAGE.format(function=body.name, query=query)
                yield report(node, CODE, message)


def _queryset_loops(
    body: Body,
    visit: Visit,
    migration: Migration,
    step: Step,
    ctx: Context,
) -> list[tuple[Loop, QuerySet]]:
    """The enclosing loops that iterate a queryset; none when one of them iterates a table
    created earlier in this migration (it is empty: the body never runs)."""
    found = []
    for loop in visit.loops:
        queryset = body.queryset(loop.iter) if loop.iter is not None else None
        if queryset is None or few_rows(queryset, ctx, step.op):
            continue  # a handful of rows pinned by literal values are like a literal list
        if ctx.runpython.new_table(step.op, queryset.model, ctx.app_label):
            return []
        found.append((loop, queryset))
    return found


def _query(
    body: Body,
    node: ast.Call,
    loops: list[tuple[Loop, QuerySet]],
) -> str | None:
    """`Model.save()` / `Model.objects.create()` when `node` is such a call, else None."""
    assert isinstance(node.func, ast.Attribute)  # for mypy: the caller checked it
    method, receiver = node.func.attr, node.func.value
    if method in _MANAGER_QUERIES:
        model = body.manager_chain(receiver)
        return f"{model.label}.objects.{method}()" if model is not None else None
    if method not in _INSTANCE_QUERIES:
        return None
    if isinstance(receiver, ast.Call):
        model = body.model(receiver.func)
        return f"{model.label}(...).{method}()" if model is not None else None
    if isinstance(receiver, ast.Name) and not body.looks_like_queryset(receiver.id):
        return _instance_query(body, receiver.id, method, loops)
    return None


def _instance_query(
    body: Body,
    name: str,
    method: str,
    loops: list[tuple[Loop, QuerySet]],
) -> str | None:
    for loop, queryset in loops:
        if name not in body.names_bound_in[loop]:
            continue
        is_row = isinstance(loop.target, ast.Name) and loop.target.id == name
        if is_row and queryset.values:
            return None  # `values()` rows are dicts or tuples, not model instances
        return f"{queryset.model.label if is_row else name}.{method}()"
    return None


def _fetched_once(body: Body, call: ast.Call, loop: Loop) -> bool:
    """`if user is None: user = User.objects.get(...)` with `user` bound nowhere else in the
    loop: the query runs once, the first time it is needed, not once per row."""
    assign = body.parents.get(id(call))
    if not (isinstance(assign, ast.Assign) and len(assign.targets) == 1):
        return False
    target = assign.targets[0]
    if not isinstance(target, ast.Name):
        return False
    guard = body.parents.get(id(assign))
    if not (
        isinstance(guard, ast.If) and assign in guard.body and _is_unset(guard.test, target.id)
    ):
        return False
    stores = [
        v.node
        for v in body.visits
        if loop in v.loops
        and isinstance(v.node, ast.Name)
        and v.node.id == target.id
        and not isinstance(v.node.ctx, ast.Load)
    ]
    return stores == [target]


def _is_unset(test: ast.expr, name: str) -> bool:
    """`name is None` or `not name`."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return isinstance(test.operand, ast.Name) and test.operand.id == name
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == name
        and isinstance(test.ops[0], ast.Is)
        and is_none(test.comparators[0])
    )


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
