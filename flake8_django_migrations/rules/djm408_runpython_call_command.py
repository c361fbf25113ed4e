"""A migration runs a management command: today's code against the schema of its time.

## What it does
Flags `call_command(...)` (imported from `django.core.management`, or called as
`management.call_command`) anywhere in a migration file: in a `RunPython` callable, a helper,
or at module level. A typical case is `call_command("loaddata", "initial_categories")`.

## Why is this bad?
A management command imports and uses the models of today's code, not the historical models
of the migration. `loaddata` deserializes the fixture through today's models: once a later
migration adds a field (or the fixture gains one), the command writes columns that do not
exist yet at this point of the history, and `migrate` fails on every fresh database (CI,
new developers, a new region). The fixture file can also change or disappear, silently
changing what the migration does.

## Example
```python
from django.core.management import call_command
from django.db import migrations


def load_categories(apps, schema_editor):
    call_command("loaddata", "initial_categories")


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_category")]

    operations = [
        migrations.RunPython(load_categories, migrations.RunPython.noop),
    ]
```

## Use instead
Read the fixture in the migration and create the rows with the historical model, so the data
goes in through the schema of this point of the history:
```python
import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent / "data" / "initial_categories.json"


def load_categories(apps, schema_editor):
    Category = apps.get_model("shop", "Category")
    db_alias = schema_editor.connection.alias
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    Category.objects.using(db_alias).bulk_create(
        [Category(pk=row["pk"], **row["fields"]) for row in rows], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_category")]

    operations = [
        migrations.RunPython(load_categories, migrations.RunPython.noop),
    ]
```
Keep the fixture file next to the migration and never change it: later fields get their
values in the migrations that add them. For a handful of rows, a literal list in the
migration is simpler still.

## What it does not flag
- A function named `call_command` that is not Django's (defined in the file or imported from
  elsewhere).
- `schema_editor.execute(...)` and other ways of running SQL.

## Options
None.

## References
- [Django: Data migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#data-migrations)
- [Django: Providing initial data with migrations](https://docs.djangoproject.com/en/stable/howto/initial-data/#providing-data-with-migrations)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    report,
    string_value,
)

CODE = "DJM408"
NAME = "runpython-call-command"
MESSAGE = "`call_command({command})` runs today's models on an old schema: use `apps.get_model()`"

_CALL_COMMAND = "django.core.management.call_command"
# Longer command arguments are shown as `...` so the message stays one short line.
_MAX_LABEL = 24


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if not any("call_command" in line for line in migration.lines):
        return  # most files: no walk of the whole module
    for statement in migration.module_body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Call) and migration.resolve(node.func) == _CALL_COMMAND:
                message = MESSAGE.format(command=_label(node))
                yield report(node, CODE, message)


def _label(call: ast.Call) -> str:
    command = string_value(call.args[0]) if call.args else None
    if command is None or len(command) > _MAX_LABEL:
        return "..."
    return repr(command)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
