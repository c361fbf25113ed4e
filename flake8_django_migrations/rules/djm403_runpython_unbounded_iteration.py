"""A data migration loops over a whole queryset at once: every row is loaded into memory.

## What it does
Flags a `for` loop or comprehension in a `RunPython` callable that iterates a queryset
without `.iterator()` and without a slice. A queryset is a chain from `<Model>.objects` (or
`_default_manager`) of a model from `apps.get_model(...)` or an imported model, or from any
other manager of a model from `apps.get_model(...)` (`Article.all_objects`, declared in
`CreateModel(managers=...)`), through queryset methods (`all`, `filter`, `exclude`,
`order_by`, `select_related`, `using`, `values`, `values_list`, ...), or a variable bound
only to such a chain.

## Why is this bad?
Iterating a queryset fetches and caches every row before the first iteration: a table of
ten million rows becomes ten million model instances (or tuples, for `values_list()`) in
the memory of the process running `migrate`. On a developer's database it passes; in
production the deploy is killed for running out of memory, or slows everything else on the
machine down while it lasts.

## Example
```python
from django.db import migrations


def copy_profiles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("accounts", "Profile")
    profiles = [Profile(user_id=user.pk, bio=user.bio) for user in User.objects.all()]
    Profile.objects.bulk_create(profiles, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_profile")]

    operations = [
        migrations.RunPython(copy_profiles, migrations.RunPython.noop),
    ]
```

## Use instead
Stream the rows with `.iterator(chunk_size=...)` and write them in batches:
```python
from django.db import migrations

BATCH = 1000


def copy_profiles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Profile = apps.get_model("accounts", "Profile")
    batch = []
    for user in User.objects.only("pk", "bio").iterator(chunk_size=BATCH):
        batch.append(Profile(user_id=user.pk, bio=user.bio))
        if len(batch) == BATCH:
            Profile.objects.bulk_create(batch)
            batch = []
    Profile.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_profile")]

    operations = [
        migrations.RunPython(copy_profiles, migrations.RunPython.noop),
    ]
```
Or walk the table in slices of primary keys (`qs.filter(pk__gt=last).order_by("pk")[:1000]`).

## What it does not flag
- `.iterator()` anywhere in the chain, and slices (`[:n]`, `[a:b]`).
- Aggregations by group, `values(...).annotate(...)`: one row per group, such as the
  duplicates a clean-up looks for (`.annotate(n=Count("id")).filter(n__gt=1)`).
- A queryset filtered by the row of an enclosing loop over rows
  (`for line in Line.objects.filter(order=order)` inside `for order in ...`): it holds the
  rows of one parent; the outer loop is what loads the table.
- Querysets of a model created earlier in the same migration: its table is empty.
- A queryset whose `filter()` pins a unique field to literal values, by a list, tuple or set
  display or a name bound once to one and never grown (`filter(name__in=GROUPS)`,
  `filter(pk=1)`): the primary key (`pk`, `id`), a field the app's migrations declare
  `unique=True`, or a unique field of Django's own models (`auth.Group.name`,
  `auth.User.username`, `sites.Site.domain`). It holds at most that many rows, whatever
  else the chain filters; a `union()` lifts the bound, and lookups across relations
  (`permissions__codename__in`) do not count.
- `list(queryset)`, `len(queryset)` and other uses that are not a loop.
- Iterables the plugin cannot resolve: related managers (`order.lines.all()`), querysets
  passed in as parameters, models not from `apps.get_model` or an import.

## Options
None.

## References
- [Django: QuerySet.iterator()](https://docs.djangoproject.com/en/stable/ref/models/querysets/#iterator)
- [Django: When QuerySets are evaluated](https://docs.djangoproject.com/en/stable/ref/models/querysets/#when-querysets-are-evaluated)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Body,
    Context,
    Loop,
    Migration,
    Rule,
    Violation,
    few_rows,
    report,
)

CODE = "DJM403"
NAME = "runpython-unbounded-iteration"
MESSAGE = "`{function}` loads all of `{model}` into memory: use `.iterator()`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step, body in ctx.runpython.all_bodies():
        for loop in body.loops:
            queryset = body.queryset(loop.iter) if loop.iter is not None else None
            if queryset is None or queryset.bounded or queryset.grouped or _per_row(body, loop):
                continue
            if few_rows(queryset, ctx, step.op):
                continue
            if not ctx.runpython.new_table(step.op, queryset.model, ctx.app_label):
                message = MESSAGE.format(function=body.name, model=queryset.model.label)
                yield report(loop.node, CODE, message)


def _per_row(body: Body, loop: Loop) -> bool:
    """The queryset depends on the row of an enclosing loop over rows (`filter(order=order)`
    inside `for order in ...`): it holds the rows of one parent, not the table. An enclosing
    loop over a literal (`for status in ["open", "closed"]`) does not count."""
    assert loop.iter is not None  # for mypy: the caller found a queryset there
    used = {n.id for n in ast.walk(loop.iter) if isinstance(n, ast.Name)}
    return any(
        used & body.names_bound_in[outer]
        for outer in loop.outer
        if outer.iter is not None and not _literal(body, outer.iter)
    )


def _literal(body: Body, node: ast.expr) -> bool:
    if isinstance(node, ast.Name) and node.id not in body.bindings:
        node = body.migration.constants.get(node.id, node)
    return isinstance(node, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.Constant)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
