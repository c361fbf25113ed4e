"""`apps.get_model()` names a model that does not exist at that point of the history.

## What it does
For each `apps.get_model("app", "Model")` (or `apps.get_model("app.Model")`) with literal
arguments in a `RunPython` callable (and the module-level helpers it calls with `apps`), looks
the model up in the replayed state:
- for the migration's own app, in the state just before the `RunPython` (models created
  earlier in the same migration exist, models deleted or renamed earlier do not);
- for another app whose migrations folder is found, in all of that app's migrations: a model
  none of them ever creates.

## Why is this bad?
`apps` holds the historical models as of this migration, not today's. A name that is not
there raises `LookupError: App 'shop' doesn't have a 'Order' model.` at `migrate` time: on
every fresh database, every test run, and the deploy. It happens after a `RenameModel`
(`Order` became `Purchase` two migrations ago), when a data migration is copied from another
branch, or with a typo that only the first `migrate` finds.

## Example
```python
from django.db import migrations


def close_old_orders(apps, schema_editor):
    Order = apps.get_model("shop", "Order")  # renamed to Purchase in 0010
    Order.objects.filter(status="new").update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_purchase_status")]

    operations = [
        migrations.RunPython(close_old_orders, migrations.RunPython.noop),
    ]
```

## Use instead
```python
from django.db import migrations


def close_old_orders(apps, schema_editor):
    Purchase = apps.get_model("shop", "Purchase")
    Purchase.objects.filter(status="new").update(status="closed")


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_purchase_status")]

    operations = [
        migrations.RunPython(close_old_orders, migrations.RunPython.noop),
    ]
```

## What it does not flag
- Arguments that are not literals (`apps.get_model(app_label, name)`).
- Apps whose state is unknown (an earlier migration the plugin cannot read or follow) and
  apps whose migrations folder is not found (Django's own apps, installed packages).
- Another app's model that one of its migrations creates, even if a later one deletes it:
  which of them has run at this point is not known without the dependency graph between apps.
- Callables the plugin cannot resolve (imported functions, call results).
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph and state are unknown.

## Options
- `djm-app-labels`, `djm-migration-dirs`: how app folders and labels are found.

## References
- [Django: Data migrations and historical models](https://docs.djangoproject.com/en/stable/topics/migrations/#data-migrations)
- [Django: RunPython](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runpython)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    GetModel,
    Migration,
    Operation,
    OtherApp,
    Rule,
    Violation,
    report,
)

CODE = "DJM409"
NAME = "runpython-unknown-model"
MESSAGE = "`apps.get_model()`: `{app}` has no model `{model}` at this point"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for step in ctx.runpython.steps:
        for found in ctx.runpython.get_model_calls(step.op):
            if _is_missing(found, step.op, ctx):
                message = MESSAGE.format(app=found.app_label, model=found.model_name)
                yield report(found.call, CODE, message)


def _is_missing(found: GetModel, op: Operation, ctx: Context) -> bool:
    if found.app_label is None or found.model_name is None:
        return False
    model = found.model_name.lower()
    if found.app_label == ctx.app_label:
        return ctx.state_before(op).lacks_model(model)
    other = ctx.other_app(found.app_label)
    return other is not None and _never_created(other, model)


def _never_created(app: OtherApp, model: str) -> bool:
    created = app.models_ever_created
    return created is not None and model not in created


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
