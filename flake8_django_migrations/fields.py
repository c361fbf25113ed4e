"""What a field construction (`models.CharField(max_length=20, null=True)`) says statically.

Django's field classes are read in full. A custom or third-party class (`NullCharField`,
`TimeZoneField`, `ParentalKey`) is read too, by keyword only: `null`, `unique`, `db_index`,
`default`, `db_default` and `primary_key` mean the same for every `Field` subclass, so the
rules that judge an explicit `unique=True` or `db_index=True` (DJM200, DJM202, DJM203), an
explicit `default=` (DJM108, DJM109) or `null=True` turned off (DJM106) judge such a class.
Its column type stays unknown (DJM107, DJM304). The rules that judge what the migration
leaves out ("NOT NULL without default": DJM105, DJM110, DJM502) do not: a class may set
`null=True` or a default in its `__init__` and drop it from `deconstruct()`, as
django-oscar's `NullCharField` does. Whether the class has a column, is a relation or cannot
be told is guessed from its name and arguments (see `_custom_shape`).
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from flake8_django_migrations import astutil
from flake8_django_migrations.migration import Migration, Operation

FIELD_MODULES = frozenset(
    {
        "django.db.models",
        "django.db.models.fields",
        "django.db.models.fields.related",
        "django.db.models.fields.json",
        "django.db.models.fields.files",
        "django.db.models.fields.generated",
        "django.contrib.postgres.fields",
        "django.contrib.postgres.fields.array",
        "django.contrib.postgres.fields.citext",
        "django.contrib.postgres.fields.hstore",
        "django.contrib.postgres.fields.jsonb",
        "django.contrib.postgres.fields.ranges",
        "django.contrib.postgres.search",
    }
)

STRING_FIELDS = frozenset(
    {
        "CharField",
        "TextField",
        "SlugField",
        "EmailField",
        "URLField",
        "FilePathField",
        "FileField",
        "ImageField",
        "BinaryField",
        "CommaSeparatedIntegerField",
        "CICharField",
        "CIEmailField",
        "CITextField",
    }
)
DATE_FIELDS = frozenset({"DateField", "DateTimeField", "TimeField"})
AUTO_FIELDS = frozenset({"AutoField", "BigAutoField", "SmallAutoField"})
POSITIVE_FIELDS = frozenset(
    {"PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}
)
RELATION_FIELDS = frozenset({"ForeignKey", "OneToOneField"})
# Fields whose AddField adds no ordinary column: a join table, or a value the database computes.
NO_COLUMN_FIELDS = frozenset({"ManyToManyField", "GeneratedField"})
KNOWN_FIELDS = (
    STRING_FIELDS
    | DATE_FIELDS
    | AUTO_FIELDS
    | POSITIVE_FIELDS
    | RELATION_FIELDS
    | frozenset(
        {
            "BigIntegerField",
            "BooleanField",
            "DecimalField",
            "DurationField",
            "FloatField",
            "GenericIPAddressField",
            "IPAddressField",
            "IntegerField",
            "JSONField",
            "NullBooleanField",
            "SmallIntegerField",
            "UUIDField",
            "ManyToManyField",
            "GeneratedField",
            "ArrayField",
            "HStoreField",
            "IntegerRangeField",
            "BigIntegerRangeField",
            "DecimalRangeField",
            "DateTimeRangeField",
            "DateRangeField",
            "SearchVectorField",
        }
    )
)


# A field class the plugin does not know (`oscar.models.fields.NullCharField`) is still a
# `Field`: `null`, `unique`, `db_index`, `default`, `db_default` and `primary_key` mean the same
# for it, so it is read with its qualified name as its kind (never one of Django's, which have
# no dot). What its column is, is judged from its name and arguments:
# - no column, or cannot tell: a name ending like Django's join and generic fields
#   (`SortedManyToManyField`, `TaggableManager`, `GenericRelation`), a join argument, or a `to=`
#   without `on_delete=` (a many-to-many field, or a relation before Django 2.0);
# - a relation (`ParentalKey`, `TreeForeignKey`): `to=` and `on_delete=`;
# - else a column of unknown type.
_JOIN_SUFFIXES = ("ManyToManyField", "Manager", "Relation")
_JOIN_CLASSES = frozenset({"ForeignObject", "CompositePrimaryKey", "GenericForeignKey"})
_JOIN_ARGUMENTS = frozenset(
    {"through", "through_fields", "symmetrical", "from_fields", "to_fields"}
)

# Modules that re-export Django's fields beside their own (`PointField`, a custom class here).
_REEXPORTS = frozenset({"django.contrib.gis.db.models", "django.contrib.gis.db.models.fields"})

# Positional parameters of each field class, in Django's order, so an argument is found by
# keyword or by position. Other fields take `(verbose_name, name, primary_key, max_length,
# ...)`: past two, a flag may hide in a position, so `field_call` reads at most two.
_FIELD_POSITIONAL = ("verbose_name", "name")
FIELD_SIGNATURES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "ForeignKey": (
            "to",
            "on_delete",
            "related_name",
            "related_query_name",
            "limit_choices_to",
            "parent_link",
            "to_field",
            "db_constraint",
        ),
        "OneToOneField": ("to", "on_delete", "to_field"),
        "ManyToManyField": (
            "to",
            "related_name",
            "related_query_name",
            "limit_choices_to",
            "symmetrical",
            "through",
            "through_fields",
            "db_constraint",
            "db_table",
            "swappable",
        ),
        "ArrayField": ("base_field", "size"),
        "GeneratedField": (),
    }
)


def field_signature(kind: str) -> tuple[str, ...]:
    """The positional parameters of a Django field class."""
    return FIELD_SIGNATURES.get(kind, _FIELD_POSITIONAL)


@dataclass(frozen=True, slots=True)
class FieldCall:
    """A field construction whose arguments can be read: its class is one of Django's (`kind`
    is the class name) or a custom one (`kind` is the qualified name, `custom` is True).

    Slotted, its arguments read at once: a state keeps one per field of every model, and an
    instance dictionary each doubled what the garbage collector walks."""

    call: ast.Call
    kind: str
    kwargs: Mapping[str, ast.expr]
    # Every argument by parameter name, whether passed by keyword or by position.
    arguments: Mapping[str, ast.expr] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        arguments = self.kwargs  # most fields: no second mapping kept per field
        if self.call.args:
            positional = zip(field_signature(self.kind), self.call.args, strict=False)
            arguments = {**dict(positional), **self.kwargs}
        object.__setattr__(self, "arguments", arguments)

    def __reduce__(self) -> tuple[object, ...]:
        # Stored as source text: unpickling thousands of AST nodes costs as much as parsing
        # the files again, and most stored fields are never looked at.
        return (DeferredField, (self.kind, ast.unparse(self.call)))

    def arg(self, name: str) -> ast.expr | None:
        """The argument bound to parameter `name` (`to`, `on_delete`), by keyword or position."""
        return self.arguments.get(name)

    def has(self, name: str) -> bool:
        return self.arg(name) is not None

    def is_set(self, name: str) -> bool:
        """The argument is given as the literal True."""
        return astutil.is_true(self.arg(name))

    def is_unset(self, name: str) -> bool:
        """The argument is absent or given as the literal False."""
        value = self.arg(name)
        return value is None or astutil.is_false(value)

    @property
    def custom(self) -> bool:
        """A class the plugin does not know: it may set its own arguments in `__init__` and
        leave them out of the migration (`NullCharField` forces `null=True`)."""
        return self.kind not in KNOWN_FIELDS

    @property
    def class_name(self) -> str:
        return self.kind.rpartition(".")[2]

    @property
    def has_column(self) -> bool:
        """The field stores a column of its model's table: not a `ManyToManyField`, nor a
        custom class that looks like a join or generic field or cannot be told."""
        if not self.custom:
            return self.kind != "ManyToManyField"
        return _custom_shape(self) != "none"

    @property
    def plain_column(self) -> bool:
        """An ordinary column: neither a join table nor a value the database computes."""
        return self.has_column and self.kind not in NO_COLUMN_FIELDS

    @property
    def nullable(self) -> bool | None:
        """Whether the column allows NULL; None when `null=` is not a literal, or absent on a
        custom class whose name says it is nullable (`NullCharField`)."""
        if self.kind == "NullBooleanField":
            return True
        value = self.arg("null")
        if value is None:
            return None if self.custom and "Null" in self.class_name else False
        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
            return value.value
        return None

    @property
    def has_default(self) -> bool:
        """A Python `default` that gives existing rows a value (`default=None` gives none)."""
        return "default" in self.kwargs and not astutil.is_none(self.kwargs["default"])

    @property
    def implied_default(self) -> bool:
        """Django fills existing rows itself (`auto_now`, a blank string field)."""
        if self.kind in DATE_FIELDS and (self.is_set("auto_now") or self.is_set("auto_now_add")):
            return True
        return self.kind in STRING_FIELDS and self.is_set("blank")

    @property
    def needs_database_fill(self) -> bool:
        """A NOT NULL column with no `db_default`: existing rows need a value at ADD COLUMN, and
        only Django's Python-side default (if any) can give it. DJM105 and DJM109 split on it."""
        if not self.plain_column or self.kind in AUTO_FIELDS:
            return False
        return self.nullable is False and not self.has_db_default

    @property
    def gets_no_value(self) -> bool:
        """A NOT NULL column that nothing fills (`needs_database_fill` with no Python default,
        given or implied): adding it to a table with rows fails, and so does re-adding it."""
        return self.needs_database_fill and not self.python_default

    @property
    def has_db_default(self) -> bool:
        """A `db_default` that gives rows a value: `db_default=None` is `DEFAULT NULL`."""
        value = self.kwargs.get("db_default")
        return value is not None and not astutil.is_none(value)

    @property
    def python_default(self) -> bool:
        """A `default` or one Django implies (`auto_now`, a blank string field)."""
        return self.has_default or self.implied_default

    @property
    def is_relation(self) -> bool:
        """A `ForeignKey` or `OneToOneField`, or a custom class given `to=` and `on_delete=`."""
        if self.custom:
            return _custom_shape(self) == "relation"
        return self.kind in RELATION_FIELDS

    @property
    def one_to_one(self) -> bool:
        """A `OneToOneField`, or a custom relation named like one (`AutoOneToOneField`)."""
        if self.custom:
            return self.is_relation and self.class_name.endswith("OneToOneField")
        return self.kind == "OneToOneField"

    @property
    def foreign_key_constraint(self) -> bool | None:
        """Whether the column carries a foreign key constraint: a `ForeignKey` or
        `OneToOneField` unless `db_constraint=False`; None when `db_constraint=` is not a
        literal."""
        if not self.is_relation:
            return False
        value = self.arg("db_constraint")
        if value is None:
            return True
        flag = value.value if isinstance(value, ast.Constant) else None
        return flag if isinstance(flag, bool) else None

    @property
    def is_unique(self) -> bool:
        return self.one_to_one or self.is_set("unique") or self.is_set("primary_key")


