"""The one module a rule imports (with the standard library): what a rule can read and how it
reports. A test holds every `rules/djm*.py` to it.

A rule is `check(migration, ctx) -> Iterator[Violation]` plus its `RULE = Rule(...)`.

- **The file**: `migration` (a `Migration`): its `operations` (each an `Operation` with its
  name, arguments and position), dependencies, attributes, imports, module-level functions;
  `migration.tree` for the few rules that walk the AST themselves.
- **The app around it**: `ctx` (a `Context`): `ctx.app_label`, `ctx.stem` (the migration's
  name); the state just before an operation (`ctx.state_before(op)`, `ctx.model_before(op)`,
  `ctx.field_before(op)`, `ctx.on_existing_table(op)`); the app's migration graph
  (`ctx.graph`, always there: a graph of nothing, not `known`, where no folder could be
  read); the folder (`ctx.migrations_on_disk`, `ctx.max_migration`); other apps
  (`ctx.other_app(label)`); the database (`ctx.settings.database`).
- **Shared readings of the file**, each computed once per file: `ctx.sql` (the statements
  of the `RunSQL`s and the tables they touch; the DDL helpers below judge one statement),
  `ctx.runpython` (the resolved `RunPython` callables and their `Body`s), `ctx.alterations`
  (the `AlterField`s with the old field), `ctx.added_fields()`, `ctx.locks` (the tables held
  ACCESS EXCLUSIVE).
- **Reporting**: `report(at, CODE, message)` gives the `Violation` at an operation's call
  (most rules), at the `Migration` class line, or at a node; `report_statements` reports SQL
  statements at their `RunSQL`. The plugin sorts the findings and reports each once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flake8_django_migrations.alterations import Alteration
from flake8_django_migrations.astutil import (
    dotted_name,
    has_star_args,
    has_star_kwargs,
    is_none,
    keyword_map,
    string_value,
)
from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.field_changes import column_type
from flake8_django_migrations.fields import (
    AUTO_FIELDS,
    POSITIVE_FIELDS,
    RELATION_FIELDS,
    FieldCall,
    declared_db_column,
    field_call,
)
from flake8_django_migrations.graph import AppGraph
from flake8_django_migrations.locks import READS_AND_WRITES
from flake8_django_migrations.migration import Dependency, Migration, Operation
from flake8_django_migrations.project import OtherApp
from flake8_django_migrations.runpython import (
    MANAGERS,
    QUERYSET_METHODS,
    Body,
    CallableNode,
    GetModel,
    Kind,
    Loop,
    QuerySet,
    Step,
    Visit,
    few_rows,
    loaded_model_names,
    positional_params,
    star_models_module,
)
from flake8_django_migrations.runpython import Callable as RunPythonCallable
from flake8_django_migrations.settings import DATABASES
from flake8_django_migrations.sql import (
    AlterTable,
    TableColumn,
    added_column,
    added_constraint,
    alter_table,
    altered_column,
    dropped_or_renamed,
    exclusive_tables,
    follow_constant,
    index_table,
    is_create_index,
    is_ddl,
    is_dml,
    is_transaction_control,
    runs_outside_transaction,
    sql_string,
)
from flake8_django_migrations.sql_syntax import Clause, Statement
from flake8_django_migrations.state import AppState, column_of, read_together

__all__ = [
    "ALL_DATABASES",
    "AUTO_FIELDS",
    "MANAGERS",
    "POSITIVE_FIELDS",
    "POSTGRESQL",
    "QUERYSET_METHODS",
    "READS_AND_WRITES",
    "RELATION_FIELDS",
    "TRANSACTIONAL_DDL",
    "AlterTable",
    "Alteration",
    "AppGraph",
    "AppState",
    "Body",
    "CallableNode",
    "Clause",
    "Context",
    "Dependency",
    "Edit",
    "FieldCall",
    "Fix",
    "Fixer",
    "GetModel",
    "Kind",
    "Loop",
    "Migration",
    "Operation",
    "OtherApp",
    "QuerySet",
    "Rule",
    "RunPythonCallable",
    "Statement",
    "Step",
    "TableColumn",
    "Violation",
    "Visit",
    "add_keyword",
    "added_column",
    "added_constraint",
    "alter_table",
    "altered_column",
    "calls_at",
    "column_of",
    "column_type",
    "declared_db_column",
    "dotted_name",
    "dropped_or_renamed",
    "exclusive_tables",
    "few_rows",
    "field_call",
    "follow_constant",
    "has_star_args",
    "has_star_kwargs",
    "index_table",
    "is_create_index",
    "is_ddl",
    "is_dml",
    "is_none",
    "is_transaction_control",
    "keyword_map",
    "loaded_model_names",
    "positional_params",
    "read_together",
    "replace_node",
    "report",
    "report_statements",
    "runs_outside_transaction",
    "set_atomic_false",
    "sql_string",
    "star_models_module",
    "string_value",
]

Check = Callable[[Migration, Context], Iterable[Violation]]


@dataclass(frozen=True)
class Edit:
    """Text that replaces a span of the file, both ends as the `ast` module gives positions:
    1-based lines, 0-based columns counted in UTF-8 bytes of the line. An empty span inserts;
    empty `text` deletes."""

    line: int
    col: int
    end_line: int
    end_col: int
    text: str


@dataclass(frozen=True)
class Fix:
    """The edits that make one finding's safe form. `safe`: the edit keeps the migration's
    meaning for Django except for the risk the rule names; an unsafe fix decides something for
    the user (`fix --unsafe` only)."""

    edits: tuple[Edit, ...]
    safe: bool = True


# The fix of one finding of the rule; None when this finding has no mechanical edit (the
# construct is not one the fixer can rewrite exactly). Called only by `fix`, never by flake8.
Fixer = Callable[[Migration, Context, Violation], "Fix | None"]

ALL_DATABASES: tuple[str, ...] = DATABASES
POSTGRESQL: tuple[str, ...] = ("postgresql",)
# The databases where Django runs a migration in a transaction: their DDL is transactional.
TRANSACTIONAL_DDL: tuple[str, ...] = ("postgresql", "sqlite", "generic")


@dataclass(frozen=True)
class Rule:
    """One rule: what the registry, the docs and the plugin know of it."""

    code: str
    name: str
    message: str
    docstring: str | None
    # None only for DJM000, which the plugin reports itself.
    check: Check | None
    default_on: bool
    added_in: str
    # The `djm-database` values the rule runs for.
    databases: tuple[str, ...] = ALL_DATABASES
    # The rule's mechanical fix, for `python -m flake8_django_migrations fix`.
    fix: Fixer | None = None
    # What `fix` makes of it: "safe", "unsafe" or "none" (shown in docs and `rules`).
    fix_kind: str = "none"

    @property
    def doc(self) -> str:
        return self.docstring or ""

    @property
    def summary(self) -> str:
        text = self.doc.strip()
        return text.splitlines()[0].strip() if text else ""

    @property
    def postgresql_only(self) -> bool:
        return self.databases == POSTGRESQL

    def applies_to(self, database: str) -> bool:
        return database in self.databases


def report(at: Operation | Migration | ast.expr | ast.stmt, code: str, message: str) -> Violation:
    """The one way a rule reports: at an operation's call, at the `Migration` class line, or
    at a node of the file."""
    if isinstance(at, Operation | Migration):
        return Violation(at.line, at.col, code, message)
    return Violation(at.lineno, at.col_offset, code, message)


def report_statements(
    code: str,
    message: str,
    hits: Iterable[tuple[Operation, Statement]]
    | Iterable[tuple[Operation, Statement, dict[str, str]]],
) -> Iterator[Violation]:
    """One diagnostic per offending statement at its `RunSQL` call, `{sql}` in `message`
    replaced by the statement's opening (and the other fields by a hit's third item)."""
    for op, statement, *fields in hits:
        text = message.format(sql=statement.head, **(fields[0] if fields else {}))
        yield report(op, code, text)


# ---------------------------------------------------------------------------------------------
# Edits that fixers share


def replace_node(node: ast.expr | ast.stmt, text: str) -> Edit:
    """`text` in place of a node's source."""
    end_line = node.end_lineno if node.end_lineno is not None else node.lineno
    end_col = node.end_col_offset if node.end_col_offset is not None else node.col_offset
    return Edit(node.lineno, node.col_offset, end_line, end_col, text)


