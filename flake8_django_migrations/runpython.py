"""What a `RunPython` callable is, and what its body does with models, querysets and loops.

One reading per file (`RunPythonFile`) shared by the DJM4 rules (and by DJM409): `steps`
resolves the `code` and `reverse_code` of each database `RunPython`; `bodies()` reads a
callable's body, then the module-level helpers it calls with `apps`, each with the names its
caller gave `apps` and `schema_editor`. Whatever cannot be resolved is left out, so the rules
stay silent on it.
"""

from __future__ import annotations

import ast
import builtins
import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from flake8_django_migrations import astutil
from flake8_django_migrations.migration import FunctionNode, Migration, Operation
from flake8_django_migrations.state_view import StateView

CallableNode = FunctionNode | ast.Lambda

# How many helper calls deep the analysis follows `apps` (a cycle stops earlier).
MAX_HELPER_DEPTH = 4
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
# QuerySet methods that return a QuerySet (`none` is left out: it never queries).
QUERYSET_METHODS = frozenset(
    {
        "all",
        "filter",
        "exclude",
        "order_by",
        "annotate",
        "alias",
        "distinct",
        "select_related",
        "prefetch_related",
        "using",
        "only",
        "defer",
        "values",
        "values_list",
        "select_for_update",
        "reverse",
        "extra",
        "union",
        "intersection",
        "difference",
        "complex_filter",
        "iterator",
    }
)
_VALUES = frozenset({"values", "values_list"})
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, *_COMPREHENSIONS)
# What `schema_editor` may be used for without reading the alias.
_EDITOR_USES_WITHOUT_ALIAS = frozenset({"execute", "quote_name"})
# Modules inside a `models` package that hold what goes with models, not models.
_HELPER_MODULES = frozenset(
    {
        "base_fields",
        "choices",
        "constants",
        "enums",
        "expressions",
        "fields",
        "functions",
        "lookups",
        "managers",
        "mixins",
        "querysets",
        "signals",
        "utils",
        "validators",
    }
)
# Class-like names of `models` modules that are not models: no table behind them.
_NOT_MODELS = frozenset({"AnonymousUser"})
_NOT_MODEL_SUFFIXES = ("Manager", "QuerySet", "Mixin")
_BUILTINS = frozenset(dir(builtins))
# Unique fields of Django's own models, whose migrations a project does not hold.
_DJANGO_UNIQUE_FIELDS = {
    ("auth", "group"): frozenset({"name"}),
    ("auth", "user"): frozenset({"username"}),
    ("sites", "site"): frozenset({"domain"}),
}
_PRIMARY_KEYS = frozenset({"pk", "id"})
_GROW = frozenset({"append", "extend", "insert", "add", "update"})
_GET_USER_MODEL = "django.contrib.auth.get_user_model"
# django-oscar's class loader: `get_model("catalogue", "Product")` returns today's class.
_OSCAR_GET_MODEL = "oscar.core.loading.get_model"


class Kind(enum.Enum):
    """What a `code` / `reverse_code` argument turned out to be."""

    FUNCTION = "function"
    LAMBDA = "lambda"
    NOOP = "noop"
    LITERAL = "literal"
    IMPORTED = "imported"  # a name imported from another module: its body is not read
    CALL = "call"  # a call's result (`functools.partial(...)`, `make_step()`)
    UNRESOLVED = "unresolved"  # anything else the plugin cannot follow


@dataclass(frozen=True)
class Callable:
    kind: Kind
    node: ast.expr
    function: CallableNode | None = None

    @property
    def name(self) -> str:
        """The function's name, `lambda`, or the argument's dotted name (`...` if none)."""
        if isinstance(self.function, ast.FunctionDef | ast.AsyncFunctionDef):
            return self.function.name
        if self.kind is Kind.LAMBDA:
            return "lambda"
        return astutil.dotted_name(self.node) or "..."


@dataclass(frozen=True)
class Step:
    """One database `RunPython` with its resolved callables (None when absent or `None`)."""

    op: Operation
    code: Callable | None
    reverse_code: Callable | None

    def callables(self) -> Iterator[tuple[str, Callable]]:
        """(`code` or `reverse_code`, callable) for each callable given."""
        if self.code is not None:
            yield "code", self.code
        if self.reverse_code is not None:
            yield "reverse_code", self.reverse_code


