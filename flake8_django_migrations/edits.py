"""The text edits `fix` makes, and the few shapes of edit the fixers share: a keyword added to
a call, a name imported, `atomic = False` set, an element put first in a list.

Every position is one the `ast` module gives: 1-based lines, 0-based columns in UTF-8 bytes.
The helpers look at the file's text only around those positions, so an edit touches nothing
but the characters it must (comments, quotes and line endings around it stay as they are).
A helper that meets a shape it cannot edit exactly returns None: no fix rather than a guess.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flake8_django_migrations import astutil
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration, Operation

Position = tuple[int, int]


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
    # With no edits: why the finding has no mechanical fix here, for `fix` to print.
    reason: str = ""


def no_fix(reason: str) -> Fix:
    """A finding the fixer understands but must leave, and why."""
    return Fix((), reason=reason)


def _line(migration: Migration, number: int) -> bytes:
    if 1 <= number <= len(migration.lines):
        return migration.lines[number - 1].encode("utf-8")
    return b""


def _content(migration: Migration, number: int) -> bytes:
    """A line without its line ending."""
    return _line(migration, number).rstrip(b"\r\n")


def newline(migration: Migration) -> str:
    """The file's line ending, as its first line has it."""
    first = migration.lines[0] if migration.lines else "\n"
    return "\r\n" if first.endswith("\r\n") else "\n"


def indent(migration: Migration, number: int) -> str:
    text = _content(migration, number)
    return text[: len(text) - len(text.lstrip(b" \t"))].decode("utf-8")


def starts_line(migration: Migration, node: ast.expr | ast.stmt | ast.keyword) -> bool:
    """Only blanks stand before the node on its line."""
    return not _line(migration, node.lineno)[: node.col_offset].strip()


def source(migration: Migration, node: ast.expr) -> str | None:
    """The node's text as written, when it holds on one line."""
    if node.end_lineno != node.lineno or node.end_col_offset is None:
        return None
    text = _line(migration, node.lineno)[node.col_offset : node.end_col_offset]
    return text.decode("utf-8")


def replace(node: ast.expr | ast.stmt, text: str) -> Edit:
    """`text` in place of a node's source."""
    return Edit(node.lineno, node.col_offset, end_of(node)[0], end_of(node)[1], text)


def insert(at: Position, text: str) -> Edit:
    return Edit(at[0], at[1], at[0], at[1], text)


def end_of(node: ast.expr | ast.stmt | ast.keyword | ast.alias) -> Position:
    return (node.end_lineno or node.lineno, node.end_col_offset or 0)


def next_token(migration: Migration, at: Position) -> tuple[Position, bytes] | None:
    """The first character after `at` that is not a blank, a comment or a line break."""
    number, col = at
    while number <= len(migration.lines):
        text = _content(migration, number)
        rest = text[col:].lstrip(b" \t\f")
        if rest and not rest.startswith((b"#", b"\\")):
            return (number, len(text) - len(rest)), rest[:1]
        number, col = number + 1, 0
    return None


def add_keyword(migration: Migration, call: ast.Call, text: str) -> tuple[Edit, ...] | None:
    """`text` (`name=value`) added after the call's last argument, in the call's style: on a
    line of its own, indented like the last argument and with a trailing comma, when that
    argument sits on its own line above the closing parenthesis; else after `, `."""
    close = (call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1)
    arguments: list[ast.expr | ast.keyword] = [*call.args, *call.keywords]
    if any(isinstance(arg, ast.GeneratorExp) for arg in call.args):
        return None
    if not arguments:
        return None  # no call the fixers edit is written without arguments
    last = max(arguments, key=end_of)
    readable, comma = _comma_before(migration, end_of(last), close)
    if not readable:
        return None
    if starts_line(migration, last) and close[0] > (comma or end_of(last))[0]:
        return _own_line_keyword(migration, last, comma, text)
    return (insert(end_of(last), f", {text}"),)


def _comma_before(
    migration: Migration, at: Position, close: Position
) -> tuple[bool, Position | None]:
    """The trailing comma's position (None when there is none), after whether the text
    between the last argument and the closing parenthesis is only that: not, for one, the
    closing parenthesis of an argument written in parentheses, which `ast` leaves out."""
    found = next_token(migration, at)
    if found == (close, b")"):
        return True, None
    if found is None or found[1] != b",":
        return False, None
    after = next_token(migration, (found[0][0], found[0][1] + 1))
    return after == (close, b")"), found[0]


