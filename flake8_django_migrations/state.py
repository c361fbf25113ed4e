"""The model state of one app, replayed statically from its migrations.

The terms are those of `docs/terms.md#replayed-state-and-unknown`.

Each operation that changes Django's model state becomes a small `StateOp`, built once per
file; replaying a list of them gives an `AppState`: the models of the app with their fields
(as `FieldCall`s, or None for a field the plugin cannot read), table name, `unique_together`,
`index_together`, and index and constraint names.

Silence over guessing: a model touched by anything the replay cannot read (a `CreateModel`
whose fields are not a literal list, a non-literal table name...) becomes unknown, and an
operation whose model is not a literal, or an operations list the reader could not fully see,
makes the whole app unknown from there on. Rules never judge unknown models.

An operation Django may or may not run (in an `if` on a setting in the class body, a list
chosen by a setting) leaves unknown only what it touches: the state is replayed both with
and without it, and what the two differ in becomes unknown (the model it creates, deletes or
renames; the field; the table name or option), while `unique_together`, `index_together`,
indexes and constraints keep what may exist (`ModelState.unsure`).

As Django's does, a `RenameModel` repoints the relations of the app's models (`to=`, a
many-to-many's `through=`) to the new name. A relation to a model of another app keeps the
name it was written with when that app renames the model: that app's renames are not part
of this app's replay (rules looking up such a target find no model and stay silent).

States are immutable, and a changed state shares everything it did not change with the state
it came from: models, fields, index and constraint names and unknown models are persistent
mappings and sets (`persistent.py`). Keeping the state before every operation of a file of
thousands of operations thus costs time and memory in proportion to the file, not its square.

A custom operation is as narrow as what it names: one whose only strings are model references
(`BootstrapTranslatableModel("wagtailcore.Page")`) keeps the fields the model has, but may
have added or removed some (`ModelState.open_fields`); one that names other strings makes the
models it may name unknown; one that names nothing makes the whole app unknown.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any, TypeVar

from flake8_django_migrations import astutil
from flake8_django_migrations.fields import (
    DeferredField,
    FieldCall,
    field_call,
    with_argument,
    without_default,
)
from flake8_django_migrations.migration import Migration, Operation
from flake8_django_migrations.persistent import PersistentMap, PersistentSet, as_map, as_set

Together = frozenset[tuple[str, ...]]
_T = TypeVar("_T")
# A literal value the replay could not read: the option is unknown.
UNREADABLE = "<unreadable>"
# The names of the StateOps that stand for what the replay cannot read.
OPAQUE = "Opaque"
FORGET = "Forget"
OPEN_FIELDS = "OpenFields"
# `"wagtailcore.Page"`: how a custom operation names a model, as `apps.get_model` takes it.
_MODEL_REFERENCE = re.compile(r"[A-Za-z_]\w*\.[A-Za-z_]\w*")
Reader = Callable[["Operation", "Migration"], "tuple[object, ...] | None"]


@dataclass(frozen=True)
class StateOp:
    """What one operation does to the state: `name` is the Django operation's name."""

    name: str
    model: str | None
    data: tuple[object, ...] = ()
    # In a branch the reader cannot choose (`Operation.conditional`): Django may or may not
    # make the change.
    conditional: bool = False


