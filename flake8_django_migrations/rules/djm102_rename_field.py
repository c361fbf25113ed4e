"""A column is renamed while the previous release still uses the old name.

## What it does
Flags a `RenameField` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`) on a table that already exists. A
`ManyToManyField` has no column: renaming one renames its join table
(`ALTER TABLE shop_product_tags RENAME TO shop_product_labels`), and the message says so.

Also flags a database `AlterField` that gives the field another column than the replayed
state knows: a `db_column` added, changed or removed (`AlterField("order", "status",
CharField(db_column="state"))` on a field whose column was `status`), or a relation turned
into a plain field or back (`customer_id` becomes `customer`). Django renames the column
then too; the message names both columns.

## Why is this bad?
Migrations normally run while the previous release is still serving requests, and that code
names the old column in every query on the model. Once `ALTER TABLE ... RENAME COLUMN`
commits, those queries fail with `column "..." does not exist` until the new release is live
everywhere.

The rename itself is instant on PostgreSQL (catalog-only, under ACCESS EXCLUSIVE). Renaming a
`ForeignKey` or `OneToOneField` costs more: Django drops and re-creates its constraint around
the rename, which re-validates every row while both the table and the referenced table are
locked ACCESS EXCLUSIVE (measured). Renaming a `ManyToManyField` with an auto-created join
table renames that table, which the old code still names in every query of the relation.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_product_weight")]

    operations = [
        migrations.RenameField(model_name="product", old_name="price", new_name="unit_price"),
    ]
```

## Use instead
Rename the field in Python only and keep its column: pin the old column name with
`db_column`, then rename. With the column pinned, Django emits no SQL for either step:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_product_weight")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="product",
                    name="price",
                    field=models.DecimalField(max_digits=10, decimal_places=2, db_column="price"),
                ),
                migrations.RenameField(
                    model_name="product", old_name="price", new_name="unit_price"
                ),
            ],
        ),
    ]
```
and keep `db_column="price"` on the model's `unit_price` field.

For a `ManyToManyField`, pin the old join table instead: `db_table=` with its current name
(the model's table, an underscore and the field's old name, `shop_product_tags`; Django
shortens names longer than the database allows with a hash, so check it in the database).
`AlterField(..., db_table="shop_product_tags")` then `RenameField` emit no SQL. Or keep the
rename in `SeparateDatabaseAndState(state_operations=[...])` and keep `db_table` on the field.

## What it does not flag
- `RenameField` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- Fields of a model created by a `CreateModel` earlier in the same migration.
- Model or field names that are not string literals.
- A field that has a `db_column` in the replayed state, whether an earlier migration or an
  `AddField`/`AlterField` earlier in the same migration set it (what `makemigrations` writes
  to rename a field but keep its column).
- A `ManyToManyField` with a `db_table` (its join table keeps its name) or a `through` model
  of its own (Django's schema editor does nothing for it), in the replayed state or set by an
  earlier `AddField`/`AlterField` of the same migration.
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.
- An `AlterField` whose `db_column` names the column the field already had (the first step
  of a rename that keeps the column; the `RenameField` after it is silent too), a
  `db_column` that is not a literal, a field the state does not know or that has no column
  (`ManyToManyField`; a changed `db_table` is not followed).

## Options
None.

## References
- [Django: RenameField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#renamefield)
- [Django: Field.db_column](https://docs.djangoproject.com/en/stable/ref/models/fields/#db-column)
- [PostgreSQL: ALTER TABLE ... RENAME COLUMN](https://www.postgresql.org/docs/current/sql-altertable.html)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from flake8_django_migrations.rules.api import (
    Context,
    FieldCall,
    Migration,
    Operation,
    Rule,
    Violation,
    column_of,
    declared_db_column,
    field_call,
    report,
)

CODE = "DJM102"
NAME = "rename-field"
MESSAGE = "`{target}` renamed under old code: keep {kept} with `{option}`"
# An `AlterField` whose `db_column` (or a change to or from a relation) names another column.
MESSAGE_COLUMN = "`{target}`: column `{old}` renamed to `{new}` under old code"
_COLUMN = ("the column", "db_column")
# A many-to-many has no column: Django renames its auto-created join table instead.
_JOIN_TABLE = ("its join table", "db_table")


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    pinned: Mapping[tuple[str | None, str | None], int] | None = None
    for op in migration.database_operations("RenameField"):
        # `on_existing_table` already leaves operations on unnamed models alone.
        if op.field_name is None:
            continue
        # A field whose `db_column` is set renames no column (no SQL), nor does a many-to-many
        # with a `db_table` or a `through` model: the state says so, and this migration's own
        # `AlterField(db_column=...)` is seen even without the state.
        if _names_kept_in_state(op, ctx) or ctx.runs_no_sql(op):
            continue
        if not ctx.on_existing_table(op):
            continue
        pinned = _names_pinned(migration) if pinned is None else pinned
        if pinned.get((op.model_name, op.field_name), op.index) >= op.index:
            yield report(op, CODE, _message(op, ctx))
    yield from _column_renames(migration, ctx)


def _column_renames(migration: Migration, ctx: Context) -> Iterator[Violation]:
    """`AlterField`s that give the field another column: Django renames it (`_alter_field`
    compares the old and new column names), which the old code still selects."""
    for change in ctx.alterations:
        name = change.op.field_name
        if name is None:
            continue
        old, new = column_of(name, change.old), column_of(name, change.new)
        if old is not None and new is not None and old != new:
            message = MESSAGE_COLUMN.format(target=change.op.target, old=old, new=new)
            yield report(change.op, CODE, message)


def _names_kept_in_state(op: Operation, ctx: Context) -> bool:
    field = ctx.state_before(op).field(op.model_name, op.field_name)
    return field is not None and _keeps_names(field)


def _keeps_names(field: FieldCall) -> bool:
    """Django renames nothing for this field: its column is pinned with `db_column`, or it is a
    many-to-many whose join table is pinned with `db_table` or is a `through` model of its own
    (Django's schema editor does nothing when both sides have a custom through model)."""
    if field.custom and not field.has_column:
        return True  # a custom join or generic field (`GenericRelation`): cannot tell
    if field.kind == "ManyToManyField":
        return field.has("db_table") or field.has("through")
    return field.has("db_column")


def _message(op: Operation, ctx: Context) -> str:
    field = ctx.state_before(op).field(op.model_name, op.field_name)
    many = field is not None and field.kind == "ManyToManyField"
    kept, option = _JOIN_TABLE if many else _COLUMN
    return MESSAGE.format(target=op.target, kept=kept, option=option)


def _names_pinned(migration: Migration) -> Mapping[tuple[str | None, str | None], int]:
    """The first position at which an `AddField`/`AlterField` of this migration gives each
    field a `db_column` (or, for a many-to-many, a `db_table` or `through`): read once, since
    a file may hold many renames."""
    pinned: dict[tuple[str | None, str | None], int] = {}
    for op in migration.operations:
        if op.name in ("AddField", "AlterField") and _pins_names(op, migration):
            pinned.setdefault((op.model_name, op.field_name), op.index)
    return pinned


def _pins_names(op: Operation, migration: Migration) -> bool:
    if declared_db_column(op):
        return True
    known = field_call(op.arg("field"), migration)
    return known is not None and known.kind == "ManyToManyField" and _keeps_names(known)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
