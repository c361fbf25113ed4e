"""A `RunPython` callable is a lambda: `squashmigrations` cannot copy it into the squash.

## What it does
Flags a lambda passed as the `code` or `reverse_code` of a `RunPython` (by position or by
keyword), once for each.

## Why is this bad?
`squashmigrations` writes the operations of the migrations it squashes into a new file, and
copies the functions that `RunPython` references by name. A lambda has no name it can refer
to: Django stops with `ValueError: Cannot serialize function: lambda`, and the app's
migrations cannot be squashed until someone rewrites the old migration by hand. Lambdas also
hide the step from tracebacks (`<lambda>`) and from a reader scanning the file for what runs.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: apps.get_model("shop", "Product")
            .objects.filter(slug="")
            .update(slug="product"),
            lambda apps, schema_editor: None,
        ),
    ]
```

## Use instead
A named function, and `RunPython.noop` for a reverse that has nothing to do:
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
- Functions defined in the file or imported, and `RunPython.noop`.
- `RunPython` inside `SeparateDatabaseAndState(state_operations=[...])`: it never runs.

A lambda that also has a bad signature is reported by DJM401 as well.

## Options
None.

## References
- [Django: Squashing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-squashing)
- [Django: Serializing values](https://docs.djangoproject.com/en/stable/topics/migrations/#serializing-values)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Fix,
    Kind,
    Migration,
    Rule,
    Violation,
    dotted_name,
    replace,
    report,
)

CODE = "DJM406"
NAME = "runpython-lambda"
MESSAGE = "`RunPython` `{argument}` is a lambda `squashmigrations` cannot copy: use a function"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step in ctx.runpython.steps:
        for argument, callable_ in step.callables():
            if callable_.kind is Kind.LAMBDA:
                message = MESSAGE.format(argument=argument)
                yield report(step.op, CODE, message)


def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
    """A `reverse_code` lambda that only returns a constant made the operation's own `noop`
    (`migrations.RunPython.noop`, or `RunPython.noop` where the file imports `RunPython`)."""
    if violation.message != MESSAGE.format(argument="reverse_code"):
        return None
    for step in ctx.runpython.steps:
        reverse = step.reverse_code
        if (step.op.line, step.op.col) != (violation.line, violation.col) or reverse is None:
            continue
        runpython = dotted_name(step.op.call.func)
        if runpython is not None and _does_nothing(reverse.node):
            return Fix((replace(reverse.node, f"{runpython}.noop"),))
    return None


def _does_nothing(node: ast.expr) -> bool:
    """`lambda apps, schema_editor: None` (or any other constant: Django ignores what the
    callable returns): the same as `RunPython.noop`."""
    return isinstance(node, ast.Lambda) and isinstance(node.body, ast.Constant)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=fix,
    fix_kind="safe",
)