def _own_line_keyword(
    migration: Migration, last: ast.expr | ast.keyword, comma: Position | None, text: str
) -> tuple[Edit, ...]:
    line = comma[0] if comma is not None else end_of(last)[0]
    end = (line, len(_content(migration, line)))
    added = f"{newline(migration)}{indent(migration, last.lineno)}{text},"
    if comma is not None:
        return (insert(end, added),)
    if end_of(last) == end:
        return (insert(end, f",{added}"),)
    return (insert(end_of(last), ","), insert(end, added))  # a comment follows the argument


def bound_names(migration: Migration) -> set[str]:
    """The module-level names the file binds (imports, assignments, functions)."""
    return {*migration.imports, *migration.constants, *migration.functions}


def import_names(
    migration: Migration, module: str, names: Iterable[str]
) -> tuple[dict[str, str], tuple[Edit, ...]] | None:
    """How to write each of `names` from `module` in the file, and the edit that imports those
    the file lacks: added to its `from module import ...` if it has one, else on a new line
    among its imports. None when a name is bound to something else."""
    written: dict[str, str] = {}
    missing: list[str] = []
    for name in names:
        local = _imported_as(migration, module, name)
        if local is not None:
            written[name] = local
        elif name in bound_names(migration):
            return None
        else:
            written[name] = name
            missing.append(name)
    if not missing:
        return written, ()
    edit = _import_edit(migration, module, missing)
    return (written, (edit,)) if edit is not None else None


def _imported_as(migration: Migration, module: str, name: str) -> str | None:
    for local, target in migration.imports.items():
        if target == f"{module}.{name}":
            return local
    for local, target in migration.imports.items():
        if target == module:
            return f"{local}.{name}"
    return None


def _top_imports(migration: Migration) -> list[ast.Import | ast.ImportFrom]:
    return [s for s in migration.module_body if isinstance(s, ast.Import | ast.ImportFrom)]


def _import_edit(migration: Migration, module: str, names: list[str]) -> Edit | None:
    statements = _top_imports(migration)
    for statement in statements:
        if isinstance(statement, ast.ImportFrom) and statement.module == module:
            if statement.level or statement.names[0].name == "*":
                return None
            return insert(end_of(statement.names[-1]), "".join(f", {n}" for n in names))
    if not statements:
        return None
    line = f"from {module} import {', '.join(names)}{newline(migration)}"
    later = [s for s in statements if _sorts_after(s, module)]
    at = (later[0].lineno, 0) if later else (end_of(statements[-1])[0] + 1, 0)
    if not later and at[0] > len(migration.lines):
        return None  # the last import ends the file: no line to put the new one before
    return insert(at, line)


def _sorts_after(statement: ast.Import | ast.ImportFrom, module: str) -> bool:
    """A `from x import` that isort puts after `from module import` (not `__future__`)."""
    if not isinstance(statement, ast.ImportFrom) or statement.level or not statement.module:
        return False
    return statement.module != "__future__" and statement.module > module


def migrations_name(migration: Migration) -> str | None:
    """The name the file imports `django.db.migrations` under."""
    for local, target in migration.imports.items():
        if target == "django.db.migrations":
            return local
    return None


def set_atomic_false(migration: Migration) -> tuple[Edit, ...] | None:
    """`atomic = False` on the `Migration` class: an explicit `atomic = True` turned to False,
    else the line added first in the class body (after its docstring). () when the class
    already says False; None when its `atomic` is not a literal."""
    if "atomic" in migration.attribute_values:
        value = migration.attribute_values["atomic"]
        if astutil.is_false(value):
            return ()
        return (replace(value, "False"),) if value is not None and astutil.is_true(value) else None
    body = migration.class_node.body
    first = body[1] if _is_docstring(body[0]) and len(body) > 1 else body[0]
    if _is_docstring(first) or first.lineno == migration.class_node.lineno:
        return None
    if not starts_line(migration, first):
        return None
    nl = newline(migration)
    line = _above_comments(migration, first.lineno)
    return (insert((line, 0), f"{indent(migration, first.lineno)}atomic = False{nl}{nl}"),)


