"""A `RunPython` without `reverse_code` makes the whole migration impossible to unapply.

## What it does
Flags a `RunPython` whose code runs on the database (at the top level of `operations`, or in
`SeparateDatabaseAndState(database_operations=[...])`) and that has no reverse callable: no
`reverse_code` argument (by keyword or as the second positional argument), or
`reverse_code=None`.

## Why is this bad?
Django can only migrate backwards through a `RunPython` that knows how to undo itself. Without
a reverse, `python manage.py migrate shop 0011` stops at this operation with
`IrreversibleError`, and so does every rollback that passes it: reverting a bad deploy, going
back to an earlier branch on a developer database, or testing a later migration with a tool
that unapplies migrations first. The surprise comes when you need the rollback most, and the
fix then has to be written under pressure.

## Example
```python
from django.db import migrations
from django.db.models import F


def euros_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.update(price=F("price") * 100)


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_price_integer")]

    operations = [
        migrations.RunPython(euros_to_cents),
    ]
```

## Use instead
Write the function that undoes the change, and pass it as `reverse_code`:
```python
from django.db import migrations
from django.db.models import F


def euros_to_cents(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.update(price=F("price") * 100)


def cents_to_euros(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.update(price=F("price") / 100)


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_price_integer")]

    operations = [
        migrations.RunPython(euros_to_cents, reverse_code=cents_to_euros),
    ]
```
When going back needs no data change, say so with `reverse_code=migrations.RunPython.noop`:
for example when the forward step only fills a column that unapplying the previous migration
drops anyway, or fixes rows in a way the older code reads just as well. Use it only when
leaving the data as it is really is correct for the older schema and code: a no-op standing in
for a real reverse lets the rollback "succeed" and leaves data the old code misreads.

`python -m flake8_django_migrations fix --unsafe` adds `reverse_code=migrations.RunPython.noop`
to the call (named the way the call names `RunPython`), or puts it in place of a literal `None`.
Unsafe: it decides that going back needs no data change; check each one it writes.

## What it does not flag
- Any `reverse_code` other than `None`: a function, `migrations.RunPython.noop`, a lambda, or
  a value the plugin cannot follow (an import, a call's result, a name bound elsewhere).
- `RunPython` inside `SeparateDatabaseAndState(state_operations=[...])`: it never runs.
- Calls that unpack their arguments (`RunPython(*steps)`, `RunPython(fill, **options)`) unless
  they pass `reverse_code=None` explicitly.
- A migration that cannot be unapplied by design: its class, or the base class it names
  (in the file, or imported from the migrations package's `__init__.py`, as django CMS's
  `IrreversibleMigration`), defines `unapply` as one `raise`; a `reverse_code` would not make it
  reversible.

## Options
None.

## References
- [Django: RunPython](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
- [Django: Reversing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#reversing-migrations)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    dotted_name,
    report,
    reverse_noop_fixer,
)

CODE = "DJM500"
NAME = "runpython-irreversible"
MESSAGE = "`RunPython({code})` cannot be unapplied: add `reverse_code` (or `RunPython.noop`)"

# Longer callable names are shown as `...` so the message stays one short line.
_MAX_LABEL = 30


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if ctx.refuses_unapply:
        return
    for op in migration.database_operations("RunPython"):
        if op.lacks_arg("reverse_code"):
            yield report(op, CODE, MESSAGE.format(code=_label(op.arg("code"))))


def _label(node: ast.expr | None) -> str:
    dotted = dotted_name(node) if node is not None else None
    return dotted if dotted is not None and len(dotted) <= _MAX_LABEL else "..."


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=reverse_noop_fixer("RunPython", "reverse_code"),
    fix_kind="unsafe",
)