def _custom_shape(field: FieldCall) -> str:
    """`none` (no column, or cannot tell), `relation` or `column` for a custom class."""
    name = field.class_name
    if name.endswith(_JOIN_SUFFIXES) or name in _JOIN_CLASSES:
        return "none"
    if not _JOIN_ARGUMENTS.isdisjoint(field.kwargs):
        return "none"
    if field.has("to"):
        return "relation" if field.has("on_delete") else "none"
    return "column"


@dataclass(frozen=True)
class DeferredField:
    """A field of the replayed state read back from the disk cache: its class name and source,
    parsed only when a rule asks for it."""

    kind: str
    source: str

    def resolve(self) -> FieldCall | None:
        return _parse_field(self.kind, self.source)


@functools.lru_cache(maxsize=4096)
def _parse_field(kind: str, source: str) -> FieldCall | None:
    try:
        node = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(node, ast.Call):
        return None
    return FieldCall(node, kind, astutil.keyword_map(node))


def field_call(node: ast.expr | None, migration: Migration) -> FieldCall | None:
    """The `FieldCall` of a field construction, or None for anything the plugin cannot read:
    `**kwargs`, unusual positional arguments, a custom class given positional arguments."""
    if not isinstance(node, ast.Call) or astutil.has_star_kwargs(node):
        return None
    qualified = migration.resolve(node.func)
    if qualified is None or astutil.has_star_args(node):
        return None
    module, _, kind = qualified.rpartition(".")
    if module in _REEXPORTS and kind in KNOWN_FIELDS:
        module = "django.db.models"
    if module not in FIELD_MODULES:
        return _custom_field(node, qualified)
    if kind not in KNOWN_FIELDS:
        return None  # `models.Index`, `models.ForeignObject`: not a column the plugin reads
    if len(node.args) > len(field_signature(kind)):
        return None
    return FieldCall(node, kind, astutil.keyword_map(node))