def _steps(migration: Migration) -> Iterator[Step]:
    for op in migration.database_operations("RunPython"):
        code = resolve_callable(migration, op.arg("code"))
        yield Step(op, code, resolve_callable(migration, op.arg("reverse_code")))


def resolve_callable(migration: Migration, node: ast.expr | None) -> Callable | None:
    """What a `code` / `reverse_code` argument is; None when it is absent or `None`."""
    if node is None or astutil.is_none(node):
        return None
    if isinstance(node, ast.Lambda):
        return Callable(Kind.LAMBDA, node, node)
    if _is_noop(migration, node):
        return Callable(Kind.NOOP, node)
    function = _plain_function(migration, node)
    if function is not None:
        return Callable(Kind.FUNCTION, node, function)
    if isinstance(node, ast.Constant | ast.JoinedStr | ast.List | ast.Tuple | ast.Set | ast.Dict):
        return Callable(Kind.LITERAL, node)
    if isinstance(node, ast.Call):
        return Callable(Kind.CALL, node)
    if isinstance(node, ast.Name | ast.Attribute) and migration.resolve(node) is not None:
        return Callable(Kind.IMPORTED, node)
    return Callable(Kind.UNRESOLVED, node)


def _is_noop(migration: Migration, node: ast.expr) -> bool:
    dotted = migration.resolve(node) or astutil.dotted_name(node) or ""
    return dotted == "RunPython.noop" or dotted.endswith(".RunPython.noop")


def _plain_function(migration: Migration, node: ast.expr) -> FunctionNode | None:
    """A function defined in the file under that name, undecorated and not rebound."""
    if not isinstance(node, ast.Name) or node.id in migration.imports:
        return None
    function = migration.functions.get(node.id)
    if function is None or function.decorator_list or node.id in migration.constants:
        return None
    return function


# Calls through which a data step changes the schema: the schema editor's methods that drop
# or alter a column, and `execute` (the editor's or a cursor's), whose SQL may do anything.
_SCHEMA_CALLS = frozenset(
    {"remove_field", "alter_field", "delete_model", "execute", "executemany"}
)


def _changes_schema(body: Body) -> bool:
    for visit in body.visits:
        call = visit.node
        if not isinstance(call, ast.Call):
            continue
        if isinstance(call.func, ast.Attribute) and call.func.attr in _SCHEMA_CALLS:
            return True
        if _hands_over_editor(body, call):
            return True
    return False


def _hands_over_editor(body: Body, call: ast.Call) -> bool:
    """The schema editor goes to a function whose body is not read: helpers are read only
    when they also get `apps`."""
    given = {
        a.id for a in (*call.args, *(k.value for k in call.keywords)) if isinstance(a, ast.Name)
    }
    if body.editor is None or body.editor not in given:
        return False
    helper = isinstance(call.func, ast.Name) and call.func.id in body.migration.functions
    return not (helper and body.apps in given)


def positional_params(function: CallableNode) -> list[str]:
    return [a.arg for a in (*function.args.posonlyargs, *function.args.args)]


@dataclass(frozen=True)
class Model:
    """A model class as the body refers to it."""

    label: str
    historical: bool
    app_label: str | None = None
    model_name: str | None = None


@dataclass(frozen=True)
class GetModel:
    """An `apps.get_model(...)` call with its literal arguments (None where not literal)."""

    call: ast.Call
    app_label: str | None
    model_name: str | None


@dataclass(frozen=True)
class QuerySet:
    model: Model
    bounded: bool  # `.iterator()` or a slice in the chain
    values: bool  # `values()` / `values_list()`: rows are not model instances
    grouped: bool = False  # `values(...).annotate(...)`: one row per group (GROUP BY)
    # Fields a `filter()` of the chain pins to literal values (`name__in=["a", "b"]`,
    # `pk=1`): when one is unique, the rows are at most as many as the values.
    pinned: frozenset[str] = frozenset()


@dataclass(eq=False, frozen=True)
class Loop:
    """A `for`/`while` loop or one generator of a comprehension; `iter` is None for `while`."""

    node: ast.stmt | ast.expr
    iter: ast.expr | None
    target: ast.expr | None
    outer: tuple[Loop, ...] = ()  # the loops around this one, outermost first


@dataclass(frozen=True)
class Visit:
    node: ast.AST
    loops: tuple[Loop, ...]  # the loops whose body holds the node, outermost first


