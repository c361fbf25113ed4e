"""The migration keeps the date-stamped name Django made up for it, which says nothing.

## What it does
Flags a migration whose file name is the one `makemigrations` invents when it cannot describe
the changes: the number, `auto`, then the date and time, as in `0005_auto_20240131_0942.py`.

## Why is this bad?
The migration name is what people read in `showmigrations`, in dependency lists, in code
review and in `git log`. A timestamp tells them nothing about what the migration does, so
finding the migration that added a column, or choosing the one to migrate back to, means
opening file after file. Django's generated names for single operations
(`0005_product_sku`) are fine; the `auto_` ones are a fallback meant to be replaced.

## Example
```python
# shop/migrations/0005_auto_20240131_0942.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_product")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
        migrations.AddField("product", "barcode", models.CharField(max_length=64, null=True)),
    ]
```

## Use instead
Name the migration when you create it:
`python manage.py makemigrations shop --name product_codes`, or rename the file (and every
dependency that names it) before the migration is applied anywhere:
```python
# shop/migrations/0005_product_codes.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_product")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
        migrations.AddField("product", "barcode", models.CharField(max_length=64, null=True)),
    ]
```
Django records applied migrations by name in the `django_migrations` table: once the migration
has run on a shared database, renaming it makes Django try to apply it again. Leave such files
alone and mark them as history with `djm-start-after`, or add `# noqa: DJM700` on the
`class Migration` line.

## What it does not flag
- Names that only start like a generated one: `0005_auto_prices`, `0005_auto_20240131` (no
  time), `0005_auto_20240131_0942_prices`.
- Merge migrations (`0005_merge_20240131_0942`) and squashed migrations.
- Migrations numbered up to the app's `djm-start-after` entry.

## Options
- `djm-start-after`: migrations up to this number are history and get no diagnostic.

## References
- [Django: makemigrations --name](https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-makemigrations-name)
- [Django: Migration files](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-files)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM700"
NAME = "auto-generated-name"
MESSAGE = "`{name}` is an auto-generated name: rename it after its changes"

# Django's fallback name: the zero-padded number, `auto_`, then `%Y%m%d_%H%M`.
_AUTO_NAME = re.compile(r"\d{4,}_auto_\d{8}_\d{4}", re.ASCII)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if _AUTO_NAME.fullmatch(ctx.stem):
        yield report(migration, CODE, MESSAGE.format(name=ctx.stem))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
