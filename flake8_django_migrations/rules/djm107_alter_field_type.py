"""An `AlterField` changes the column's type in a way that rewrites the table or can fail.

## What it does
Compares the field of a database `AlterField` with the field as the replayed state knows it
just before, works out the PostgreSQL column type of each (`varchar(100)`, `integer`,
`numeric(10, 2)`, ...), and reports a change that PostgreSQL cannot make in place: for
example `IntegerField` to `BigIntegerField`, `AutoField` to `BigAutoField`, `TextField` to
`CharField`, `CharField` to `UUIDField`, `FloatField` to `DecimalField`, a smaller
`max_length` or `max_digits`, another `decimal_places`, or another `db_collation`. A
relation's column has the type of its target's primary key: a `ForeignKey` to a model with
an `AutoField` turned into a `CharField` changes `integer` to `varchar`.

## Why is this bad?
`ALTER COLUMN ... TYPE` of that kind rewrites every row and rebuilds every index of the table
under ACCESS EXCLUSIVE: nothing can read or write the table until it ends. Measured on
PostgreSQL 15, `integer` to `bigint` took 0.5 s at 200,000 rows and 6.1 s at 2,000,000,
shrinking a `varchar` 7.1 s, changing a `numeric` scale 6.5 s; the time grows with the table.
For a primary key (`AutoField` to `BigAutoField`) Django also converts every column that
references it, rewriting and locking those tables too, and drops and re-validates their
foreign keys. A narrowing change can also fail half way, on the first value that does not fit.

## Example
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_order_quantity")]

    operations = [
        migrations.AlterField("order", "quantity", models.BigIntegerField()),
    ]
```

## Use instead
Add a new column of the new type, fill it in batches, switch the code to it, and drop the
old one later (each step its own migration and deploy):
```python
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0030_order_quantity")]

    operations = [
        migrations.AddField("order", "quantity_big", models.BigIntegerField(null=True)),
    ]
```
Changes PostgreSQL makes in place need none of this: a larger `max_length`, `max_length=None`,
`CharField` to `TextField`, a larger `max_digits` with the same `decimal_places`.

## What it does not flag
- Changes that emit no SQL (`help_text`, `verbose_name`, `choices`, `validators`, `blank`,
  `editable`, a Python `default`, `related_name`, a Python-level `on_delete`, ...).
- The safe widenings above, and changes between fields with the same column type
  (`CharField` to `SlugField` of the same length).
- Fields the state does not know or cannot read, non-literal arguments, `ArrayField`, tables
  created in the same migration, unmanaged and proxy models.
- A relation whose target's key type is unknown: its column has the type of the target's
  primary key (or `to_field`), read from the replayed state of the app or of another app of
  the project when its migrations are found; `settings.AUTH_USER_MODEL` and other
  non-literal targets, and keys that are themselves relations, are not followed.
- Custom field classes: their column type is unknown (a change from or to one is not
  judged), unless the class and every argument but `null`, `unique`, `db_index`, defaults,
  comments and Python-only ones stay the same.
- On databases other than PostgreSQL.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE, notes on rewrites](https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES)
- [Django: AlterField](https://docs.djangoproject.com/en/stable/ref/migration-operations/#alterfield)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Context,
    Migration,
    Rule,
    Violation,
    report,
)

CODE = "DJM107"
NAME = "alter-field-type"
MESSAGE = "`{target}` {change}: table rewrite{also}; use a new column"
_REFERENCING = " (+ referencing tables)"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for change in ctx.alterations:
        effect = change.effect
        if effect.type_change is None:
            continue
        also = _REFERENCING if effect.alters_referencing_columns else ""
        message = MESSAGE.format(target=change.op.target, change=effect.type_change, also=also)
        yield report(change.op, CODE, message)


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
