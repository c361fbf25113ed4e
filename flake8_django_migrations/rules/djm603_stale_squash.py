"""A squashed migration some of whose replaced migrations are gone while others remain.

## What it does
Reads the `replaces` list of a squashed migration and looks for the migrations it names in
the folder. It reports when some of them have been deleted and others are still there.

## Why is this bad?
Django uses a squashed migration only on databases that applied all of the migrations it
replaces, or none of them. A database that applied part of the range (one that was migrated
while the range was being written, or that lags a few releases behind) needs every replaced
file to go on; once some are deleted, `migrate` on that database stops with
`NodeNotFoundError`. Deleting replaced files one by one breaks exactly the databases that are
furthest behind. Delete them all in one change, once every database has applied the squash.

## Example
```python
# 0001_squashed_0004_order_total.py, with 0001 and 0002 deleted but 0003 and 0004 kept
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("shop", "0001_initial"),
        ("shop", "0002_order_status"),
        ("shop", "0003_order_note"),
        ("shop", "0004_order_total"),
    ]

    initial = True

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
    ]
```

## Use instead
Restore the deleted files until every database has applied the squash. Then delete all the
replaced files in one change; a project that controls all its databases can also remove
`replaces` at that point, turning the squash into a normal migration:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
    ]
```

## What it does not flag
- A squash whose replaced migrations are all still present (the normal transition period).
- A squash whose replaced migrations are all gone. Removing `replaces` then finishes the
  transition, but keeping it is what a reusable app must do as long as some database may
  have recorded the old names: without it, such a database would run the squash again.
- `replaces` entries of other apps, and lists the plugin cannot read.
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
None.

## References
- [Django: Squashing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-squashing)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM603"
NAME = "stale-squash"
MESSAGE = "{gone} of the {total} migrations `{name}` replaces are gone, not all: restore them"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    statement = migration.attributes.get("replaces")
    if not ctx.graph.known or statement is None or "replaces" in migration.hidden_lists:
        return
    if any(d.app is None or d.name is None for d in migration.replaces):
        return  # an entry the plugin cannot read may name what is missing
    names = [d.name for d in migration.replaces if d.app == ctx.app_label and d.name]
    gone = [name for name in names if name not in ctx.migrations_on_disk]
    if gone and len(gone) < len(names):
        message = MESSAGE.format(gone=len(gone), total=len(names), name=ctx.stem)
        yield report(statement, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
