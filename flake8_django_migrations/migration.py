"""A frozen, typed model of one migration file, read from its AST in one walk."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TypeVar

from flake8_django_migrations import astutil
from flake8_django_migrations.operations import (
    MIGRATION_BASES,
    MODEL_PARAMETER,
    OPERATION_MODULES,
    SIGNATURES,
)

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_FIELD_OPERATIONS = frozenset({"AddField", "RemoveField", "AlterField", "RenameField"})
_EMPTY: Mapping[str, ast.expr] = MappingProxyType({})
# How deep module-level names are followed (`A = B + C`), so a cycle cannot loop.
_MAX_NAME_DEPTH = 8
_SAFEMIGRATE = "django_safemigrate."
_AFTER = ".Safe.after_deploy"


@dataclass(frozen=True)
class Operation:
    """One resolved operation call, in the order Django would run it."""

    name: str
    call: ast.Call
    index: int
    is_database: bool
    top_level: bool
    kwargs: Mapping[str, ast.expr] = field(default_factory=lambda: _EMPTY, repr=False)

    @property
    def line(self) -> int:
        return self.call.lineno

    @property
    def col(self) -> int:
        return self.call.col_offset

    def arg(self, name: str) -> ast.expr | None:
        """The argument bound to parameter `name`, by keyword or by position."""
        if name in self.kwargs:
            return self.kwargs[name]
        params = SIGNATURES.get(self.name, ())
        if name not in params:
            return None
        position = params.index(name)
        positional = self.call.args
        if position >= len(positional) or astutil.has_star_args(self.call):
            return None
        return positional[position]

    def lacks_arg(self, name: str) -> bool:
        """The argument is a literal None, or absent where no `*args`/`**kwargs` may carry it."""
        value = self.arg(name)
        if value is not None:
            return astutil.is_none(value)
        return not (astutil.has_star_args(self.call) or astutil.has_star_kwargs(self.call))

    def str_arg(self, name: str) -> str | None:
        return astutil.string_value(self.arg(name))

    @cached_property
    def model_name(self) -> str | None:
        """The model this operation works on, lower-cased as Django keys it."""
        param = MODEL_PARAMETER.get(self.name)
        value = self.str_arg(param) if param else None
        return value.lower() if value is not None else None

    @cached_property
    def field_name(self) -> str | None:
        """The field a field operation works on (its old name for `RenameField`)."""
        if self.name not in _FIELD_OPERATIONS:
            return None  # `name` of `CreateModel`, `RemoveIndex`... is not a field
        return self.str_arg("old_name" if self.name == "RenameField" else "name")

    @property
    def target(self) -> str:
        """`model.field` for field operations, `model` otherwise, for messages."""
        model = self.model_name or "?"
        if self.name in _FIELD_OPERATIONS:
            return f"{model}.{self.field_name or '?'}"
        return model


@dataclass(frozen=True)
class Dependency:
    """One entry of `dependencies` (or `run_before`, `replaces`)."""

    node: ast.expr
    app: str | None = None
    name: str | None = None
    swappable: bool = False


@dataclass(frozen=True)
class Migration:
    """What the rules know of a migration file."""

    class_node: ast.ClassDef
    operations: tuple[Operation, ...]
    dependencies: tuple[Dependency, ...]
    run_before: tuple[Dependency, ...]
    replaces: tuple[Dependency, ...]
    attributes: Mapping[str, ast.stmt]
    attribute_values: Mapping[str, ast.expr | None]
    is_django_base: bool
    imports: Mapping[str, str]
    star_imports: tuple[str, ...]
    functions: Mapping[str, FunctionNode]
    constants: Mapping[str, ast.expr]
    docstring: str | None
    lines: tuple[str, ...]
    # The whole module, for the rare rule that reads what the model does not keep (calls
    # inside functions): walk it only after a cheap test on `lines`.
    tree: ast.AST = field(repr=False, compare=False)
    # The index of the first operation after an element the reader could not see (built by
    # a call, starred, or an operation class the plugin does not know): from there on the
    # model state is unknown. 0 when the list itself could not be fully seen.
    opaque_from: int | None = None
    # Calls in the operations lists that are not Django operations (third-party or custom
    # classes), each with the index of the operation that follows it.
    unknown_calls: tuple[tuple[int, ast.Call], ...] = ()
    # `dependencies`, `run_before`, `replaces`: those with entries the reader could not see.
    hidden_lists: frozenset[str] = frozenset()
    # Analyses several rules share (the SQL of a `RunSQL`, the bodies of a `RunPython`),
    # computed once per file by `memoized`.
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def module_body(self) -> list[ast.stmt]:
        """The module's top-level statements, for the few rules that read beyond the class."""
        return self.tree.body if isinstance(self.tree, ast.Module) else []

    @cached_property
    def text(self) -> str:
        """The whole source, for quick substring tests before a closer look."""
        return "".join(self.lines)

    @property
    def line(self) -> int:
        return self.class_node.lineno

    @property
    def col(self) -> int:
        return self.class_node.col_offset

    @property
    def is_atomic(self) -> bool | None:
        """True or False when known; None when the plugin cannot tell (see RULES.md Terms)."""
        if "atomic" not in self.attribute_values:
            return True if self.is_django_base else None
        value = self.attribute_values["atomic"]
        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
            return value.value
        return None

    @property
    def initial(self) -> bool | None:
        value = self.attribute_values.get("initial")
        if value is None:
            return None if "initial" in self.attribute_values else False
        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
            return value.value
        return None

    def top_level_operations(self) -> Iterator[Operation]:
        return (op for op in self.operations if op.top_level)

    def database_operations(self, *names: str) -> Iterator[Operation]:
        """Operations whose SQL runs, optionally only those with one of `names`."""
        return (op for op in self.operations if op.is_database and (not names or op.name in names))

    @cached_property
    def _tables_created_at(self) -> Mapping[str, int]:
        """The index of the first database `CreateModel` of each model, computed once."""
        created: dict[str, int] = {}
        for op in self.operations:
            if op.name == "CreateModel" and op.is_database and op.model_name is not None:
                created.setdefault(op.model_name, op.index)
        return created

    def creates_model_before(self, model_name: str | None, op: Operation) -> bool:
        """Whether `model_name`'s table is created by a `CreateModel` that runs before `op`.

        A state-only `CreateModel` adopts a table that already exists: it does not count.
        """
        if model_name is None:
            return False
        created_at = self._tables_created_at.get(model_name.lower())
        return created_at is not None and created_at < op.index

    def on_existing_table(self, op: Operation) -> bool:
        """A database operation on a model named by a literal and not created earlier in this
        migration. An operation whose model cannot be read is left alone: no guessing.

        Rules ask `Context.on_existing_table`, which adds what the app's graph knows."""
        if not op.is_database or op.model_name is None:
            return False
        return not self.creates_model_before(op.model_name, op)

    @property
    def created_tables(self) -> tuple[str, ...]:
        """The models whose tables a database `CreateModel` of this migration creates."""
        return tuple(sorted(self._tables_created_at))

    @cached_property
    def _tables_dropped_at(self) -> Mapping[str, int]:
        """The index of the last database `DeleteModel` of each model."""
        return {
            op.model_name: op.index
            for op in self.database_operations("DeleteModel")
            if op.model_name is not None
        }

    def deletes_model_after(self, model_name: str, op: Operation) -> bool:
        """Whether a database `DeleteModel` later in this migration drops `model_name`."""
        dropped_at = self._tables_dropped_at.get(model_name)
        return dropped_at is not None and dropped_at > op.index

    @property
    def after_deploy(self) -> bool:
        """Marked `safe = Safe.after_deploy` (django-safemigrate, attribute or call): it runs
        once the new code is live."""
        value = self.attribute_values.get("safe")
        if isinstance(value, ast.Call):
            value = value.func  # `Safe.after_deploy(delay=...)` in newer releases
        found = self.resolve(value) if value is not None else None
        return found is not None and found.startswith(_SAFEMIGRATE) and found.endswith(_AFTER)

    def call_of(self, node: ast.expr | None, classes: frozenset[str]) -> ast.Call | None:
        """`node` when it constructs one of `classes` (qualified import paths), else None."""
        if isinstance(node, ast.Call) and self.resolve(node.func) in classes:
            return node
        return None

    def resolve(self, node: ast.expr) -> str | None:
        """The qualified import path of a name or attribute chain, star imports included."""
        found = astutil.qualified_name(node, self.imports)
        if found is not None or not self.star_imports:
            return found
        # Not found: the head of the chain was not imported by name (that would resolve).
        dotted = astutil.dotted_name(node)
        if dotted is None:
            return None
        return f"{self.star_imports[-1]}.{dotted}"