@dataclass(frozen=True, slots=True)
class ModelState:
    name: str
    # A `DeferredField` (read back from the disk cache) stands for its `FieldCall`.
    fields: Mapping[str, FieldCall | DeferredField | None]
    db_table: str | None = None
    unique_together: Together | None = frozenset()
    index_together: Together | None = frozenset()
    indexes: AbstractSet[str] = frozenset()
    constraints: AbstractSet[str] = frozenset()
    # CHECK constraints that say one field IS NOT NULL, by name: (field, validated). With a
    # validated one, PostgreSQL sets NOT NULL on the column without scanning the table.
    not_null_checks: Mapping[str, tuple[str, bool]] = field(default_factory=PersistentMap)
    # False for `managed = False` and proxy models: Django runs no SQL for them. None: unknown.
    managed: bool | None = True
    # A custom operation that named the model may have added or removed fields: a field the
    # state lacks may exist, one it has may be gone (the fields it has keep their definitions).
    open_fields: bool = False
    # A proxy model (`proxy = True`); None: unknown. `AlterModelOptions` keeps it.
    proxy: bool | None = False
    # The options among `unique_together`, `index_together`, `indexes` and `constraints` that
    # a change Django may not have made touched: each holds what may exist, some of which may
    # not (a group or name counts as there, so no rule reports it as new).
    unsure: frozenset[str] = frozenset()

    def field(self, name: str | None) -> FieldCall | None:
        """The field as the plugin can read it; None when missing or unreadable."""
        found = self.fields.get(name) if name is not None else None
        return found.resolve() if isinstance(found, DeferredField) else found

    def has_field(self, name: str) -> bool:
        return name in self.fields

    def checked_not_null(self, name: str | None) -> bool:
        """A validated CHECK constraint already says `name` IS NOT NULL."""
        return any(checked == (name, True) for checked in self.not_null_checks.values())

    def field_of_column(self, column: str) -> tuple[str, FieldCall] | None:
        """The readable field whose column is `column` (`db_column`, else the name, `_id`
        added for a foreign key), compared as PostgreSQL folds unquoted names."""
        for name in self.fields:
            found = self.field(name)
            if found is not None and (column_of(name, found) or "").lower() == column.lower():
                return name, found
        return None

    def table(self, app_label: str) -> str | None:
        """The table name; None when `db_table` could not be read."""
        if self.db_table == UNREADABLE:
            return None
        return self.db_table or f"{app_label}_{self.name}"


@dataclass(frozen=True, slots=True)
class AppState:
    label: str
    # Persistent mappings and sets: a changed state shares them with the state it came from.
    models: Mapping[str, ModelState] = field(default_factory=PersistentMap)
    unknown: AbstractSet[str] = field(default_factory=PersistentSet)
    all_unknown: bool = False

    def knows(self, model: str | None) -> bool:
        """Whether the state can say what `model` is (or that it does not exist)."""
        return model is not None and not self.all_unknown and model not in self.unknown

    def model(self, name: str | None) -> ModelState | None:
        """The model when known and present; None when unknown or missing."""
        if name is None or not self.knows(name):
            return None
        return self.models.get(name)

    def model_of_table(self, table: str) -> ModelState | None:
        """The known, managed model whose table is `table` (case as PostgreSQL folds it)."""
        if self.all_unknown:
            return None
        for model in self.models.values():
            if not self.knows(model.name) or model.managed is not True:
                continue
            if (model.table(self.label) or "").lower() == table.lower():
                return model
        return None

    def lacks_model(self, name: str | None) -> bool:
        return self.knows(name) and name not in self.models

    def field(self, model: str | None, name: str | None) -> FieldCall | None:
        state = self.model(model)
        return state.field(name) if state is not None else None

    def with_model(self, state: ModelState) -> AppState:
        models = as_map(self.models).set(state.name, state)
        return replace(self, models=models, unknown=as_set(self.unknown) - {state.name})

    def without_model(self, name: str) -> AppState:
        models = as_map(self.models).without(name)
        return replace(self, models=models, unknown=as_set(self.unknown) - {name})

    def forget(self, name: str | None) -> AppState:
        """`name` becomes unknown; with no name, the whole app does."""
        if name is None:
            return replace(self, all_unknown=True)
        return replace(self, unknown=as_set(self.unknown) | {name})


def replace(obj: _T, /, **changes: Any) -> _T:
    """`dataclasses.replace` for the state's slotted classes, without its checks of each field
    (the replay makes one or two copies per operation, and they were a tenth of its time)."""
    names = getattr(type(obj), "__slots__", None)
    if names is None or getattr(type(obj), "__post_init__", None) is not None:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    if not changes.keys() <= set(names):
        raise TypeError(f"{type(obj).__name__} has no field among {sorted(changes)}")
    new = object.__new__(type(obj))
    for name in names:
        object.__setattr__(new, name, changes[name] if name in changes else getattr(obj, name))
    return new


