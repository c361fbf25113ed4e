"""A migration does nothing: no operations, nothing that depends on it being there.

## What it does
Off by default. Flags a migration whose class has no operations (`operations = []`, or no
`operations` at all) and no role in the graph: at most one dependency, on a migration of the
same app, no dependency on another app, no `replaces`, no `run_before`.

## Why is this bad?
`makemigrations --empty` leaves such files behind when the data step planned for them was
never written, or after all its operations were moved elsewhere. They cost a row in
`django_migrations`, a step in every `migrate`, and a moment of doubt for every reader who
wonders what was supposed to happen there.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = []
```

## Use instead
Delete the file before it is applied anywhere, and point the next migration's dependency at
its predecessor. Once it has been applied on shared databases, keep it (removing it then
breaks the history of those databases) and mark it as history with `djm-start-after`.

## What it does not flag
- Merge migrations (two dependencies or more) and migrations that depend on another app or
  on the swappable user model: they order the graph.
- Squashed migrations (`replaces`) and migrations with `run_before`.
- Operations the plugin cannot see: `operations` built by a function, a comprehension,
  `*starred` elements, changed elsewhere in the class or the module.
- A `Migration` class with a custom base, which may carry operations.

## Options
None.

## References
- [Django: makemigrations --empty](https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-makemigrations-empty)
- [Django: Migration files](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM704"
NAME = "empty-migration"
MESSAGE = "`{name}` has no operations and orders nothing: delete it"

_GRAPH_LISTS = ("dependencies", "run_before", "replaces")


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if not migration.is_django_base or migration.run_before or migration.replaces:
        return
    if not _literally_empty(migration) or not _graph_lists_visible(migration):
        return
    same_app = [d for d in migration.dependencies if d.app == ctx.app_label and d.name]
    if len(same_app) == len(migration.dependencies) <= 1:
        yield report(migration, CODE, MESSAGE.format(name=ctx.stem))


def _literally_empty(migration: Migration) -> bool:
    """`operations = []` (or no `operations`) and nothing else in the file names it."""
    statement = migration.attributes.get("operations")
    if statement is not None and not (
        isinstance(statement, ast.Assign)
        and isinstance(statement.value, ast.List | ast.Tuple)
        and not statement.value.elts
    ):
        return False
    mentions = sum(
        1
        for top in migration.module_body
        for node in ast.walk(top)
        if (isinstance(node, ast.Name) and node.id == "operations")
        or (isinstance(node, ast.Attribute) and node.attr == "operations")
        or (isinstance(node, ast.arg | ast.keyword) and node.arg == "operations")
    )
    return mentions == (0 if statement is None else 1)


def _graph_lists_visible(migration: Migration) -> bool:
    """Each of `dependencies`, `run_before`, `replaces` is absent or a plain list display."""
    for name in _GRAPH_LISTS:
        statement = migration.attributes.get(name)
        if statement is None:
            continue
        value = getattr(statement, "value", None)
        if not isinstance(value, ast.List | ast.Tuple):
            return False
        if any(isinstance(e, ast.Starred) for e in value.elts):
            return False
    return True


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
)