class ModuleScope:
    """The module a body lives in. Bodies hold this, not the `RunPythonFile` that holds them:
    a reference back would make each checked file a cycle that only the garbage collector
    frees."""

    def __init__(self, migration: Migration) -> None:
        self.migration = migration

    @cached_property
    def names(self) -> frozenset[str]:
        """The names the file binds at module level (or declares `global`), with Python's
        builtins: none of them comes from a star import."""
        return _module_names(self.migration.tree)


class Body:
    """One function body read with the names its caller gave `apps` and `schema_editor`."""

    def __init__(
        self,
        scope: ModuleScope,
        function: CallableNode,
        apps: str | None,
        editor: str | None,
    ) -> None:
        self.scope = scope
        self.migration = scope.migration
        self.function = function
        self.apps = apps
        self.editor = editor

    @property
    def name(self) -> str:
        return "lambda" if isinstance(self.function, ast.Lambda) else self.function.name

    @cached_property
    def visits(self) -> tuple[Visit, ...]:
        """Every node of the body in source order, with its enclosing loops."""
        roots: Sequence[ast.AST]
        if isinstance(self.function, ast.Lambda):
            roots = [self.function.body]
        else:
            roots = self.function.body
        return tuple(_walk(roots))

    @cached_property
    def parents(self) -> Mapping[int, ast.AST]:
        """The parent of each node of the body, by the child's `id()`."""
        return {
            id(child): visit.node
            for visit in self.visits
            for child in ast.iter_child_nodes(visit.node)
        }

    @cached_property
    def bindings(self) -> Mapping[str, tuple[ast.expr | None, ...]]:
        """Each local name with the values assigned to it (None: bound some other way)."""
        return _bindings(self.function, self.visits)

    @cached_property
    def local_imports(self) -> Mapping[str, str]:
        found: dict[str, str] = {}
        for visit in self.visits:
            if isinstance(visit.node, ast.Import | ast.ImportFrom):
                found.update(_imported_names(visit.node))
        return found

    # Models

    def import_path(self, node: ast.expr) -> str | None:
        """The import path of a name or attribute chain whose head is not a local variable."""
        head = astutil.dotted_name(node)
        if head is None:
            return None
        name = head.partition(".")[0]
        values = self.bindings.get(name)
        if name in self.local_imports and values is not None and len(values) == 1:
            return astutil.qualified_name(node, self.local_imports)
        if values is not None:
            return None
        found = astutil.qualified_name(node, self.migration.imports)
        star = star_models_module(self.migration)
        if found is None and star is not None and name not in self.scope.names:
            return f"{star}.{head}"
        return found

    def imported_model(self, node: ast.expr) -> str | None:
        """The import path when `node` is today's model class (or a `get_user_model()` call,
        or oscar's `get_model("app", "Model")`, called here or bound once at module level)."""
        if isinstance(node, ast.Call):
            path = self.import_path(node.func)
            if path == _GET_USER_MODEL and not node.args:
                return "get_user_model()"
            return _oscar_model(node) if path == _OSCAR_GET_MODEL else None
        if isinstance(node, ast.Name) and node.id in loaded_model_names(self.migration):
            if node.id in self.bindings:
                return None  # a local variable of the same name
            return self.imported_model(self.migration.constants[node.id])
        path = self.import_path(node) if isinstance(node, ast.Name | ast.Attribute) else None
        return path if path is not None and is_model_path(path) else None

    def get_model(self, node: ast.expr | None) -> GetModel | None:
        """`node` as an `apps.get_model(...)` call on this body's `apps`."""
        if not isinstance(node, ast.Call) or self.apps is None:
            return None
        if not (_is_get_model(node.func, self.apps) or self._get_model_alias(node.func)):
            return None
        return _get_model_arguments(node)

    def _get_model_alias(self, func: ast.expr) -> bool:
        """`get_model = apps.get_model` then `get_model(...)`."""
        if not isinstance(func, ast.Name) or self.apps is None:
            return False
        values = self.bindings.get(func.id, ())
        return bool(values) and all(_is_get_model(v, self.apps) for v in values)

    def model(self, node: ast.expr) -> Model | None:
        """The model class `node` stands for, historical or imported."""
        found = self.get_model(node)
        if found is not None:
            return Model(found.model_name or "model", True, found.app_label, found.model_name)
        if isinstance(node, ast.Name):
            historical = self._historical_name(node.id)
            if historical is not None:
                return historical
        path = self.imported_model(node)
        if path is None:
            return None
        return Model(path.rpartition(".")[2], historical=False)

    def _historical_name(self, name: str) -> Model | None:
        values = self.bindings.get(name, ())
        calls = [self.get_model(v) for v in values]
        if not calls or None in calls:
            return None
        first = calls[0]
        assert first is not None  # for mypy: `None in calls` is False
        if any(c != replace(first, call=c.call) for c in calls if c is not None):
            return Model(name, historical=True)
        return Model(name, True, first.app_label, first.model_name)

    def get_model_calls(self) -> Iterator[GetModel]:
        for visit in self.visits:
            if isinstance(visit.node, ast.Call):
                found = self.get_model(visit.node)
                if found is not None:
                    yield found

    # Querysets

    def manager_model(self, node: ast.expr) -> Model | None:
        """The model of `<Model>.objects` (or `_default_manager`, `_base_manager`), or of any
        other manager of a historical model (`Article.all_objects`, from `CreateModel(
        managers=...)`). Callers ask only about what a manager method is called on: on a
        historical class, nothing but a manager has one (it has no methods of today's code)."""
        if not isinstance(node, ast.Attribute):
            return None
        if node.attr in MANAGERS:
            return self.model(node.value)
        if node.attr.startswith("_") or not node.attr.islower():
            return None
        model = self.model(node.value)
        return model if model is not None and model.historical else None

    def queryset(self, node: ast.expr, seen: frozenset[str] = frozenset()) -> QuerySet | None:
        """`node` as a queryset of a known model (a chain from its manager, or a name bound
        only to such chains); None for anything else."""
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Slice):
            inner = self.queryset(node.value, seen)
            return replace(inner, bounded=True) if inner is not None else None
        if isinstance(node, ast.Name) and node.id not in seen:
            return self._queryset_name(node.id, seen | {node.id})
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            return None
        method = node.func.attr
        if method not in QUERYSET_METHODS:
            return None
        model = self.manager_model(node.func.value)
        base = QuerySet(model, False, False) if model else self.queryset(node.func.value, seen)
        if base is None:
            return None
        return QuerySet(
            base.model,
            base.bounded or method == "iterator",
            base.values or method in _VALUES,
            base.grouped or (base.values and method == "annotate"),
            self._pinned(node, base.pinned),
        )

    def _pinned(self, call: ast.Call, pinned: frozenset[str]) -> frozenset[str]:
        """The fields pinned after `call`: a `union` may add any rows, a `filter` pins more."""
        assert isinstance(call.func, ast.Attribute)  # for mypy: the caller checked it
        if call.func.attr == "union":
            return frozenset()
        if call.func.attr != "filter":
            return pinned
        found = set(pinned)
        for keyword in call.keywords:
            key = keyword.arg or ""
            if key.endswith("__in") and self.literal_collection(keyword.value):
                found.add(key.removesuffix("__in"))
            elif isinstance(keyword.value, ast.Constant) and keyword.value.value is not None:
                found.add(key.removesuffix("__exact"))
        return frozenset(k for k in found if k and "__" not in k)

    def literal_collection(self, node: ast.expr) -> bool:
        """A list, tuple or set display, or a name bound only to one (in the function, or
        once at module level) that the function does not grow: its size is in the file."""
        if not isinstance(node, ast.Name):
            return _display(node)
        values = self.bindings.get(node.id)
        if values is None:
            values = (self.migration.constants.get(node.id),)
        if len(values) != 1 or values[0] is None or not _display(values[0]):
            return False
        return not any(
            isinstance(v.node, ast.Attribute)
            and v.node.attr in _GROW
            and isinstance(v.node.value, ast.Name)
            and v.node.value.id == node.id
            for v in self.visits
        )

    def _queryset_name(self, name: str, seen: frozenset[str]) -> QuerySet | None:
        found = [
            self.queryset(v, seen) if v is not None else None for v in self.bindings.get(name, ())
        ]
        if not found or None in found:
            return None
        querysets = [q for q in found if q is not None]
        return QuerySet(
            querysets[0].model,
            all(q.bounded for q in querysets),
            any(q.values for q in querysets),
            all(q.grouped for q in querysets),
            frozenset.intersection(*(q.pinned for q in querysets)),
        )

    def manager_chain(self, node: ast.expr) -> Model | None:
        """The model of a chain from its manager through queryset methods (`using` too)."""
        model = self.manager_model(node)
        if model is not None:
            return model
        found = self.queryset(node)
        return found.model if found is not None else None

    def looks_like_queryset(self, name: str) -> bool:
        """A name bound only to manager or queryset chains, whatever their model."""
        values = self.bindings.get(name, ())
        return bool(values) and all(_queryset_like(v) for v in values)

    # Loops

    @cached_property
    def loops(self) -> tuple[Loop, ...]:
        """Every loop of the body, outer loops first."""
        found: dict[Loop, None] = {}
        for visit in self.visits:
            found.update(dict.fromkeys(visit.loops))
        return tuple(found)

    @cached_property
    def names_bound_in(self) -> Mapping[Loop, frozenset[str]]:
        """The names each loop binds in its body (its target included)."""
        found: dict[Loop, set[str]] = {loop: set() for loop in self.loops}
        for visit in self.visits:
            if isinstance(visit.node, ast.Name) and not isinstance(visit.node.ctx, ast.Load):
                for loop in visit.loops:
                    found[loop].add(visit.node.id)
        return {loop: frozenset(names) for loop, names in found.items()}

    # The database alias

    @cached_property
    def may_read_alias(self) -> bool:
        """`schema_editor.connection.alias` is read (whatever the parameter's name), or the
        editor or its connection go where the plugin cannot follow them. Reads that are not
        the alias (`schema_editor.execute(...)`, `schema_editor.connection.vendor`) do not
        count."""
        return any(
            isinstance(visit.node, ast.Name)
            and visit.node.id == self.editor
            and not self._reads_other_than_alias(visit.node)
            for visit in self.visits
        )

    def _reads_other_than_alias(self, name: ast.Name) -> bool:
        parent = self.parents.get(id(name))
        if not isinstance(parent, ast.Attribute):
            return False
        if parent.attr in _EDITOR_USES_WITHOUT_ALIAS:
            return True
        grandparent = self.parents.get(id(parent))
        return (
            parent.attr == "connection"
            and isinstance(grandparent, ast.Attribute)
            and grandparent.attr not in ("alias", "settings_dict")
        )

    # Helpers called with `apps`

    def helper_calls(self) -> Iterator[tuple[FunctionNode, str, str | None]]:
        """(helper, its `apps` parameter, its `schema_editor` parameter) per helper call."""
        for visit in self.visits:
            node = visit.node
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            helper = self.migration.functions.get(node.func.id)
            if helper is None or node.func.id in self.bindings:
                continue
            apps = _parameter_given(node, helper, self.apps)
            if apps is not None:
                yield helper, apps, _parameter_given(node, helper, self.editor)