T = TypeVar("T")


def memoized(migration: Migration, key: object, compute: Callable[[], T]) -> T:
    """`compute()` once per migration file and `key`, shared by every rule."""
    if key not in migration.memo:
        migration.memo[key] = compute()
    return migration.memo[key]  # type: ignore[return-value]


def operation_name(node: ast.expr, imports: Mapping[str, str], stars: Sequence[str]) -> str | None:
    """The Django operation a call's function refers to, or None for anything else."""
    qualified = astutil.qualified_name(node, imports)
    if qualified is None and isinstance(node, ast.Name) and node.id not in imports:
        for module in stars:
            if module in OPERATION_MODULES and node.id in SIGNATURES:
                return node.id
        return None
    if qualified is None:
        return None
    module, _, name = qualified.rpartition(".")
    if module in OPERATION_MODULES and name in SIGNATURES:
        return name
    return None


# The fields through which statements nest in other statements (and `except`/`case` clauses).
_STATEMENT_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


class MigrationVisitor(ast.NodeVisitor):
    """Collects imports, module-level names and functions, and the `Migration` class.

    It visits statements only: all it records is a statement at module level (also inside a
    module-level `if`, `try` or `with`) or in the `Migration` class body. Expressions and
    function bodies hold nothing it needs, and walking them was most of the plugin's cost.
    """

    def __init__(self) -> None:
        self.imports: dict[str, str] = {}
        self.star_imports: list[str] = []
        self.functions: dict[str, FunctionNode] = {}
        self.assignments: dict[str, list[ast.expr]] = {}
        self.migration_class: ast.ClassDef | None = None
        self._in_class = False

    def generic_visit(self, node: ast.AST) -> None:
        for name in _STATEMENT_FIELDS:
            for child in getattr(node, name, ()):
                self.visit(child)

    def visit_Import(self, node: ast.Import) -> None:
        if self._in_class:
            return
        for alias in node.names:
            if alias.asname:
                self.imports[alias.asname] = alias.name
            else:
                head = alias.name.partition(".")[0]
                self.imports[head] = head

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if self._in_class:
            return
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self.star_imports.append(module)
            else:
                self.imports[alias.asname or alias.name] = f"{module}.{alias.name}"

    def visit_Assign(self, node: ast.Assign) -> None:
        if not self._in_class:
            for target in node.targets:
                self._bind(target, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not self._in_class and node.value is not None:
            self._bind(node.target, node.value)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if not self._in_class:
            # A name changed after its binding is no longer a constant.
            self._bind(node.target, node.value)

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assignments.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            # An unpacked name has no single value: binding it twice rules it out as a constant.
            for element in target.elts:
                self._bind(element, value)
                self._bind(element, value)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions[node.name] = node

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.functions[node.name] = node

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if self._in_class or node.name != "Migration" or not node.bases:
            return
        self.migration_class = node
        self._in_class = True
        self.generic_visit(node)
        self._in_class = False


@dataclass
class _ClassBody:
    """Mutable collection while reading the class body; frozen into `Migration` at the end."""

    # Every visible element of each list attribute, operations included: an element that is
    # not a Django operation still takes a place for `operations.insert(i, ...)`.
    list_nodes: dict[str, list[ast.expr]] = field(default_factory=dict)
    attributes: dict[str, ast.stmt] = field(default_factory=dict)
    values: dict[str, ast.expr | None] = field(default_factory=dict)
    # List attributes with elements the reader could not see.
    hidden: set[str] = field(default_factory=set)


_LIST_ATTRIBUTES = ("operations", "dependencies", "run_before", "replaces")


class ClassBodyReader:
    """Reads the statements of the `Migration` class body, `if`/`else` branches included."""

    def __init__(
        self,
        imports: Mapping[str, str],
        stars: Sequence[str],
        constants: Mapping[str, ast.expr],
        database: str,
    ) -> None:
        self.imports = imports
        self.stars = stars
        self.constants = constants
        self.database = database
        self.body = _ClassBody()

    def read(self, statements: Sequence[ast.stmt], conditional: bool = False) -> _ClassBody:
        for statement in statements:
            self._statement(statement, conditional)
        return self.body

    def _statement(self, statement: ast.stmt, conditional: bool) -> None:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            self._assign(statement, statement.targets[0], statement.value, conditional)
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            self._assign(statement, statement.target, statement.value, conditional)
        elif isinstance(statement, ast.AugAssign) and isinstance(statement.op, ast.Add):
            self._extend(statement.target, statement.value)
        elif isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
            self._method_call(statement.value)
        elif isinstance(statement, ast.If):
            take_body, take_else = vendor_branches(statement.test, self.database)
            if take_body:
                self.read(statement.body, conditional=True)
            if take_else:
                self.read(statement.orelse, conditional=True)

    def _assign(
        self, statement: ast.stmt, target: ast.expr, value: ast.expr, conditional: bool
    ) -> None:
        if not isinstance(target, ast.Name):
            return
        name = target.id
        self.body.attributes[name] = statement
        if name in _LIST_ATTRIBUTES:
            # Both branches of an `if` count, so a conditional assignment adds to the list, and
            # so does `operations = operations + [...]`.
            if not conditional and not _mentions(value, name):
                self._clear(name)
            self._extend(target, value)
        else:
            self.body.values[name] = None if conditional else value

    def _clear(self, name: str) -> None:
        self.body.list_nodes[name] = []

    def _extend(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name) and target.id in _LIST_ATTRIBUTES:
            elements = self.elements(value)
            if not self.fully_visible(value):
                self.body.hidden.add(target.id)
            for element in elements:
                self._add(target.id, element)

    def _method_call(self, call: ast.Call) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)):
            return
        if func.value.id not in _LIST_ATTRIBUTES or not call.args:
            return
        if func.attr == "append":
            self._add(func.value.id, call.args[0])
        elif func.attr == "insert" and len(call.args) == 2:
            position = astutil.literal(call.args[0])
            self._add(func.value.id, call.args[1], position if type(position) is int else None)
        elif func.attr == "extend":
            self._extend(func.value, call.args[0])

    def _add(self, attribute: str, element: ast.expr, position: int | None = None) -> None:
        nodes = self.body.list_nodes.setdefault(attribute, [])
        if position is None:
            nodes.append(element)
        else:
            nodes.insert(position, element)

    def elements(self, value: ast.expr, depth: int = 0) -> list[ast.expr]:
        """The elements of a list expression, starred ones included as placeholders; a list
        that cannot be seen at all gives none (`fully_visible` says so)."""
        if depth > _MAX_NAME_DEPTH:
            return []
        if isinstance(value, ast.List | ast.Tuple):
            # A starred element stays as a placeholder: where it stands, the reader cannot see.
            return list(value.elts)
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            # A chain `a + b + c + ...` of any length, without recursing once per `+`.
            return [e for part in _summands(value) for e in self.elements(part, depth)]
        if isinstance(value, ast.IfExp):
            take_body, take_else = vendor_branches(value.test, self.database)
            body = self.elements(value.body, depth + 1) if take_body else []
            return body + (self.elements(value.orelse, depth + 1) if take_else else [])
        if isinstance(value, ast.Name) and value.id in self.constants:
            return self.elements(self.constants[value.id], depth + 1)
        return []

    def fully_visible(self, value: ast.expr, depth: int = 0) -> bool:
        """Whether `elements` gives every element of `value` or a placeholder in its place
        (false for a list built by a call, a comprehension, a name bound more than once)."""
        if depth > _MAX_NAME_DEPTH:
            return False
        if isinstance(value, ast.List | ast.Tuple):
            return True  # starred elements are kept in place by `elements`
        if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
            return all(self.fully_visible(part, depth) for part in _summands(value))
        if isinstance(value, ast.IfExp):
            return self.fully_visible(value.body, depth + 1) and self.fully_visible(
                value.orelse, depth + 1
            )
        if isinstance(value, ast.Name) and value.id in self.constants:
            return self.fully_visible(self.constants[value.id], depth + 1)
        return False


