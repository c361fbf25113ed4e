"""A migration does too many things at once: hard to review, and it fails half-understood.

## What it does
Off by default. Flags a migration with more than `djm-max-operations` (default 10) top-level
operations. Initial migrations (`initial = True`) and squashed migrations (with `replaces`)
are left alone: they are long by nature.

## Why is this bad?
A migration is one deploy step. When it holds many changes, reviewers skim it, the locks and
rewrites of each change add up in one transaction, and when it fails on production data
nobody can tell quickly which change it was or roll back only that one. Small migrations,
each doing one thing, are reviewed properly, can be deployed and reverted separately, and
name themselves (`0042_order_tracking_code`).

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
        migrations.AddField("product", "barcode", models.CharField(max_length=64, null=True)),
        migrations.AddField("product", "weight", models.IntegerField(null=True)),
        migrations.AddField("product", "width", models.IntegerField(null=True)),
        migrations.AddField("product", "height", models.IntegerField(null=True)),
        migrations.AddField("product", "depth", models.IntegerField(null=True)),
        migrations.AddField("order", "tracking_code", models.CharField(max_length=64, null=True)),
        migrations.AddField("order", "carrier", models.CharField(max_length=64, null=True)),
        migrations.AlterField("order", "note", models.TextField(blank=True)),
        migrations.RemoveField("order", "legacy_status"),
        migrations.DeleteModel("Basket"),
    ]
```

## Use instead
One migration per change that ships on its own: here, product dimensions, order tracking,
and the clean-up (which also needs the staged drop of DJM100/DJM101). Run `makemigrations`
after each model change rather than once at the end, or split the file by hand before it is
applied anywhere.

## What it does not flag
- Migrations with `initial = True` (or whose `initial` cannot be read), files named
  `NNNN_initial.py` (Django only writes `initial = True` since 1.9), and squashed migrations
  (`replaces`).
- Operations the plugin cannot see (built by a function, `*starred` elements) and unknown
  operations: only the visible Django operations are counted, so the count can only be low.

## Options
- `djm-max-operations`: the largest number of operations allowed (default 10).

## References
- [Django: Migration files](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM701"
NAME = "too-many-operations"
MESSAGE = "migration has {count} operations, more than {limit}: split it"

_INITIAL_NAME = re.compile(r"\d+_initial", re.ASCII)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.initial is not False or migration.replaces or "replaces" in migration.attributes:
        return
    if _INITIAL_NAME.fullmatch(ctx.stem):
        return  # `0001_initial` written before Django set `initial = True` (1.9)
    count = sum(1 for _ in migration.top_level_operations())
    limit = ctx.settings.max_operations
    if count > limit:
        message = MESSAGE.format(count=count, limit=limit)
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