def _display(node: ast.expr) -> bool:
    return isinstance(node, ast.List | ast.Tuple | ast.Set) and not any(
        isinstance(e, ast.Starred) for e in node.elts
    )


def few_rows(queryset: QuerySet, view: StateView, op: Operation) -> bool:
    """The queryset pins a unique field (the primary key, a `unique=True` field the state
    knows, or one of Django's own) to literal values: it holds at most that many rows."""
    return any(_unique(queryset.model, key, view, op) for key in queryset.pinned)


def _unique(model: Model, key: str, view: StateView, op: Operation) -> bool:
    if key in _PRIMARY_KEYS:
        return True
    if not model.historical or model.app_label is None or model.model_name is None:
        return False
    name = model.model_name.lower()
    if model.app_label != view.app_label:
        return key in _DJANGO_UNIQUE_FIELDS.get((model.app_label, name), frozenset())
    state = view.state_before(op).model(name)
    field = state.field(key) if state is not None else None
    return field is not None and field.is_unique


def _queryset_like(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Subscript):
        return _queryset_like(node.value)
    if isinstance(node, ast.Attribute):
        return node.attr in MANAGERS
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUERYSET_METHODS
    )


def is_model_path(path: str) -> bool:
    """A CapWords name from a `models` module (`shop.models.Product`) or a module of a
    `models` package (`shop.models.catalog.Product`), other than Django's field modules and
    the helper modules of a package (`shop.models.fields`); not a manager, queryset, mixin,
    abstract class or `AnonymousUser`."""
    module, _, name = path.rpartition(".")
    return is_models_module(module) and _is_model_name(name)


