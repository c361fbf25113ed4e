"""What the literal SQL of a migration's `RunSQL`s does, for the DJM3 rules and others.

Built on `sql_syntax` (the lexer: statements of tokens). This module knows the DDL: which
table a statement alters, creates, drops or renames, what locks it takes, whether it is DDL,
DML or transaction control. `literal_sql` reads literal SQL (`docs/terms.md#literal-sql`:
strings, `+` concatenations, lists and tuples of them or of `(sql, params)` pairs, module-level
names bound once), plus names assigned in the `Migration` class body outside any `if` (Arches
keeps its SQL there); `RunSQL.noop` is literal and empty. Anything else (f-strings, `%`,
`.format()`, calls, names bound more than once) gives None, and rules stay silent.

`is_ddl` counts `CREATE`, `ALTER`, `DROP` (of any object) and `TRUNCATE`; `COMMENT ON`, `GRANT`,
`REVOKE`, `SET`, `SELECT` and maintenance commands (`VACUUM`, `ANALYZE`, `REINDEX`, `CLUSTER`)
are not DDL here. `is_dml` counts `INSERT`, `UPDATE`, `DELETE`, `MERGE`, also inside `WITH`.

`other_dialect` spots SQL written for SQLite or MySQL, which the PostgreSQL rules leave alone
(`SqlFile.postgresql_statements`); `exclusive_tables` names the tables a statement locks ACCESS
EXCLUSIVE (for `locks`); `NewTables` follows the tables a migration creates and renames.
`SqlFile` reads each `RunSQL` of one file once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from flake8_django_migrations import astutil
from flake8_django_migrations.migration import Migration, Operation
from flake8_django_migrations.sql_syntax import Clause, Statement, Token, statements

# How deep module-level names are followed (`A = B + C`), so a cycle cannot loop.
_MAX_NAME_DEPTH = 8


class TableColumn(NamedTuple):
    """A table or column a statement drops or renames; `column` is None for a whole table."""

    table: str
    column: str | None
    kind: str  # "drop table", "drop column", "rename column", "rename table"
    new_name: str | None = None


@dataclass(frozen=True)
class AlterTable:
    """`ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action ...]`."""

    table: str
    actions: tuple[Clause, ...]


def alter_table(statement: Clause) -> AlterTable | None:
    if not statement.starts_with("ALTER", "TABLE"):
        return None
    index = statement.skip(2, "IF", "EXISTS")
    index = statement.skip(index, "ONLY")
    table, index = statement.name_at(index)
    if table is None:
        return None
    index = statement.skip(index, "*")
    return AlterTable(table, tuple(_split_commas(statement.tokens[index:])))


def _split_commas(tokens: Sequence[Token]) -> Iterator[Clause]:
    start = 0
    base = tokens[0].depth if tokens else 0
    for index, token in enumerate(tokens):
        if token.key == "," and token.depth == base:
            if index > start:
                yield Clause(tokens[start:index])
            start = index + 1
    if start < len(tokens):
        yield Clause(tokens[start:])


_CREATE_MODIFIERS = ("GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED")


def created_table(statement: Clause) -> str | None:
    """The table (or materialized view) a `CREATE TABLE` statement creates."""
    if not statement.starts_with("CREATE"):
        return None
    index = statement.skip(1, "OR", "REPLACE")
    while index < len(statement.words) and statement.words[index] in _CREATE_MODIFIERS:
        index += 1
    if statement.words[index : index + 1] == ("TABLE",):
        index += 1
    elif statement.words[index : index + 2] == ("MATERIALIZED", "VIEW"):
        index += 2
    else:
        return None
    index = statement.skip(index, "IF", "NOT", "EXISTS")
    return statement.name_at(index)[0]


def index_table(statement: Clause) -> str | None:
    """The table of `CREATE [UNIQUE] INDEX ... ON [ONLY] table`."""
    on = statement.find("ON", top=True)
    if not is_create_index(statement) or on < 0:
        return None
    return statement.name_at(statement.skip(on + 1, "ONLY"))[0]


def is_create_index(statement: Clause) -> bool:
    return statement.starts_with("CREATE", "INDEX") or statement.starts_with(
        "CREATE", "UNIQUE", "INDEX"
    )


def dropped_or_renamed(statement: Clause) -> list[TableColumn]:
    """The tables and columns a statement drops or renames (`DROP TABLE`, `ALTER TABLE ...
    DROP [COLUMN] / RENAME [COLUMN] ... TO / RENAME TO`). Indexes, views and constraints are
    not tables or columns and are left out."""
    if statement.starts_with("DROP", "TABLE"):
        return _dropped_tables(statement)
    altered = alter_table(statement)
    if altered is None:
        return []
    found = (_altered_column(altered.table, action) for action in altered.actions)
    return [item for item in found if item is not None]


def _dropped_tables(statement: Clause) -> list[TableColumn]:
    names = statement.tokens[statement.skip(2, "IF", "EXISTS") :]
    found = []
    for clause in _split_commas(names):
        table = clause.name_at(0)[0]
        if table is not None:
            found.append(TableColumn(table, None, "drop table"))
    return found


# `DROP CONSTRAINT` (PostgreSQL) and MySQL's `DROP INDEX`, `DROP KEY`, ... drop no column.
_DROPPED_NON_COLUMNS = frozenset(
    {"CONSTRAINT", "INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "PARTITION", "UNIQUE"}
)


def _altered_column(table: str, action: Clause) -> TableColumn | None:
    if (
        action.starts_with("DROP")
        and action.words[1:2]
        and action.words[1] not in _DROPPED_NON_COLUMNS
    ):
        index = action.skip(action.skip(1, "COLUMN"), "IF", "EXISTS")
        column = action.name_at(index)[0]
        return None if column is None else TableColumn(table, column, "drop column")
    if action.starts_with("RENAME", "TO"):
        return TableColumn(table, None, "rename table", action.name_at(2)[0])
    if action.starts_with("RENAME") and not action.starts_with("RENAME", "CONSTRAINT"):
        column, index = action.name_at(action.skip(1, "COLUMN"))
        if column is None or action.words[index : index + 1] != ("TO",):
            return None
        return TableColumn(table, column, "rename column", action.name_at(index + 1)[0])
    return None


_CONSTRAINT_KINDS = frozenset({"CHECK", "UNIQUE", "PRIMARY", "EXCLUDE", "FOREIGN"})


def added_constraint(action: Clause) -> str | None:
    """The kind (`CHECK`, `UNIQUE`, `PRIMARY`, `EXCLUDE`, `FOREIGN`) of an `ADD [CONSTRAINT
    name] ...` action of `ALTER TABLE`, else None."""
    if not action.starts_with("ADD"):
        return None
    index = action.name_at(2)[1] if action.words[1:2] == ("CONSTRAINT",) else 1
    kind = action.words[index : index + 1]
    return kind[0] if kind and kind[0] in _CONSTRAINT_KINDS else None


def added_column(action: Clause) -> Clause | None:
    """The column definition (`name type [constraints]`) of `ADD [COLUMN] [IF NOT EXISTS]`."""
    if not action.starts_with("ADD") or added_constraint(action) is not None:
        return None
    index = action.skip(action.skip(1, "COLUMN"), "IF", "NOT", "EXISTS")
    return Clause(action.tokens[index:]) if index < len(action.tokens) else None


def altered_column(action: Clause) -> Clause | None:
    """What follows the column name in an `ALTER [COLUMN] name ...` action."""
    if not action.starts_with("ALTER") or action.starts_with("ALTER", "CONSTRAINT"):
        return None
    column, index = action.name_at(action.skip(1, "COLUMN"))
    return None if column is None else Clause(action.tokens[index:])


_DML = frozenset({"INSERT", "UPDATE", "DELETE", "MERGE"})
# `FOR UPDATE`, `FOR NO KEY UPDATE` and `ON DELETE`/`ON UPDATE` use the words without writing.
_NOT_WRITING_AFTER = frozenset({"FOR", "KEY", "ON"})


def is_dml(statement: Clause) -> bool:
    """`INSERT`, `UPDATE`, `DELETE`, `MERGE`, also after `WITH` (data-modifying CTEs too)."""
    words = statement.words
    if not words:
        return False
    if words[0] in _DML:
        return True
    if words[0] != "WITH":
        return False
    return any(
        word in _DML and words[index - 1] not in _NOT_WRITING_AFTER
        for index, word in enumerate(words)
    )


def is_ddl(statement: Clause) -> bool:
    """`CREATE`, `ALTER` or `DROP` of any object, and `TRUNCATE` (see the module docstring)."""
    return statement.words[:1] in (("CREATE",), ("ALTER",), ("DROP",), ("TRUNCATE",))


def runs_outside_transaction(statement: Clause) -> bool:
    """PostgreSQL refuses to run it inside a transaction block."""
    if statement.starts_with("VACUUM"):
        return True
    if statement.starts_with("REINDEX") or is_create_index(statement):
        return statement.has("CONCURRENTLY")
    if statement.starts_with("DROP", "INDEX", "CONCURRENTLY"):
        return True
    altered = alter_table(statement)
    return altered is not None and any(
        action.starts_with("DETACH", "PARTITION") and action.has("CONCURRENTLY")
        for action in altered.actions
    )


def exclusive_tables(statement: Clause) -> frozenset[str]:
    """The tables a statement locks ACCESS EXCLUSIVE, as far as the PostgreSQL documentation
    says so plainly: `ALTER TABLE` with an action that needs it (`exclusive_action`), `LOCK
    [TABLE]` without a mode or `IN ACCESS EXCLUSIVE MODE`, `TRUNCATE`."""
    altered = alter_table(statement)
    if altered is not None:
        if not any(exclusive_action(action) for action in altered.actions):
            return frozenset()
        # A renamed table is the same relation, still locked under its new name.
        renamed = (c.new_name for c in dropped_or_renamed(statement) if c.kind == "rename table")
        return frozenset({altered.table, *(name for name in renamed if name is not None)})
    if statement.starts_with("TRUNCATE"):
        return _listed_tables(statement, statement.skip(1, "TABLE"), len(statement.tokens))
    if not statement.starts_with("LOCK"):
        return frozenset()
    mode = statement.find("IN", top=True)
    if mode >= 0 and statement.words[mode + 1 : mode + 3] != ("ACCESS", "EXCLUSIVE"):
        return frozenset()
    end = mode if mode >= 0 else len(statement.tokens)
    return _listed_tables(statement, statement.skip(1, "TABLE"), end)


def _listed_tables(statement: Clause, start: int, end: int) -> frozenset[str]:
    """The tables of a list `[ONLY] name [*], ...` between `start` and `end`."""
    names = set()
    for clause in _split_commas(statement.tokens[start:end]):
        name = clause.name_at(clause.skip(0, "ONLY"))[0]
        if name is not None:
            names.add(name)
    return frozenset(names)


# What follows `ALTER [COLUMN] name` in the actions that take ACCESS EXCLUSIVE.
_EXCLUSIVE_COLUMN_CHANGES = (
    ("TYPE",),
    ("SET", "DATA", "TYPE"),
    ("SET", "NOT", "NULL"),
    ("DROP", "NOT", "NULL"),
    ("SET", "DEFAULT"),
    ("DROP", "DEFAULT"),
)


def exclusive_action(action: Clause) -> bool:
    """An `ALTER TABLE` action that takes ACCESS EXCLUSIVE: `ADD [COLUMN]`, `ADD` a `CHECK`,
    `UNIQUE`, `PRIMARY KEY` or `EXCLUDE` constraint (not `FOREIGN KEY`: SHARE ROW EXCLUSIVE),
    `DROP [COLUMN]`, `DROP CONSTRAINT`, `RENAME [COLUMN] ... TO`, `RENAME TO`, and `ALTER
    [COLUMN]` with `TYPE`, `SET DATA TYPE`, `SET`/`DROP NOT NULL`, `SET`/`DROP DEFAULT`. Other
    actions (`VALIDATE CONSTRAINT`, `SET STATISTICS`, `ENABLE TRIGGER`...) take less or are not
    read."""
    if action.starts_with("ADD"):
        kind = added_constraint(action)
        return kind != "FOREIGN" if kind is not None else added_column(action) is not None
    if action.starts_with("DROP", "CONSTRAINT"):
        return True
    if action.starts_with("RENAME"):
        return not action.starts_with("RENAME", "CONSTRAINT") and action.has("TO")
    column = altered_column(action)
    if column is not None:
        return any(column.starts_with(*words) for words in _EXCLUSIVE_COLUMN_CHANGES)
    return action.starts_with("DROP") and _altered_column("", action) is not None  # a column


_TRANSACTION_STARTS = (
    ("BEGIN",),
    ("START", "TRANSACTION"),
    ("COMMIT",),
    ("END",),
    ("ROLLBACK",),
    ("ABORT",),
)


def is_transaction_control(statement: Clause) -> bool:
    """Starts, commits or rolls back a transaction (`ROLLBACK TO SAVEPOINT` does not)."""
    if statement.starts_with("ROLLBACK", "TO") or statement.starts_with(
        "ROLLBACK", "TRANSACTION", "TO"
    ):
        return False
    if statement.starts_with("COMMIT", "PREPARED") or statement.starts_with(
        "ROLLBACK", "PREPARED"
    ):
        return False
    return any(statement.starts_with(*words) for words in _TRANSACTION_STARTS)


# ---------------------------------------------------------------------------------------------
# Literal SQL in a migration


def literal_sql(node: ast.expr | None, migration: Migration) -> list[str] | None:
    """The SQL texts of a `RunSQL` argument, or None when it is not literal SQL
    (`docs/terms.md#literal-sql`). `RunSQL.noop` is literal: no SQL at all."""
    if node is None:
        return None
    if _is_noop(node):
        return []
    text = sql_string(node, migration)
    if text is not None:
        return [text]
    node = follow_constant(node, migration)
    if not isinstance(node, ast.List | ast.Tuple):
        return None
    texts = []
    for element in node.elts:
        element = follow_constant(element, migration)
        if isinstance(element, ast.Tuple | ast.List) and len(element.elts) == 2:
            element = element.elts[0]  # (sql, params)
        part = sql_string(element, migration)
        if part is None:
            return None
        texts.append(part)
    return texts


def _is_noop(node: ast.expr) -> bool:
    dotted = astutil.dotted_name(node)
    return dotted is not None and (dotted == "RunSQL.noop" or dotted.endswith(".RunSQL.noop"))


def follow_constant(node: ast.expr, migration: Migration) -> ast.expr:
    """A name bound to one value, replaced by that value (see `bound_value`)."""
    for _ in range(_MAX_NAME_DEPTH):
        value = bound_value(node, migration)
        if value is None:
            return node
        node = value
    return node


def bound_value(node: ast.expr, migration: Migration) -> ast.expr | None:
    """The value of a name used in the `Migration` class body: a class attribute (its value
    when assigned outside any `if`), else a module-level name bound once."""
    if not isinstance(node, ast.Name):
        return None
    if node.id in migration.attributes:
        return migration.attribute_values.get(node.id)
    return migration.constants.get(node.id)


def sql_string(node: ast.expr, migration: Migration, depth: int = 0) -> str | None:
    """A string literal, a name bound to one, or a `+` concatenation of those."""
    if depth > _MAX_NAME_DEPTH:
        return None
    value = bound_value(node, migration)
    if value is not None:
        return sql_string(value, migration, depth + 1)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = sql_string(node.left, migration, depth + 1)
        right = sql_string(node.right, migration, depth + 1)
        return None if left is None or right is None else left + right
    return astutil.string_value(node)


class NewTables:
    """The tables created earlier in the same migration: by a database `CreateModel` (its
    `db_table`, else Django's default name) or by an earlier `CREATE TABLE` in the forward SQL,
    and the names such a table is renamed to (the rebuild pattern: `CREATE TABLE t_new`, copy,
    `DROP TABLE t`, `ALTER TABLE t_new RENAME TO t`). When a `CreateModel`'s table cannot be
    read, every table counts as possibly new.

    In a migration that may run in one transaction, nobody else sees a renamed new table before
    the commit, whatever its name. In a non-atomic one each statement commits at once: a new
    table renamed to the name of a table dropped (or renamed away) earlier in the migration
    takes that table's place, and the running code queries it from then on: it counts as
    existing. A new table under a name nobody used is still new (no running code knows it).
    """

    def __init__(self, atomic: bool = True) -> None:
        self.names: set[str] = set()
        self.unknown = False
        self.atomic = atomic
        # Tables dropped or renamed away by an earlier statement.
        self.gone: set[str] = set()

    def is_existing(self, table: str | None) -> bool:
        """Known to exist before this migration (so it may hold rows and serve queries)."""
        return table is not None and not self.unknown and table not in self.names

    def follow(self, statement: Clause) -> None:
        """Take in what `statement` does to the tables: creates, drops and renames."""
        created = created_table(statement)
        if created is not None:
            self.names.add(created)
        for change in dropped_or_renamed(statement):
            if change.column is None:
                self._moved(change)

    def _moved(self, change: TableColumn) -> None:
        was_new = change.table in self.names
        self.names.discard(change.table)
        self.gone.add(change.table)
        renamed = change.new_name
        if renamed is not None and was_new and (self.atomic or renamed not in self.gone):
            self.names.add(renamed)


def other_dialect(statement: Statement) -> bool:
    """Plainly another database's SQL, which PostgreSQL would refuse: SQLite's `PRAGMA`,
    `AUTOINCREMENT` and `?` placeholders, MySQL's backtick-quoted names, `AUTO_INCREMENT` and
    `ENGINE=` table option. Strings and comments are never read, so a `?` or a backtick there
    does not count, nor does `%s` (Django's placeholder on every backend)."""
    words = statement.words
    if statement.starts_with("PRAGMA") or "`" in words:
        return True
    if "AUTOINCREMENT" in words or "AUTO_INCREMENT" in words:
        return True
    return _has_placeholder(words) or _has_engine_option(statement)


def _has_placeholder(words: Sequence[str]) -> bool:
    """A `?` where a value goes: PostgreSQL's `?` operators (`jsonb ? 'key'`) always have a
    right operand, a placeholder is followed by `,`, `)` or the end of the statement."""
    return any(
        word == "?" and words[index + 1 : index + 2] in ((), (",",), (")",))
        for index, word in enumerate(words)
    )


def _has_engine_option(statement: Statement) -> bool:
    """`CREATE TABLE t (...) ENGINE=InnoDB` or `ALTER TABLE t ENGINE=InnoDB`."""
    altered = alter_table(statement)
    if altered is not None:
        return any(action.starts_with("ENGINE", "=") for action in altered.actions)
    engine = statement.find("ENGINE", "=", top=True)
    return statement.starts_with("CREATE") and engine > 0 and statement.words[engine - 1] == ")"


# Django wraps a migration in a transaction only where DDL is transactional
# (`connection.features.can_rollback_ddl`): not on MySQL/MariaDB nor Oracle.
_NON_TRANSACTIONAL_DDL = frozenset({"mysql", "oracle"})


def runs_in_transaction(migration: Migration, database: str) -> bool:
    """Django runs the migration in one transaction: it is atomic, on a database whose DDL is
    transactional (PostgreSQL, SQLite; `generic` counts as one)."""
    return migration.is_atomic is True and has_transactional_ddl(database)


def has_transactional_ddl(database: str) -> bool:
    return database not in _NON_TRANSACTIONAL_DDL


def _add_model_table(new: NewTables, op: Operation, app_label: str) -> None:
    options = op.arg("options")
    if op.model_name is None or not (options is None or isinstance(options, ast.Dict)):
        new.unknown = True
        return
    table = f"{app_label}_{op.model_name.lower()}"
    if isinstance(options, ast.Dict):
        for key, value in zip(options.keys, options.values, strict=True):
            if key is None:
                new.unknown = True  # `**options`
            elif astutil.string_value(key) == "db_table":
                table = astutil.string_value(value) or ""
                new.unknown = new.unknown or not table
    new.names.add(table)


class SqlFile:
    """The literal SQL of one migration file's `RunSQL`s, each read once however many rules
    ask (`statements` per operation and argument, `written_for_postgresql` per operation)."""

    def __init__(self, migration: Migration, app_label: str) -> None:
        self.migration = migration
        self.app_label = app_label
        self._statements: dict[tuple[int, str], list[Statement] | None] = {}
        self._other_dialect: dict[int, bool] = {}

    def statements(self, op: Operation, which: str = "sql") -> list[Statement] | None:
        """The statements of a `RunSQL`'s `sql` (or `reverse_sql`), None when not literal."""
        key = (op.index, which)
        if key not in self._statements:
            texts = literal_sql(op.arg(which), self.migration)
            found = None if texts is None else [s for text in texts for s in statements(text)]
            self._statements[key] = found
        return self._statements[key]

    def written_for_postgresql(self, op: Operation) -> bool:
        """A `RunSQL` PostgreSQL may run: under a vendor test naming the database, or without
        a mark of another database's dialect in its forward SQL (`other_dialect`)."""
        if op.vendor_guarded:
            return True
        if op.index not in self._other_dialect:
            found = self.statements(op) or ()
            self._other_dialect[op.index] = any(other_dialect(s) for s in found)
        return not self._other_dialect[op.index]

    def database_statements(
        self, which: Iterable[str] = ("sql",)
    ) -> Iterator[tuple[Operation, Statement]]:
        """Every statement of the literal SQL of the database `RunSQL`s, in order."""
        for op in self.migration.database_operations("RunSQL"):
            for argument in which:
                yield from ((op, s) for s in self.statements(op, argument) or ())

    def matching_statements(
        self, predicate: Callable[[Statement], bool], which: Iterable[str] = ("sql",)
    ) -> Iterator[tuple[Operation, Statement]]:
        """The statements of the database `RunSQL`s (`which` arguments) `predicate` accepts."""
        return ((op, s) for op, s in self.database_statements(which) if predicate(s))

    def postgresql_statements(self) -> Iterator[tuple[Operation, Statement]]:
        """The forward statements of the database `RunSQL`s written for PostgreSQL (see
        `written_for_postgresql`), in order: what the PostgreSQL rules judge."""
        for op in self.migration.database_operations("RunSQL"):
            if self.written_for_postgresql(op):
                yield from ((op, s) for s in self.statements(op) or ())

    def statements_with_new_tables(self) -> Iterator[tuple[Operation, Statement, NewTables]]:
        """Every forward statement PostgreSQL runs (`postgresql_statements`), with the tables
        created before it. An unknown atomicity counts as atomic: the reading that stays
        silent."""
        if not self._runs_sql:
            return  # most files: no need to go through their models for the tables they create
        new = NewTables(atomic=self.migration.is_atomic is not False)
        for op in self.migration.database_operations("CreateModel", "RunSQL"):
            if op.name == "CreateModel":
                _add_model_table(new, op, self.app_label)
                continue
            if not self.written_for_postgresql(op):
                continue
            for statement in self.statements(op) or ():
                yield op, statement, new
                new.follow(statement)

    @cached_property
    def _runs_sql(self) -> bool:
        return any(True for _ in self.migration.database_operations("RunSQL"))

    def altered_tables(self) -> Iterator[tuple[Operation, Statement, AlterTable]]:
        """The `ALTER TABLE` statements of the forward SQL for PostgreSQL on tables that
        already exist."""
        for op, statement, new in self.statements_with_new_tables():
            altered = alter_table(statement)
            if altered is not None and new.is_existing(altered.table):
                yield op, statement, altered

    def altering_statements(
        self, predicate: Callable[[Clause], bool]
    ) -> Iterator[tuple[Operation, Statement]]:
        """The forward `ALTER TABLE` statements on existing tables with an action `predicate`
        accepts."""
        for op, statement, altered in self.altered_tables():
            if any(predicate(action) for action in altered.actions):
                yield op, statement
