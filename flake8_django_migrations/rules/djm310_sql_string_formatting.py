"""The SQL of a `RunSQL` is built with an f-string, `%` or `.format()` instead of `params`.

## What it does
Flags a `RunSQL` whose `sql` or `reverse_sql` (by keyword or position) is built with string
formatting: an f-string with a placeholder, `"..." % value`, or `"...".format(...)`, also as an
element of a list or tuple of statements, as the first element of a `(sql, params)` pair, or
through a module-level name bound once to such an expression. Off by default.

## Why is this bad?
Values pasted into SQL text are not quoted or escaped: a value that holds a quote breaks the
statement, and a value that comes from settings or the environment can inject SQL. The SQL
also cannot be checked statically, so the DJM3 rules stay silent on it. `RunSQL` passes
parameters to the database driver safely: give a `(sql, params)` pair.

## Example
```python
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0080_setting")]

    operations = [
        migrations.RunSQL(
            f"INSERT INTO shop_setting (name, value) VALUES ('currency', '{settings.CURRENCY}')",
            reverse_sql="DELETE FROM shop_setting WHERE name = 'currency'",
        ),
    ]
```

## Use instead
```python
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0080_setting")]

    operations = [
        migrations.RunSQL(
            [
                (
                    "INSERT INTO shop_setting (name, value) VALUES ('currency', %s)",
                    [settings.CURRENCY],
                )
            ],
            reverse_sql="DELETE FROM shop_setting WHERE name = 'currency'",
        ),
    ]
```
Identifiers (table and column names) cannot be parameters: write them out, or build them with
`psycopg.sql.Identifier` in a `RunPython`.

## What it does not flag
- Literal SQL, `(sql, params)` pairs, concatenations of literals with `+`.
- f-strings without placeholders.
- SQL built by a function call or read from a file (not formatting the plugin can see).
- `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.

## Options
None.

## References
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
- [Django: Performing raw SQL queries (passing parameters)](https://docs.djangoproject.com/en/stable/topics/db/sql/#passing-parameters-into-raw)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    follow_constant,
    report,
    sql_string,
)

CODE = "DJM310"
NAME = "sql-string-formatting"
MESSAGE = "`{argument}` of `RunSQL` is built with {how}: pass values in `params`"

_MAX_DEPTH = 8


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("RunSQL"):
        for argument in ("sql", "reverse_sql"):
            node = op.arg(argument)
            how = _formatting(node, migration) if node is not None else None
            if how is not None:
                message = MESSAGE.format(argument=argument, how=how)
                yield report(op, CODE, message)


def _formatting(node: ast.expr, migration: Migration, depth: int = 0) -> str | None:
    """How the SQL is formatted (`an f-string`, ...), or None."""
    node = follow_constant(node, migration)
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node, ast.JoinedStr):
        placeholders = any(isinstance(v, ast.FormattedValue) for v in node.values)
        return "an f-string" if placeholders else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return "`%`" if _is_text(node.left, migration) else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        is_format = node.func.attr == "format" and _is_text(node.func.value, migration)
        return "`.format()`" if is_format else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts: list[ast.expr] = [node.left, node.right]
    elif isinstance(node, ast.List | ast.Tuple):
        parts = [_pair_sql(element, migration) for element in node.elts]
    else:
        return None
    found = (_formatting(part, migration, depth + 1) for part in parts)
    return next((how for how in found if how is not None), None)


def _pair_sql(node: ast.expr, migration: Migration) -> ast.expr:
    """The SQL of a `(sql, params)` pair, else the element itself."""
    node = follow_constant(node, migration)
    if isinstance(node, ast.Tuple | ast.List) and len(node.elts) == 2:
        return node.elts[0]
    return node


def _is_text(node: ast.expr, migration: Migration) -> bool:
    return sql_string(node, migration) is not None


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=False,
    added_in="0.1.0",
)
