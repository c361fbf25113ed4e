"""Properties of the whole plugin on generated sources (hypothesis).

Migration modules are built as ASTs from the Django operation vocabulary, in every import
style and list layout the reader understands (and some it must skip), then rendered one
operation per line with `ast.unparse` and an optional reformatting. The properties:
never raise and never report DJM000; every position lies inside the file; disk and stdin
agree; reformatting, and reordering independent operations, change no diagnostic.
"""

from __future__ import annotations

import ast
import io
import os
import textwrap
import tokenize
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.operations import MODEL_PARAMETER, OPERATION_MODULES, SIGNATURES
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import DATABASES, Settings
from tests import harness

DISPLAY_NAME = "shop/migrations/0002_x.py"
Draw = st.DrawFn

# ---------------------------------------------------------------------------------------------
# Vocabulary

POSTGRES_OPERATIONS = frozenset(
    {
        "AddIndexConcurrently",
        "RemoveIndexConcurrently",
        "AddConstraintNotValid",
        "ValidateConstraint",
        "CreateExtension",
        "HStoreExtension",
        "TrigramExtension",
        "CreateCollation",
    }
)
# Nested-list operations are drawn separately (they recurse).
FLAT_OPERATIONS = sorted(
    name
    for name in SIGNATURES
    if name != "SeparateDatabaseAndState"
    and (name in POSTGRES_OPERATIONS or not name.endswith(("Extension", "Collation")))
)
COMMON_OPERATIONS = (
    "AddField",
    "AlterField",
    "RemoveField",
    "RenameField",
    "CreateModel",
    "DeleteModel",
    "AddIndex",
    "RunPython",
    "RunSQL",
    "SeparateDatabaseAndState",
    "AddConstraint",
)
FIELD_CLASSES = (
    "CharField",
    "TextField",
    "IntegerField",
    "BigIntegerField",
    "ForeignKey",
    "OneToOneField",
    "SlugField",
    "PositiveIntegerField",
    "ManyToManyField",
    "GeneratedField",
    "DateTimeField",
    "BooleanField",
    "DecimalField",
    "UUIDField",
    "AutoField",
    "BigAutoField",
    "JSONField",
    "NullBooleanField",
    "EmailField",
    "FloatField",
)
FIELD_KEYWORDS = (
    "null",
    "default",
    "db_default",
    "unique",
    "db_index",
    "blank",
    "auto_now",
    "auto_now_add",
    "db_persist",
    "primary_key",
    "max_length",
    "db_column",
    "on_delete",
    "to",
    "expression",
    "output_field",
    "max_digits",
    "decimal_places",
    "db_collation",
    "related_name",
)
LITERALS = ("True", "False", "None", "0", "1", "-1", "''", "'x'", "2.5", "()", "[]", "{}")
OTHER_VALUES = (
    "NAME",
    "timezone.now",
    "uuid.uuid4",
    "datetime.date.today()",
    "lambda: 0",
    "f'{NAME}'",
    "b'x'",
    "...",
    "settings.AUTH_USER_MODEL",
    "{'a': 1}",
    "[1, 2][0]",
    "NAME if NAME else None",
)
MODELS = ("product", "Product", "order", "customer", "shop.Item", "")
FIELD_NAMES = ("sku", "price", "name", "owner", "slug", "id", "created")
SQL = (
    "'UPDATE shop_product SET price = 0'",
    "'CREATE INDEX CONCURRENTLY i ON shop_product (sku)'",
    "'ALTER TABLE shop_product DROP COLUMN sku'",
    "'INSERT INTO t VALUES (1); ALTER TABLE t ADD COLUMN c int'",
    "'VACUUM ANALYZE shop_product'",
    "['SELECT 1', ('UPDATE t SET a = %s', [1])]",
    "'UPDATE t ' + 'SET a = 1'",
    "SQL_CONSTANT",
    "f'DROP TABLE {NAME}'",
    "''",
    "None",
    "('SELECT 1',)",
    "[]",
)
FUNCTION_BODIES = (
    "Product = apps.get_model('shop', 'Product')",
    "Product = apps.get_model('shop.Product')",
    "Other = apps.get_model('shop', 'Missing')",
    "for p in Product.objects.all():\n    p.save()",
    "Product.objects.bulk_create([Product(name='x')])",
    "Product.objects.bulk_update(objs, ['name'])",
    "Product.objects.using(schema_editor.connection.alias).update(name='x')",
    "call_command('loaddata', 'x.json')",
    "Product.objects.create(**obj.__dict__)",
    "from shop.models import Product",
    "helper(apps, schema_editor)",
    "[p.save() for p in Product.objects.all()]",
    "schema_editor.execute('UPDATE x SET y = 1')",
    "with transaction.atomic():\n    Product.objects.all().delete()",
    "while True:\n    break",
    "return None",
    "pass",
)
DEPENDENCIES = (
    "('shop', '0001_initial')",
    "('shop', '0001_missing')",
    "('shop', '__first__')",
    "('auth', '__latest__')",
    "('other', '0003_thing')",
    "migrations.swappable_dependency(settings.AUTH_USER_MODEL)",
    "NAME",
    "('shop',)",
    "('shop', 1)",
)


