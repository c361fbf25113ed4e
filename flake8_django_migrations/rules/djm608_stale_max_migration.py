"""`max_migration.txt` does not name the app's latest migration.

## What it does
For folders that carry a `max_migration.txt` (written by django-linear-migrations), checks
that the file names the app's single leaf migration, and reports on that leaf when it names
another one.

## Why is this bad?
`max_migration.txt` exists so that two branches adding migrations to the same app conflict in
version control, where the conflict is cheap, rather than in `migrate`. When it lags behind,
that protection is gone: the next branch merges cleanly and leaves the app with two leaves.
django-linear-migrations' own check fails CI on it too, usually after a rebase that kept the
wrong side of the file.

## Example
`shop/migrations/max_migration.txt` says `0006_order_note`, while the app's latest migration is:
```python
# 0007_order_total.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_order_note")]

    operations = [migrations.AddField("order", "total", models.IntegerField(null=True))]
```

## Use instead
Write the leaf's name in the file (`python manage.py create_max_migration_files --recreate`
does it for every app): `max_migration.txt` then says `0007_order_total`.

## What it does not flag
- Folders without `max_migration.txt`.
- Apps with two or more leaves (DJM600 reports them), and folders where some file cannot be
  read or lists its dependencies in a way the plugin cannot follow, or whose graph has a
  dependency cycle (DJM602).
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
None.

## References
- [django-linear-migrations](https://github.com/adamchainz/django-linear-migrations)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM608"
NAME = "stale-max-migration"
MESSAGE = "`max_migration.txt` names `{named}`, not the leaf `{leaf}`: update it"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    named = ctx.max_migration
    if named is None:
        return
    graph = ctx.graph
    if graph.certain and graph.leaves == (ctx.stem,) and named != ctx.stem:
        message = MESSAGE.format(named=named, leaf=ctx.stem)
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
