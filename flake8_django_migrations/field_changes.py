"""What an `AlterField` does to its column on PostgreSQL, from the field before and after it.

The rules that read the replayed model state know the field as it was (`old`) and as the
`AlterField` makes it (`new`), as two `FieldCall`s that may come from different files with
different imports. So this module compares kinds by `FieldCall.kind`, literal arguments by
value and names or attributes by their last component (`models.CASCADE` and
`django.db.models.deletion.CASCADE` are both `CASCADE`), never by identity.

`column_type` gives the column type Django's PostgreSQL backend declares for a field, and
`alter_effect` what changing one field into the other does: whether Django sends SQL at all,
and which of the dangerous steps it takes. Every claim is measured (`docs/postgresql.md`,
"Altering a field": PostgreSQL 15, Django 6.1, the `alter_*` cases) unless marked otherwise:

- catalog-only: `max_length` increased or set to None (unlimited `varchar`)
  (`alter_varchar_increase`, `alter_varchar_unlimited`); `CharField` to `TextField`
  (`alter_char_to_text`); `max_digits` increased with the same `decimal_places`
  (`alter_decimal_precision_increase`); `null=False` to `null=True` (`alter_notnull_to_null`);
  a `db_default` added (`alter_add_db_default`);
- table rewrite, every index rebuilt: `max_length` decreased (`alter_varchar_decrease`),
  `TextField` to `CharField` (`alter_text_to_char`), `IntegerField` to `BigIntegerField`
  (`alter_int_to_bigint`), `decimal_places` changed (`alter_decimal_scale_change`);
  `AutoField` to `BigAutoField` rewrites the referencing tables too
  (`alter_autofield_to_bigautofield`);
- to a `Positive*Field`: a CHECK validated by a full scan (`alter_int_to_positive`);
- `db_index` turned on: an index build (`alter_add_db_index`); `unique` turned on: a unique
  index build under ACCESS EXCLUSIVE (`alter_add_unique`);
- `null=True` to `null=False`: a NOT NULL validation scan (`alter_null_to_notnull*`);
- `db_comment`: a same-type `ALTER COLUMN TYPE` (no rewrite) and `COMMENT`
  (`alter_db_comment`);
- a foreign key's constraint dropped, re-created and validated: `null` changed
  (`alter_fk_null`), a database-level `on_delete` (`DB_CASCADE`..., Django 6;
  `alter_fk_on_delete_db`); validated when `db_constraint` is turned on
  (`alter_fk_db_constraint_on`);
- no SQL at all: `default` (`alter_default_only`), `choices` (`alter_choices_only`),
  `help_text`, `verbose_name`, `validators`, `blank`, `editable`, `error_messages`,
  `limit_choices_to`, `related_query_name` (`alter_cosmetic_attrs`), `related_name`
  (`alter_fk_related_name`), a Python `on_delete` (`alter_fk_on_delete_python`).

Not measured, from the PostgreSQL documentation of `ALTER TABLE` ("changing the type of an
existing column will normally cause the entire table and its indexes to be rewritten", except
when the old type is binary coercible to the new one): any other change of column type
(`SmallIntegerField` to `IntegerField`, `CharField` to `UUIDField`, `FloatField` to
`DecimalField`, ...) is a rewrite that can also fail on values the new type rejects; `text` to
unlimited `varchar` is binary coercible. A `db_collation` change is reported as a type change,
as DJM107's documentation says. Fields with no Python-level effect on the column that Django's own
source treats as such (`auto_now`, `upload_to`, `storage`, `unique_for_date`...) emit no SQL.

Unknown, so "cannot tell" (`emits_sql=None`, no `type_change`) and rules stay silent:
- anything that is not a literal, a name or a call of those (`max_length=MAX` on one side only);
- the column type of a relation field: its target's primary key type, which needs the target
  model's state (`column_type` gives None; two relation fields with the same `to` and
  `to_field` share a column type; the caller passes the type it found in the state as
  `relation_types`);
- the column type of a custom field class (`FieldCall.custom`): a change from or to one, or
  of any of its arguments but the ones every `Field` shares (`null`, `unique`, `db_index`,
  defaults, comments, `db_column`) and the Python-only ones, is a type change it cannot
  tell; a custom class with no column (`TaggableManager`, `GenericRelation`) makes the whole
  change "cannot tell", and one whose name says nullable (`NullCharField`) with no `null=`
  leaves NOT NULL unknown;
- `ArrayField`, `GeneratedField` and `ManyToManyField` changes, `citext` against `text`
  (binary coercible through the extension's casts, not measured), `db_tablespace`, a
  `db_column` added or removed (no rename when it equals the field name, which the field does
  not know: DJM102 compares the columns with the name), any argument not listed here;
- on a foreign key with a constraint, a change of an argument outside Django's `non_db_attrs`
  (a `default`, `auto_now`...): Django's `_alter_field` drops and re-creates the constraint for
  those (Django >= 4.2 source), which is not measured.
Also not modelled: an indexed `CharField` to `TextField` re-creates its `_like` index
(`alter_char_to_text_indexed`), and removed indexes, unique constraints and checks (all
instant `DROP`s) only count as SQL.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace
from types import MappingProxyType

from flake8_django_migrations import astutil
from flake8_django_migrations.fields import (
    AUTO_FIELDS,
    POSITIVE_FIELDS,
    FieldCall,
)

# Django's PostgreSQL `data_types` for the fields whose type takes no argument.
_FIXED_TYPES = MappingProxyType(
    {
        "AutoField": "integer",
        "BigAutoField": "bigint",
        "SmallAutoField": "smallint",
        "IntegerField": "integer",
        "BigIntegerField": "bigint",
        "SmallIntegerField": "smallint",
        "PositiveIntegerField": "integer",
        "PositiveBigIntegerField": "bigint",
        "PositiveSmallIntegerField": "smallint",
        "BooleanField": "boolean",
        "NullBooleanField": "boolean",
        "TextField": "text",
        "UUIDField": "uuid",
        "DateField": "date",
        "DateTimeField": "timestamp with time zone",
        "TimeField": "time",
        "DurationField": "interval",
        "FloatField": "double precision",
        "BinaryField": "bytea",
        "JSONField": "jsonb",
        "GenericIPAddressField": "inet",
        "IPAddressField": "inet",
        "CICharField": "citext",
        "CIEmailField": "citext",
        "CITextField": "citext",
        "HStoreField": "hstore",
        "IntegerRangeField": "int4range",
        "BigIntegerRangeField": "int8range",
        "DecimalRangeField": "numrange",
        "DateTimeRangeField": "tstzrange",
        "DateRangeField": "daterange",
        "SearchVectorField": "tsvector",
    }
)
# `varchar(max_length)` fields and Django's default `max_length` (a `CharField` has none: it
# is an unlimited `varchar` on PostgreSQL since Django 4.2).
_VARCHAR_FIELDS = MappingProxyType(
    {
        "CharField": None,
        "CommaSeparatedIntegerField": None,
        "SlugField": 50,
        "EmailField": 254,
        "URLField": 200,
        "FileField": 100,
        "ImageField": 100,
        "FilePathField": 100,
    }
)
# Kinds whose `db_index` is on unless turned off.
_INDEXED_BY_DEFAULT = frozenset({"SlugField", "ForeignKey", "OneToOneField"})

# Django's `Field.non_db_attrs`: never SQL, for any field (measured: `alter_cosmetic_attrs`,
# `alter_choices_only`, `alter_fk_related_name`). `on_delete` and `db_column` are read below.
_NON_DB_ATTRS = frozenset(
    {
        "blank",
        "choices",
        "editable",
        "error_messages",
        "help_text",
        "limit_choices_to",
        "related_name",
        "related_query_name",
        "validators",
        "verbose_name",
    }
)
# Python-side arguments: no SQL (measured for `default`: `alter_default_only`), but Django's
# schema editor sees them, and re-creates a foreign key's constraint when they change.
_PYTHON_ATTRS = frozenset(
    {
        "default",
        "name",
        "auto_now",
        "auto_now_add",
        "unique_for_date",
        "unique_for_month",
        "unique_for_year",
        "upload_to",
        "storage",
        "serialize",
        "width_field",
        "height_field",
        "path",
        "match",
        "recursive",
        "allow_files",
        "allow_folders",
        "protocol",
        "unpack_ipv4",
        "encoder",
        "decoder",
    }
)
# Arguments that decide the column type of a kind.
_TYPE_ARGS = (
    "max_length",
    "max_digits",
    "decimal_places",
    "base_field",
    "size",
    "expression",
    "output_field",
    "db_persist",
)
# Arguments whose effect `alter_effect` reads itself (the rest: `_leftover`).
_READ_ATTRS = frozenset(
    {
        *_TYPE_ARGS,
        "null",
        "unique",
        "primary_key",
        "db_index",
        "db_collation",
        "db_default",
        "db_comment",
        "db_column",
        "to",
        "to_field",
        "db_constraint",
        "on_delete",
    }
)
# Arguments that are the same for every `Field` subclass and do not decide the column type.
_NOT_TYPE_ATTRS = _NON_DB_ATTRS | {
    "null",
    "unique",
    "primary_key",
    "db_index",
    "default",
    "db_default",
    "db_comment",
    "db_column",
    "db_tablespace",
}
_ABSENT_DEFAULTS = MappingProxyType(
    {
        "null": False,
        "unique": False,
        "primary_key": False,
        "db_constraint": True,
        "db_collation": None,
        "db_comment": None,
        "to_field": None,
        "size": None,
    }
)

_VARCHAR = re.compile(r"varchar(?:\((\d+)\))?")
_NUMERIC = re.compile(r"numeric\((\d+), (\d+)\)")


@dataclass(frozen=True)
class AlterEffect:
    """What changing a field into another does on PostgreSQL. False and None mean "no or
    cannot tell": a rule reports only what is known."""

    # Whether Django sends any SQL; None when it cannot be told.
    emits_sql: bool | None
    # "`integer` to `bigint`" when the column type (or collation) changes in a way that
    # rewrites the table or can fail; None for no change, a safe widening, or unknown (DJM107).
    type_change: str | None
    # A primary key's type or collation changes: Django alters the referencing columns too.
    alters_referencing_columns: bool
    # A nullable column becomes NOT NULL (DJM106).
    sets_not_null: bool
    # A plain index appears where the column had no index at all (DJM200).
    adds_index: bool
    # The column becomes unique: `unique`, `primary_key`, a `OneToOneField` (DJM202).
    adds_unique: bool
    # The field becomes a `Positive*Field`: Django adds `CHECK (col >= 0)` (DJM204).
    adds_check: bool
    # Why Django drops and re-creates (and validates) the foreign key constraint (DJM209).
    rebuilds_foreign_key: str | None