@dataclass
class Style:
    """One import style; records which names it used so its imports can be written last."""

    kind: str
    module: str = "django.db.migrations"
    operations: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)

    def op(self, name: str) -> str:
        self.operations.add(name)
        pg = name in POSTGRES_OPERATIONS
        if self.kind in ("names", "star"):
            return name
        if self.kind == "alias":
            return f"pg.{name}" if pg else f"m.{name}"
        if self.kind == "dotted":
            return f"django.contrib.postgres.operations.{name}" if pg else f"{self.module}.{name}"
        return f"pg_ops.{name}" if pg else f"migrations.{name}"

    def model(self, name: str) -> str:
        self.fields.add(name)
        prefix = {"names": "", "star": "", "alias": "mm.", "dotted": "django.db.models."}
        return prefix.get(self.kind, "models.") + name

    def base(self) -> str:
        bases = {
            "alias": "m.Migration",
            "dotted": f"{self.module}.Migration",
            "star": "Migration",
        }
        return bases.get(self.kind, "migrations.Migration")

    def imports(self) -> list[str]:
        core = sorted(self.operations - POSTGRES_OPERATIONS)
        pg = sorted(self.operations & POSTGRES_OPERATIONS)
        if self.kind == "alias":
            return [
                "from django.db import migrations as m",
                "from django.db import models as mm",
                "from django.contrib.postgres import operations as pg",
            ]
        if self.kind == "dotted":
            return [f"import {self.module}", "import django.db.models", "import django.contrib"]
        if self.kind == "star":
            return [f"from {self.module} import *", "from django.db.models import *"]
        lines = ["from django.db import migrations, models"]
        if self.kind == "names":
            lines += [f"from {self.module} import {name}" for name in core]
            lines += [f"from django.contrib.postgres.operations import {name}" for name in pg]
            lines += [f"from django.db.models import {name}" for name in sorted(self.fields)]
        else:
            lines.append("from django.contrib.postgres import operations as pg_ops")
        return lines


STYLES = st.builds(
    Style,
    kind=st.sampled_from(["plain", "alias", "names", "dotted", "star"]),
    module=st.sampled_from(sorted(OPERATION_MODULES - {"django.contrib.postgres.operations"})),
)

# ---------------------------------------------------------------------------------------------
# Strategies for the pieces (as source text, parsed into the module AST later)


def values(style: Style) -> st.SearchStrategy[str]:
    made = st.sampled_from(
        [
            f"{style.model('F')}('sku')",
            f"{style.model('Value')}(1)",
            "Now()",
            "RandomUUID()",
            f"{style.model('Func')}(function='gen_random_uuid')",
            style.model("CASCADE"),
        ]
    )
    return st.one_of(st.sampled_from(LITERALS), st.sampled_from(OTHER_VALUES), made)


def call(func: str, args: Sequence[str], kwargs: dict[str, str]) -> str:
    return f"{func}({', '.join([*args, *(f'{k}={v}' for k, v in kwargs.items())])})"


FLAGS = ("null", "unique", "db_index", "blank", "auto_now", "auto_now_add", "db_persist")


def keyword_values(style: Style, name: str) -> st.SearchStrategy[str]:
    """Mostly what the keyword usually gets, sometimes anything."""
    if name in FLAGS or name == "primary_key":
        usual = st.sampled_from(["True", "False"])
    elif name == "max_length":
        usual = st.sampled_from(["10", "255"])
    elif name == "on_delete":
        usual = st.just(style.model("CASCADE"))
    else:
        usual = values(style)
    return st.one_of(usual, usual, usual, values(style))


