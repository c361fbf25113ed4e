"""The tables an earlier step of an atomic migration already holds ACCESS EXCLUSIVE on.

Django runs an atomic migration in one transaction on PostgreSQL, and PostgreSQL keeps every
lock until the transaction ends. After a step that takes ACCESS EXCLUSIVE on a table, even
the reads of that table wait until the migration commits: an index build that follows blocks
reads and writes, not only writes. The index rules (DJM200, DJM300, DJM302) say so.

Which Django operations take ACCESS EXCLUSIVE on their model's table is measured
(`docs/postgresql.md`, the "locks held until commit" column): `AddField` of a column (not a
`ManyToManyField`, whose join table only takes SHARE ROW EXCLUSIVE, nor a virtual
`GeneratedField`), `RemoveField`, `RenameField` and `RenameModel` (unless `db_column` /
`db_table` keeps the name: no SQL), `AlterModelTable`, `AlterField` changes that alter the
column (type, NOT NULL, unique, a CHECK; adding `db_index` only takes SHARE), `RemoveIndex`,
`RemoveConstraint`, `AddConstraint` of a `CheckConstraint` or of a `UniqueConstraint` on
fields only, `AddConstraintNotValid`, `AlterUniqueTogether` that changes the set, and
`AlterOrderWithRespectTo` (it adds the `_order` column). Raw SQL: `sql.exclusive_tables`.

Only what is known counts: an operation on a model the state does not know, a field or
constraint the plugin cannot read, or a migration that may not run in one transaction adds
nothing, and the rules keep saying "writes".
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from flake8_django_migrations import astutil, sql
from flake8_django_migrations.alterations import alteration
from flake8_django_migrations.fields import field_call
from flake8_django_migrations.migration import Migration, Operation
from flake8_django_migrations.sql_syntax import Statement
from flake8_django_migrations.state import read_together
from flake8_django_migrations.state_view import StateView

WRITES = "writes"
READS_AND_WRITES = "reads and writes"

_ALWAYS_EXCLUSIVE = frozenset(
    {"RemoveField", "RemoveIndex", "RemoveConstraint", "AddConstraintNotValid"}
)
_CHECK = frozenset(
    {"django.db.models.CheckConstraint", "django.db.models.constraints.CheckConstraint"}
)
_UNIQUE = frozenset(
    {"django.db.models.UniqueConstraint", "django.db.models.constraints.UniqueConstraint"}
)
# Any of these makes Django build a `UniqueConstraint` with `CREATE UNIQUE INDEX` (SHARE).
_INDEX_FORM_ARGUMENTS = ("condition", "include", "opclasses", "expressions")


@dataclass(frozen=True)
class _Step:
    """A step of the migration: (operation index, statement position in its `RunSQL`), and
    the tables it locks ACCESS EXCLUSIVE."""

    at: tuple[int, int]
    tables: frozenset[str]


class HeldLocks:
    """The tables each step of one migration file holds ACCESS EXCLUSIVE, read once per file
    however many index builds ask."""

    def __init__(
        self, migration: Migration, sql_file: sql.SqlFile, view: StateView, database: str
    ) -> None:
        self.migration = migration
        self.sql_file = sql_file
        self.view = view
        self.database = database

    def blocked(self, op: Operation, table: str | None, statement: Statement | None = None) -> str:
        """What an index build on `table` at `op` (at `statement` of a `RunSQL`) blocks:
        "reads and writes" when an earlier step holds ACCESS EXCLUSIVE on it, else "writes"."""
        held = self.exclusive_before(op, statement)
        return READS_AND_WRITES if table is not None and table in held else WRITES

    def exclusive_before(
        self, op: Operation, statement: Statement | None = None
    ) -> frozenset[str]:
        """The tables the steps before `op` (before `statement`, for a `RunSQL`) hold ACCESS
        EXCLUSIVE on; none when the migration does not surely run in one transaction."""
        if not sql.runs_in_transaction(self.migration, self.database):
            return frozenset()
        at = (op.index, self._position(op, statement))
        return frozenset(table for table, since in self.first_held.items() if since < at)

    @cached_property
    def first_held(self) -> dict[str, tuple[int, int]]:
        """Each table some step locks ACCESS EXCLUSIVE, with the first such step: the lock is
        then held to the end of the transaction."""
        first: dict[str, tuple[int, int]] = {}
        for step in self._steps():
            for table in step.tables:
                first.setdefault(table, step.at)
        return first

    def _position(self, op: Operation, statement: Statement | None) -> int:
        if statement is None:
            return 0
        found = self.sql_file.statements(op) or []
        return next((i for i, s in enumerate(found) if s is statement), len(found))

    def _steps(self) -> Iterator[_Step]:
        for op in self.migration.database_operations():
            if op.name == "RunSQL" and self.sql_file.written_for_postgresql(op):
                for position, statement in enumerate(self.sql_file.statements(op) or ()):
                    yield _Step((op.index, position), sql.exclusive_tables(statement))
            elif not self.view.runs_no_sql(op):
                yield _Step((op.index, 0), _operation_tables(op, self.migration, self.view))


def model_table(op: Operation, view: StateView) -> str | None:
    """The table of `op`'s model: from the state, else Django's default name."""
    if op.model_name is None:
        return None
    model = view.model_before(op)
    return model.table(view.app_label) if model is not None else view.table_name(op.model_name)


def _operation_tables(op: Operation, migration: Migration, view: StateView) -> frozenset[str]:
    if op.name in ("RenameModel", "AlterModelTable"):
        return _renamed_tables(op, view)
    table = model_table(op, view)
    if table is None or not _takes_exclusive(op, migration, view):
        return frozenset()
    return frozenset({table})


def _takes_exclusive(op: Operation, migration: Migration, view: StateView) -> bool:
    """`op` locks its model's table ACCESS EXCLUSIVE (measured, see the module docstring)."""
    if op.name in _ALWAYS_EXCLUSIVE:
        return True
    judge = _JUDGES.get(op.name)
    return judge is not None and judge(op, migration, view)