def is_models_module(module: str) -> bool:
    parts = module.split(".")
    if "models" not in parts or "db.models" in module or module.startswith("django.forms."):
        return False  # `django.db.models`, `django.contrib.gis.db.models.functions`, ...
    below = parts[len(parts) - parts[::-1].index("models") :]
    return all(p.islower() and p not in _HELPER_MODULES for p in below)


def _is_model_name(name: str) -> bool:
    if name in _NOT_MODELS or name.endswith(_NOT_MODEL_SUFFIXES) or name.startswith("Abstract"):
        return False
    return name[:1].isupper() and any(c.islower() for c in name)


def _oscar_model(call: ast.Call) -> str | None:
    """`<app>.models.<Model>` for `get_model("app", "Model")` with literal arguments."""
    if len(call.args) != 2 or call.keywords:
        return None
    app, model = (astutil.string_value(arg) for arg in call.args)
    return f"{app}.models.{model}" if app and model else None


def loaded_model_names(migration: Migration) -> frozenset[str]:
    """Module-level names bound once to oscar's `get_model("app", "Model")`."""
    if "get_model" not in migration.text:
        return frozenset()
    return frozenset(
        name
        for name, value in migration.constants.items()
        if isinstance(value, ast.Call)
        and astutil.qualified_name(value.func, migration.imports) == _OSCAR_GET_MODEL
    )