def column_of(name: str, field: FieldCall) -> str | None:
    """The column a field stores: none for a join table or a virtual column."""
    if not field.plain_column:
        return None
    if field.has("db_column"):
        return astutil.string_value(field.arg("db_column"))
    return f"{name}_id" if field.is_relation else name


def unknown_app(label: str) -> AppState:
    return AppState(label, all_unknown=True)


# Reading operations into StateOps ------------------------------------------------------------


def state_ops(migration: Migration) -> Iterator[tuple[Operation, StateOp]]:
    """The operations that change the state, in order, each with its `StateOp`.

    Top-level operations and `state_operations` children change the state; the
    `database_operations` of a `SeparateDatabaseAndState` do not.
    """
    for op in migration.operations:
        if op.top_level or not op.is_database:
            state_op = read_op(op, migration)
            if state_op is not None:
                yield op, state_op


Events = list[tuple[tuple[int, int], StateOp]]
# The last timeline read, while its file's model lives (see `timeline`).
_last_timeline: list[tuple[weakref.ref[Migration], Events]] = []


def timeline(migration: Migration) -> Events:
    """Every change to the state in the file, keyed so that sorting puts it in place: the
    change of operation `i` is `(i, 1)`; what comes just before operation `i` is `(i, 0)`.

    The checked file's is asked twice (its summary in the folder, the state before each of
    its operations): the last one is kept until its model is freed. Callers do not change it."""
    if _last_timeline and _last_timeline[0][0]() is migration:
        return _last_timeline[0][1]
    events = _timeline(migration)
    _last_timeline[:] = [(weakref.ref(migration, _forget_timeline), events)]
    return events


def _forget_timeline(freed: weakref.ref[Migration]) -> None:
    """The model is freed: nothing may keep its timeline (and parts of its syntax tree)."""
    if _last_timeline and _last_timeline[0][0] is freed:
        _last_timeline.clear()


def _timeline(migration: Migration) -> Events:
    events = [((op.index, 1), change) for op, change in state_ops(migration)]
    events += [
        ((index, 0), change)
        for index, call in migration.unknown_calls
        for change in _forget_named(call)
    ]
    if migration.opaque_from is not None:
        events.append(((migration.opaque_from, 0), StateOp(OPAQUE, None)))
    return sorted(events, key=lambda event: event[0])