@st.composite
def fields(draw: Draw, style: Style) -> str:
    kind = draw(st.sampled_from(FIELD_CLASSES))
    if kind in ("ForeignKey", "OneToOneField", "ManyToManyField"):
        targets = ["'shop.Seller'", "'auth.User'", "'AUTH.user'", "settings.AUTH_USER_MODEL"]
        args = draw(st.lists(st.sampled_from(targets), max_size=1))
        args += draw(st.lists(st.just(style.model("CASCADE")), max_size=1))
    else:
        args = draw(st.lists(st.sampled_from(LITERALS), max_size=3)) if draw(st.booleans()) else []
    names = draw(
        st.lists(
            st.one_of(st.sampled_from(FLAGS), st.sampled_from(FIELD_KEYWORDS)),
            max_size=3,
            unique=True,
        )
    )
    kwargs = {name: draw(keyword_values(style, name)) for name in names}
    star = draw(st.sampled_from(["", "", "", "", "", "*ARGS", "**OPTIONS"]))
    text = call(style.model(kind), [*args, star] if star else args, kwargs)
    other = ["FIELD", "MoneyField(max_digits=5)", style.model(kind), "None"]
    if draw(st.integers(0, 9)) == 0:
        return draw(st.sampled_from(other))
    return text


def indexes(style: Style) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            f"{style.model('Index')}(fields=['sku'], name='sku_idx')",
            f"{style.model('Index')}(fields=['sku'], name='sku_idx', condition=Q(a=1))",
            "GinIndex(fields=['tags'], name='tags_gin')",
            f"{style.model('UniqueConstraint')}(fields=['sku'], name='sku_uniq')",
            f"{style.model('CheckConstraint')}(check={style.model('Q')}(price__gte=0), name='c')",
            f"{style.model('CheckConstraint')}(condition=Q(price__gte=0), name='c')",
            "INDEX",
            "None",
        ]
    )


def callables(style: Style) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "forwards",
            "backwards",
            "Migration.in_class",
            "undefined_function",
            "lambda apps, schema_editor: None",
            f"{style.op('RunPython')}.noop",
            "functools.partial(forwards, x=1)",
            "make_callable()",
            "None",
        ]
    )


@st.composite
def argument(draw: Draw, style: Style, operation: str, param: str, depth: int) -> str:
    """A value for one parameter of `operation`: mostly a plausible one, sometimes anything."""
    if param in ("model_name", "name", "old_name", "new_name"):
        is_model = MODEL_PARAMETER.get(operation) == param or operation == "RenameModel"
        names = st.sampled_from([repr(n) for n in (MODELS if is_model else FIELD_NAMES)])
        name: str = draw(st.one_of(*[names] * 7, values(style)))
        return name
    if param == "field":
        return draw(fields(style))
    if param == "fields":
        items = draw(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), fields(style)), max_size=3))
        return "[" + ", ".join(f"({n!r}, {f})" for n, f in items) + "]"
    if param in ("index", "constraint"):
        return draw(indexes(style))
    if param in ("sql", "reverse_sql"):
        return draw(st.one_of(st.sampled_from(SQL), st.just(f"{style.op('RunSQL')}.noop")))
    if param in ("code", "reverse_code"):
        return draw(callables(style))
    if param in ("database_operations", "state_operations"):
        if depth > 1:
            return draw(st.sampled_from(["[]", "OPS", "None"]))
        return "[" + ", ".join(draw(st.lists(operations(style, depth + 1), max_size=3))) + "]"
    if param in ("options", "unique_together", "index_together"):
        options = ["{}", "{'db_table': 'x'}", "{'index_together': [('a', 'b')]}", "{('a',)}"]
        return draw(st.sampled_from([*options, "[('sku', 'price')]", "set()", "NAME"]))
    return draw(values(style))


