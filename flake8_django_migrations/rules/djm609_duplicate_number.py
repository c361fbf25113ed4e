"""Two migrations of the app share a number: a sign of branches merged without a rebase.

## What it does
Off by default. Reports each migration whose leading number (`0012` in `0012_order_note`) is
also the number of another migration of the same app, naming that other migration.

## Why is this bad?
Django does not need unique numbers, but a shared number says that two branches each added
"the next" migration: the graph then has two leaves until a merge migration joins them, and
the order in which the two run differs between databases that applied them at different
times. Teams that keep a linear history (often with django-linear-migrations) want to rename
and re-parent one of them instead, before the change lands.

## Example
`shop/migrations/` holds `0012_order_note.py` and `0012_product_sku.py`, both depending on
`0011_order_status`.

## Use instead
Rename one of them to the next number and make it depend on the other:
```python
# 0013_product_sku.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_order_note")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
    ]
```

## What it does not flag
- A squashed migration and the migrations it replaces (`0001_squashed_0004` beside
  `0001_initial`).
- Files whose names do not start with a number, and Python files that are not migrations.
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph is unknown.

## Options
None.

## References
- [Django: Version control and migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#version-control)
- [django-linear-migrations](https://github.com/adamchainz/django-linear-migrations)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM609"
NAME = "duplicate-number"
MESSAGE = "`{name}` shares its number with `{other}`"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    others = ctx.graph.sharing_number(ctx.stem)
    if others:
        message = MESSAGE.format(name=ctx.stem, other=others[0])
        yield report(migration, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
)
