"""A dependency names a migration that does not exist: Django cannot build the graph.

## What it does
Checks each entry of `dependencies` that names a migration of the same app, or of another app
whose migrations folder the plugin finds in the project, against the files of that folder. It
reports an entry whose migration is neither there nor replaced by a squashed migration that is
there.

## Why is this bad?
Django builds the whole migration graph before it runs anything. A dependency on a missing
node stops every `migrate`, `makemigrations` and test run with `NodeNotFoundError`, not only
the migration that carries the dependency. It usually comes from a migration renamed or
deleted in one branch and depended on in another, or from squashed migrations removed while a
later file still names them.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_order_note")]  # the file is 0007_order_notes.py

    operations = [
        migrations.AddField("order", "total", models.IntegerField(null=True)),
    ]
```

## Use instead
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_order_notes")]

    operations = [
        migrations.AddField("order", "total", models.IntegerField(null=True)),
    ]
```

## What it does not flag
- `__first__` and `__latest__` (DJM606), and `swappable_dependency(...)`.
- A migration replaced by a squashed migration of its folder: the squash stands for it.
- Apps whose migrations folder is not found from the checked file (see the README's
  "How other apps are found"), such as Django's own apps and installed packages.
- Folders where some file cannot be read: it may be the squash that replaces the missing one.
- Dependencies the plugin cannot read (names built at run time).
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
- `djm-app-labels`: where an app's label is not its folder name.
- `djm-migration-dirs`: the folder names that hold migrations.

## References
- [Django: Migration files and dependencies](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
- [Django: Squashing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-squashing)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    AppGraph,
    Context,
    Dependency,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM601"
NAME = "missing-dependency"
MESSAGE = "dependency `{app}.{name}` does not exist (`NodeNotFoundError`): fix or remove it"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for dep in migration.dependencies:
        if dep.app is None or dep.name is None or dep.name.startswith("__"):
            continue
        graph = _graph_of(dep.app, ctx)
        if graph is not None and _is_missing(graph, dep):
            message = MESSAGE.format(app=dep.app, name=dep.name)
            yield report(dep.node, CODE, message)


def _graph_of(app: str, ctx: Context) -> AppGraph | None:
    if app == ctx.app_label:
        return ctx.graph if ctx.graph.known else None
    other = ctx.other_app(app)
    return other.graph if other is not None else None


def _is_missing(graph: AppGraph, dep: Dependency) -> bool:
    if dep.name is None or graph.current(dep.name) is not None:
        return False
    return not any(summary.broken for summary in graph.files.values())


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
