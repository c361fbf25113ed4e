"""Raw SQL drops or renames a table or column that a model still has.

## What it does
Reads the literal SQL of each `RunSQL` that runs on the database and, for every
`DROP TABLE`, `ALTER TABLE ... DROP COLUMN`, `ALTER TABLE ... RENAME [COLUMN] ... TO ...` and
`ALTER TABLE ... RENAME TO ...`, looks the table up among the models of the replayed state at
that point: the app's own models, and those of the apps it depends on whose migrations folder
is found. It reports when the table (or the column) belongs to a model that is still there.
The message suggests, for a drop, taking the model or field out of the state first; for a
rename, keeping the name.

## Why is this bad?
The state says the running code still has that model or field, so it still selects the
column and queries the table. From the moment the migration commits until the new release is
everywhere, those queries fail (`column "legacy_code" does not exist`). Dropping a column or
table is the second step of a staged drop: it is safe only after the model or field has left
the state in an earlier migration and that release is fully deployed.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_product_sku")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_product DROP COLUMN legacy_code",
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
```

## Use instead
First remove the field from the state only, and deploy:
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0041_product_sku")]

    operations = [
        migrations.AlterField(
            "product", "legacy_code", models.CharField(max_length=20, null=True)
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("product", "legacy_code")],
        ),
    ]
```
Then, in a later migration of a later release, drop the column with the `RunSQL` above: the
state no longer has the field, so this rule is silent.

## What it does not flag
- Tables and columns the state no longer has: the second step of the staged drop.
- Tables that belong to no model the plugin knows (raw tables, views, other apps whose
  folder is not found), and apps whose state is unknown.
- `ALTER INDEX ... RENAME` and `DROP INDEX`; SQL that is not literal; `reverse_sql`.
- A table dropped (or renamed away) and then replaced, later in the same migration, by another
  table renamed to its name: the rebuild pattern (`CREATE TABLE t_new`, copy the rows,
  `DROP TABLE t`, `ALTER TABLE t_new RENAME TO t`). The running code still finds a table `t`,
  presumably with the same columns (the plugin cannot compare them), and in an atomic migration
  nobody sees it missing in between. With `atomic = False` each statement commits at once and
  the code's queries fail between the drop and the rename: that is still flagged. A table
  dropped and then created again empty (`CREATE TABLE t`) is flagged too: its rows are gone.
- SQL written for another database: a `RunSQL` whose forward SQL has a mark of SQLite's or
  MySQL's dialect (`PRAGMA`, `?` placeholders, backtick-quoted names, `AUTOINCREMENT`,
  `AUTO_INCREMENT`, `ENGINE=`) is not judged, unless the class body puts it under a
  `connection.vendor` test that names PostgreSQL. A `?` or a backtick in a string or a comment
  does not count, nor does `%s`, Django's placeholder on every backend.
- A drop in a migration marked `safe = Safe.after_deploy` (django-safemigrate) whose later
  `DeleteModel` / `RemoveField` (usually in the `state_operations` of the same
  `SeparateDatabaseAndState`) takes the model or field out of the state: the release that no
  longer uses it is live when the migration runs. A rename is still reported: the new release
  looks for the new name until the migration has run.
- Fields the plugin cannot read (custom field classes), and `ManyToManyField` (no column).

## Options
None.

## References
- [PostgreSQL: ALTER TABLE](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: SeparateDatabaseAndState](https://docs.djangoproject.com/en/stable/ref/migration-operations/#separatedatabaseandstate)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    AppState,
    Context,
    Migration,
    Operation,
    Rule,
    Statement,
    TableColumn,
    Violation,
    dropped_or_renamed,
    report,
)

CODE = "DJM306"
NAME = "sql-drop-or-rename"
MESSAGE = "`{sql}`: `{target}` in use; {fix}"
FIX_DROP = "drop it from state first"
FIX_RENAME = "keep its name"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    found = list(ctx.sql.postgresql_statements())
    renamed_onto = _last_renamed_onto(found)
    for position, (op, statement) in enumerate(found):
        for change in dropped_or_renamed(statement):
            if _replaced_later(change, migration, renamed_onto.get(change.table, -1) > position):
                continue
            target = _still_used(change, _known_apps(op, migration, ctx))
            if target is not None and not _gone_after_deploy(migration, op, change, target):
                fix = FIX_DROP if change.kind.startswith("drop") else FIX_RENAME
                message = MESSAGE.format(sql=statement.head, target=target, fix=fix)
                yield report(op, CODE, message)


def _last_renamed_onto(found: list[tuple[Operation, Statement]]) -> dict[str, int]:
    """For each table name, the last statement that renames another table to it (read once:
    a file may hold many drops)."""
    last: dict[str, int] = {}
    for position, (_, statement) in enumerate(found):
        for change in dropped_or_renamed(statement):
            if change.kind == "rename table" and change.new_name is not None:
                last[change.new_name] = position
    return last


def _replaced_later(change: TableColumn, migration: Migration, renamed_onto: bool) -> bool:
    """A table dropped or renamed away, then replaced by another table renamed to its name in
    the same transaction (the rebuild pattern): nobody sees it missing. An unknown atomicity
    counts as atomic."""
    return change.column is None and migration.is_atomic is not False and renamed_onto


def _gone_after_deploy(
    migration: Migration, op: Operation, change: TableColumn, target: str
) -> bool:
    """A drop in an after-deploy migration that also takes the model or field out of the
    state: the release that no longer has it is live when the SQL runs."""
    if not (migration.after_deploy and change.kind.startswith("drop")):
        return False
    return any(_removes(later, target) for later in migration.operations[op.index + 1 :])


def _removes(op: Operation, target: str) -> bool:
    """`op` takes `target` (`model` or `model.field`) out of the state."""
    if op.name == "DeleteModel":
        return op.model_name == target.partition(".")[0]
    return op.name == "RemoveField" and op.target == target


def _known_apps(op: Operation, migration: Migration, ctx: Context) -> list[AppState]:
    """This app's state before `op`, and the latest state of the apps it depends on."""
    states = [ctx.state_before(op)]
    labels = {dep.app for dep in migration.dependencies if dep.app and dep.app != ctx.app_label}
    for label in sorted(labels):
        other = ctx.other_app(label)
        if other is not None:
            states.append(other.latest_state)
    return states


def _still_used(change: TableColumn, states: list[AppState]) -> str | None:
    """`model` or `model.field` when a known model owns the table (and the column)."""
    for state in states:
        model = state.model_of_table(change.table)
        if model is None:
            continue
        if change.column is None:
            return model.name
        found = model.field_of_column(change.column)
        return f"{model.name}.{found[0]}" if found is not None else None
    return None


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