def _above_comments(migration: Migration, number: int) -> int:
    """The first line of the comment lines right above line `number`: they belong to it."""
    while number - 1 > migration.class_node.lineno and _content(
        migration, number - 1
    ).lstrip().startswith(b"#"):
        number -= 1
    return number


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and astutil.string_value(statement.value) is not None


def insert_first(migration: Migration, elements: ast.List, text: str) -> Edit | None:
    """`text` put first in a list literal: on a line of its own when the list's first element
    has one, else before it with `, `."""
    if not elements.elts:
        close = (end_of(elements)[0], end_of(elements)[1] - 1)
        return insert(close, text) if elements.end_lineno == elements.lineno else None
    first = elements.elts[0]
    if starts_line(migration, first):
        line = f"{indent(migration, first.lineno)}{text},{newline(migration)}"
        return insert((first.lineno, 0), line)
    return insert((first.lineno, first.col_offset), f"{text}, ")


_POSTGRES_OPERATIONS = "django.contrib.postgres.operations"
# Each plain index operation and its concurrent form (same parameters).
CONCURRENT = {"AddIndex": "AddIndexConcurrently", "RemoveIndex": "RemoveIndexConcurrently"}
_INDEX_OPERATIONS = frozenset({*CONCURRENT, *CONCURRENT.values()})


def concurrent_index_fix(
    migration: Migration, existing: Callable[[Operation], bool]
) -> Fix | None:
    """Every `AddIndex` / `RemoveIndex` of a migration made concurrent, with the import and
    `atomic = False`: only when the migration's operations are all index operations on
    existing tables (`existing`), written in the class body, each run unconditionally."""
    ops = migration.operations
    if not ops or migration.opaque_from is not None or migration.unknown_calls:
        return None
    if not all(_plain_index_step(migration, op) and existing(op) for op in ops):
        return no_fix(
            "the migration does more than index operations on existing tables: move them to"
            " a migration of their own, then run `fix` again"
        )
    plain = [op for op in ops if op.name in CONCURRENT]
    needed = sorted({CONCURRENT[op.name] for op in plain})
    imported = import_names(migration, _POSTGRES_OPERATIONS, needed)
    atomic = set_atomic_false(migration)
    if not plain or imported is None or atomic is None:
        return None
    written, import_edits = imported
    renames = tuple(replace(op.call.func, written[CONCURRENT[op.name]]) for op in plain)
    return Fix((*renames, *import_edits, *atomic))


def _plain_index_step(migration: Migration, op: Operation) -> bool:
    """An index operation that runs as written, in the class's own `operations` list."""
    node = migration.class_node
    inside = node.lineno <= op.line <= (node.end_lineno or node.lineno)
    # A vendor branch has another branch, for the other databases, that the edit must not
    # make non-atomic unseen.
    unconditional = op.top_level and op.is_database and not (op.conditional or op.vendor_guarded)
    return op.name in _INDEX_OPERATIONS and inside and unconditional


def operation_at(migration: Migration, at: Violation, *names: str) -> Operation | None:
    """The operation (one of `names`) whose call a finding is reported at."""
    for op in migration.operations:
        if (op.line, op.col) == (at.line, at.col) and op.name in names:
            return op
    return None


def inside(node: ast.expr, outer: ast.expr | ast.stmt) -> bool:
    """`node` is written within `outer` (not in a module-level name `outer` refers to)."""
    start = (outer.lineno, outer.col_offset)
    return start <= (node.lineno, node.col_offset) and end_of(node) <= end_of(outer)


def reverse_noop(migration: Migration, op: Operation, param: str) -> Fix | None:
    """`param` (`reverse_code`, `reverse_sql`) given as the operation class's `noop`, written
    the way the call names the class (`migrations.RunPython.noop`): added as the last keyword,
    or in place of a literal None. Unsafe: it decides that going back needs nothing."""
    written = source(migration, op.call.func)
    value = op.arg(param)
    if written is None:
        return None
    noop = f"{written}.noop"
    if value is not None:
        return Fix((replace(value, noop),), safe=False) if astutil.is_none(value) else None
    if astutil.has_star_args(op.call) or astutil.has_star_kwargs(op.call):
        return None
    edits = add_keyword(migration, op.call, f"{param}={noop}")
    return Fix(edits, safe=False) if edits is not None else None


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