def _orders(op: Operation, migration: Migration, view: StateView) -> bool:
    """`AlterOrderWithRespectTo` to a field adds the `_order` column."""
    return astutil.string_value(op.arg("order_with_respect_to")) is not None


def _adds_column(op: Operation, migration: Migration, view: StateView) -> bool:
    field = field_call(op.arg("field"), migration)
    if field is None:
        return False
    if field.kind == "GeneratedField":
        return field.is_set("db_persist")
    return field.plain_column


def _alters_column(op: Operation, migration: Migration, view: StateView) -> bool:
    change = alteration(op, migration, view)
    if change is None:
        return False
    effect = change.effect
    return any((effect.type_change, effect.sets_not_null, effect.adds_unique, effect.adds_check))


def _renames_column(op: Operation, migration: Migration, view: StateView) -> bool:
    """Django renames the column unless `db_column` pins it (then no SQL at all)."""
    field = view.field_before(op)
    return field is not None and field.plain_column and not field.has("db_column")


def _adds_constraint(op: Operation, migration: Migration, view: StateView) -> bool:
    node = op.arg("constraint")
    if migration.call_of(node, _CHECK) is not None:
        return True
    call = migration.call_of(node, _UNIQUE)
    if call is None or call.args or astutil.has_star_kwargs(call):
        return False
    keywords = astutil.keyword_map(call)
    return all(_is_empty(keywords.get(name)) for name in _INDEX_FORM_ARGUMENTS)


def _is_empty(node: ast.expr | None) -> bool:
    if node is None or astutil.is_none(node):
        return True
    return isinstance(node, ast.List | ast.Tuple) and not node.elts


def _changes_unique_together(op: Operation, migration: Migration, view: StateView) -> bool:
    model = view.model_before(op)
    new = read_together(op.arg("unique_together"))
    if model is None or model.unique_together is None or new is None:
        return False
    # Groups a change Django may not have made added: whether this one changes any is unknown.
    return new != model.unique_together and "unique_together" not in model.unsure


def _renamed_tables(op: Operation, view: StateView) -> frozenset[str]:
    """The old and new names of a table `RenameModel`/`AlterModelTable` renames: the same
    relation, locked under both names for the rest of the migration."""
    model = view.model_before(op)
    old = model.table(view.app_label) if model is not None else None
    if op.name == "RenameModel":
        new_name = op.str_arg("new_name")
        pinned = model is None or bool(model.db_table)
        new = None if pinned or new_name is None else view.table_name(new_name)
    else:
        new = op.str_arg("table")
    if old is None or new is None or old == new:
        return frozenset()
    return frozenset({old, new})


_Judge = Callable[[Operation, Migration, StateView], bool]
_JUDGES: dict[str, _Judge] = {
    "AddField": _adds_column,
    "AlterField": _alters_column,
    "RenameField": _renames_column,
    "AddConstraint": _adds_constraint,
    "AlterUniqueTogether": _changes_unique_together,
    "AlterOrderWithRespectTo": _orders,
}