def _summands(node: ast.BinOp) -> list[ast.expr]:
    """The operands of a left-nested chain of `+`, in order."""
    parts = [node.right]
    left = node.left
    while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
        parts.append(left.right)
        left = left.left
    parts.append(left)
    return parts[::-1]


def _mentions(value: ast.expr, name: str) -> bool:
    """`value` reads `name` (`operations + [...]`). A list display is not walked: its calls
    cannot read the class attribute, and walking every operation was a measurable cost."""
    if isinstance(value, ast.List | ast.Tuple):
        return any(_mentions(e.value, name) for e in value.elts if isinstance(e, ast.Starred))
    return any(isinstance(node, ast.Name) and node.id == name for node in ast.walk(value))


_VENDORS = ("postgresql", "mysql", "sqlite", "oracle")


def vendor_branches(test: ast.expr, database: str) -> tuple[bool, bool]:
    """Whether the `if` body and the `else` branch apply to `database`.

    Only a comparison of `<something>.vendor` with string literals is understood; any
    other condition, and the `generic` database, keep both branches.
    """
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        # `vendor == "mysql" and ...` cannot hold for another database; else both can run.
        excluded = any(not vendor_branches(value, database)[0] for value in test.values)
        return (False, True) if excluded else (True, True)
    vendors = _compared_vendors(test)
    if vendors is None or database not in _VENDORS:
        return True, True
    names, negated = vendors
    matches = (database in names) != negated
    return matches, not matches