def calls_at(migration: Migration, line: int, col: int, methods: Iterable[str]) -> list[ast.Call]:
    """The calls of a method named in `methods` (`x.bulk_create(...)`) that start at a
    finding's position: the node a fixer edits."""
    names = frozenset(methods)
    return [
        node
        for node in ast.walk(migration.tree)
        if isinstance(node, ast.Call)
        and (node.lineno, node.col_offset) == (line, col)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in names
    ]


def add_keyword(migration: Migration, call: ast.Call, keyword: str) -> Edit | None:
    """`keyword` (`batch_size=1000`) added as the call's last argument: on a line of its own
    when the call lists one argument a line with a trailing comma, else after the last one.
    None for a call without arguments or with a bare generator argument."""
    given: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    if not given or any(isinstance(arg, ast.GeneratorExp) for arg in call.args):
        return None
    last = max(given, key=lambda node: (node.end_lineno or 0, node.end_col_offset or 0))
    end_line, end_col = last.end_lineno or last.lineno, last.end_col_offset or 0
    line, start = migration.lines[end_line - 1], migration.lines[last.lineno - 1]
    after = line.encode("utf-8")[end_col:].decode("utf-8", "replace").lstrip()
    own_line = not start.encode("utf-8")[: last.col_offset].strip()
    if own_line and after.startswith(",") and (call.end_lineno or 0) > end_line:
        indent = start[: len(start) - len(start.lstrip())]
        content = line.rstrip("\r\n")
        at = len(content.encode("utf-8"))
        return Edit(end_line, at, end_line, at, f"{line[len(content) :]}{indent}{keyword},")
    return Edit(end_line, end_col, end_line, end_col, f", {keyword}")


