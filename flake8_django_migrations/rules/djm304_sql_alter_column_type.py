"""A column type change in `RunSQL` can rewrite the whole table under an exclusive lock.

## What it does
Flags `ALTER TABLE ... ALTER [COLUMN] name TYPE ...` and `... SET DATA TYPE ...` in the literal
SQL of a `RunSQL` that runs on the database, on a table that already exists.

## Why is this bad?
`ALTER COLUMN ... TYPE` takes ACCESS EXCLUSIVE, and unless the old and new types are binary
compatible it rewrites every row and rebuilds every index of the table while reads and writes
wait (measured on PostgreSQL 15: `integer` to `bigint` 0.50 s on 200,000 rows, 6.1 s on
2,000,000; `text` to `varchar(200)` and a shorter `varchar` likewise). Only some changes are
catalog-only (a longer `varchar`, `varchar` to `text`, more `numeric` precision with the same
scale). The SQL alone does not say what the old type was: the rule takes it from the model
state replayed from the earlier migrations, and flags every type change it cannot prove to be
one of those widenings.

## Example
```python
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0040_order_total")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE shop_order ALTER COLUMN id TYPE bigint",
            reverse_sql="ALTER TABLE shop_order ALTER COLUMN id TYPE integer",
        ),
    ]
```

## Use instead
On a large table, add a new column of the new type, fill it in batches (and keep it in step
with a trigger), then switch over in a short migration. When the change is known to be
catalog-only (for example `varchar(100)` to `varchar(200)`), or the table is small, keep it
and silence the line with `# noqa: DJM304`.

## What it does not flag
- Tables created earlier in the same migration (they are empty), as DJM300 reads them.
- The same change again: a column set to a type by an earlier statement of the migration, set
  to the identical type again (same words, no `USING`, no `COLLATE`). PostgreSQL leaves the
  rows alone when the type does not change (measured,
  [`alter_db_comment`](../postgresql.md#altering-a-field): the redundant `ALTER COLUMN ...
  TYPE <same type>` Django emits for a `db_comment` is catalog-only). The first
  change is still flagged, and so is a change back and forth (`bigint`, then `integer`, then
  `bigint` again).
- Changes the replayed state proves catalog-only: the column belongs to a known model's field
  whose type was `varchar(n)` and becomes `varchar(m)` with `m >= n`, unbounded `varchar` or
  `text`; or was `numeric(p, s)` and becomes `numeric(q, s)` with `q >= p` (measured instant:
  [Altering a field](../postgresql.md#altering-a-field)); or was `text` and becomes unbounded
  `varchar` (binary coercible, per the PostgreSQL documentation); in each case with no `USING`
  clause.
- `ALTER COLUMN ... SET DEFAULT`, `SET NOT NULL` (DJM303), `SET STATISTICS`, `SET STORAGE`.
- SQL in comments, string constants and dollar-quoted bodies; SQL that is not literal;
  `reverse_sql`; `RunSQL` inside `SeparateDatabaseAndState(state_operations=[...])`.
- SQL written for another database: a `RunSQL` whose forward SQL has a mark of SQLite's or
  MySQL's dialect (`PRAGMA`, `?` placeholders, backtick-quoted names, `AUTOINCREMENT`,
  `AUTO_INCREMENT`, `ENGINE=`) is not judged, unless the class body puts it under a
  `connection.vendor` test that names PostgreSQL. A `?` or a backtick in a string or a comment
  does not count, nor does `%s`, Django's placeholder on every backend.

## Options
None.

## References
- [PostgreSQL: ALTER TABLE (SET DATA TYPE)](https://www.postgresql.org/docs/current/sql-altertable.html)
- [Django: RunSQL](https://docs.djangoproject.com/en/stable/ref/migration-operations/#runsql)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    POSTGRESQL,
    Clause,
    Context,
    Migration,
    Operation,
    Rule,
    Violation,
    altered_column,
    column_type,
    report_statements,
)

CODE = "DJM304"
NAME = "sql-alter-column-type"
MESSAGE = "`{sql}` can rewrite the whole table: use a new column"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    set_types: dict[tuple[str, str], tuple[str, ...]] = {}
    hits = []
    for op, statement, altered in ctx.sql.altered_tables():
        risky = [_risky(action, altered.table, op, ctx, set_types) for action in altered.actions]
        if any(risky):
            hits.append((op, statement))
    return report_statements(CODE, MESSAGE, hits)


def _risky(
    action: Clause,
    table: str,
    op: Operation,
    ctx: Context,
    set_types: dict[tuple[str, str], tuple[str, ...]],
) -> bool:
    """A type change that may rewrite the table. `set_types` holds the types set by earlier
    statements of the migration: setting the same type again, without `USING`, changes
    nothing (no rewrite: `alter_db_comment` in `docs/postgresql.md`)."""
    rest = altered_column(action)
    if rest is None or not (rest.starts_with("TYPE") or rest.starts_with("SET", "DATA")):
        return False
    column = action.name_at(action.skip(1, "COLUMN"))[0] or ""
    new = _new_type(rest)
    using = new.index("USING") if "USING" in new else len(new)
    repeated = bool(column) and set_types.get((table, column)) == new
    repeated = repeated and not rest.has("COLLATE")
    set_types[(table, column)] = new[:using]
    if repeated:
        return False
    old = _old_type(action, table, op, ctx)
    return old is None or not _widens(old, new)


def _old_type(action: Clause, table: str, op: Operation, ctx: Context) -> str | None:
    """The column's type before, from the replayed state (None when unknown)."""
    column, _ = action.name_at(action.skip(1, "COLUMN"))
    model = ctx.state_before(op).model_of_table(table)
    found = model.field_of_column(column) if model is not None and column else None
    return column_type(found[1]) if found is not None else None


def _new_type(rest: Clause) -> tuple[str, ...]:
    """The words of the new type: after `TYPE` (or `SET DATA TYPE`), up to `USING`/`COLLATE`.
    A `USING` clause is kept as a word, so that no widening matches it."""
    words = rest.words[rest.find("TYPE") + 1 :]
    end = next((i for i, w in enumerate(words) if w == "COLLATE"), len(words))
    return tuple(words[:end])


def _widens(old: str, new: tuple[str, ...]) -> bool:
    """PostgreSQL changes only the catalog (measured): a longer or unbounded varchar, text, or
    a numeric with more precision and the same scale."""
    old_kind, old_args = _parse(old)
    if new in (("TEXT",), ("VARCHAR",), ("CHARACTER", "VARYING")):
        return old_kind in ("varchar", "text")
    if len(new) == 4 and new[0] == "VARCHAR" and new[1] == "(" and new[3] == ")":
        return old_kind == "varchar" and _at_least(new[2], old_args, 0)
    if len(new) == 6 and new[0] in ("NUMERIC", "DECIMAL") and new[1::2] == ("(", ",", ")"):
        return (
            old_kind == "numeric" and _at_least(new[2], old_args, 0) and old_args[1:] == (new[4],)
        )
    return False


def _parse(column: str) -> tuple[str, tuple[str, ...]]:
    """`numeric(10, 2)` -> ("numeric", ("10", "2")); `text` -> ("text", ())."""
    kind, _, args = column.partition("(")
    return kind.strip(), tuple(a.strip() for a in args.rstrip(")").split(",") if a.strip())


def _at_least(new: str, old_args: tuple[str, ...], index: int) -> bool:
    """An unbounded old type (`varchar`) can only be narrowed by a bound."""
    if len(old_args) <= index:
        return False
    return new.isdigit() and old_args[index].isdigit() and int(new) >= int(old_args[index])


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