@st.composite
def operations(draw: Draw, style: Style, depth: int = 0) -> str:
    """An operation call: a prefix of its parameters by position, some of the rest by name."""
    kinds = [*FLAT_OPERATIONS, "SeparateDatabaseAndState"] if depth < 2 else FLAT_OPERATIONS
    name = draw(st.one_of(st.sampled_from(COMMON_OPERATIONS), st.sampled_from(kinds)))
    if depth >= 2 and name == "SeparateDatabaseAndState":
        name = "AddField"
    params = SIGNATURES[name]
    positional = draw(st.sampled_from([0, 0, *range(len(params) + 1)]))
    args = [draw(argument(style, name, p, depth)) for p in params[:positional]]
    # Leaving out one of the first three parameters is an error Django reports: rarely.
    named = [
        p
        for i, p in enumerate(params[positional:], positional)
        if draw(st.integers(0, 19 if i < 3 else 1)) > 0
    ]
    kwargs = {p: draw(argument(style, name, p, depth)) for p in named}
    if draw(st.integers(0, 9)) == 0:
        kwargs["elidable"] = "True"
    if draw(st.integers(0, 19)) == 0:
        others = ["CustomOperation('x')", "migrations.NotAnOperation()", "make_operation()", "42"]
        return draw(st.sampled_from(others))
    return call(style.op(name), args, kwargs)


# ---------------------------------------------------------------------------------------------
# Whole modules


@dataclass(frozen=True)
class Generated:
    """A generated module, as an AST (shown by hypothesis in its rendered form)."""

    module: ast.Module

    def __repr__(self) -> str:
        return f"Generated(\n{render(self.module)})"


@st.composite
def function_defs(draw: Draw, name: str) -> str:
    body = draw(st.lists(st.sampled_from(FUNCTION_BODIES), min_size=1, max_size=4))
    doc = draw(st.sampled_from(["", '    """Fill the new column."""\n']))
    return f"def {name}(apps, schema_editor):\n{doc}" + "".join(
        textwrap.indent(b, "    ") + "\n" for b in body
    )


def operations_statements(draw: Draw, ops: list[str], layout: str) -> list[str]:
    """The class-body statements that put `ops` into `operations`, in one of many layouts."""
    cut = draw(st.integers(0, len(ops)))
    head, tail = "[" + ", ".join(ops[:cut]) + "]", "[" + ", ".join(ops[cut:]) + "]"
    whole = "[" + ", ".join(ops) + "]"
    if layout == "plus":
        return [f"operations = {head} + {tail}"]
    if layout == "augmented":
        return [f"operations = {head}", f"operations += {tail}"]
    if layout == "append":
        return [f"operations = {head}"] + [f"operations.append({op})" for op in ops[cut:]]
    if layout == "extend":
        return [f"operations = {head}", f"operations.extend({tail})", "operations.insert(0, X)"]
    if layout == "vendor":
        test = draw(st.sampled_from(["connection.vendor == 'postgresql'", "settings.DEBUG"]))
        return [f"if {test}:\n    operations = {head}\nelse:\n    operations = {tail}"]
    if layout == "constant":
        return [f"operations = OPS + {whole}"]
    if layout == "starred":
        return [f"operations = [*OPS, {', '.join(ops)}]"]
    if layout == "annotated":
        return [f"operations: list = {whole}"]
    if layout == "comprehension":
        return [f"operations = [{ops[0] if ops else 'x'} for _ in range(2)] + {whole}"]
    return [f"operations = {whole}"]


LAYOUTS = (
    "list",
    "list",
    "list",
    "plus",
    "augmented",
    "append",
    "extend",
    "vendor",
    "constant",
    "starred",
    "annotated",
    "comprehension",
)


@st.composite
def class_bodies(draw: Draw, style: Style, ops: list[str], layout: str) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append('"""A migration."""')
    atomic = draw(st.sampled_from(["", "", "atomic = False", "atomic = True", "atomic = FLAG"]))
    initial = draw(st.sampled_from(["", "", "initial = True", "initial = False"]))
    deps = draw(st.lists(st.sampled_from(DEPENDENCIES), max_size=3))
    lines += [s for s in (atomic, initial) if s]
    lines.append("dependencies = [" + ", ".join(deps) + "]")
    if draw(st.integers(0, 9)) == 0:
        lines.append("replaces = [('shop', '0001_initial'), ('shop', '0002_old')]")
    if draw(st.integers(0, 9)) == 0:
        lines.append("run_before = [('other', '0001_initial')]")
    lines += operations_statements(draw, ops, layout)
    if draw(st.integers(0, 9)) == 0:
        lines.append("def in_class(apps, schema_editor):\n    pass")
    return "\n".join(lines)