def star_models_module(migration: Migration) -> str | None:
    """The module of the file's only star import, when it is a `models` module: a class-like
    name the file binds nowhere else comes from it."""
    stars = migration.star_imports
    return stars[0] if len(stars) == 1 and is_models_module(stars[0]) else None


def _module_names(tree: ast.AST) -> frozenset[str]:
    found = set(_BUILTINS)
    stack = list(ast.iter_child_nodes(tree))
    while stack:
        node = stack.pop()
        if not isinstance(node, _SCOPES):
            found.update(_other_bindings(node, set()))
            stack.extend(ast.iter_child_nodes(node))
            continue
        # Its own scope: only its name, and the names it declares `global`, bind here.
        found.update(n for g in ast.walk(node) if isinstance(g, ast.Global) for n in g.names)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
    return frozenset(found)


def _is_get_model(func: ast.expr | None, apps: str) -> bool:
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "get_model"
        and isinstance(func.value, ast.Name)
        and func.value.id == apps
    )


def _get_model_arguments(call: ast.Call) -> GetModel:
    keywords = astutil.keyword_map(call)
    args = [*call.args, keywords.get("app_label"), keywords.get("model_name")]
    values = [astutil.string_value(a) for a in args if a is not None]
    if astutil.has_star_args(call) or astutil.has_star_kwargs(call):
        return GetModel(call, None, None)
    if len(values) == 1 and values[0] is not None and values[0].count(".") == 1:
        app_label, _, model_name = values[0].partition(".")
        return GetModel(call, app_label, model_name)
    if len(values) == 2 and len([a for a in args if a is not None]) == 2:
        return GetModel(call, values[0], values[1])
    return GetModel(call, None, None)


def _parameter_given(call: ast.Call, helper: FunctionNode, name: str | None) -> str | None:
    """The helper's parameter that receives the caller's variable `name`, if any."""
    if name is None:
        return None
    params = positional_params(helper)
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Starred):
            return None
        if isinstance(arg, ast.Name) and arg.id == name:
            return params[index] if index < len(params) else None
    every = {*params, *(a.arg for a in helper.args.kwonlyargs)}
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.value.id == name:
            return keyword.arg if keyword.arg in every else None
    return None


def _imported_names(node: ast.Import | ast.ImportFrom) -> dict[str, str]:
    """Local name -> import path, as `MigrationVisitor` records module-level imports."""
    if isinstance(node, ast.Import):
        found = {}
        for alias in node.names:
            head = alias.name.partition(".")[0]
            found[alias.asname or head] = alias.name if alias.asname else head
        return found
    module = "." * node.level + (node.module or "")
    return {(a.asname or a.name): f"{module}.{a.name}" for a in node.names if a.name != "*"}


