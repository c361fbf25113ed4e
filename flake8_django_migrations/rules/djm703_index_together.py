"""The migration still uses `index_together`, deprecated in Django 4.2 and gone from models in 5.1.

## What it does
From Django 4.2 on (`djm-django-version`), flags an `AlterIndexTogether` that sets a non-empty
`index_together`, and a `CreateModel` whose `options` carry a non-empty `index_together`, in
`operations`, `database_operations` or `state_operations` alike.

## Why is this bad?
`Meta.index_together` was deprecated in Django 4.2 in favour of `Meta.indexes`, and Django 5.1
no longer accepts it on models. Django documents `AlterIndexTogether` as supported only for
migration files written before 4.2. A new migration that still builds these indexes ties the
project to the old option: the model cannot be upgraded to 5.1 without another migration, and
the unnamed indexes it creates have to be found and renamed later.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_order_created")]

    operations = [
        migrations.AlterIndexTogether(
            name="order",
            index_together={("customer", "created")},
        ),
    ]
```

## Use instead
Declare the index in the model's `Meta.indexes`, which `makemigrations` turns into `AddIndex`:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_order_created")]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["customer", "created"], name="order_customer_created_idx"),
        ),
    ]
```
To move an index that `index_together` already created, replace the option by the same
`Meta.indexes` entry and let `makemigrations` write a `RenameIndex`: it renames the existing
index instead of building a new one.
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0009_order_index_together")]

    operations = [
        migrations.RenameIndex(
            model_name="order",
            new_name="order_customer_created_idx",
            old_fields=("customer", "created"),
        ),
    ]
```

## What it does not flag
- Anything when `djm-django-version` is below 4.2, where `index_together` is still current.
- `AlterIndexTogether` with an empty value (`set()`, `[]`, `()`, `None`): it removes the
  indexes, as written when moving off the option.
- Values the plugin cannot read: a name, a call, an `options` dict built elsewhere.
- Migrations numbered up to the app's `djm-start-after` entry: the ones written before the
  upgrade can stay as they are.

## Options
- `djm-django-version`: the rule is on from 4.2.
- `djm-start-after`: marks the migrations written before the upgrade as history.

## References
- [Django 4.2 release notes: index_together deprecated](https://docs.djangoproject.com/en/stable/releases/4.2/#index-together-option-is-deprecated-in-favor-of-indexes)
- [Django: Meta.indexes](https://docs.djangoproject.com/en/stable/ref/models/options/#indexes)
- [Django: AlterIndexTogether](https://docs.djangoproject.com/en/stable/ref/migration-operations/#alterindextogether)
- [Django: RenameIndex](https://docs.djangoproject.com/en/stable/ref/migration-operations/#renameindex)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations import astutil
from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration, Operation

CODE = "DJM703"
NAME = "index-together"
MESSAGE = "`{model}` uses `index_together`, deprecated: use `Meta.indexes`"

_DEPRECATED_IN = (4, 2)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if ctx.settings.django_version < _DEPRECATED_IN:
        return
    # State operations count too: the option stays in the project's migrations either way.
    for op in migration.operations:
        if _sets_index_together(op):
            yield Violation(op.line, op.col, CODE, MESSAGE.format(model=op.target))


def _sets_index_together(op: Operation) -> bool:
    if op.name == "AlterIndexTogether":
        return _non_empty(op.arg("index_together"))
    if op.name == "CreateModel":
        return _non_empty(_option(op.arg("options"), "index_together"))
    return False


def _option(options: ast.expr | None, key: str) -> ast.expr | None:
    """The value of `key` in a dict literal; `**spread` entries are not read."""
    if not isinstance(options, ast.Dict):
        return None
    # The last occurrence wins, as in a Python dict.
    pairs = zip(reversed(options.keys), reversed(options.values), strict=True)
    for name, value in pairs:
        if name is not None and astutil.string_value(name) == key:
            return value
    return None


def _non_empty(value: ast.expr | None) -> bool:
    """A literal set, list or tuple with at least one element that is not unpacked."""
    if not isinstance(value, ast.Set | ast.List | ast.Tuple):
        return False
    return any(not isinstance(element, ast.Starred) for element in value.elts)
