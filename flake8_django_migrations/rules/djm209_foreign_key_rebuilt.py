"""A change makes Django drop and re-create a foreign key, validated under lock.

## What it does
Compares the field of a database `AlterField` of a `ForeignKey`/`OneToOneField` with the field
as the replayed state knows it, and reports changes for which Django drops the foreign key
constraint and adds it again: a `null` change, `db_constraint` turned on, a database-level
`on_delete` (`DB_CASCADE`, `DB_SET_NULL`, ... in Django 6), a new target (`to`, `to_field`).
It also reports a database `RenameField` that renames the column of a foreign key that has
a constraint (Django drops it before the rename and adds it back after).

## Why is this bad?
Adding the constraint back makes PostgreSQL check every row against the referenced table,
and Django does it in the migration's transaction, after `DROP CONSTRAINT` took ACCESS
EXCLUSIVE on both tables: neither the table nor the table it points to can be read or written
until the check ends (measured: 0.17 s at 2,000,000 rows for a `null` change, growing with the
table; the referenced table, often `auth_user` or another central one, is blocked too). The
change looks like a one-word edit in a model.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0040_order_customer")]

    operations = [
        migrations.AlterField(
            "order",
            "customer",
            models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.customer"),
        ),
    ]
```

## Use instead
Do it at a quiet time with a short `lock_timeout`, or rebuild the constraint yourself without
the long lock: add the new constraint `NOT VALID` and validate it in a later migration (SHARE
UPDATE EXCLUSIVE only), keeping Django's state in step with `SeparateDatabaseAndState`:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0040_order_customer")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE shop_order ALTER COLUMN customer_id DROP NOT NULL",
                    "ALTER TABLE shop_order ALTER COLUMN customer_id SET NOT NULL",
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    "order",
                    "customer",
                    models.ForeignKey(null=True, on_delete=models.SET_NULL, to="shop.customer"),
                ),
            ],
        ),
    ]
```

## What it does not flag
- Python-level changes, which run no SQL: `on_delete` between `CASCADE`, `PROTECT`,
  `SET_NULL`, `DO_NOTHING`...; `related_name`, `related_query_name`, `limit_choices_to`.
- `db_constraint` turned off (the constraint is only dropped), and fields without a
  constraint before and after (`db_constraint=False` on both sides, as on the historical
  models of django-simple-history): Django creates no constraint, whatever else changes. A
  `RenameField` of a field whose `db_constraint` is `False` in the state only renames the
  column (DJM102's concern).
- A `RenameField` whose field keeps its column (`db_column` set): no SQL runs.
- An `AlterField` that only catches up with a `RenameModel` of the target: the replayed
  state repoints the relations of the app's own models to the new name, as Django does, so
  the target is the same (a `null` change in the same `AlterField` is still reported). For a
  target in another app, a new `to=` whose old target model is gone from that app's state,
  or cannot be found, is taken for such a rename.
- Fields the state does not know, non-literal arguments, tables created in the same
  migration, unmanaged and proxy models; databases other than PostgreSQL.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE, ADD CONSTRAINT and NOT VALID](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: ForeignKey.db_constraint](https://docs.djangoproject.com/en/stable/ref/models/fields/#django.db.models.ForeignKey.db_constraint)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    FieldCall,
    Migration,
    Operation,
    Rule,
    Violation,
    report,
    string_value,
)

CODE = "DJM209"
NAME = "foreign-key-rebuilt"
MESSAGE = "`{target}`: {reason}: FK validated under lock; use `NOT VALID`"
_NEW_TARGET = "the target changes"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for change in ctx.alterations:
        reason = change.effect.rebuilds_foreign_key
        if reason == _NEW_TARGET and not _old_target_still_there(change.op, change.old, ctx):
            continue
        if reason is not None and change.old.is_relation:
            message = MESSAGE.format(target=change.op.target, reason=reason)
            yield report(change.op, CODE, message)
    for op in migration.database_operations("RenameField"):
        if ctx.on_existing_table(op) and _renames_relation_column(op, ctx):
            message = MESSAGE.format(target=op.target, reason="renaming the column")
            yield report(op, CODE, message)


def _old_target_still_there(op: Operation, old: FieldCall, ctx: Context) -> bool:
    """After a `RenameModel` of a target in another app, Django's `AlterField` only catches up
    with the new name: the constraint stays. A target change counts when the old model still
    exists. (The replay repoints the app's own relations itself.)"""
    target = string_value(old.arg("to"))
    if target is None:
        return False
    app, _, model = target.rpartition(".")
    if not app or app == ctx.app_label:
        return ctx.state_before(op).model(model.lower()) is not None
    other = ctx.other_app(app)
    return other is not None and other.latest_state.model(model.lower()) is not None


def _renames_relation_column(op: Operation, ctx: Context) -> bool:
    """The column of a foreign key with a constraint is renamed. Without the constraint
    (`db_constraint=False`, as django-simple-history's historical models have), Django only
    renames the column: its constraint work depends on `db_constraint`."""
    field = ctx.field_before(op)
    if field is None:
        return False
    return field.foreign_key_constraint is True and not field.has("db_column")


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