def _compared_vendors(test: ast.expr) -> tuple[frozenset[str], bool] | None:
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return None
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if not (isinstance(left, ast.Attribute) and left.attr == "vendor"):
        return None
    if isinstance(op, ast.Eq | ast.NotEq):
        value = astutil.string_value(right)
        names = frozenset({value}) if value is not None else None
    elif isinstance(op, ast.In | ast.NotIn) and isinstance(right, ast.Tuple | ast.List | ast.Set):
        strings = [astutil.string_value(e) for e in right.elts]
        names = frozenset(s for s in strings if s is not None) if None not in strings else None
    else:
        return None
    if names is None:
        return None
    return names, isinstance(op, ast.NotEq | ast.NotIn)


def _constants(assignments: Mapping[str, list[ast.expr]]) -> dict[str, ast.expr]:
    return {name: values[0] for name, values in assignments.items() if len(values) == 1}


class _OperationBuilder:
    """Flattens operation calls, with the children of `SeparateDatabaseAndState`/`RunSQL`."""

    def __init__(self, reader: ClassBodyReader) -> None:
        self.reader = reader
        self.operations: list[Operation] = []
        self.opaque_from: int | None = None
        self.unknown_calls: list[tuple[int, ast.Call]] = []

    def add(self, call: ast.Call, name: str, is_database: bool, top_level: bool) -> None:
        kwargs = MappingProxyType(astutil.keyword_map(call))
        op = Operation(name, call, len(self.operations), is_database, top_level, kwargs)
        self.operations.append(op)
        if name == "SeparateDatabaseAndState":
            self._children(op.arg("database_operations"), is_database)
            self._children(op.arg("state_operations"), False)
        elif name == "RunSQL":
            self._children(op.arg("state_operations"), False)

    def add_elements(
        self, elements: Sequence[ast.expr], is_database: bool, top_level: bool
    ) -> None:
        for element in elements:
            if not isinstance(element, ast.Call):
                self._hidden()
                continue
            name = operation_name(element.func, self.reader.imports, self.reader.stars)
            if name is None:
                self.unknown_calls.append((len(self.operations), element))
            else:
                self.add(element, name, is_database, top_level)

    def _hidden(self) -> None:
        if self.opaque_from is None:
            self.opaque_from = len(self.operations)

    def _children(self, value: ast.expr | None, is_database: bool) -> None:
        if value is None:
            return
        if not self.reader.fully_visible(value):
            self._hidden()
        self.add_elements(self.reader.elements(value), is_database, top_level=False)