def _forget_named(call: ast.Call) -> list[StateOp]:
    """A call the plugin does not know may change the models it names by a string (`"shop.
    Order"`, `model_name="order"`); one that names none may change anything. One whose only
    strings are model references may add or remove their fields (`OPEN_FIELDS`)."""
    strings = {
        node.value
        for node in ast.walk(call)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    names = sorted({string.rpartition(".")[2].lower() for string in strings})
    if not names:
        return [StateOp(OPAQUE, None)]
    if all(_MODEL_REFERENCE.fullmatch(string) for string in strings):
        return [StateOp(OPEN_FIELDS, name) for name in names]
    return [StateOp(FORGET, None, tuple(names))]


def file_state_ops(migration: Migration) -> tuple[StateOp, ...]:
    """The whole file's effect on the state, in order."""
    return tuple(change for _, change in timeline(migration))


class FileStates:
    """The state before each operation of the checked migration, replayed once on demand:
    each state is the one before with one change, sharing the rest of it."""

    def __init__(self, start: AppState, migration: Migration) -> None:
        self._start = start
        self._migration = migration

    @cached_property
    def _before(self) -> Mapping[int, AppState]:
        found = {}
        state = self._start
        events = iter(timeline(self._migration))
        event = next(events, None)
        for op in self._migration.operations:
            while event is not None and event[0] < (op.index, 1):
                state = apply(state, event[1])
                event = next(events, None)
            found[op.index] = state
        return found

    def before(self, op: Operation) -> AppState:
        found = self._before.get(op.index)
        return found if found is not None else unknown_app(self._start.label)


def read_op(op: Operation, migration: Migration) -> StateOp | None:
    reader = _READERS.get(op.name)
    if reader is None:
        return None
    model = op.model_name
    if model is None:
        return StateOp(OPAQUE, None)
    data = reader(op, migration)
    found = StateOp(op.name, model, data) if data is not None else StateOp(OPAQUE, model)
    # A change Django may or may not make leaves unknown only what it touches (`_either`).
    return replace(found, conditional=True) if op.conditional else found


def _create_model(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    fields = _field_list(op.arg("fields"), migration)
    options = op.arg("options")
    if fields is None or not (options is None or isinstance(options, ast.Dict)):
        return None
    values = _dict_items(options) if isinstance(options, ast.Dict) else {}
    if values is None:
        return None
    return (
        fields,
        _table(values.get("db_table")),
        read_together(values.get("unique_together")),
        read_together(values.get("index_together")),
        frozenset(_names(values.get("indexes"))),
        frozenset(_names(values.get("constraints"))),
        _option_flag(values, "managed", True),
        _option_flag(values, "proxy", False),
    )


def _option_flag(options: Mapping[str, ast.expr], name: str, absent: bool) -> bool | None:
    """A literal True/False model option (`managed`, `proxy`); None when not a literal."""
    value = astutil.literal(options[name]) if name in options else absent
    return value if isinstance(value, bool) else None


def _model_options(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    options = op.arg("options")
    values = _dict_items(options) if isinstance(options, ast.Dict) else None
    if values is None:
        return (None, False, None)
    # AlterModelOptions resets the options it does not name, `managed` included, but keeps
    # `proxy` when not named: Django does not count it among the options it resets.
    proxy = _option_flag(values, "proxy", False)
    return (_option_flag(values, "managed", True), "proxy" in values, proxy)


def _field_list(
    node: ast.expr | None, migration: Migration
) -> tuple[tuple[str, FieldCall | None], ...] | None:
    if not isinstance(node, ast.List | ast.Tuple):
        return None
    pairs = []
    for element in node.elts:
        if not (isinstance(element, ast.Tuple) and len(element.elts) == 2):
            return None
        name = astutil.string_value(element.elts[0])
        if name is None:
            return None
        pairs.append((name, field_call(element.elts[1], migration)))
    return tuple(pairs)


def _dict_items(node: ast.Dict) -> dict[str, ast.expr] | None:
    items = {}
    for key, value in zip(node.keys, node.values, strict=True):
        name = astutil.string_value(key)
        if name is None:
            return None
        items[name] = value
    return items


def _table(node: ast.expr | None) -> str | None:
    if node is None or astutil.is_none(node):
        return None
    return astutil.string_value(node) or UNREADABLE


def read_together(node: ast.expr | None) -> Together | None:
    """Django's normalized `unique_together`: a set of field-name tuples (None: unreadable)."""
    if node is None:
        return frozenset()
    value = astutil.literal(node, UNREADABLE)
    if not isinstance(value, list | tuple | set | frozenset):
        return None
    items = list(value)
    if items and all(isinstance(item, str) for item in items):
        items = [tuple(items)]  # `("a", "b")` is one set of two fields
    if not all(isinstance(i, list | tuple) and all(isinstance(n, str) for n in i) for i in items):
        return None
    return frozenset(tuple(item) for item in items)


def _names(node: ast.expr | None) -> list[str]:
    """The literal `name=` of each index or constraint of a list."""
    if not isinstance(node, ast.List | ast.Tuple):
        return []
    names = (_object_name(element) for element in node.elts)
    return [name for name in names if name is not None]


def _object_name(node: ast.expr | None) -> str | None:
    if not isinstance(node, ast.Call):
        return None
    return astutil.string_value(astutil.keyword_map(node).get("name"))


def _field(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    name = op.str_arg("name")
    if name is None:
        return None
    found = field_call(op.arg("field"), migration)
    preserve = op.arg("preserve_default")
    if found is None or preserve is None or astutil.is_true(preserve):
        return (name, found)
    # `preserve_default=False`: the default only filled the existing rows, and Django's state
    # keeps the field without it. A flag that is not a literal leaves the field unknown.
    return (name, without_default(found) if astutil.is_false(preserve) else None)


def _field_name(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    name = op.str_arg("name")
    return (name,) if name is not None else None


def _two_names(first: str, second: str) -> Reader:
    def read(op: Operation, migration: Migration) -> tuple[object, ...] | None:
        names = (op.str_arg(first), op.str_arg(second))
        return names if None not in names else None

    return read


def _no_data(op: Operation, migration: Migration) -> tuple[object, ...]:
    return ()


def _read_table(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    return (_table(op.arg("table")),)


def _alter_together(option: str) -> Reader:
    def read(op: Operation, migration: Migration) -> tuple[object, ...] | None:
        value = read_together(op.arg(option))
        return (value,) if value is not None else None

    return read


def _add_named(argument: str) -> Reader:
    def read(op: Operation, migration: Migration) -> tuple[object, ...] | None:
        return (_object_name(op.arg(argument)),)

    return read


def _read_rename_index(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    new_name = op.str_arg("new_name")
    if new_name is None:
        return None
    node = op.arg("old_fields")
    old_fields = astutil.literal(node, UNREADABLE) if node is not None else None
    if isinstance(old_fields, list | tuple) and all(isinstance(f, str) for f in old_fields):
        old_fields = tuple(old_fields)
    elif old_fields is not None:
        old_fields = UNREADABLE
    return (op.str_arg("old_name"), new_name, old_fields)


def _read_constraint(validated: bool) -> Reader:
    def read(op: Operation, migration: Migration) -> tuple[object, ...] | None:
        constraint = op.arg("constraint")
        return (_object_name(constraint), _not_null_field(constraint), validated)

    return read


def _not_null_field(node: ast.expr | None) -> str | None:
    """`f` for `CheckConstraint(condition=Q(f__isnull=False))` (or `check=`), else None."""
    if not isinstance(node, ast.Call):
        return None
    keywords = astutil.keyword_map(node)
    condition = keywords.get("condition") or keywords.get("check")
    if not (isinstance(condition, ast.Call) and not condition.args):
        return None
    tests = astutil.keyword_map(condition)
    if len(tests) != 1 or len(condition.keywords) != 1:
        return None
    ((lookup, value),) = tests.items()
    if not (lookup.endswith("__isnull") and astutil.is_false(value)):
        return None
    return lookup.removesuffix("__isnull")


def _removed_name(op: Operation, migration: Migration) -> tuple[object, ...] | None:
    return (op.str_arg("name"),)


_READERS: Mapping[str, Reader] = MappingProxyType(
    {
        "CreateModel": _create_model,
        "DeleteModel": _no_data,
        "RenameModel": _two_names("old_name", "new_name"),
        "AddField": _field,
        "AlterField": _field,
        "RemoveField": _field_name,
        "RenameField": _two_names("old_name", "new_name"),
        "AlterModelTable": _read_table,
        "AlterModelOptions": _model_options,
        "AlterUniqueTogether": _alter_together("unique_together"),
        "AlterIndexTogether": _alter_together("index_together"),
        "AddIndex": _add_named("index"),
        "AddIndexConcurrently": _add_named("index"),
        "RemoveIndex": _removed_name,
        "RemoveIndexConcurrently": _removed_name,
        "RenameIndex": _read_rename_index,
        "AddConstraint": _read_constraint(validated=True),
        "AddConstraintNotValid": _read_constraint(validated=False),
        "ValidateConstraint": _removed_name,
        "RemoveConstraint": _removed_name,
    }
)


# Replaying StateOps ---------------------------------------------------------------------------


def replay(state: AppState, ops: Iterable[StateOp]) -> AppState:
    for op in ops:
        state = apply(state, op)
    return state


def apply(state: AppState, op: StateOp) -> AppState:
    if op.conditional:
        return _either(state, apply(state, replace(op, conditional=False)))
    if op.name == OPAQUE:
        return state.forget(op.model)
    if op.name == FORGET:
        return replace(state, unknown=as_set(state.unknown) | {str(name) for name in op.data})
    if op.name == OPEN_FIELDS:
        return _open_fields(state, op.model)
    if op.model is None or state.all_unknown:
        return state
    if op.name == "CreateModel":
        return state.with_model(_created(op.model, op.data))
    if op.name == "DeleteModel":
        return state.without_model(op.model)
    if op.name == "RenameModel":
        return _rename_model(state, op)
    model = state.model(op.model)
    if model is None:
        return state  # unknown stays unknown; a missing model is DJM610's business
    changed = _MODEL_CHANGES[op.name](model, op.data)
    return state.with_model(changed)


def _open_fields(state: AppState, name: str | None) -> AppState:
    """The model keeps what it has but its fields may have changed; a model the state lacks or
    does not know may have been created: it becomes unknown."""
    model = state.model(name)
    if model is None:
        return state.forget(name) if name is not None else state
    return state.with_model(replace(model, open_fields=True))


def _created(name: str, data: tuple[object, ...]) -> ModelState:
    fields, table, unique, index, indexes, constraints, managed, proxy = data
    assert isinstance(fields, tuple)
    assert isinstance(indexes, frozenset)
    assert isinstance(constraints, frozenset)
    return ModelState(
        name,
        PersistentMap(fields),
        _str_or_none(table),
        _together_or_none(unique),
        _together_or_none(index),
        _name_set(indexes),
        _name_set(constraints),
        managed=_managed(managed, proxy),
        proxy=proxy if isinstance(proxy, bool) else None,
    )


def _managed(managed: object, proxy: object) -> bool | None:
    """Whether Django runs SQL for the model: not for `managed=False` or proxy models."""
    if not isinstance(managed, bool) or not isinstance(proxy, bool):
        return None
    return managed and not proxy


def _rename_model(state: AppState, op: StateOp) -> AppState:
    old, new = (str(name).lower() for name in op.data)
    model = state.model(old)
    if model is None:
        return state.forget(new) if not state.lacks_model(old) else state
    renamed = state.without_model(old).with_model(replace(model, name=new))
    return _repointed(renamed, old, f"{state.label}.{op.data[1]}")


def _repointed(state: AppState, old: str, label: str) -> AppState:
    """Django's `RenameModel` repoints every relation to the old name (`to=`, a many-to-many's
    `through=`) to `label`, the new one: here, those of the app's own models."""
    models = as_map(state.models)
    for model in state.models.values():
        fields = as_map(model.fields)
        for name, found in model.fields.items():
            moved = _repointed_field(found, state.label, old, label)
            if moved is not found:
                fields = fields.set(name, moved)
        if fields is not model.fields:
            models = models.set(model.name, replace(model, fields=fields))
    return replace(state, models=models)


def _repointed_field(
    found: FieldCall | DeferredField | None, app: str, old: str, label: str
) -> FieldCall | DeferredField | None:
    """The field with its relations to model `old` of `app` pointing to `label` instead; the
    same object when it has none."""
    if isinstance(found, DeferredField) and old not in found.source.lower():
        return found  # most stored fields are never parsed
    field = found.resolve() if isinstance(found, DeferredField) else found
    if field is None:
        return found
    moved = field
    for argument in ("to", "through"):
        target = astutil.string_value(field.arg(argument))
        if target is not None and _points_to(target, app, old):
            moved = with_argument(moved, argument, ast.Constant(label))
    return moved if moved is not field else found


def _points_to(target: str, app: str, model: str) -> bool:
    """`"shop.Order"`, or `"Order"` (a model of the field's own app), names `shop.order`."""
    label, _, name = target.lower().rpartition(".")
    return name == model and label in ("", app)


def _add_field(model: ModelState, data: tuple[object, ...]) -> ModelState:
    name, found = data
    value = found if isinstance(found, FieldCall | DeferredField) else None
    return replace(model, fields=as_map(model.fields).set(str(name), value))


def _remove_field(model: ModelState, data: tuple[object, ...]) -> ModelState:
    return replace(model, fields=as_map(model.fields).without(str(data[0])))


def _rename_field(model: ModelState, data: tuple[object, ...]) -> ModelState:
    old, new = (str(name) for name in data)
    if old not in model.fields:
        return model
    return replace(
        model,
        fields=as_map(model.fields).renamed(old, new),
        unique_together=_renamed_in(model.unique_together, old, new),
        index_together=_renamed_in(model.index_together, old, new),
    )


def _renamed_in(together: Together | None, old: str, new: str) -> Together | None:
    if together is None:
        return None
    return frozenset(tuple(new if n == old else n for n in names) for names in together)


def _alter_table(model: ModelState, data: tuple[object, ...]) -> ModelState:
    return replace(model, db_table=_str_or_none(data[0]))


def _alter_options(model: ModelState, data: tuple[object, ...]) -> ModelState:
    managed, named, proxy = data
    proxy = proxy if named else model.proxy
    return replace(
        model,
        managed=_managed(managed, proxy),
        proxy=proxy if isinstance(proxy, bool) else None,
    )


def _alter_unique(model: ModelState, data: tuple[object, ...]) -> ModelState:
    unsure = model.unsure - {"unique_together"}
    return replace(model, unique_together=_together_or_none(data[0]), unsure=unsure)


def _alter_index_together(model: ModelState, data: tuple[object, ...]) -> ModelState:
    unsure = model.unsure - {"index_together"}
    return replace(model, index_together=_together_or_none(data[0]), unsure=unsure)


def _add_index(model: ModelState, data: tuple[object, ...]) -> ModelState:
    return replace(model, indexes=as_set(model.indexes) | _name_set(data))


def _remove_index(model: ModelState, data: tuple[object, ...]) -> ModelState:
    return replace(model, indexes=as_set(model.indexes) - _name_set(data))


def _rename_index(model: ModelState, data: tuple[object, ...]) -> ModelState:
    old, new, old_fields = data
    indexes = (as_set(model.indexes) - _name_set((old,))) | _name_set((new,))
    model = replace(model, indexes=indexes)
    if old_fields is None:
        return model
    # Renaming an unnamed `index_together` index takes it out of `index_together`.
    together = model.index_together
    if together is not None and isinstance(old_fields, tuple):
        return replace(model, index_together=together - {old_fields})
    return replace(model, index_together=None)


def _add_constraint(model: ModelState, data: tuple[object, ...]) -> ModelState:
    name, field_name, validated = data
    checks = as_map(model.not_null_checks)
    if isinstance(name, str) and isinstance(field_name, str):
        checks = checks.set(name, (field_name, bool(validated)))
    constraints = as_set(model.constraints) | _name_set((name,))
    return replace(model, constraints=constraints, not_null_checks=checks)


def _remove_constraint(model: ModelState, data: tuple[object, ...]) -> ModelState:
    checks = as_map(model.not_null_checks)
    for name in _name_set(data):
        checks = checks.without(name)
    constraints = as_set(model.constraints) - _name_set(data)
    return replace(model, constraints=constraints, not_null_checks=checks)


def _validate_constraint(model: ModelState, data: tuple[object, ...]) -> ModelState:
    name = data[0]
    check = model.not_null_checks.get(name) if isinstance(name, str) else None
    if not isinstance(name, str) or check is None:
        return model
    checks = as_map(model.not_null_checks).set(name, (check[0], True))
    return replace(model, not_null_checks=checks)


# Conditional changes ------------------------------------------------------------------------

# The options `_either` joins as "what may exist".
_UNSURE_OPTIONS = ("unique_together", "index_together", "indexes", "constraints")
_MISSING = object()


def _either(without: AppState, with_change: AppState) -> AppState:
    """The state after a change Django may or may not make: what the two states differ in
    becomes unknown (a model, a field, an option), the rest stays known."""
    if without.all_unknown or with_change.all_unknown:
        return replace(with_change, all_unknown=True)
    state = replace(with_change, unknown=as_set(with_change.unknown) | without.unknown)
    models = as_map(state.models)
    for name in {*without.models, *with_change.models}:
        one, other = without.models.get(name), with_change.models.get(name)
        if one is None or other is None:
            state = state.forget(name) if one is not other else state
        elif one is not other:
            models = models.set(name, _either_model(one, other))
    return replace(state, models=models)


def _either_model(one: ModelState, other: ModelState) -> ModelState:
    fields, opened = _either_fields(one.fields, other.fields)
    unsure = {name for name in _UNSURE_OPTIONS if getattr(one, name) != getattr(other, name)}
    return replace(
        other,
        fields=fields,
        db_table=one.db_table if one.db_table == other.db_table else UNREADABLE,
        unique_together=_either_together(one.unique_together, other.unique_together),
        index_together=_either_together(one.index_together, other.index_together),
        indexes=as_set(one.indexes) | other.indexes,
        constraints=as_set(one.constraints) | other.constraints,
        not_null_checks=_either_checks(one.not_null_checks, other.not_null_checks),
        managed=one.managed if one.managed == other.managed else None,
        open_fields=one.open_fields or other.open_fields or opened,
        proxy=one.proxy if one.proxy == other.proxy else None,
        unsure=one.unsure | other.unsure | unsure,
    )


def _either_together(one: Together | None, other: Together | None) -> Together | None:
    return None if one is None or other is None else one | other


def _either_checks(
    one: Mapping[str, tuple[str, bool]], other: Mapping[str, tuple[str, bool]]
) -> Mapping[str, tuple[str, bool]]:
    """A CHECK that may exist counts, validated if it may be: no rule judges it missing."""
    checks = as_map(one)
    for name, (field_name, validated) in other.items():
        validated = validated or checks.get(name) == (field_name, True)
        checks = checks.set(name, (field_name, validated))
    return checks


def _either_fields(
    one: Mapping[str, FieldCall | DeferredField | None],
    other: Mapping[str, FieldCall | DeferredField | None],
) -> tuple[PersistentMap[str, FieldCall | DeferredField | None], bool]:
    """The fields the two differ in become unreadable; True when one has a field the other
    lacks (the model's fields are then open: `ModelState.open_fields`)."""
    fields = as_map(other)
    opened = False
    for name in {*one, *other}:
        first, second = one.get(name, _MISSING), other.get(name, _MISSING)
        if first is not second:
            opened = opened or _MISSING in (first, second)
            fields = fields.set(name, None)
    return fields, opened


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _together_or_none(value: object) -> Together | None:
    return value if isinstance(value, frozenset) else None


def _name_set(values: Iterable[object]) -> frozenset[str]:
    return frozenset(value for value in values if isinstance(value, str))


_MODEL_CHANGES: Mapping[str, Callable[[ModelState, tuple[object, ...]], ModelState]] = (
    MappingProxyType(
        {
            "AddField": _add_field,
            "AlterField": _add_field,
            "RemoveField": _remove_field,
            "RenameField": _rename_field,
            "AlterModelTable": _alter_table,
            "AlterModelOptions": _alter_options,
            "AlterUniqueTogether": _alter_unique,
            "AlterIndexTogether": _alter_index_together,
            "AddIndex": _add_index,
            "AddIndexConcurrently": _add_index,
            "RemoveIndex": _remove_index,
            "RemoveIndexConcurrently": _remove_index,
            "RenameIndex": _rename_index,
            "AddConstraint": _add_constraint,
            "AddConstraintNotValid": _add_constraint,
            "RemoveConstraint": _remove_constraint,
            "ValidateConstraint": _validate_constraint,
        }
    )
)
