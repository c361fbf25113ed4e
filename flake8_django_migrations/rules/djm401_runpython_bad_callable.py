"""A `RunPython` callable cannot be called as `f(apps, schema_editor)`: the migration crashes.

## What it does
Flags the `code` or `reverse_code` of a `RunPython` when it is:
- a function defined in the file (at module level or in the `Migration` class body) or a
  lambda that cannot take exactly two positional arguments: more than two required
  positional parameters, fewer than two allowed (counting `*args` and defaults), or a
  keyword-only parameter without a default;
- a literal that is not callable: a string, a number, a list...

## Why is this bad?
Django calls `code(apps, schema_editor)` and `reverse_code(apps, schema_editor)`. Any other
signature raises `TypeError` when the migration runs (or, for a literal, `ValueError` as soon
as the migration is loaded), often only on the way back, when a rollback is urgent and
`reverse_code` runs for the first time.

## Example
```python
from django.db import migrations


def fill_slugs(apps):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(slug="").update(slug="product")


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.RunPython(fill_slugs, "noop"),
    ]
```

## Use instead
```python
from django.db import migrations


def fill_slugs(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(slug="").update(slug="product")


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
```

## What it does not flag
- `RunPython.noop`, in any spelling, and `reverse_code=None` (DJM500's business).
- Signatures that accept two positional arguments: `(apps, schema_editor)`,
  `(apps, schema_editor, dry_run=False)`, `(*args)`, `(apps, *args, **kwargs)`.
- Functions defined in the `Migration` class body and referenced by name in `operations`:
  there they are plain functions, not methods.
- Decorated functions, names bound more than once, imported callables, `functools.partial`,
  call results: the plugin cannot see their signature.

A lambda with a bad signature is reported by this rule and by DJM406: one crashes the
migration, the other stops `squashmigrations`, and fixing one does not fix the other.

## Options
None.

## References
- [Django: RunPython](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Kind,
    Migration,
    Rule,
    RunPythonCallable,
    Violation,
    positional_params,
    report,
)

CODE = "DJM401"
NAME = "runpython-bad-callable"
MESSAGE = "`{argument}` `{callable}` cannot be called as `f(apps, schema_editor)`"

# Longer literals are shown as `...` so the message stays one short line.
_MAX_LABEL = 24


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step in ctx.runpython.steps:
        for argument, callable_ in step.callables():
            if _broken(callable_):
                message = MESSAGE.format(argument=argument, callable=_label(callable_))
                yield report(step.op, CODE, message)


def _broken(callable_: RunPythonCallable) -> bool:
    if callable_.kind is Kind.LITERAL:
        return True
    function = callable_.function
    if function is None:
        return False
    args = function.args
    positional = len(positional_params(function))
    required = positional - len(args.defaults)
    if required > 2 or (positional < 2 and args.vararg is None):
        return True
    return any(default is None for default in args.kw_defaults)


def _label(callable_: RunPythonCallable) -> str:
    if callable_.kind is not Kind.LITERAL:
        return callable_.name
    text = ast.unparse(callable_.node)
    return text if len(text) <= _MAX_LABEL else "..."


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