def column_type(field: FieldCall) -> str | None:
    """The column type Django declares on PostgreSQL (`varchar(100)`, `numeric(10, 2)`), or
    None when unknown: a relation field (its target's primary key type), an `ArrayField`, a
    `GeneratedField`, a `ManyToManyField`, an argument that is not a literal. Auto fields give
    their integer type: the identity (or `serial`) is a property of the column."""
    if field.kind in _FIXED_TYPES:
        return _FIXED_TYPES[field.kind]
    if field.kind in _VARCHAR_FIELDS:
        return _varchar_type(field)
    if field.kind == "DecimalField":
        digits, places = (_int_arg(field, name) for name in ("max_digits", "decimal_places"))
        return None if digits is None or places is None else f"numeric({digits}, {places})"
    return None


def _varchar_type(field: FieldCall) -> str | None:
    node = field.arg("max_length")
    length = _VARCHAR_FIELDS[field.kind] if node is None else _int_arg(field, "max_length")
    if length is not None:
        return f"varchar({length})"
    # An unlimited `varchar`: only `CharField` has it, absent or `max_length=None`.
    unlimited = field.kind == "CharField" and (node is None or astutil.is_none(node))
    return "varchar" if unlimited else None


def _int_arg(field: FieldCall, name: str) -> int | None:
    value = astutil.literal(field.arg(name))
    return value if type(value) is int else None


