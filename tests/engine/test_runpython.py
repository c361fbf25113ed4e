"""The shared reading of `RunPython` callables: what they are and what their bodies do."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_django_migrations import runpython
from flake8_django_migrations.migration import Migration, parse_migration
from tests import harness


def _migration(source: str) -> Migration:
    source = textwrap.dedent(source)
    migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
    assert migration is not None
    return migration


def _wrap(functions: str, operations: str) -> Migration:
    return _migration(
        "from django.db import migrations\n"
        "from django.db.migrations import RunPython as RP\n\n"
        + textwrap.dedent(functions)
        + "\n\nclass Migration(migrations.Migration):\n"
        + "    operations = [\n"
        + textwrap.indent(textwrap.dedent(operations), " " * 8)
        + "    ]\n"
    )


def _step(functions: str, operation: str) -> runpython.Step:
    return runpython.RunPythonFile(_wrap(functions, operation)).steps[0]


def _body(function: str) -> runpython.Body:
    migration = _wrap(function, "migrations.RunPython(forward),\n")
    step = runpython.RunPythonFile(migration).steps[0]
    assert step.code is not None
    return runpython.RunPythonFile(migration).bodies(step.code)[0]


FORWARD = "def forward(apps, schema_editor):\n    pass\n"


@pytest.mark.parametrize(
    ("argument", "kind", "name"),
    [
        ("forward", runpython.Kind.FUNCTION, "forward"),
        ("lambda apps, schema_editor: None", runpython.Kind.LAMBDA, "lambda"),
        ("migrations.RunPython.noop", runpython.Kind.NOOP, "migrations.RunPython.noop"),
        ("RP.noop", runpython.Kind.NOOP, "RP.noop"),
        ("'forward'", runpython.Kind.LITERAL, "..."),
        ("[forward]", runpython.Kind.LITERAL, "..."),
        ("make_forward()", runpython.Kind.CALL, "..."),
        ("migrations.RunPython", runpython.Kind.IMPORTED, "migrations.RunPython"),
        ("helpers.forward", runpython.Kind.UNRESOLVED, "helpers.forward"),
        ("missing", runpython.Kind.UNRESOLVED, "missing"),
        ("forward.__wrapped__", runpython.Kind.UNRESOLVED, "forward.__wrapped__"),
    ],
)
def test_resolve_callable(argument: str, kind: runpython.Kind, name: str) -> None:
    step = _step(FORWARD, f"migrations.RunPython({argument}, reverse_code=None),\n")
    assert step.code is not None
    assert (step.code.kind, step.code.name, step.reverse_code) == (kind, name, None)


@pytest.mark.parametrize(
    "functions",
    [
        # Decorated, rebound at module level, or also imported: the plugin cannot be sure.
        "def deco(f):\n    return f\n\n@deco\ndef forward(apps, schema_editor):\n    pass\n",
        FORWARD + "forward = wrap(forward)\n",
        "from shop.steps import forward\n" + FORWARD,
    ],
)
def test_functions_the_plugin_cannot_trust_are_unresolved(functions: str) -> None:
    step = _step(functions, "migrations.RunPython(forward, migrations.RunPython.noop),\n")
    assert step.code is not None
    assert step.code.kind in (runpython.Kind.UNRESOLVED, runpython.Kind.IMPORTED)
    assert step.code.function is None


def test_steps_skip_state_only_runpython() -> None:
    migration = _wrap(
        FORWARD,
        "migrations.SeparateDatabaseAndState(state_operations=[migrations.RunPython(forward)]),\n",
    )
    assert runpython.RunPythonFile(migration).steps == ()


GET_MODELS = """\
def forward(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    apps.get_model("shop.Order").objects.update(total=0)
    apps.get_model(app_label="billing", model_name="Invoice")
    apps.get_model("shop", model_name="Price")
    apps.get_model(settings.AUTH_USER_MODEL)
    apps.get_model("shop", name)
    apps.get_model(*LABELS)
    apps.get_model("shop.Order.Line")
    get_model = apps.get_model
    get_model("shop", "Basket")
    helper(apps, schema_editor)
    django_apps.get_model("shop", "Live")


def helper(registry, editor):
    registry.get_model("shop", "Coupon")


def backward(apps, schema_editor):
    apps.get_model("shop", "Refund")
"""


def test_get_model_calls_of_an_operation() -> None:
    migration = _wrap(GET_MODELS, "migrations.RunPython(forward, backward),\n")
    op = migration.operations[0]
    calls = runpython.RunPythonFile(migration).get_model_calls(op)
    assert [(c.call.lineno, c.app_label, c.model_name) for c in calls] == [
        (5, "shop", "Product"),
        (6, "shop", "Order"),
        (7, "billing", "Invoice"),
        (8, "shop", "Price"),
        (9, None, None),
        (10, "shop", None),
        (11, None, None),
        (12, None, None),
        (14, "shop", "Basket"),
        (20, "shop", "Coupon"),
        (24, "shop", "Refund"),
    ]


def test_get_model_calls_of_the_second_runpython() -> None:
    operations = "migrations.RunPython(forward),\nmigrations.RunPython(backward),\n"
    migration = _wrap(GET_MODELS, operations)
    calls = runpython.RunPythonFile(migration).get_model_calls(migration.operations[1])
    assert [(c.call.lineno, c.app_label, c.model_name) for c in calls] == [(24, "shop", "Refund")]


def test_get_model_calls_of_an_operation_that_is_not_a_runpython() -> None:
    migration = _wrap(FORWARD, 'migrations.RunSQL("SELECT 1", ""),\n')
    assert runpython.RunPythonFile(migration).get_model_calls(migration.operations[0]) == []


def test_helpers_followed_with_their_own_parameter_names_once_each() -> None:
    migration = _wrap(
        """\
        def forward(apps, schema_editor):
            first(apps, schema_editor)
            first(apps, schema_editor)
            second(registry=apps)
            third(*ARGS)
            fourth(apps, extra=schema_editor)
            fifth(apps)
            sixth(schema_editor, registry=apps)

        def first(registry, editor):
            first(registry, editor)

        def second(registry):
            pass

        def third(apps):
            pass

        def fourth(apps, **options):
            pass

        def fifth():
            pass

        def sixth(editor, *, registry):
            pass
        """,
        "migrations.RunPython(forward),\n",
    )
    step = runpython.RunPythonFile(migration).steps[0]
    assert step.code is not None
    found = [
        (b.name, b.apps, b.editor) for b in runpython.RunPythonFile(migration).bodies(step.code)
    ]
    assert found == [
        ("forward", "apps", "schema_editor"),
        ("first", "registry", "editor"),
        ("second", "registry", None),
        ("fourth", "apps", None),
        ("sixth", "registry", "editor"),
    ]


def test_helpers_followed_to_a_depth_limit() -> None:
    chain = "".join(
        f"def step{i}(apps):\n    step{i + 1}(apps)\n\n"
        for i in range(runpython.MAX_HELPER_DEPTH + 2)
    )
    migration = _wrap(chain, "migrations.RunPython(step0),\n")
    step = runpython.RunPythonFile(migration).steps[0]
    assert step.code is not None
    bodies = runpython.RunPythonFile(migration).bodies(step.code)
    assert [b.name for b in bodies] == [f"step{i}" for i in range(runpython.MAX_HELPER_DEPTH + 1)]


def test_bodies_of_an_unresolved_callable() -> None:
    step = _step(FORWARD, "migrations.RunPython(make()),\n")
    assert step.code is not None
    assert runpython.RunPythonFile(_wrap(FORWARD, "")).bodies(step.code) == []


def test_bindings_of_every_kind() -> None:
    body = _body(
        """\
        def forward(apps, schema_editor, *args, flag=True, **kwargs):
            a, b = 1, 2
            c, d = pair
            e: int = 3
            (f := 4)
            import shop.models
            from shop import models as shop_models
            for g in range(3):
                pass
            with open("x") as h:
                pass
            try:
                pass
            except ValueError as i:
                pass
            def inner(j):
                global k
            class Inner:
                pass
            lambda m: m
        """
    )
    bindings = {
        name: tuple(value is not None for value in values)
        for name, values in body.bindings.items()
    }
    assert bindings == {
        "apps": (False,),
        "schema_editor": (False,),
        "flag": (False,),
        "args": (False,),
        "kwargs": (False,),
        "a": (True,),
        "b": (True,),
        "c": (False,),
        "d": (False,),
        "e": (True,),
        "f": (True,),
        "shop": (False,),
        "shop_models": (False,),
        "g": (False,),
        "h": (False,),
        "i": (False,),
        "inner": (False,),
        "j": (False,),
        "k": (False,),
        "Inner": (False,),
        "m": (False,),
    }
    assert body.local_imports == {"shop": "shop", "shop_models": "shop.models"}


def test_models_historical_imported_and_unknown() -> None:
    body = _body(
        """\
        from shop.models import Product

        def forward(apps, schema_editor):
            Order = apps.get_model("shop", "Order")
            Either = apps.get_model("shop", "A") if FLAG else apps.get_model("shop", "B")
            Twice = apps.get_model("shop", "A")
            Twice = apps.get_model("shop", "B")
            Same = apps.get_model("shop", "A")
            Same = apps.get_model("shop", "A")
            Mixed = apps.get_model("shop", "A")
            Mixed = Product
            import shop.models as local_models
            return Order, Either, Twice, Same, Mixed, Product, local_models.Basket
        """
    )
    names = ["Order", "Either", "Twice", "Same", "Mixed", "Product", "Missing"]
    assert [body.model(ast.Name(n)) for n in names] == [
        runpython.Model("Order", True, "shop", "Order"),
        None,
        runpython.Model("Twice", True),
        runpython.Model("Same", True, "shop", "A"),
        None,
        runpython.Model("Product", False),
        None,
    ]
    basket = ast.parse("local_models.Basket", mode="eval").body
    assert body.model(basket) == runpython.Model("Basket", False)


@pytest.mark.parametrize(
    ("path", "is_model"),
    [
        ("shop.models.Product", True),
        ("..models.Product", True),
        ("django.contrib.auth.models.User", True),
        ("django.db.models.F", False),
        ("django.forms.models.BaseModelFormSet", False),
        ("django.contrib.gis.db.models.PointField", False),
        ("shop.models.STATUS", False),
        ("shop.models.helper", False),
        ("shop.forms.ProductForm", False),
        ("Product", False),
        ("shop.models.catalog.Product", True),
        ("..models.catalog.Product", True),
        ("django.contrib.auth.models.Permission", True),
        ("shop.models.Alert.Kind", False),
        ("shop.models.fields.MoneyField", False),
        ("shop.models.enums.Colour", False),
        ("shop.models.ProductQuerySet", False),
        ("shop.models.PublishedMixin", False),
        ("django.contrib.auth.models.AnonymousUser", False),
        ("django.contrib.auth.models.BaseUserManager", False),
        ("django.contrib.auth.models.AbstractUser", False),
        ("django.db.models.functions.Lower", False),
        ("django.contrib.gis.db.models.functions.Distance", False),
        ("django.forms.models.ModelForm", False),
    ],
)
def test_is_model_path(path: str, is_model: bool) -> None:
    assert runpython.is_model_path(path) is is_model


STAR = """\
from django.db import migrations
{imports}

GLOBAL_NAME = None


class Local:
    pass


def forward(apps, schema_editor):
    global Declared
    Bound = apps.get_model("shop", "Bound")
    return [Product, Local, Declared, Bound, ValueError, GLOBAL_NAME]


def other(apps, schema_editor):
    Product = apps.get_model("shop", "Product")


class Migration(migrations.Migration):
    operations = [migrations.RunPython(forward)]
"""


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        ("from shop.models import *", ["shop.models.Product", *[None] * 5]),
        ("from .models.catalog import *", [".models.catalog.Product", *[None] * 5]),
        ("from shop.models import *\nfrom blog.models import *", [None] * 6),
        ("from shop.views import *", [None] * 6),
        ("from django.db.models import *", [None] * 6),
    ],
)
def test_names_of_a_star_imported_models_module(imports: str, expected: list[str | None]) -> None:
    migration = _migration(STAR.format(imports=imports))
    step = runpython.RunPythonFile(migration).steps[0]
    assert step.code is not None
    body = runpython.RunPythonFile(migration).bodies(step.code)[0]
    names = ["Product", "Local", "Declared", "Bound", "ValueError", "GLOBAL_NAME"]
    assert [body.imported_model(ast.Name(n)) for n in names] == expected


QUERYSETS = """\
def forward(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    qs = Product.objects.filter(active=True)
    both = Product.objects.all() if FLAG else Product.objects.none()
    first = Product.objects.all()[:10]
    rows = Product.objects.values_list("pk", flat=True)
    loop = loop.filter(a=1)
    mixed = Product.objects.all()
    mixed = []
"""


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Product.objects.all()", (False, False)),
        ("Product._default_manager.using('x').order_by('pk')", (False, False)),
        ("Product.objects.iterator()", (True, False)),
        ("qs", (False, False)),
        ("qs.iterator(chunk_size=10)", (True, False)),
        ("first", (True, False)),
        ("rows", (False, True)),
        ("Product.objects.all()[3]", None),
        ("Product.objects.get(pk=1)", None),
        ("Product.objects", None),
        ("product.lines.all()", None),
        ("both", None),
        ("loop", None),
        ("mixed", None),
        ("unknown", None),
        ("len(qs)", None),
    ],
)
def test_querysets(expression: str, expected: tuple[bool, bool] | None) -> None:
    body = _body(QUERYSETS)
    found = body.queryset(ast.parse(expression, mode="eval").body)
    assert (None if found is None else (found.bounded, found.values)) == expected


PINNED = """\
from django.db import migrations

NAMES = ["a", "b"]
TWICE = ["a"]
TWICE = ["b"]


def forward(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    local = ("a", "b")
    grown = ["a"]
    grown.append("b")
    qs = Group.objects.filter(name__in=NAMES)
    qs = Group.objects.filter(name__in=local, pk=1)
"""


@pytest.mark.parametrize(
    ("expression", "pinned"),
    [
        ("Group.objects.filter(name__in=['a', 'b'])", {"name"}),
        ("Group.objects.filter(name__in=NAMES).exclude(pk=3)", {"name"}),
        ("Group.objects.filter(name__in=local).filter(pk__exact=1)", {"name", "pk"}),
        ("Group.objects.filter(name='a', active=True, owner=None)", {"name", "active"}),
        ("Group.objects.filter(name__in=NAMES).union(Group.objects.all())", set()),
        ("Group.objects.exclude(name__in=NAMES)", set()),
        ("Group.objects.filter(name__in=TWICE)", set()),
        ("Group.objects.filter(name__in=grown)", set()),
        ("Group.objects.filter(name__in=[*NAMES])", set()),
        ("Group.objects.filter(name__in=sorted(NAMES))", set()),
        ("Group.objects.filter(users__name__in=NAMES)", set()),
        ("Group.objects.filter(**{'name__in': NAMES})", set()),
        ("qs", {"name"}),
    ],
)
def test_fields_pinned_to_literal_values(expression: str, pinned: set[str]) -> None:
    migration = _migration(
        PINNED + "\n\nclass Migration(migrations.Migration):\n"
        "    operations = [migrations.RunPython(forward)]\n"
    )
    step = runpython.RunPythonFile(migration).steps[0]
    assert step.code is not None
    body = runpython.RunPythonFile(migration).bodies(step.code)[0]
    found = body.queryset(ast.parse(expression, mode="eval").body)
    assert found is not None
    assert found.pinned == pinned


def test_managers_of_historical_and_imported_models() -> None:
    body = _body(
        """\
        from shop.models import Product

        def forward(apps, schema_editor):
            Article = apps.get_model("blog", "Article")
        """
    )
    expressions = [
        "Article.objects",
        "Article.all_objects",
        "Product.objects",
        "Product.published",
        "Article._meta",
        "Article.DoesNotExist",
        "Article",
        "Unknown.all_objects",
    ]
    found = [body.manager_model(ast.parse(e, mode="eval").body) for e in expressions]
    article = runpython.Model("Article", True, "blog", "Article")
    product = runpython.Model("Product", False)
    assert found == [article, article, product, None, None, None, None, None]


def test_loops_and_the_names_they_bind() -> None:
    body = _body(
        """\
        def forward(apps, schema_editor):
            for a in A:
                b = 1
                while c:
                    d = 2
            else:
                e = 3
            [f for g in G for h in g if h]
            {i: j for i, j in J}
        """
    )
    loops = [(type(loop.node).__name__, len(loop.outer)) for loop in body.loops]
    assert loops == [("For", 0), ("While", 1), ("ListComp", 0), ("ListComp", 1), ("DictComp", 0)]
    assert [sorted(body.names_bound_in[loop]) for loop in body.loops] == [
        ["a", "b", "d"],
        ["d"],
        ["g", "h"],
        ["h"],
        ["i", "j"],
    ]


def test_looks_like_queryset() -> None:
    body = _body(
        """\
        def forward(apps, schema_editor):
            lines = order.lines.all()
            manager = Product.objects
            page = Product.objects.all()[10:]
            row = Product.objects.get(pk=1)
        """
    )
    names = ["lines", "manager", "page", "row", "missing"]
    assert [body.looks_like_queryset(n) for n in names] == [True, True, True, False, False]


def test_walk_survives_deep_expressions() -> None:
    deep = " + ".join(["x"] * 900)
    body = _body(f"def forward(apps, schema_editor):\n    return {deep}\n")
    assert len(body.visits) > 1800


@pytest.mark.parametrize(
    ("statement", "reads"),
    [
        ("alias = editor.connection.alias", True),
        ("connection = editor.connection", True),
        ("helper(editor)", True),
        ("print(editor.connection.settings_dict)", True),
        ("editor.execute('SELECT 1')", False),
        ("vendor = editor.connection.vendor", False),
        ("alias = schema_editor.connection.alias", False),
        ("pass", False),
    ],
)
def test_may_read_alias_whatever_the_parameter_name(statement: str, reads: bool) -> None:
    body = _body(f"def forward(apps, editor):\n    {statement}\n")
    assert body.may_read_alias is reads


@pytest.mark.parametrize(
    ("code", "changes"),
    [
        ("def forward(apps, editor):\n    editor.remove_field(None, None)\n", True),
        ("def forward(apps, editor):\n    editor.execute('ALTER TABLE t DROP COLUMN c')\n", True),
        (
            "def forward(apps, editor):\n"
            "    with editor.connection.cursor() as cursor:\n"
            "        cursor.execute('SELECT 1')\n",
            True,
        ),
        ("def forward(apps, editor):\n    drop(editor)\n\ndef drop(e):\n    pass\n", True),
        (
            "def forward(apps, editor):\n    step(apps, editor)\n\n"
            "def step(apps, editor):\n    editor.alter_field(None, None, None)\n",
            True,
        ),
        (
            "def forward(apps, editor):\n    step(apps, editor)\n\ndef step(a, e):\n    pass\n",
            False,
        ),
        ("def forward(apps, editor):\n    alias = editor.connection.alias\n", False),
        ("def forward(apps):\n    pass\n", False),
    ],
)
def test_may_change_schema_reads_the_body_and_its_helpers(code: str, changes: bool) -> None:
    migration = _wrap(code, "migrations.RunPython(forward),\n")
    assert runpython.RunPythonFile(migration).may_change_schema(migration.operations[0]) is changes


@pytest.mark.parametrize(
    ("operation", "changes"),
    [
        ("migrations.RunPython(helpers.forward)", True),
        ("migrations.RunPython(make_forward())", True),
        ("migrations.RunPython(migrations.RunPython.noop)", False),
        ("migrations.RunSQL('SELECT 1')", False),
        (
            "migrations.SeparateDatabaseAndState(state_operations=[migrations.RunPython(helpers.f)])",
            False,
        ),
    ],
)
def test_may_change_schema_when_the_callable_cannot_be_read(operation: str, changes: bool) -> None:
    migration = _wrap("", operation + ",\n")
    assert (
        runpython.RunPythonFile(migration).may_change_schema(migration.operations[-1]) is changes
    )


def _walk_by_children(roots: list[ast.AST]) -> list[runpython.Visit]:
    """The walk as it was written before its fast path: `_children` for every node."""
    stack = [runpython.Visit(node, ()) for node in reversed(roots)]
    found = []
    while stack:
        visit = stack.pop()
        found.append(visit)
        stack.extend(reversed(list(runpython._children(visit.node, visit.loops))))
    return found


def test_walk_visits_every_fixture_as_the_plain_walk_does() -> None:
    def shape(visits: list[runpython.Visit]) -> list[tuple[int, tuple[int, ...]]]:
        return [(id(v.node), tuple(id(loop.node) for loop in v.loops)) for v in visits]

    paths = harness.fixture_paths("migrations")
    assert len(paths) > 50
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert shape(list(runpython._walk([tree]))) == shape(_walk_by_children([tree])), path
