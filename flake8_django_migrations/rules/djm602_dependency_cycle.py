"""The app's migrations depend on each other in a circle: Django cannot order them.

## What it does
Builds the app's migration graph from the files of its folder (`dependencies` and
`run_before`, with squashed migrations standing for the ones they replace) and reports each
migration that lies on a cycle, naming another member of it, and each migration that names
itself in its own `dependencies` or `run_before`.

## Why is this bad?
Django needs an order in which every migration comes after the ones it depends on. With a
cycle there is none: `migrate` and `makemigrations` stop with `CircularDependencyError` for
the whole project. Cycles come from hand-edited dependencies, a `run_before` pointing the
wrong way, or a rebase that renumbered files without updating who depends on whom.

## Example
```python
# 0003_order_total.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order_note")]

    operations = [migrations.AddField("order", "total", models.IntegerField(null=True))]
```
```python
# 0004_order_note.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_order_total")]

    operations = [migrations.AddField("order", "note", models.TextField(null=True))]
```

## Use instead
Make the dependencies follow the order the migrations must run in:
```python
# 0003_order_total.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_order_status")]

    operations = [migrations.AddField("order", "total", models.IntegerField(null=True))]
```

While an app has a cycle, the other graph rules (DJM600, DJM608) and the rules that need the
replayed state stay silent on it: Django cannot load the graph, so neither can the plugin.

## What it does not flag
- Cycles that run through other apps: only the app's own migrations are followed.
- Dependencies the plugin cannot read, and files it cannot parse.
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
None.

## References
- [Django: Migration files and dependencies](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM602"
NAME = "dependency-cycle"
MESSAGE = "`{name}` is on a dependency cycle with `{other}`: fix the order"
SELF_MESSAGE = "`{name}` depends on itself: remove that dependency"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    group = ctx.graph.cycle_of(ctx.stem)
    if not group:
        return
    others = [member for member in group if member != ctx.stem]
    if others:
        message = MESSAGE.format(name=ctx.stem, other=others[0])
    else:
        message = SELF_MESSAGE.format(name=ctx.stem)
    yield report(migration, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