def _bodies(scope: ModuleScope, function: CallableNode) -> list[Body]:
    params = positional_params(function)
    root = Body(
        scope,
        function,
        params[0] if params else None,
        params[1] if len(params) > 1 else None,
    )
    found = [root]
    seen = {id(function)}
    layer = [root]
    for _ in range(MAX_HELPER_DEPTH):
        layer = list(_helpers(scope, layer, seen))
        found.extend(layer)
    return found


def _helpers(scope: ModuleScope, layer: list[Body], seen: set[int]) -> Iterator[Body]:
    """The bodies of the helpers `layer` calls with `apps`, each function once."""
    for body in layer:
        for helper, apps, editor in body.helper_calls():
            if id(helper) not in seen:
                seen.add(id(helper))
                yield Body(scope, helper, apps, editor)


class RunPythonFile:
    """The `RunPython` operations of one migration file: each callable resolved and each body
    read once, however many rules ask."""

    def __init__(self, migration: Migration) -> None:
        self.migration = migration
        self._scope = ModuleScope(migration)
        # The bodies read from each function, by the function's `id()`.
        self._bodies: dict[int, list[Body]] = {}

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """Each database `RunPython` with its resolved callables, in order."""
        return tuple(_steps(self.migration))

    @cached_property
    def _first_create_model(self) -> int | None:
        """The index of the first database `CreateModel` of the file, whatever its model."""
        ops = self.migration.operations
        creates = (o for o in ops if o.name == "CreateModel" and o.is_database)
        return next((o.index for o in creates), None)

    @cached_property
    def _steps_by_op(self) -> Mapping[int, Step]:
        """The step of each `RunPython` operation, by the operation's id."""
        found: dict[int, Step] = {}
        for step in self.steps:
            found.setdefault(id(step.op), step)
        return found

    def bodies(self, callable_: Callable) -> list[Body]:
        """The callable's body, then those of the module-level helpers it calls with `apps`."""
        function = callable_.function
        if function is None:
            return []
        if id(function) not in self._bodies:
            self._bodies[id(function)] = _bodies(self._scope, function)
        return self._bodies[id(function)]

    def step_bodies(self, step: Step) -> Iterator[tuple[Callable, Body]]:
        """Each callable of the step with every body it reads (itself first, then helpers)."""
        for _, callable_ in step.callables():
            for body in self.bodies(callable_):
                yield callable_, body

    def all_bodies(self) -> Iterator[tuple[Step, Body]]:
        """Every body each `RunPython` reads, with its step (a function used twice comes
        twice)."""
        for step in self.steps:
            for _, body in self.step_bodies(step):
                yield step, body

    def get_model_calls(self, op: Operation) -> list[GetModel]:
        """The `apps.get_model(...)` calls a `RunPython` operation's callables (and their
        helpers) make, in source order, each with its literal (app_label, model_name)."""
        step = self._steps_by_op.get(id(op))
        if step is None:
            return []
        calls = {
            id(g.call): g for _, body in self.step_bodies(step) for g in body.get_model_calls()
        }
        return sorted(calls.values(), key=lambda g: (g.call.lineno, g.call.col_offset))

    def may_change_schema(self, op: Operation) -> bool:
        """Whether the `code` of the database `RunPython` `op` may change the schema: it (or a
        helper it calls with `apps`) calls `schema_editor.remove_field()` and the like or runs
        SQL, hands the schema editor to a function this reading does not follow, or cannot be
        read at all (an imported function, a call's result)."""
        step = next((s for s in self.steps if s.op is op), None)
        if step is None or step.code is None or step.code.kind in (Kind.NOOP, Kind.LITERAL):
            return False
        found = self.bodies(step.code)
        return not found or any(_changes_schema(body) for body in found)

    def new_table(self, op: Operation, model: Model, app_label: str) -> bool:
        """A historical model that a `CreateModel` before `op` creates: its table is empty.

        When `get_model`'s arguments cannot be read, any `CreateModel` before `op` may be it."""
        if not model.historical:
            return False
        if model.model_name is None or model.app_label is None:
            first = self._first_create_model
            return first is not None and first < op.index
        migration = self.migration
        return model.app_label == app_label and migration.creates_model_before(
            model.model_name, op
        )


