"""A `RunSQL` without `reverse_sql` makes the whole migration impossible to unapply.

## What it does
Flags a `RunSQL` that runs on the database (at the top level of `operations`, or in
`SeparateDatabaseAndState(database_operations=[...])`) and has no `reverse_sql` argument (by
keyword or as the second positional argument), or `reverse_sql=None`.

## Why is this bad?
Django treats a `RunSQL` with no reverse as irreversible: `python manage.py migrate shop 0014`
stops at it with `IrreversibleError`, and so does every rollback that has to pass it, such as
reverting a bad deploy or switching a developer database back to an earlier branch. The problem
stays invisible until the day someone needs to go back.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_order_status")]

    operations = [
        migrations.RunSQL(
            "CREATE VIEW shop_open_order AS SELECT * FROM shop_order WHERE status = 'open'",
        ),
    ]
```

## Use instead
Give the statement that undoes it:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_order_status")]

    operations = [
        migrations.RunSQL(
            "CREATE VIEW shop_open_order AS SELECT * FROM shop_order WHERE status = 'open'",
            reverse_sql="DROP VIEW shop_open_order",
        ),
    ]
```
When going back needs no SQL (the forward statement only corrected data that stays valid for
the older code, or its effect disappears with an earlier migration's reverse), write
`reverse_sql=migrations.RunSQL.noop`. Use it only when doing nothing is really the right
reverse: otherwise the rollback "succeeds" and leaves the database out of step with the code.

`python -m flake8_django_migrations fix --unsafe` adds `reverse_sql=migrations.RunSQL.noop`
to the call (named the way the call names `RunSQL`), or puts it in place of a literal `None`.
Unsafe: it decides that going back needs no SQL; check each one it writes.

## What it does not flag
- Any `reverse_sql` other than `None`: a statement, a list of statements,
  `migrations.RunSQL.noop`, an empty string or list (Django runs nothing), or a value the plugin
  cannot follow.
- `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`: it never runs.
- Calls that unpack their arguments (`RunSQL(*statements)`, `RunSQL(sql, **options)`) unless
  they pass `reverse_sql=None` explicitly.
- A migration that cannot be unapplied by design: its class, or the base class it names
  (in the file, or imported from the migrations package's `__init__.py`, as django CMS's
  `IrreversibleMigration`), defines `unapply` as one `raise`; a `reverse_sql` would not make it
  reversible.

## Options
None.

## References
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
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
    string_value,
)

CODE = "DJM501"
NAME = "runsql-irreversible"
MESSAGE = "`RunSQL({sql})` cannot be unapplied: add `reverse_sql` (or `RunSQL.noop`)"

# Longer names or SQL openings are shown as `...` so the message stays one short line.
_MAX_LABEL = 30
_SQL_WORDS = 2


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if ctx.refuses_unapply:
        return
    for op in migration.database_operations("RunSQL"):
        if op.lacks_arg("reverse_sql"):
            yield report(op, CODE, MESSAGE.format(sql=_label(op.arg("sql"))))


def _label(node: ast.expr | None) -> str:
    """A constant's name, or the first words of a literal statement, else `...`."""
    if node is None:
        return "..."
    text = string_value(node)
    label = dotted_name(node) if text is None else _opening(text)
    return label if label is not None and len(label) <= _MAX_LABEL else "..."


def _opening(sql: str) -> str | None:
    code_lines = (line for line in sql.splitlines() if not line.strip().startswith("--"))
    words = " ".join(code_lines).split()
    if not words:
        return None
    more = " ..." if len(words) > _SQL_WORDS else ""
    return f'"{" ".join(words[:_SQL_WORDS])}{more}"'


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=reverse_noop_fixer("RunSQL", "reverse_sql"),
    fix_kind="unsafe",
)