def _custom_field(node: ast.Call, qualified: str) -> FieldCall | None:
    """A custom field class, read by keyword only: its positional parameters are unknown.
    A lower-case name (`encrypt(models.CharField())`) is a function, not a class."""
    module, _, name = qualified.rpartition(".")
    if node.args or not module or not name[:1].isupper():
        return None
    return FieldCall(node, qualified, astutil.keyword_map(node))


def declared_db_column(op: Operation) -> str | None:
    """The literal `db_column=` of the field an `AddField`/`AlterField` gives, whatever the
    field's class (read even where `field_call` cannot read the field)."""
    field = op.arg("field")
    if not isinstance(field, ast.Call):
        return None
    return astutil.string_value(astutil.keyword_map(field).get("db_column"))


def without_default(field: FieldCall) -> FieldCall:
    """The field without its `default=` (as Django's state keeps an `AddField` or
    `AlterField` with `preserve_default=False`)."""
    keywords = [keyword for keyword in field.call.keywords if keyword.arg != "default"]
    call = ast.copy_location(ast.Call(field.call.func, field.call.args, keywords), field.call)
    kwargs = {name: value for name, value in field.kwargs.items() if name != "default"}
    return FieldCall(call, field.kind, kwargs)


def with_argument(field: FieldCall, name: str, value: ast.expr) -> FieldCall:
    """The field with its argument `name` (given by keyword or by position) set to `value`."""
    old = field.arg(name)
    if old is None:
        return field
    value = ast.copy_location(value, old)
    args = [value if arg is old else arg for arg in field.call.args]
    keywords = [
        ast.keyword(keyword.arg, value) if keyword.value is old else keyword
        for keyword in field.call.keywords
    ]
    call = ast.copy_location(ast.Call(field.call.func, args, keywords), field.call)
    kwargs = {key: value if given is old else given for key, given in field.kwargs.items()}
    return FieldCall(call, field.kind, kwargs)
