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
- Files named `NNNN_initial.py`: `makemigrations` writes `0002_initial` with `initial = True`
  when it splits an app's first migration to break a dependency cycle between apps.
- `initial` set to anything but the literal `True`.

## Options
- `djm-app-labels`: the app label, when it is not the folder name.

## References
- [Django: Initial migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#initial-migrations)
- [Django: migrate --fake-initial](https://docs.djangoproject.com/en/stable/ref/django-admin/#cmdoption-migrate-fake-initial)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Dependency, Migration

CODE = "DJM605"
NAME = "initial-with-same-app-dependency"
MESSAGE = "`initial = True` but the migration depends on `{dependency}`"

_SPLIT_INITIAL = re.compile(r"\d+_initial", re.ASCII)
# Django's loader drops these keys when they name the migration's own app.
_IGNORED_NAMES = frozenset({"__first__", "__latest__"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.initial is not True or _SPLIT_INITIAL.fullmatch(ctx.stem):
        return
    dependency = next(_same_app(migration.dependencies, ctx.app_label), None)
    if dependency is not None:
        line = migration.attributes["initial"]
        name = f"{dependency.app}.{dependency.name}"
        yield Violation(line.lineno, line.col_offset, CODE, MESSAGE.format(dependency=name))


def _same_app(dependencies: tuple[Dependency, ...], app_label: str) -> Iterator[Dependency]:
    for dependency in dependencies:
        name = dependency.name
        if dependency.app == app_label and name is not None and name not in _IGNORED_NAMES:
            yield dependency