def value_key(node: ast.expr) -> Hashable | None:
    """A form of an argument that compares across files: literals by value, names and
    attributes by their last component, calls by function and arguments. None when a part
    cannot be read (a lambda, a subscript, `**kwargs`...)."""
    try:
        return _key(node)
    except _UnreadableError:
        return None


class _UnreadableError(Exception):
    pass


def _key(node: ast.expr) -> Hashable:
    if isinstance(node, ast.Constant):
        return ("value", type(node.value).__name__, node.value)
    if isinstance(node, ast.Name | ast.Attribute):
        return ("name", node.id if isinstance(node, ast.Name) else node.attr)
    if isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant):
        value = astutil.literal(node, _UnreadableError)
        if value is not _UnreadableError:
            return ("value", type(value).__name__, value)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return ("sequence", tuple(_key(element) for element in node.elts))
    if isinstance(node, ast.Dict) and None not in node.keys:
        pairs = zip(node.keys, node.values, strict=True)
        return ("dict", tuple((_key(k), _key(v)) for k, v in pairs if k is not None))
    if isinstance(node, ast.Call) and not astutil.has_star_kwargs(node):
        keywords = tuple(sorted((str(kw.arg), _key(kw.value)) for kw in node.keywords))
        return ("call", _key(node.func), tuple(_key(a) for a in node.args), keywords)
    raise _UnreadableError


