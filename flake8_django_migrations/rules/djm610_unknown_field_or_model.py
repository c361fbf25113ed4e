"""An operation names a model or field that does not exist at that point of the history.

## What it does
Replays the app's earlier migrations (those this one depends on, as Django would apply them)
and the operations before this one, then reports an operation whose model or field is not in
that state: `AddField`, `AlterField`, `RemoveField` or `RenameField` of a missing field or on a
missing model, `DeleteModel` or `RenameModel` of a missing model, and `AddField` of a field that
already exists. Operations inside `SeparateDatabaseAndState` are checked too, its
`database_operations` against the state before it.

## Why is this bad?
Django applies operations to its in-memory model state before it touches the database, and an
operation on something the state does not have raises at `migrate` time (`KeyError`,
`FieldDoesNotExist`, "field already exists"): on every fresh database, every test run, and the
deploy. It usually comes from a hand-edited migration, a merge that kept both sides of a
rename, or the second step of a staged drop written as `RemoveField` after a state-only
removal already took the field out.

## Example
```python
# 0007 already removed `legacy_code` from the state with SeparateDatabaseAndState.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_remove_product_legacy_code_state")]

    operations = [
        migrations.RemoveField("product", "legacy_code"),
    ]
```

## Use instead
Drop the column with SQL, which does not need the field in the state:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_remove_product_legacy_code_state")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_product DROP COLUMN legacy_code",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## What it does not flag
- Models and fields of an unknown state: when an earlier migration of the app cannot be read,
  is missing, uses an operation the plugin does not know without naming its models, or builds
  its operations at run time, the models concerned (or the whole app) are unknown.
- Migrations replaced by a squashed migration, or on a dependency cycle: they have no defined
  state.
- Operations whose model or field name is not a literal.
- Field operations on a model that a custom operation naming only that model ran on earlier
  (wagtail's `BootstrapLocaleField("basepage.BasePage")`): it may have added or removed
  fields. The model's other facts stay known.
- Field operations on unmanaged (`managed = False`) and proxy models: Django runs no SQL for
  them, and its state takes an `AlterField` of a missing field as an addition.
- Files checked without their folder on disk.
- Apps whose own files contradict their label (they name their sibling migrations only
  under another label, see [App label](../terms.md#app-label)): their graph and state are unknown.

## Options
- `djm-app-labels`, `djm-migration-dirs`: how the app's folder and label are found.

## References
- [Django: How migrations work with the model state](https://docs.djangoproject.com/en/stable/ref/migration-operations/#writing-your-own)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    AppState,
    Context,
    Migration,
    Operation,
    Rule,
    Violation,
    report,
)

CODE = "DJM610"
NAME = "unknown-field-or-model"
MESSAGE = "`{name}` of {what} `{target}`, which does not exist at this point"

_FIELD_OPERATIONS = ("AlterField", "RemoveField", "RenameField")
_MODEL_OPERATIONS = ("DeleteModel", "RenameModel", "AddField", *_FIELD_OPERATIONS)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.operations:
        if op.name in _MODEL_OPERATIONS:
            problem = _problem(op, ctx.state_before(op))
            if problem is not None:
                yield report(op, CODE, problem)


def _problem(op: Operation, state: AppState) -> str | None:
    model = op.model_name
    if state.lacks_model(model):
        return MESSAGE.format(name=op.name, what="the model", target=model)
    found = state.model(model)
    field = op.field_name
    # Django runs no SQL for unmanaged and proxy models, and its state accepts such changes.
    if found is None or field is None or found.managed is not True or found.open_fields:
        return None
    if op.name in _FIELD_OPERATIONS and not found.has_field(field):
        return MESSAGE.format(name=op.name, what="the field", target=op.target)
    if op.name == "AddField" and found.has_field(field):
        return f"`AddField` of `{op.target}`, which already exists"
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