@st.composite
def migration_modules(draw: Draw, independent: bool = False) -> Generated:
    style = draw(STYLES)
    if independent:
        ops = draw(independent_operations(style))
        layout = "list"
    else:
        ops = draw(st.lists(operations(style), max_size=6))
        layout = draw(st.sampled_from(LAYOUTS))
    body = draw(class_bodies(style, ops, layout))
    base = draw(st.sampled_from([style.base(), style.base(), "CheckedMigration"]))
    if draw(st.integers(0, 9)) == 0:
        base = f"{style.base()}, Mixin"
    parts = [
        draw(st.sampled_from(['"""Generated."""', ""])),
        "\n".join(style.imports()),
        "from django.conf import settings\nfrom django.db import connection",
        "SQL_CONSTANT = 'UPDATE shop_product SET price = 1'\nOPS = []\nFLAG = True",
        draw(function_defs("forwards")),
        draw(function_defs("backwards")) if draw(st.booleans()) else "",
        f"class Migration({base}):\n" + textwrap.indent(body, "    "),
    ]
    module = ast.parse("\n\n".join(p for p in parts if p))
    return Generated(ast.fix_missing_locations(module))


@st.composite
def independent_operations(draw: Draw, style: Style) -> list[str]:
    """Operations each on its own model, so that their order matters to no rule."""
    count = draw(st.integers(2, 6))
    ops = []
    for index in range(count):
        model = f"model{index}"
        name = draw(st.sampled_from(INDEPENDENT))
        params = SIGNATURES[name]
        kwargs = {p: draw(argument(style, name, p, 2)) for p in params[1:] if draw(st.booleans())}
        if name == "RenameModel":
            kwargs = {"new_name": repr(f"renamed{index}")}
        ops.append(call(style.op(name), [repr(model)], kwargs))
    return ops


INDEPENDENT = (
    "AddField",
    "AlterField",
    "RemoveField",
    "RenameField",
    "CreateModel",
    "DeleteModel",
    "RenameModel",
    "AlterModelTable",
    "AddIndex",
    "RemoveIndex",
    "AddConstraint",
    "RemoveConstraint",
    "AlterUniqueTogether",
    "AlterIndexTogether",
    "AlterModelOptions",
    "AddIndexConcurrently",
)

# ---------------------------------------------------------------------------------------------
# Rendering: one list element per line, optionally reformatted


@dataclass(frozen=True)
class Format:
    blank_lines: int = 0
    trailing_comma: bool = False
    explode_calls: bool = False
    comments: bool = False
    crlf: bool = False


FORMATS = st.builds(
    Format,
    blank_lines=st.integers(0, 2),
    trailing_comma=st.booleans(),
    explode_calls=st.booleans(),
    comments=st.booleans(),
    crlf=st.booleans(),
)


def render(module: ast.Module, fmt: Format = Format()) -> str:
    """Short statements one line apart, functions and classes two blank lines apart."""
    text, previous_spaced = "", False
    for statement in module.body:
        spaced = isinstance(statement, ast.ClassDef | ast.FunctionDef)
        if text:
            text += "\n\n\n" if spaced or previous_spaced else "\n"
        text += render_statement(statement, fmt)
        previous_spaced = spaced
    text += "\n"
    return text.replace("\n", "\r\n") if fmt.crlf else text


def render_statement(statement: ast.stmt, fmt: Format) -> str:
    if isinstance(statement, ast.ClassDef):
        bases = ", ".join(ast.unparse(b) for b in statement.bases)
        body = "\n".join(render_statement(s, fmt) for s in statement.body)
        return f"class {statement.name}({bases}):\n" + textwrap.indent(body, "    ")
    if isinstance(statement, ast.If):
        body = "\n".join(render_statement(s, fmt) for s in statement.body)
        text = f"if {ast.unparse(statement.test)}:\n" + textwrap.indent(body, "    ")
        if statement.orelse:
            orelse = "\n".join(render_statement(s, fmt) for s in statement.orelse)
            text += "\nelse:\n" + textwrap.indent(orelse, "    ")
        return text
    value = getattr(statement, "value", None)
    if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign) and isinstance(
        value, ast.List
    ):
        head = ast.unparse(statement).partition("=")[0]
        return f"{head}= {render_list(value, fmt)}"
    return ast.unparse(statement)