def set_atomic_false(migration: Migration) -> Fix | None:
    """`atomic = False` on the `Migration` class: an explicit `atomic = True` made `False`,
    else the line added first in the class body (after its docstring). None where the class
    cannot take it as a line of its own (a body on the `class` line)."""
    if "atomic" in migration.attribute_values:
        value = migration.attribute_values["atomic"]
        if isinstance(value, ast.Constant) and value.value is True:
            return Fix((replace_node(value, "False"),))
        return None
    return _first_in_class(migration, "atomic = False")


def _first_in_class(migration: Migration, statement: str) -> Fix | None:
    body = migration.class_node.body
    first = body[0]
    if first.lineno <= migration.class_node.lineno:
        return None
    docstring = _is_docstring(first)
    if docstring:
        after = first.end_lineno or first.lineno
        if len(body) > 1 and body[1].lineno <= after:
            return None
    else:
        after = _header_end(migration.lines, first.lineno)
    text = migration.lines[first.lineno - 1]
    indent = text[: len(text) - len(text.lstrip())]
    above = migration.lines[after - 1]
    newline = above[len(above.rstrip("\r\n")) :]
    if not newline or not indent:
        return None
    # A blank line parts the docstring from the code, as formatters write it.
    line = f"{newline if docstring else ''}{indent}{statement}{newline}"
    return Fix((Edit(after + 1, 0, after + 1, 0, line),))


def _is_docstring(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _header_end(lines: tuple[str, ...], first_line: int) -> int:
    """The last line of the `class` header: the one before the body's first statement, past
    blank and comment lines."""
    line = first_line - 1
    while line > 1 and (not lines[line - 1].strip() or lines[line - 1].lstrip().startswith("#")):
        line -= 1
    return line
