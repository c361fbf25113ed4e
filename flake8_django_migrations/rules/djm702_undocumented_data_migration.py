'''A data migration explains neither in the file nor in its function why it changes the data.

## What it does
Off by default. Flags a migration with a `RunPython` whose module has no docstring and whose
forward function (a function defined in the file) has no docstring either.

## Why is this bad?
Schema operations say what they do; a data step does not. Months later, someone reading
`fix_prices` has to guess which bug it repaired, whether it is safe to run again, and
whether its reverse really is a no-op, usually while a migration fails on a production copy
or while squashing. One sentence written by the author, who knew, saves that guesswork.

## Example
```python
from django.db import migrations
from django.db.models import F


def fix_prices(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(price_cents__lt=100).update(price_cents=F("price_cents") * 100)


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(fix_prices, migrations.RunPython.noop),
    ]
```

## Use instead
```python
from django.db import migrations
from django.db.models import F


def fix_prices(apps, schema_editor):
    """Prices imported before 0012 were stored in euros: convert them to cents.

    Safe to run twice: converted prices are all 100 or more.
    """
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(price_cents__lt=100).update(price_cents=F("price_cents") * 100)


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_product_price_cents")]

    operations = [
        migrations.RunPython(fix_prices, migrations.RunPython.noop),
    ]
```
A module docstring at the top of the file works as well.

## What it does not flag
- Migrations with a module docstring.
- `RunPython` whose forward callable has a docstring, is a lambda (DJM406), or cannot be
  resolved (an import, a call's result).
- Reverse functions: the forward one says what the step is for.

## Options
None.

## References
- [Django: Data migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#data-migrations)
- [PEP 257: Docstring conventions](https://peps.python.org/pep-0257/)
'''

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    CallableNode,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM702"
NAME = "undocumented-data-migration"
MESSAGE = "data migration `{function}` has no docstring saying why it runs"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.docstring:
        return
    for step in ctx.runpython.steps:
        if step.code is not None and _undocumented(step.code.function):
            message = MESSAGE.format(function=step.code.name)
            yield report(migration, CODE, message)
            return


def _undocumented(function: CallableNode | None) -> bool:
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    return not ast.get_docstring(function)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
)