def render_list(node: ast.List, fmt: Format) -> str:
    if not node.elts:
        return "[]"
    items = [render_element(e, fmt) for e in node.elts]
    separator = "\n" * (fmt.blank_lines + 1)
    comment = "  # keep" if fmt.comments else ""
    lines = [f"{item},{comment}" for item in items[:-1]]
    lines.append(items[-1] + ("," if fmt.trailing_comma else "") + comment)
    return "[\n" + textwrap.indent(separator.join(lines), "    ") + "\n]"


def render_element(node: ast.expr, fmt: Format) -> str:
    if not (fmt.explode_calls and isinstance(node, ast.Call) and (node.args or node.keywords)):
        return ast.unparse(node)
    parts = [ast.unparse(a) for a in node.args] + [ast.unparse(k) for k in node.keywords]
    last = "," if fmt.trailing_comma else ""
    body = ",\n".join(parts) + last
    return f"{ast.unparse(node.func)}(\n" + textwrap.indent(body, "    ") + "\n)"


# ---------------------------------------------------------------------------------------------
# Running the plugin the way flake8 feeds it


def lines_of(text: str) -> list[str]:
    """flake8's lines: universal newlines (as from `tokenize.open` or its stdin reader)."""
    return io.StringIO(text, newline=None).readlines()


DEFAULT_SETTINGS = Settings()


def run(
    text: str, filename: str = DISPLAY_NAME, config: Settings = DEFAULT_SETTINGS
) -> list[Violation]:
    lines = lines_of(text)
    return check_file(ast.parse("".join(lines)), filename, lines, config)


def run_from_disk(path: Path, config: Settings = DEFAULT_SETTINGS) -> list[Violation]:
    with tokenize.open(path) as handle:
        lines = handle.readlines()
    return check_file(ast.parse("".join(lines)), str(path), lines, config)


def assert_no_internal_error(found: list[Violation]) -> None:
    assert [v for v in found if v.code == "DJM000"] == []


def diagnostics(found: list[Violation]) -> Counter[tuple[str, str]]:
    return Counter((v.code, v.message) for v in found)


SETTINGS = st.builds(
    Settings,
    database=st.sampled_from(DATABASES),
    django_version=st.sampled_from([(3, 2), (4, 1), (4, 2), (5, 0), (5, 1), (6, 1)]),
    max_operations=st.integers(1, 12),
)

# ---------------------------------------------------------------------------------------------
# (1) arbitrary Python never breaks the plugin

SNIPPETS = (
    "import django",
    "from django.db import migrations, models",
    "from django.db import migrations as m",
    "from django.db.migrations import *",
    "from django.db.migrations import AddField, RunPython",
    "import django.db.migrations",
    "from . import helpers",
    "from .. import *",
    "import os, sys as system",
    "x = 1",
    "OPS = OPS + OPS",
    "A = B\nB = A",
    "a, b = 1, 2",
    "operations = [migrations.AddField()]",
    "operations += [AddField('a', 'b', models.IntegerField(), True, 'extra')]",
    "operations.append(migrations.RunPython(lambda a, b: None))",
    "operations.extend(OPS)",
    "operations.insert(0)",
    "operations[0] = 1",
    "del operations",
    "atomic = False",
    "atomic: bool = True",
    "dependencies = [('shop', '0001'), swappable_dependency(x), ('a',), 1]",
    "replaces = [('shop', 1)]",
    "initial = True",
    "migrations.RunSQL(*SQL, **OPTIONS)",
    "migrations.SeparateDatabaseAndState(database_operations=OPS, state_operations=OPS)",
    "migrations.AddField(model_name=1, name=2, field=3)",
    "migrations.AddField('m', 'f', models.CharField(*a, **k))",
    "migrations.AddField('m', 'f', models.ForeignKey())",
    "migrations.RunPython(forwards, forwards, True, {}, False, 'extra')",
    "migrations.CreateModel('m', [(1, 2), 3, ('a',)], {'index_together': 1})",
    "migrations.AlterIndexTogether('m', {('a', 'b'), 3})",
    "migrations.AddIndex('m', models.Index(fields=1))",
    "[x for x in y]",
    "lambda: (yield)",
    "1 / 0",
    "...",
    "f'{x!r:>{width}}'",
    "global g",
    "assert x, 'y'",
    "raise SystemExit",
    "y = (z := 3)",
    "print(*[], **{})",
    "call_command('loaddata', 'x')",
    "Model = apps.get_model('shop', 'Product')",
    "Model(**obj.__dict__).save()",
    "schema_editor.connection.alias",
)
HEADERS = (
    "class Migration(migrations.Migration):",
    "class Migration(m.Migration):",
    "class Migration(Migration):",
    "class Migration(object, metaclass=Meta):",
    "class Migration:",
    "class Migration(migrations.Migration, Other):",
    "class Other(migrations.Migration):",
    "def forwards(apps, schema_editor):",
    "async def forwards(apps, schema_editor):",
    "if connection.vendor == 'postgresql':",
    "if connection.vendor in ('sqlite', NAME):",
    "if connection.vendor != 'mysql':",
    "for op in OPS:",
    "with ctx:",
    "try:",
    "match command:\n    case [x]:",
)