def _walk(roots: Sequence[ast.AST]) -> Iterator[Visit]:
    """Every node under `roots`, depth first in source order, with its enclosing loops.

    Iterative: a deeply nested expression must not exhaust the recursion limit."""
    stack = [Visit(node, ()) for node in reversed(roots)]
    while stack:
        visit = stack.pop()
        yield visit
        node, loops = visit.node, visit.loops
        if isinstance(node, (_LOOPS, _COMPREHENSIONS)):
            stack.extend(reversed(list(_children(node, loops))))
            continue
        # Most nodes: their children in `_fields` order, as `ast.iter_child_nodes` gives them,
        # without its two generators per node (this walk was a tenth of the plugin's time).
        children: list[Visit] = []
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                children.append(Visit(value, loops))
            elif isinstance(value, list):
                children.extend(Visit(item, loops) for item in value if isinstance(item, ast.AST))
        stack.extend(reversed(children))


def _children(node: ast.AST, loops: tuple[Loop, ...]) -> Iterator[Visit]:
    if isinstance(node, _LOOPS):
        if isinstance(node, ast.While):
            inner = (*loops, Loop(node, None, None, loops))
            yield Visit(node.test, inner)
        else:
            inner = (*loops, Loop(node, node.iter, node.target, loops))
            yield Visit(node.iter, loops)
            yield Visit(node.target, inner)
        yield from (Visit(child, inner) for child in node.body)
        yield from (Visit(child, loops) for child in node.orelse)
    elif isinstance(node, _COMPREHENSIONS):
        yield from _comprehension_children(node, loops)
    else:
        yield from (Visit(child, loops) for child in ast.iter_child_nodes(node))


def _comprehension_children(
    node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp, loops: tuple[Loop, ...]
) -> Iterator[Visit]:
    current = loops
    for generator in node.generators:
        yield Visit(generator.iter, current)
        current = (*current, Loop(node, generator.iter, generator.target, current))
        yield Visit(generator.target, current)
        yield from (Visit(condition, current) for condition in generator.ifs)
    elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
    yield from (Visit(element, current) for element in elements)


def _bindings(
    function: CallableNode, visits: Sequence[Visit]
) -> dict[str, tuple[ast.expr | None, ...]]:
    found: dict[str, list[ast.expr | None]] = {}
    for name in _parameter_names(function):
        found.setdefault(name, []).append(None)
    assigned: set[int] = set()
    for visit in visits:
        for target, value in _assignments(visit.node):
            assigned.add(id(target))
            found.setdefault(target.id, []).append(value)
    for visit in visits:
        for name in _other_bindings(visit.node, assigned):
            found.setdefault(name, []).append(None)
    return {name: tuple(values) for name, values in found.items()}


def _parameter_names(function: ast.AST) -> list[str]:
    args = getattr(function, "args", None)
    if not isinstance(args, ast.arguments):
        return []
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    return [a.arg for a in every if a is not None]


def _assignments(node: ast.AST) -> Iterator[tuple[ast.Name, ast.expr]]:
    """(name, value) of each plain assignment in `node`, tuples unpacked pairwise."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            yield from _pairs(target, node.value)
    elif isinstance(node, ast.AnnAssign | ast.NamedExpr) and node.value is not None:
        yield from _pairs(node.target, node.value)


def _pairs(target: ast.expr, value: ast.expr) -> Iterator[tuple[ast.Name, ast.expr]]:
    if isinstance(target, ast.Name):
        yield target, value
    elif (
        isinstance(target, ast.Tuple | ast.List)
        and isinstance(value, ast.Tuple | ast.List)
        and len(target.elts) == len(value.elts)
        and not any(isinstance(e, ast.Starred) for e in (*target.elts, *value.elts))
    ):
        for inner_target, inner_value in zip(target.elts, value.elts, strict=True):
            yield from _pairs(inner_target, inner_value)


def _other_bindings(node: ast.AST, assigned: set[int]) -> Iterator[str]:
    """Names bound by anything but a plain assignment: loops, `with`, imports, `def`, ..."""
    if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
        if id(node) not in assigned:
            yield node.id
    elif isinstance(node, ast.Import | ast.ImportFrom):
        yield from _imported_names(node)
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        yield node.name
        yield from _parameter_names(node)
    elif isinstance(node, ast.Lambda):
        yield from _parameter_names(node)
    elif isinstance(node, ast.ExceptHandler) and node.name:
        yield node.name
    elif isinstance(node, ast.Global | ast.Nonlocal):
        yield from node.names