def _dependency(node: ast.expr, imports: Mapping[str, str]) -> Dependency:
    if isinstance(node, ast.Tuple | ast.List) and len(node.elts) == 2:
        app, name = (astutil.string_value(e) for e in node.elts)
        return Dependency(node, app, name)
    if isinstance(node, ast.Call):
        qualified = astutil.qualified_name(node.func, imports) or ""
        if qualified.endswith("swappable_dependency"):
            return Dependency(node, swappable=True)
    return Dependency(node)


def _is_django_base(node: ast.ClassDef, imports: Mapping[str, str], stars: Sequence[str]) -> bool:
    if len(node.bases) != 1:
        return False
    base = node.bases[0]
    if isinstance(base, ast.Name) and base.id not in imports:
        # `from django.db.migrations import *` then `class Migration(Migration)`.
        return any(f"{module}.{base.id}" in MIGRATION_BASES for module in stars)
    return astutil.qualified_name(base, imports) in MIGRATION_BASES


def parse_migration(
    tree: ast.AST, lines: Sequence[str], database: str = "postgresql"
) -> Migration | None:
    """The migration model of a module, or None when it defines no `Migration` class."""
    visitor = MigrationVisitor()
    visitor.visit(tree)
    node = visitor.migration_class
    if node is None:
        return None
    constants = _constants(visitor.assignments)
    reader = ClassBodyReader(visitor.imports, visitor.star_imports, constants, database)
    body = reader.read(node.body)
    builder = _OperationBuilder(reader)
    builder.add_elements(body.list_nodes.get("operations", []), is_database=True, top_level=True)
    deps = {
        key: tuple(_dependency(e, visitor.imports) for e in body.list_nodes.get(key, []))
        for key in _LIST_ATTRIBUTES[1:]
    }
    return Migration(
        class_node=node,
        operations=tuple(builder.operations),
        dependencies=deps["dependencies"],
        run_before=deps["run_before"],
        replaces=deps["replaces"],
        attributes=MappingProxyType(body.attributes),
        attribute_values=MappingProxyType(body.values),
        is_django_base=_is_django_base(node, visitor.imports, visitor.star_imports),
        imports=MappingProxyType(visitor.imports),
        star_imports=tuple(visitor.star_imports),
        functions=MappingProxyType(visitor.functions),
        constants=MappingProxyType(constants),
        docstring=ast.get_docstring(tree) if isinstance(tree, ast.Module) else None,
        lines=tuple(lines),
        tree=tree,
        opaque_from=0 if "operations" in body.hidden else builder.opaque_from,
        hidden_lists=frozenset(body.hidden - {"operations"}),
        unknown_calls=tuple(builder.unknown_calls),
    )