@st.composite
def python_modules(draw: Draw, depth: int = 0) -> str:
    statements = []
    for _ in range(draw(st.integers(1, 5))):
        if depth < 3 and draw(st.integers(0, 2)) == 0:
            header = draw(st.sampled_from(HEADERS))
            body = draw(python_modules(depth + 1))
            statements.append(compound(header, body))
        else:
            statements.append(draw(st.sampled_from(SNIPPETS)))
    return "\n".join(statements)


def compound(header: str, body: str) -> str:
    if header == "try:":
        return f"try:\n{textwrap.indent(body, '    ')}\nexcept Exception:\n    pass"
    indent = "        " if header.startswith("match") else "    "
    text = f"{header}\n{textwrap.indent(body, indent)}"
    if header.startswith("if"):
        text += "\nelse:\n" + textwrap.indent(body, "    ")
    return text


TOKENS = st.sampled_from(
    [
        "class Migration",
        "(migrations.Migration)",
        ":",
        "\n",
        "    ",
        "operations",
        " = ",
        "[",
        "]",
        "migrations.AddField(",
        "'x'",
        ", ",
        ")",
        "+",
        "if x",
        "else",
        "atomic",
        "True",
        "lambda: ",
        "*",
    ]
)


def parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError):
        return False
    return True


@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    st.one_of(
        python_modules(),
        st.lists(TOKENS, max_size=30).map("".join),
        st.text(max_size=200),
    )
)
def test_arbitrary_python_never_raises_nor_reports_internal_error(source: str) -> None:
    assume(parses(source))
    assert_no_internal_error(run(source))


# ---------------------------------------------------------------------------------------------
# (2) generated migration files


@settings(max_examples=300)
@given(migration_modules(), FORMATS, SETTINGS)
def test_generated_migrations_never_raise_nor_report_internal_error(
    generated: Generated, fmt: Format, config: Settings
) -> None:
    assert_no_internal_error(run(render(generated.module, fmt), config=config))


@settings(max_examples=200)
@given(migration_modules(), FORMATS)
def test_every_position_lies_inside_the_file(generated: Generated, fmt: Format) -> None:
    text = render(generated.module, fmt)
    lines = lines_of(text)
    outside = [
        v
        for v in run(text)
        if not (1 <= v.line <= len(lines) and 0 <= v.col <= len(lines[v.line - 1].rstrip("\n")))
    ]
    assert outside == []


INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            "Product",
            [("id", models.AutoField(primary_key=True)), ("sku", models.CharField(max_length=9))],
        ),
        migrations.CreateModel("Order", [("id", models.AutoField(primary_key=True))]),
    ]
