"""`initial = True` on a migration that depends on an earlier migration of its own app.

## What it does
Flags the `initial = True` line of a migration that also depends on a migration of its own
app: an entry `("shop", "0003_order")` of `dependencies` whose app is the migration's app
label.

## Why is this bad?
`initial = True` tells Django that the migration creates the app's first tables: with
`migrate --fake-initial`, Django marks an initial migration as applied without running it when
the tables and columns it creates already exist. A migration that comes after others of the
same app is not where the app's schema starts; when its `CreateModel` tables happen to exist
(a table created by hand, by `RunSQL`, or left over from an earlier attempt), its other
operations are skipped silently and the database no longer matches the migration history.
The flag usually survives from copying an initial migration, or from a squash whose first
replaced migration was not the first one.

## Example
```python
# shop/migrations/0004_invoice.py
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("shop", "0003_order")]

    operations = [
        migrations.CreateModel(
            name="Invoice",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
    ]
```

## Use instead
Remove `initial = True`: left unset, a migration that depends on its own app is never taken
for an initial one:
```python
# shop/migrations/0004_invoice.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_order")]

    operations = [
        migrations.CreateModel(
            name="Invoice",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
    ]
```

## What it does not flag
- Dependencies on other apps only, and `swappable_dependency(...)`.
- A dependency on `("shop", "__first__")` or `("shop", "__latest__")` of the migration's own
  app: Django's loader ignores those.
- A later part of a split first migration: when models of two apps refer to each other,
  `makemigrations` splits an app's first migration and writes `0002_initial` with
  `initial = True`, adding the relation fields (and the indexes and constraints that use them)
  to the models `0001_initial` creates. Whatever the file is called, it is not reported when
  it only adds fields, indexes, constraints or `unique_together` / `index_together`, every
  same-app dependency is itself `initial = True`, and the models it adds to are created by
  its ancestors in the app, all of them `initial = True` files. A placeholder with no
  operations, kept after a reset of the history, is one too. A dependency or operation the
  plugin cannot read counts in favour of the split; an `initial = True` file that adds to a
  model that such a chain of files does not create, or that depends on a migration that is
  not `initial = True`, is reported.
- A migration `--fake-initial` never fakes: Django looks only at the tables of its
  `CreateModel`s and the columns of its `AddField`s, skipping unmanaged and proxy models, so a
  migration with neither (only a model with `"managed": False` in its options, as Wagtail's
  permission holder `Admin`, or only data steps) always runs.
- `initial` set to anything but the literal `True`.

## Options
- `djm-app-labels`: the app label, when it is not the folder name.

## References
- [Django: Initial migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#initial-migrations)
- [Django: migrate --fake-initial](https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-migrate-fake-initial)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    AppGraph,
    Context,
    Dependency,
    Migration,
    Operation,
    Rule,
    Violation,
    report,
    string_value,
)

CODE = "DJM605"
NAME = "initial-with-same-app-dependency"
MESSAGE = "`initial = True` but it depends on `{dependency}`: remove `initial`"

# Django's loader drops these keys when they name the migration's own app.
_IGNORED_NAMES = frozenset({"__first__", "__latest__"})
# What `makemigrations` moves into the second file of a split first migration.
_ADDITIONS = frozenset(
    {"AddField", "AddIndex", "AddConstraint", "AlterUniqueTogether", "AlterIndexTogether"}
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.initial is not True:
        return
    same_app = list(_same_app(migration.dependencies, ctx.app_label))
    if not same_app or not _may_be_faked(migration):
        return
    if not _split_initial(migration, same_app, ctx):
        line = migration.attributes["initial"]
        name = f"{same_app[0].app}.{same_app[0].name}"
        yield report(line, CODE, MESSAGE.format(dependency=name))


def _may_be_faked(migration: Migration) -> bool:
    """`--fake-initial` looks only at the tables of `CreateModel`s and the columns of
    `AddField`s, skipping unmanaged and proxy models: without one to look at, it runs the
    migration instead of faking it."""
    return any(
        op.name == "AddField" or (op.name == "CreateModel" and not _no_table(op))
        for op in migration.operations
        if op.top_level
    )


def _no_table(op: Operation) -> bool:
    """A `CreateModel` whose literal options say `managed=False` or `proxy=True`."""
    options = op.arg("options")
    if not isinstance(options, ast.Dict):
        return False
    found = {
        string_value(key): value.value
        for key, value in zip(options.keys, options.values, strict=True)
        if key is not None and isinstance(value, ast.Constant)
    }
    return found.get("managed") is False or found.get("proxy") is True


def _same_app(dependencies: tuple[Dependency, ...], app_label: str) -> Iterator[Dependency]:
    for dependency in dependencies:
        name = dependency.name
        if dependency.app == app_label and name is not None and name not in _IGNORED_NAMES:
            yield dependency


def _split_initial(migration: Migration, same_app: list[Dependency], ctx: Context) -> bool:
    """The file may be a later part of a split first migration: it only adds to models, and
    nothing known says its same-app dependencies are not `initial = True` files that create
    those models. What cannot be read is given the benefit of the doubt."""
    visible = [op for op in migration.operations if op.top_level]
    if any(op.name not in _ADDITIONS for op in visible):
        return False
    if not ctx.graph.known:
        return True
    initial = [_is_initial(ctx.graph, dependency.name) for dependency in same_app]
    if False in initial:
        return False
    if None in initial or migration.opaque_from is not None or migration.unknown_calls:
        return True
    new_tables = ctx.initial_tables
    return all(op.model_name is None or op.model_name in new_tables for op in visible)


def _is_initial(graph: AppGraph, name: str | None) -> bool | None:
    """Whether the same-app migration `name` is `initial = True`; None when unknown."""
    node = graph.current(name) if name is not None else None
    if node is None or graph.files[node].broken:
        return None
    return graph.files[node].initial


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