_UNREADABLE = ("unreadable",)


def _arg_key(field: FieldCall, name: str) -> Hashable:
    node = field.arg(name)
    if node is None:
        # An absent argument has Django's default: `null=False` is the same as no `null`.
        if name in _ABSENT_DEFAULTS:
            return _key(ast.Constant(_ABSENT_DEFAULTS[name]))
        return ("absent",)
    found = value_key(node)
    return _UNREADABLE if found is None else found


def _differs(old: FieldCall, new: FieldCall, name: str) -> bool | None:
    """Whether argument `name` differs; None when that cannot be told: a side cannot be read,
    or a name or call (`COLLATION`, `Now()`) stands against something else."""
    old_node, new_node = old.arg(name), new.arg(name)
    if old_node is not None and new_node is not None and ast.dump(old_node) == ast.dump(new_node):
        return False
    old_key, new_key = _arg_key(old, name), _arg_key(new, name)
    if _UNREADABLE in (old_key, new_key):
        return None
    if old_key == new_key:
        return False
    if _is_literal(old_node) and _is_literal(new_node):
        return True
    # Adding or removing a database default or comment is SQL whatever its value.
    return True if name in _SET_OR_UNSET and None in (old_node, new_node) else None


_SET_OR_UNSET = frozenset({"db_default", "db_comment"})


def _is_literal(node: ast.expr | None) -> bool:
    return node is None or astutil.literal(node, _UNREADABLE) is not _UNREADABLE


def _changed(old: bool | None, new: bool | None) -> bool | None:
    return None if old is None or new is None else old != new


