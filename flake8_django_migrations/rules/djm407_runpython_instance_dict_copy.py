"""A data migration builds a model from `**obj.__dict__`: Django's `_state` goes along and fails.

## What it does
Flags, in a `RunPython` callable, a model constructed with `**obj.__dict__` or `**vars(obj)`
(`Archive(**order.__dict__)`), or created with them through its manager
(`Archive.objects.create(**order.__dict__)`, `get_or_create`, `update_or_create`).

## Why is this bad?
An instance's `__dict__` holds more than its fields: Django's `_state` (and caches such as
`_prefetched_objects_cache`). A model's constructor rejects them:
`TypeError: Archive() got unexpected keyword arguments: '_state'`. The copy also carries the
source row's primary key, which overwrites rows of the target table when it does not fail,
and breaks as soon as either model gains a field the other lacks.

## Example
```python
from django.db import migrations


def archive_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    ArchivedOrder = apps.get_model("shop", "ArchivedOrder")
    for order in Order.objects.filter(status="closed").iterator():
        ArchivedOrder(**order.__dict__).save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_archivedorder")]

    operations = [
        migrations.RunPython(archive_orders, migrations.RunPython.noop),
    ]
```

## Use instead
Name the fields to copy, and let the database copy them in batches:
```python
from django.db import migrations

FIELDS = ("number", "customer_id", "total", "closed_at")


def archive_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    ArchivedOrder = apps.get_model("shop", "ArchivedOrder")
    closed = Order.objects.filter(status="closed").values(*FIELDS)
    ArchivedOrder.objects.bulk_create(
        (ArchivedOrder(**row) for row in closed.iterator(chunk_size=1000)), batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_archivedorder")]

    operations = [
        migrations.RunPython(archive_orders, migrations.RunPython.noop),
    ]
```
`django.forms.models.model_to_dict(obj, fields=[...])` also returns the fields only.

## What it does not flag
- Explicit fields, `**row` of a `values()` row, `**model_to_dict(obj)`, and a copy of
  `__dict__` cleaned first (`data = dict(obj.__dict__); del data["_state"]`).
- Calls of anything the plugin does not know as a model (from `apps.get_model(...)` or an
  import).

## Options
None.

## References
- [Django: Model instances: creating objects](https://docs.djangoproject.com/en/stable/ref/models/instances/#creating-objects)
- [Django: model_to_dict](https://docs.djangoproject.com/en/stable/topics/forms/modelforms/)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import Body, Context, Migration, Rule, Violation, report

CODE = "DJM407"
NAME = "runpython-instance-dict-copy"
MESSAGE = "`{function}`: `{model}` from `**{source}` gets `_state`: name fields"

_CREATE = frozenset({"create", "get_or_create", "update_or_create"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for _, body in ctx.runpython.all_bodies():
        for visit in body.visits:
            node = visit.node
            if not isinstance(node, ast.Call):
                continue
            source = _instance_dict(node)
            model = _built_model(body, node) if source is not None else None
            if model is not None:
                message = MESSAGE.format(function=body.name, model=model, source=source)
                yield report(node, CODE, message)


def _instance_dict(call: ast.Call) -> str | None:
    """`obj.__dict__` or `vars(obj)` when the call unpacks one as keyword arguments."""
    for keyword in call.keywords:
        value = keyword.value
        if keyword.arg is not None:
            continue
        if isinstance(value, ast.Attribute) and value.attr == "__dict__":
            return ast.unparse(value)
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "vars"
            and len(value.args) == 1
        ):
            return ast.unparse(value)
    return None


def _built_model(body: Body, call: ast.Call) -> str | None:
    model = body.model(call.func)
    if model is not None:
        return model.label
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in _CREATE:
        model = body.manager_chain(func.value)
        if model is not None:
            return f"{model.label}.objects.{func.attr}()"
    return None


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
