"""The app has more than one leaf migration: `migrate` refuses to run until they are merged.

## What it does
Reads the sibling files of the migration's folder, builds the app's migration graph as
Django's loader does (squashed migrations standing for the ones they replace), and reports
each leaf (a migration no other migration of the app depends on) when there is more than one,
naming the others.

## Why is this bad?
Two branches that each added a migration after the same parent leave the app with two leaves.
`python manage.py migrate` then stops with "Conflicting migrations detected; multiple leaf
nodes in the migration graph", so the deploy that carries both branches fails at its migration
step, usually after the code was built and shipped. The fix takes a minute before merging and
an incident after it.

## Example
Two files of `shop/migrations/` both depend on `0004_order_status`:
```python
# 0005_order_note.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order_status")]

    operations = [
        migrations.AddField("order", "note", models.TextField(blank=True, default="")),
    ]
```
```python
# 0005_product_sku.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_order_status")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
    ]
```

## Use instead
Run `python manage.py makemigrations --merge shop`, which writes a migration depending on
both leaves:
```python
# 0006_merge.py
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0005_order_note"),
        ("shop", "0005_product_sku"),
    ]

    operations = []
```
Or renumber one branch so that it depends on the other before merging the code.

## What it does not flag
- Leaves replaced by a squashed migration, and a merge migration that depends on all leaves.
- Python files of the folder that are not migrations (helper modules, `__init__.py`).
- Folders where some file cannot be read (a syntax error) or lists its dependencies in a way
  the plugin cannot follow (built by a function): the graph may then have edges it cannot see.
- Apps whose graph has a dependency cycle (DJM602 reports it): Django cannot load such a graph,
  so its leaves mean nothing until the cycle is broken.
- Files checked without their folder on disk (for example an editor buffer of a deleted file).
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
None.

## References
- [Django: Migration conflicts (`makemigrations --merge`)](https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-makemigrations-merge)
- [Django: Version control and migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#version-control)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM600"
NAME = "multiple-leaf-nodes"
MESSAGE = "`{app}` has {count} leaf migrations (also {others}): run `makemigrations --merge`"

# Only this many other leaves are named, so the message stays one short line.
_NAMED = 2


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    graph = ctx.graph
    leaves = graph.leaves
    if not graph.certain or ctx.stem not in leaves or len(leaves) < 2:
        return
    others = [f"`{leaf}`" for leaf in leaves if leaf != ctx.stem]
    named = ", ".join(others[:_NAMED]) + (", ..." if len(others) > _NAMED else "")
    message = MESSAGE.format(app=ctx.app_label, count=len(leaves), others=named)
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