"""


def make_app(root: Path, text: str) -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(INITIAL)
    path = folder / "0002_x.py"
    path.write_bytes(text.encode())
    return path


@settings(max_examples=100)
@given(migration_modules(), FORMATS)
def test_disk_and_stdin_give_the_same_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, generated: Generated, fmt: Format
) -> None:
    text = render(generated.module, fmt)
    on_disk = make_app(tmp_path_factory.mktemp("disk"), text)
    # The stdin display name points at a stale copy: the plugin must read only `lines`.
    stale = make_app(tmp_path_factory.mktemp("stdin"), "# stale\n")
    assert run(text, str(stale)) == run_from_disk(on_disk)


@settings(max_examples=40)
@given(st.lists(migration_modules(), min_size=2, max_size=5), FORMATS)
def test_app_histories_agree_with_or_without_the_summary_cache(
    tmp_path_factory: pytest.TempPathFactory, modules: list[Generated], fmt: Format
) -> None:
    """A whole folder of generated migrations: the graph and state rules see the same thing
    whether siblings are parsed or come back from the cache, and stdin agrees with disk."""
    folder = tmp_path_factory.mktemp("history") / "shop" / "migrations"
    folder.mkdir(parents=True)
    paths = []
    for number, generated in enumerate(modules, start=1):
        path = folder / f"{number:04d}_step.py"
        path.write_bytes(render(generated.module, fmt).encode())
        paths.append(path)
    cache = tmp_path_factory.mktemp("cache")
    no_cache = check_all(paths, "")
    cold, warm = check_all(paths, str(cache)), check_all(paths, str(cache))
    assert cold == no_cache
    assert warm == no_cache
    for found in no_cache:
        assert_no_internal_error(found)
    last = paths[-1]
    assert run(last.read_text(encoding="utf-8"), str(last)) == no_cache[-1]


def check_all(paths: list[Path], cache: str) -> list[list[Violation]]:
    previous = os.environ.get(summary_cache.CACHE_ENV)
    os.environ[summary_cache.CACHE_ENV] = cache
    try:
        project.clear_cache()
        return [run_from_disk(path) for path in paths]
    finally:
        project.clear_cache()
        if previous is None:
            os.environ.pop(summary_cache.CACHE_ENV, None)
        else:
            os.environ[summary_cache.CACHE_ENV] = previous


@settings(max_examples=200)
@given(migration_modules(), FORMATS)
def test_reformatting_changes_no_diagnostic(generated: Generated, fmt: Format) -> None:
    plain, reformatted = render(generated.module), render(generated.module, fmt)
    assert ast.dump(ast.parse(plain)) == ast.dump(ast.parse(reformatted))
    assert diagnostics(run(reformatted)) == diagnostics(run(plain))


@settings(max_examples=150)
@given(migration_modules(independent=True), st.data())
def test_reordering_independent_operations_changes_no_diagnostic(
    generated: Generated, data: st.DataObject
) -> None:
    module = generated.module
    original = diagnostics(run(render(module)))
    permuted = reorder_operations(module, data.draw(st.randoms()).shuffle)
    assert diagnostics(run(render(permuted))) == original


def reorder_operations(
    module: ast.Module, shuffle: Callable[[list[ast.expr]], None]
) -> ast.Module:
    copy = ast.parse(ast.unparse(module))
    migration = next(s for s in copy.body if isinstance(s, ast.ClassDef))
    for statement in migration.body:
        if isinstance(statement, ast.Assign) and ast.unparse(statement.targets[0]) == "operations":
            assert isinstance(statement.value, ast.List)
            shuffle(statement.value.elts)
    return copy


# ---------------------------------------------------------------------------------------------
# Disk and stdin through real flake8 processes, for a handful of generated files


def flake8(cwd: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = harness.run_flake8(cwd, "--select", "DJM", *args, stdin=stdin)
    return result.returncode, result.stdout, result.stderr


@settings(max_examples=1)
@given(st.lists(migration_modules(), min_size=4, max_size=4), st.lists(FORMATS, min_size=4))
def test_flake8_file_and_stdin_runs_print_the_same_lines(
    tmp_path_factory: pytest.TempPathFactory, modules: list[Generated], formats: list[Format]
) -> None:
    root = tmp_path_factory.mktemp("flake8")
    texts = [render(g.module, fmt) for g, fmt in zip(modules, formats, strict=False)]
    names = []
    for index, text in enumerate(texts):
        path = make_app(root / f"app{index}", text)
        names.append(path.relative_to(root).as_posix())
    code, out, err = flake8(root, *names)
    from_files = (code, sorted(out.splitlines()), err)
    from_stdin = [
        flake8(root, "--stdin-display-name", n, "-", stdin=t)
        for n, t in zip(names, texts, strict=True)
    ]
    lines = sorted(line for _, out, _ in from_stdin for line in out.splitlines())
    merged = (max(c for c, _, _ in from_stdin), lines, "".join(e for _, _, e in from_stdin))
    assert merged == from_files
