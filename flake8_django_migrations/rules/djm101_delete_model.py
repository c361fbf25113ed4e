"""A table is dropped while the previous release still uses it.

## What it does
Flags a `DeleteModel` whose SQL runs (a top-level operation, or one inside
`SeparateDatabaseAndState(database_operations=[...])`), unless the model is created by a
`CreateModel` earlier in the same migration.

## Why is this bad?
Migrations normally run while the previous release is still serving requests. Once the
`DROP TABLE` commits, every query the old code makes on the model, and every join through a
relation to it, fails with `relation "..." does not exist` until the new release is live
everywhere. Rolling the code back does not help: the table and its rows are gone.

On PostgreSQL the drop is instant, but it holds ACCESS EXCLUSIVE until the migration commits
on the table and also on each table it references through a foreign key: measured, reads of a
referenced table are blocked for the rest of the migration.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_remove_order_coupon")]

    operations = [
        migrations.DeleteModel(name="Coupon"),
    ]
```

## Use instead
Drop it in two releases. First delete the model from Django's state only, and deploy the code
that no longer uses it:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_remove_order_coupon")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Coupon")],
        ),
    ]
```
Then, in a later release, drop the table with SQL, in a short migration of its own:
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0016_delete_coupon_state")]

    operations = [
        migrations.RunSQL(
            sql="DROP TABLE shop_coupon",
            # The rows cannot come back; migrating backwards leaves the table gone.
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## What it does not flag
- `DeleteModel` inside `SeparateDatabaseAndState(state_operations=[...])`: no SQL runs.
- A model created by a `CreateModel` earlier in the same migration, or,
  in an `initial = True` migration whose ancestors in the app are all `initial = True`, by
  those ancestors (`0002_initial` of a split first migration runs on an empty database); or
  by the app's first migration, in the second half of one that Django 1.7 or 1.8 split
  (no header, adding a NOT NULL column with no default: `docs/terms.md#existing-table`).
- Model names that are not string literals.
- A migration marked `safe = Safe.after_deploy` (django-safemigrate): it runs once the new
  release is live, when no code still queries the table.
- A model the replayed state knows is already gone: DJM610 reports that instead.
- Unmanaged (`managed = False`) and proxy models, as the replayed state knows them: Django
  runs no SQL for them.

## Options
None.

## References
- [Django: DeleteModel](https://docs.djangoproject.com/en/stable/ref/migration-operations/#deletemodel)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
- [PostgreSQL: DROP TABLE](https://www.postgresql.org/docs/current/sql-droptable.html)
- [PostgreSQL: table-level lock modes](https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM101"
NAME = "delete-model"
MESSAGE = "`{model}` dropped under old code: delete from state first, drop later"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if migration.after_deploy:
        return  # the code that queries the table is gone by then
    for op in migration.database_operations("DeleteModel"):
        # A model the replayed state knows is already gone is DJM610's.
        if ctx.state_before(op).lacks_model(op.model_name) or ctx.runs_no_sql(op):
            continue
        if ctx.on_existing_table(op):
            yield report(op, CODE, MESSAGE.format(model=op.model_name))


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