def alter_effect(
    old: FieldCall, new: FieldCall, relation_types: tuple[str | None, str | None] = (None, None)
) -> AlterEffect:
    """What Django does on PostgreSQL when `AlterField` turns field `old` into `new`.
    `relation_types` are the column types of `old` and `new` when they are relations whose
    target's primary key (or `to_field`) type the caller found in the state."""
    if _same_source(old, new):
        return NO_EFFECT
    if _opaque(old) or _opaque(new):
        return CANNOT_TELL
    types = (column_type(old) or relation_types[0], column_type(new) or relation_types[1])
    conversion = _conversion(old, new, types)
    effect = AlterEffect(
        emits_sql=None,
        type_change=_type_change(old, new, conversion, types),
        alters_referencing_columns=_alters_referencing_columns(old, new, conversion),
        sets_not_null=old.nullable is True and new.nullable is False,
        adds_index=_plain_index(new) is True and _any_index(old) is False,
        adds_unique=_unique(new) is True and _unique(old) is False,
        adds_check=new.kind in POSITIVE_FIELDS and old.kind not in POSITIVE_FIELDS,
        rebuilds_foreign_key=_foreign_key_rebuild(old, new),
    )
    return replace(effect, emits_sql=_emits_sql(old, new, conversion, effect))


NO_EFFECT = AlterEffect(
    emits_sql=False,
    type_change=None,
    alters_referencing_columns=False,
    sets_not_null=False,
    adds_index=False,
    adds_unique=False,
    adds_check=False,
    rebuilds_foreign_key=None,
)


# A custom class whose column the plugin cannot tell (a join or generic field).
CANNOT_TELL = replace(NO_EFFECT, emits_sql=None)


def _opaque(field: FieldCall) -> bool:
    return field.custom and not field.has_column


def _same_source(old: FieldCall, new: FieldCall) -> bool:
    """The same kind and the same text for every argument the schema editor may read."""
    if old.kind != new.kind:
        return False
    names = {*old.arguments, *new.arguments} - _NON_DB_ATTRS
    if old.foreign_key_constraint is False:
        names -= _PYTHON_ATTRS
    return all(_dump(old.arg(name)) == _dump(new.arg(name)) for name in names)


def _dump(node: ast.expr | None) -> str | None:
    return None if node is None else ast.dump(node)


def _emits_sql(
    old: FieldCall, new: FieldCall, conversion: str, effect: AlterEffect
) -> bool | None:
    if effect.type_change is not None or effect.rebuilds_foreign_key is not None:
        return True
    verdicts = [None if conversion == "unknown" else conversion != "same"]
    verdicts += _aspects(old, new)
    verdicts += [_leftover(old, new, name) for name in {*old.arguments, *new.arguments}]
    if True in verdicts:
        return True
    return None if None in verdicts else False


def _aspects(old: FieldCall, new: FieldCall) -> Iterator[bool | None]:
    """Whether each part of the column Django manages changes (None: cannot tell)."""
    yield _null_changes(old, new)
    yield _changed(_unique(old), _unique(new))
    yield _changed(_flag(old, "primary_key"), _flag(new, "primary_key"))
    yield _changed(_plain_index(old), _plain_index(new))
    # Identity (auto fields) and the `>= 0` CHECK of the positive fields.
    yield (old.kind in AUTO_FIELDS) != (new.kind in AUTO_FIELDS)
    yield (old.kind in POSITIVE_FIELDS) != (new.kind in POSITIVE_FIELDS)
    for name in ("db_collation", "db_default", "db_comment"):
        yield _differs(old, new, name)
    yield _db_column_changes(old, new)
    yield _changed(old.foreign_key_constraint, new.foreign_key_constraint)
    if old.is_relation and new.is_relation:
        same = _same_target(old, new)
        yield None if same is None else not same
        yield _database_on_delete_changes(old, new)


def _leftover(old: FieldCall, new: FieldCall, name: str) -> bool | None:
    """An argument `_aspects` does not read: no SQL, or cannot tell when it changes."""
    if name in _NON_DB_ATTRS:
        return False
    many = "ManyToManyField" in (old.kind, new.kind)
    python_only = name in _PYTHON_ATTRS and not old.foreign_key_constraint
    if not many and (name in _READ_ATTRS or python_only):
        return False
    return False if _differs(old, new, name) is False else None


