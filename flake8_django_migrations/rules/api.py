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
from flake8_django_migrations.edits import (
    Edit,
    Fix,
    add_keyword,
    calls_at,
    concurrent_index_fix,
    import_names,
    insert_first,
    inside,
    migrations_name,
    operation_at,
    replace,
    reverse_noop,
    set_atomic_false,
    source,
)
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
    "atomic_false_fix",
    "calls_at",
    "column_of",
    "column_type",
    "concurrent_index_fixer",
    "declared_db_column",
    "dotted_name",
    "dropped_or_renamed",
    "exclusive_tables",
    "few_rows",
    "field_call",
    "follow_constant",
    "has_star_args",
    "has_star_kwargs",
    "import_names",
    "index_table",
    "insert_first",
    "inside",
    "is_create_index",
    "is_ddl",
    "is_dml",
    "is_none",
    "is_transaction_control",
    "keyword_map",
    "loaded_model_names",
    "migrations_name",
    "positional_params",
    "read_together",
    "replace",
    "report",
    "report_statements",
    "reverse_noop_fixer",
    "runs_outside_transaction",
    "source",
    "sql_string",
    "star_models_module",
    "string_value",
]

Check = Callable[[Migration, Context], Iterable[Violation]]


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
# Fixers several rules share


def atomic_false_fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
    """`atomic = False` on the class: the fix of a statement that cannot run in a transaction
    (DJM201, DJM301)."""
    edits = set_atomic_false(migration)
    return Fix(edits) if edits else None


def concurrent_index_fixer(operation: str) -> Fixer:
    """The fixer of a finding on `operation` (`AddIndex`, `RemoveIndex`): every index operation
    of the migration made concurrent, when it holds only index operations on existing tables.
    None on other databases: the concurrent operations are PostgreSQL's."""

    def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
        if ctx.settings.database not in POSTGRESQL:
            return None
        if operation_at(migration, violation, operation) is None:
            return None
        return concurrent_index_fix(migration, ctx.on_existing_table)

    return fix


def reverse_noop_fixer(operation: str, param: str) -> Fixer:
    """The fixer that gives `operation` (`RunPython`, `RunSQL`) `param=<its class>.noop`
    (unsafe: unapplying then changes nothing)."""

    def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
        op = operation_at(migration, violation, operation)
        return reverse_noop(migration, op, param) if op is not None else None

    return fix
