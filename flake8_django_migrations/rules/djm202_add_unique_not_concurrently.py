"""A unique index is built on an existing table without `CONCURRENTLY`: the table is locked.

## What it does
Flags, on a table that already exists:
- `AddConstraint` of a `UniqueConstraint`;
- `AddField` of a non-relation field with `unique=True`;
- `AlterField` that makes a column unique (`unique=True`, `primary_key=True`, or a
  `ForeignKey` becoming a `OneToOneField`), as the replayed state shows;
- `AlterUniqueTogether` whose set has a group of fields the replayed state's
  `unique_together` lacks, or any group when the state is unknown (Django adds one
  `UNIQUE` constraint per new group). The forms older Django wrote,
  `unique_together=set([("a", "b")])` (and `frozenset(...)`, `tuple(...)`, `list(...)` of
  literals), are read like the literals they wrap.

## Why is this bad?
Django adds a plain `UniqueConstraint(fields=[...])` with
`ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`, and a `unique=True` field with
`ALTER TABLE ... ADD COLUMN ... UNIQUE`. Both build the unique index inside the `ALTER TABLE`,
under an ACCESS EXCLUSIVE lock: for the whole build the table can be neither read nor written.
Measured on PostgreSQL 15: 0.12 s on 200,000 rows, 1.07 s on 2,000,000, growing with the
table. A `CharField` or `TextField` also gets a second, `_like` index, built in the same
transaction while the lock is still held.

A `UniqueConstraint` with a `condition`, expressions, `include` or `opclasses` becomes
`CREATE UNIQUE INDEX` instead: SHARE lock, reads go on but writes wait for the whole build
(measured: 0.13 s on 200,000 rows, 1.3 s on 2,000,000).

If existing rows hold duplicates, the build fails and the migration rolls back, after the
table was locked all along.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        migrations.AddConstraint(
            model_name="order",
            constraint=models.UniqueConstraint(
                fields=["tracking_code"], name="shop_order_tracking_uniq"
            ),
        ),
    ]
```

## Use instead
Build the unique index concurrently, then attach it as the constraint (instant), in a
non-atomic migration; `SeparateDatabaseAndState` records the constraint in Django's state:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    sql='CREATE UNIQUE INDEX CONCURRENTLY "shop_order_tracking_uniq" '
                    'ON "shop_order" ("tracking_code")',
                    reverse_sql='DROP INDEX CONCURRENTLY IF EXISTS "shop_order_tracking_uniq"',
                ),
                migrations.RunSQL(
                    sql='ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_tracking_uniq" '
                    'UNIQUE USING INDEX "shop_order_tracking_uniq"',
                    reverse_sql='ALTER TABLE "shop_order" '
                    'DROP CONSTRAINT "shop_order_tracking_uniq"',
                ),
            ],
            state_operations=[
                migrations.AddConstraint(
                    model_name="order",
                    constraint=models.UniqueConstraint(
                        fields=["tracking_code"], name="shop_order_tracking_uniq"
                    ),
                ),
            ],
        ),
    ]
```
For a conditional or expression constraint, Django itself only creates a unique index: the
first `RunSQL` alone (with the same `WHERE` or expression) does the job. For a new
`unique=True` field, add the field without `unique` first, then make it unique this way in a
later migration.

## What it does not flag
- A new, empty table: one created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Operations inside `SeparateDatabaseAndState(state_operations=[...])`.
- `ForeignKey(unique=True)` and `OneToOneField`: DJM203 reports them, so one line never gets
  both codes.
- `primary_key=True`; `unique` values that are not literals; custom constraint classes;
  `RemoveConstraint`. A custom field class is judged on an explicit `unique=True` only, unless
  it is a relation (DJM203's) or has no column.
- `AlterUniqueTogether` that only removes groups, or keeps the ones the replayed state has.
  A group that an operation Django may or may not have run added (in an `if` on a setting,
  as django-allauth writes) counts as there: with the same setting, it is.
- `AlterField` of a field that was already unique, or that the state does not know.

## Options
None.

## References
- [Django: UniqueConstraint](https://docs.djangoproject.com/en/stable/ref/models/constraints/#uniqueconstraint)
- [Django: Field.unique](https://docs.djangoproject.com/en/stable/ref/models/fields/#unique)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [PostgreSQL: ALTER TABLE ... ADD table_constraint_using_index](https://www.postgresql.org/docs/current/sql-altertable.html)
- [PostgreSQL: building indexes concurrently](https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    Migration,
    Operation,
    Rule,
    Violation,
    has_star_kwargs,
    is_none,
    keyword_map,
    read_together,
    report,
)

CODE = "DJM202"
NAME = "add-unique-not-concurrently"
MESSAGE = "`{target}`: unique index build blocks {blocked}; build it concurrently, then attach"


_UNIQUE_CONSTRAINT = frozenset(
    {"django.db.models.UniqueConstraint", "django.db.models.constraints.UniqueConstraint"}
)
# Any of these, or positional expressions, makes Django emit CREATE UNIQUE INDEX (SHARE)
# instead of ALTER TABLE ... ADD CONSTRAINT ... UNIQUE (ACCESS EXCLUSIVE).
_INDEX_FORM_ARGUMENTS = ("condition", "include", "opclasses")
_BOTH = "reads and writes"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for op in migration.database_operations("AddConstraint"):
        call = migration.call_of(op.arg("constraint"), _UNIQUE_CONSTRAINT)
        if call is not None and ctx.on_existing_table(op):
            blocked = _BOTH if _is_fields_only(call) else "writes"
            yield report(op, CODE, MESSAGE.format(target=op.target, blocked=blocked))
    for op, field in ctx.added_fields():
        if field.is_set("unique") and not field.is_relation and field.has_column:
            yield report(op, CODE, MESSAGE.format(target=op.target, blocked=_BOTH))
    for change in ctx.alterations:
        if change.effect.adds_unique:
            message = MESSAGE.format(target=change.op.target, blocked=_BOTH)
            yield report(change.op, CODE, message)
    for op in migration.database_operations("AlterUniqueTogether"):
        if ctx.on_existing_table(op) and _adds_unique_together(op, ctx):
            yield report(op, CODE, MESSAGE.format(target=op.target, blocked=_BOTH))


def _adds_unique_together(op: Operation, ctx: Context) -> bool:
    """A group the state lacks; with the state unknown, any group (DJM202's "What it does")."""
    new = read_together(op.arg("unique_together"))
    if not new:
        return False
    model = ctx.model_before(op)
    known = model.unique_together if model is not None else None
    return known is None or bool(new - known)


def _is_fields_only(call: ast.Call) -> bool:
    """Known to be the ADD CONSTRAINT form; when unsure, claim only what both forms block."""
    if call.args or has_star_kwargs(call):
        return False
    keywords = keyword_map(call)
    return all(_is_empty(keywords.get(name)) for name in _INDEX_FORM_ARGUMENTS)


def _is_empty(node: ast.expr | None) -> bool:
    if node is None or is_none(node):
        return True
    return isinstance(node, ast.List | ast.Tuple) and not node.elts


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    databases=POSTGRESQL,
)