def _null_changes(old: FieldCall, new: FieldCall) -> bool | None:
    changed = _changed(old.nullable, new.nullable)
    # An absent `null` is `null=False`, but for a custom class named nullable (`NullCharField`).
    if changed is not None or any(f.custom and not f.has("null") for f in (old, new)):
        return changed
    return _differs(old, new, "null")


def _db_column_changes(old: FieldCall, new: FieldCall) -> bool | None:
    """A rename between two named columns; adding or removing `db_column` renames the column
    unless it equals the field's name, which the field does not know."""
    present = (old.arg("db_column") is not None, new.arg("db_column") is not None)
    if present == (False, False):
        return False
    return _differs(old, new, "db_column") if present == (True, True) else None


def _flag(field: FieldCall, name: str) -> bool | None:
    node = field.arg(name)
    if node is None:
        return False
    value = node.value if isinstance(node, ast.Constant) else None
    return value if isinstance(value, bool) else None


def _unique(field: FieldCall) -> bool | None:
    """A unique constraint (or primary key) on the column."""
    if field.one_to_one:
        return True
    flags = (_flag(field, "unique"), _flag(field, "primary_key"))
    if True in flags:
        return True
    return None if None in flags else False


def _plain_index(field: FieldCall) -> bool | None:
    """A non-unique index on the column (`db_index`, on by default for some kinds)."""
    unique = _unique(field)
    if unique is not False or not field.has_column:
        return None if unique is None else False
    if field.arg("db_index") is None:
        # A custom relation may keep `ForeignKey`'s index or turn it off in `__init__`.
        return None if field.custom and field.is_relation else field.kind in _INDEXED_BY_DEFAULT
    return _flag(field, "db_index")


def _any_index(field: FieldCall) -> bool | None:
    unique = _unique(field)
    return True if unique is True else _plain_index(field)


def _foreign_key_rebuild(old: FieldCall, new: FieldCall) -> str | None:
    """Why Django drops (if any) and creates a validated foreign key constraint."""
    if new.foreign_key_constraint is not True or not old.has_column:
        return None
    before = old.foreign_key_constraint
    if before is False:
        if old.is_relation:
            return "`db_constraint` is turned on"
        return "the column becomes a foreign key"
    if before is None:
        return None
    if _same_target(old, new) is False:
        return "the target changes"
    if _changed(old.nullable, new.nullable):
        return "`null` changes"
    if _database_on_delete_changes(old, new):
        return "the database `on_delete` changes"
    return None


def _same_target(old: FieldCall, new: FieldCall) -> bool | None:
    """Whether two relation fields point to the same model and column."""
    to_field = _to_field_differs(old, new)
    same_model = _same_model(old.arg("to"), new.arg("to"))
    if to_field is True or same_model is False:
        return False
    return None if to_field is None or same_model is None else True


def _to_field_differs(old: FieldCall, new: FieldCall) -> bool | None:
    """`to_field` given on one side only may just name the primary key: cannot tell."""
    given = (old.has("to_field"), new.has("to_field"))
    if given == (False, False):
        return False
    return _differs(old, new, "to_field") if given == (True, True) else None


def _same_model(old: ast.expr | None, new: ast.expr | None) -> bool | None:
    if old is None or new is None:
        return None
    labels = (astutil.string_value(old), astutil.string_value(new))
    if labels[0] is not None and labels[1] is not None:
        return _same_label(labels[0].lower(), labels[1].lower())
    keys = (value_key(old), value_key(new))
    # `settings.AUTH_USER_MODEL` on both sides; different names may still be one model.
    return True if keys[0] is not None and keys[0] == keys[1] else None


def _same_label(old: str, new: str) -> bool | None:
    if old == new:
        return True
    if "self" in (old, new) or "." not in old or "." not in new:
        # `"Product"` and `"shop.Product"`, or `"self"`: the same model only in its own app.
        same_name = old.rpartition(".")[2] == new.rpartition(".")[2]
        return None if same_name or "self" in (old, new) else False
    return False


