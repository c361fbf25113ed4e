"""A data migration calls a manager method on the historical model class, not on its manager.

## What it does
Flags, in a `RunPython` callable (and the module-level helpers it calls with `apps`), a
manager or queryset method called on a model from `apps.get_model(...)` itself:
`Invoice.filter(...)`, `Invoice.all()`, `Invoice.create(...)`, `Invoice.bulk_update(...)`,
`Invoice.get(...)`, `Invoice.update(...)`, `Invoice.count()`, ... instead of on
`Invoice.objects`.

## Why is this bad?
A model class has none of these methods: they live on its manager. The call raises
`AttributeError: type object 'Invoice' has no attribute 'filter'` when `migrate` reaches the
step, on every database, and leaves the deploy stopped half way through its migrations. The
mistake hides well: the migration imports, `makemigrations --check` passes, and only running
it finds it.

## Example
```python
from django.db import migrations


def close_paid_invoices(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    Invoice.filter(paid=True).update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("billing", "0007_invoice_status")]

    operations = [
        migrations.RunPython(close_paid_invoices, migrations.RunPython.noop),
    ]
```

## Use instead
Go through the manager:
```python
from django.db import migrations


def close_paid_invoices(apps, schema_editor):
    Invoice = apps.get_model("billing", "Invoice")
    Invoice.objects.filter(paid=True).update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("billing", "0007_invoice_status")]

    operations = [
        migrations.RunPython(close_paid_invoices, migrations.RunPython.noop),
    ]
```

## What it does not flag
- Methods a model class does have: `Invoice.save(invoice)` and `Invoice.delete(invoice)`
  (the instance methods called through the class), `Invoice.check()`, `Invoice.from_db(...)`.
- Managers, custom ones included: `Invoice.objects.filter(...)`,
  `Invoice.all_objects.filter(...)`.
- Models imported from a `models` module (today's class may define a class method of that
  name; DJM400 reports the import) and names the plugin cannot trace to `apps.get_model`.
- Callables the plugin cannot resolve (imported functions, call results).

## Options
None.

## References
- [Django: Managers](https://docs.djangoproject.com/en/stable/topics/db/managers/)
- [Django: Making queries](https://docs.djangoproject.com/en/stable/topics/db/queries/#retrieving-objects)
- [Django: Historical models](https://docs.djangoproject.com/en/stable/topics/migrations/#historical-models)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    QUERYSET_METHODS,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM410"
NAME = "runpython-manager-method-on-model"
MESSAGE = "`{model}.{method}()` in `{function}` fails: call it on `.objects`"

# Manager methods a model class lacks. `delete` is left out: `Model.delete(obj)` is the
# instance method called through the class, and works.
_MANAGER_METHODS = QUERYSET_METHODS | frozenset(
    {
        "aggregate",
        "bulk_create",
        "bulk_update",
        "contains",
        "count",
        "create",
        "earliest",
        "exists",
        "explain",
        "first",
        "get",
        "get_or_create",
        "get_queryset",
        "in_bulk",
        "last",
        "latest",
        "none",
        "raw",
        "update",
        "update_or_create",
    }
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for _, body in ctx.runpython.all_bodies():
        for visit in body.visits:
            node = visit.node
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in _MANAGER_METHODS:
                continue
            model = body.model(node.func.value)
            if model is not None and model.historical:
                method = node.func.attr
                message = MESSAGE.format(function=body.name, model=model.label, method=method)
                yield report(node, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