def _database_on_delete_changes(old: FieldCall, new: FieldCall) -> bool | None:
    """A change from or to a database-level `on_delete` (`DB_CASCADE`..., Django 6)."""
    names = (_on_delete_name(old), _on_delete_name(new))
    if names[0] == names[1]:
        return False
    if any(name is not None and name.startswith("DB_") for name in names):
        return True
    return None if None in names else False


def _on_delete_name(field: FieldCall) -> str | None:
    node = field.arg("on_delete")
    if node is None:
        return "CASCADE"  # Django < 2.0 made it optional, with this default
    if isinstance(node, ast.Call):
        node = node.func  # `models.SET(value)`
    key = value_key(node)
    return str(key[1]) if isinstance(key, tuple) and key[0] == "name" else None


def _conversion(old: FieldCall, new: FieldCall, types: tuple[str | None, str | None]) -> str:
    """`same`, `safe` (catalog-only), `rewrite` or `unknown` for the column type change."""
    if _same_column(old, new):
        return "same"
    if types[0] is None or types[1] is None:
        return "unknown"
    return type_conversion(types[0], types[1])


def _same_column(old: FieldCall, new: FieldCall) -> bool:
    if old.is_relation and new.is_relation:
        return _same_target(old, new) is True
    if old.kind != new.kind:
        return False
    # A custom class may derive its type from any argument of its own.
    names = {*old.arguments, *new.arguments} - _NOT_TYPE_ATTRS if old.custom else _TYPE_ARGS
    return all(_differs(old, new, n) is False for n in names)


def type_conversion(old: str, new: str) -> str:
    """How PostgreSQL changes a column from type `old` to `new`: `same`, `safe`
    (catalog-only), `rewrite` (the table is rewritten; values may fail) or `unknown`."""
    if old == new:
        return "same"
    if "citext" in (old, new):
        return "unknown"
    old_limit, new_limit = _varchar_limit(old), _varchar_limit(new)
    if (old_limit is not None and new == "text") or (old == "text" and new_limit == math.inf):
        return "safe"
    if old_limit is not None and new_limit is not None:
        return "safe" if new_limit >= old_limit else "rewrite"
    return "safe" if _numeric_widens(old, new) else "rewrite"


def _varchar_limit(column: str) -> float | None:
    match = _VARCHAR.fullmatch(column)
    if match is None:
        return None
    return math.inf if match.group(1) is None else int(match.group(1))


def _numeric_widens(old: str, new: str) -> bool:
    """`numeric(10, 2)` to `numeric(12, 2)`: more digits, the same scale."""
    before, after = _NUMERIC.fullmatch(old), _NUMERIC.fullmatch(new)
    if before is None or after is None:
        return False
    return before.group(2) == after.group(2) and int(after.group(1)) >= int(before.group(1))


def _type_change(
    old: FieldCall, new: FieldCall, conversion: str, types: tuple[str | None, str | None]
) -> str | None:
    if conversion == "rewrite":
        return f"`{types[0]}` to `{types[1]}`"
    return _collation_change(old, new)


def _collation_change(old: FieldCall, new: FieldCall) -> str | None:
    names = (_collation(old), _collation(new))
    if names[0] is None or names[1] is None or names[0] == names[1]:
        return None
    return f"collation `{names[0]}` to `{names[1]}`"


def _collation(field: FieldCall) -> str | None:
    node = field.arg("db_collation")
    if node is None or astutil.is_none(node):
        return "default"
    return astutil.string_value(node)


def _alters_referencing_columns(old: FieldCall, new: FieldCall, conversion: str) -> bool:
    """A primary key's type or collation changes: Django alters the columns that reference it
    (measured: `alter_autofield_to_bigautofield`)."""
    if not (old.is_set("primary_key") and new.is_set("primary_key")):
        return False
    return conversion in ("safe", "rewrite") or _collation_change(old, new) is not None
