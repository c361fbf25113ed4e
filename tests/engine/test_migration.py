"""The migration model: `parse_migration` on each construct real projects contain."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_django_migrations import astutil
from flake8_django_migrations.migration import Dependency, Migration, Operation, parse_migration

HEADER = "from django.db import migrations, models\n"


def parse(source: str, database: str = "postgresql") -> Migration:
    text = textwrap.dedent(source)
    migration = parse_migration(ast.parse(text), text.splitlines(keepends=True), database)
    assert migration is not None
    return migration


def names(migration: Migration) -> list[str]:
    return [op.name for op in migration.operations]


def flags(migration: Migration) -> list[tuple[str, bool, bool]]:
    return [(op.name, op.is_database, op.top_level) for op in migration.operations]


def models_of(migration: Migration) -> list[str | None]:
    return [op.model_name for op in migration.operations]


def deps(found: tuple[Dependency, ...]) -> list[tuple[str | None, str | None, bool]]:
    return [(d.app, d.name, d.swappable) for d in found]


def source_of(node: ast.expr | None) -> str | None:
    return None if node is None else ast.unparse(node)


def in_class(body: str, database: str = "postgresql") -> Migration:
    """A migration importing `migrations, models`, whose class body is `body`."""
    return parse(f"{HEADER}\nclass Migration(migrations.Migration):\n    {body}\n", database)


def only(migration: Migration) -> Operation:
    assert len(migration.operations) == 1
    return migration.operations[0]


# --- operation names, whatever the import style ---------------------------------------------

IMPORT_STYLES = [
    ("from django.db import migrations", "migrations.Migration", "migrations.AddField"),
    ("from django.db.migrations import AddField, Migration", "Migration", "AddField"),
    ("from django.db import migrations as m", "m.Migration", "m.AddField"),
    (
        "import django.db.migrations",
        "django.db.migrations.Migration",
        "django.db.migrations.AddField",
    ),
    ("import django.db.migrations as dm", "dm.Migration", "dm.AddField"),
    (
        "import django",
        "django.db.migrations.Migration",
        "django.db.migrations.operations.AddField",
    ),
    ("from django.db import migrations", "migrations.Migration", "migrations.operations.AddField"),
    (
        "from django.db.migrations.operations.fields import AddField\n"
        "from django.db.migrations.migration import Migration",
        "Migration",
        "AddField",
    ),
    ("from django.db.migrations import *", "Migration", "AddField"),
]


@pytest.mark.parametrize(("imports", "base", "call"), IMPORT_STYLES)
def test_operation_resolved_whatever_the_import_style(imports: str, base: str, call: str) -> None:
    migration = parse(
        f"{imports}\n\n"
        f"class Migration({base}):\n"
        f"    operations = [{call}('product', 'price', None), {call}('order', 'total', None)]\n"
    )
    assert flags(migration) == [("AddField", True, True), ("AddField", True, True)]
    assert models_of(migration) == ["product", "order"]
    assert migration.is_django_base is True
    assert migration.is_atomic is True


@pytest.mark.parametrize(
    ("imports", "call"),
    [
        (
            "from django.contrib.postgres.operations import AddIndexConcurrently",
            "AddIndexConcurrently",
        ),
        ("from django.contrib.postgres import operations as pg", "pg.AddIndexConcurrently"),
        (
            "import django.contrib.postgres.operations",
            "django.contrib.postgres.operations.AddIndexConcurrently",
        ),
    ],
)
def test_postgres_operation_resolved(imports: str, call: str) -> None:
    migration = parse(
        f"""\
        from django.db import migrations, models
        {imports}

        class Migration(migrations.Migration):
            atomic = False
            operations = [{call}("product", models.Index(fields=["sku"], name="sku_idx"))]
        """
    )
    assert flags(migration) == [("AddIndexConcurrently", True, True)]
    assert migration.is_atomic is False


def test_special_operations_module_resolved() -> None:
    migration = parse(
        """\
        from django.db import migrations
        from django.db.migrations.operations.special import RunPython, RunSQL
        from django.db.migrations.operations.models import CreateModel

        class Migration(migrations.Migration):
            operations = [CreateModel("a", []), RunSQL("SELECT 1"), RunPython(RunPython.noop)]
        """
    )
    assert names(migration) == ["CreateModel", "RunSQL", "RunPython"]


def test_third_party_and_unknown_operations_are_skipped() -> None:
    migration = parse(
        """\
        from django.db import migrations
        from django_add_default_value import AddDefaultValue
        from psqlextra.backend.migrations.operations import PostgresAddRangePartition
        from .ops import AddField as LocalAddField

        class Migration(migrations.Migration):
            operations = [
                AddDefaultValue(model_name="product", name="price", value=0),
                PostgresAddRangePartition(model_name="event", name="p1"),
                LocalAddField("product", "sku", None),
                migrations.FrobnicateModel("product"),
                AddField("product", "price", None),
                migrations.RemoveField("product", "old"),
                migrations.RunPython,
                "not a call",
                get_operations()[0],
            ]
        """
    )
    assert names(migration) == ["RemoveField"]
    assert only(migration).index == 0


def test_star_import_of_another_module_is_not_an_operation() -> None:
    migration = parse(
        """\
        from django.db import migrations
        from myproject.ops import *

        class Migration(migrations.Migration):
            operations = [AddField("product", "price", None), migrations.DeleteModel("a")]
        """
    )
    assert names(migration) == ["DeleteModel"]


def test_imports_inside_functions_do_not_count() -> None:
    migration = parse(
        """\
        from django.db import migrations

        def forwards(apps, schema_editor):
            import django.db.migrations as other
            from django.db.migrations import AddField

        class Migration(migrations.Migration):
            operations = [AddField("product", "price", None), other.DeleteModel("x")]
        """
    )
    assert migration.operations == ()
    assert dict(migration.imports) == {"migrations": "django.db.migrations"}


def test_relative_import_keeps_its_dots() -> None:
    migration = parse(
        """\
        from django.db import migrations
        from . import helpers
        from ..base import *

        class Migration(migrations.Migration):
            operations = []
        """
    )
    assert dict(migration.imports) == {
        "migrations": "django.db.migrations",
        "helpers": "..helpers",
    }
    assert migration.star_imports == ("..base",)


# --- base classes and `atomic` ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("operations = []", True),
        ("atomic = True", True),
        ("atomic = False", False),
        ("atomic: bool = False", False),
        ("atomic = IS_SQLITE", None),
        ("atomic = not settings.DEBUG", None),
        ("atomic = 0", None),
        ("atomic = False\n    atomic = True", True),
    ],
)
def test_is_atomic_with_django_base(body: str, expected: bool | None) -> None:
    migration = in_class(body)
    assert migration.is_atomic is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [("operations = []", None), ("atomic = True", True), ("atomic = False", False)],
)
def test_is_atomic_with_custom_base(body: str, expected: bool | None) -> None:
    migration = parse(
        "from django.db import migrations\n"
        "from sentry.new_migrations.migrations import CheckedMigration\n\n"
        f"class Migration(CheckedMigration):\n    {body}\n"
    )
    assert migration.is_django_base is False
    assert migration.is_atomic is expected


def test_several_bases_are_not_django_base() -> None:
    migration = parse(f"{HEADER}\nclass Migration(migrations.Migration, AuditMixin):\n    pass\n")
    assert migration.is_django_base is False
    assert migration.is_atomic is None


def test_star_import_base_from_another_module_is_custom() -> None:
    migration = parse("from myproject.base import *\n\nclass Migration(Migration):\n    pass\n")
    assert migration.is_django_base is False
    assert migration.is_atomic is None


def test_local_base_is_custom() -> None:
    migration = parse(
        f"{HEADER}\nclass Base(migrations.Migration):\n    atomic = False\n\n"
        "class Migration(Base):\n    pass\n"
    )
    assert migration.is_atomic is None
    assert migration.line == 6


@pytest.mark.parametrize(
    ("database", "expected"), [("postgresql", None), ("sqlite", True), ("generic", None)]
)
def test_conditional_atomic_is_unknown(database: str, expected: bool | None) -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            if connection.vendor == "postgresql":
                atomic = False
        """,
        database,
    )
    assert migration.is_atomic is expected


def test_atomic_in_both_branches_is_unknown() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            if BIG_TABLES:
                atomic = False
            else:
                atomic = True
        """
    )
    assert migration.is_atomic is None
    assert migration.attribute_values["atomic"] is None
    assert migration.attributes["atomic"].lineno == 7


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("pass", False),
        ("initial = True", True),
        ("initial = False", False),
        ("initial = IS_FIRST", None),
        ("if X:\n        initial = True", None),
    ],
)
def test_initial(body: str, expected: bool | None) -> None:
    migration = in_class(body)
    assert migration.initial is expected


def test_class_attributes_are_recorded_with_their_statements() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            '''Docstring of the class.'''
            initial = True
            atomic: bool = False
            elidable
            Migration.extra = 1
            a = b = 2
            dependencies = []
            operations = []
        """
    )
    assert {k: v.lineno for k, v in migration.attributes.items()} == {
        "initial": 5,
        "atomic": 6,
        "dependencies": 10,
        "operations": 11,
    }
    assert sorted(migration.attribute_values) == ["atomic", "initial"]


# --- the shapes `operations` takes -----------------------------------------------------------


def test_operations_built_by_concatenation_and_augmented_assignment() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.CreateModel("a", [])] + [migrations.DeleteModel("b")]
            operations += [migrations.DeleteModel("c")]
            operations += (migrations.DeleteModel("d"),)
            operations *= 1
        """
    )
    assert names(migration) == ["CreateModel", "DeleteModel", "DeleteModel", "DeleteModel"]
    assert models_of(migration) == ["a", "b", "c", "d"]
    assert [op.index for op in migration.operations] == [0, 1, 2, 3]


def test_reassignment_replaces_the_list() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("old")]
            operations = [migrations.DeleteModel("new")]
        """
    )
    assert models_of(migration) == ["new"]


def test_reassignment_that_reads_the_list_keeps_it() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("a")]
            operations = operations + [migrations.DeleteModel("b")]
            dependencies = [("shop", "0001_initial")]
            dependencies = dependencies + [("auth", "0012_user")]
        """
    )
    assert models_of(migration) == ["a", "b"]
    assert deps(migration.dependencies) == [
        ("shop", "0001_initial", False),
        ("auth", "0012_user", False),
    ]


def test_append_extend_insert_in_order() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("b"), Other("x"), migrations.DeleteModel("d")]
            operations.append(migrations.DeleteModel("e"))
            operations.extend([migrations.DeleteModel("f"), migrations.DeleteModel("g")])
            operations.insert(0, migrations.DeleteModel("a"))
            operations.insert(3, migrations.DeleteModel("c"))
            operations.insert(-1, migrations.DeleteModel("f2"))
            operations.insert(position, migrations.DeleteModel("h"))
            operations.insert(True, migrations.DeleteModel("i"))
        """
    )
    assert models_of(migration) == ["a", "b", "c", "d", "e", "f", "f2", "g", "h", "i"]
    assert [op.index for op in migration.operations] == list(range(10))


def test_list_method_calls_that_add_nothing_are_ignored() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("a")]
            operations.append()
            operations.insert(migrations.DeleteModel("x"))
            operations.remove(migrations.DeleteModel("a"))
            operations.reverse()
            others.append(migrations.DeleteModel("y"))
            self.operations.append(migrations.DeleteModel("z"))
            register(migrations.DeleteModel("w"))
            others += [migrations.DeleteModel("v")]
        """
    )
    assert models_of(migration) == ["a"]


def test_module_level_list_variables_are_followed() -> None:
    migration = parse(
        f"""\
        {HEADER}
        CREATE = [migrations.CreateModel("a", [])]
        DROP: list = [migrations.DeleteModel("c")]
        BOTH = CREATE + [migrations.DeleteModel("b")] + DROP

        class Migration(migrations.Migration):
            operations = BOTH
            operations += DROP
        """
    )
    assert models_of(migration) == ["a", "b", "c", "c"]
    assert [op.line for op in migration.operations] == [3, 5, 4, 4]


def test_module_level_names_that_are_not_constant_are_not_followed() -> None:
    migration = parse(
        f"""\
        {HEADER}
        TWICE = [migrations.DeleteModel("a")]
        TWICE = [migrations.DeleteModel("b")]
        GROWN = [migrations.DeleteModel("c")]
        GROWN += [migrations.DeleteModel("d")]
        FIRST, SECOND = [migrations.DeleteModel("e")], [migrations.DeleteModel("f")]
        [THIRD] = [[migrations.DeleteModel("g")]]
        TYPED: list
        REGISTRY["ops"] = [migrations.DeleteModel("i")]
        CYCLE_A = CYCLE_B
        CYCLE_B = CYCLE_A

        def build():
            LOCAL = [migrations.DeleteModel("h")]
            LOCAL += []
            TYPED_LOCAL: list = []
            return LOCAL

        class Migration(migrations.Migration):
            operations = TWICE + GROWN + FIRST + SECOND + THIRD + TYPED + CYCLE_A + LOCAL
            operations += REGISTRY
            operations += [migrations.DeleteModel("visible")]
        """
    )
    assert models_of(migration) == ["visible"]
    assert sorted(migration.constants) == ["CYCLE_A", "CYCLE_B"]


def test_long_concatenation_keeps_every_operand() -> None:
    operands = " + ".join(f'[migrations.DeleteModel("m{i}")]' for i in range(40))
    migration = in_class(f"operations = {operands}")
    assert models_of(migration) == [f"m{i}" for i in range(40)]


def test_parenthesised_concatenation_keeps_order() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("a")] + (
                [migrations.DeleteModel("b")] + [migrations.DeleteModel("c")]
            )
        """
    )
    assert models_of(migration) == ["a", "b", "c"]


def test_starred_readable_lists_spread_and_comprehensions_are_skipped() -> None:
    migration = parse(
        f"""\
        {HEADER}
        EXTRA = [migrations.DeleteModel("extra")]

        class Migration(migrations.Migration):
            operations = [
                *EXTRA,
                migrations.DeleteModel("a"),
                *[migrations.DeleteModel("hidden")],
                migrations.DeleteModel("b"),
            ] + [migrations.DeleteModel(name) for name in NAMES]
            operations += build_operations()
            operations.extend(migrations.DeleteModel(n) for n in NAMES)
            operations += list(EXTRA)
            operations.append(migrations.DeleteModel("c"))
        """
    )
    # `*EXTRA` and `*[...]` are lists the reader can see; the rest it cannot.
    assert models_of(migration) == ["extra", "a", "hidden", "b", "c"]
    assert [op.line for op in migration.operations] == [3, 8, 9, 10, 15]


def test_operations_built_by_a_call_give_nothing() -> None:
    migration = in_class("operations = build()")
    assert migration.operations == ()


def test_if_else_in_class_body_keeps_both_branches() -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.conf import settings

        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("first")]
            if settings.USE_SEARCH:
                operations = [migrations.DeleteModel("a")]
                operations.append(migrations.DeleteModel("b"))
            elif settings.OTHER:
                operations += [migrations.DeleteModel("c")]
            else:
                operations = [migrations.DeleteModel("d")]
        """
    )
    assert models_of(migration) == ["first", "a", "b", "c", "d"]


VENDOR_CASES = [
    ('connection.vendor == "postgresql"', "postgresql", ["pg"]),
    ('connection.vendor == "postgresql"', "sqlite", ["other"]),
    ('connection.vendor == "postgresql"', "generic", ["pg", "other"]),
    ('connection.vendor != "postgresql"', "postgresql", ["other"]),
    ('connection.vendor != "postgresql"', "mysql", ["pg"]),
    ('schema_editor.connection.vendor in ("postgresql", "mysql")', "mysql", ["pg"]),
    ('connection.vendor in ["postgresql", "mysql"]', "oracle", ["other"]),
    ('connection.vendor in {"postgresql"}', "postgresql", ["pg"]),
    ('connection.vendor not in ("sqlite",)', "postgresql", ["pg"]),
    ('connection.vendor not in ("sqlite",)', "sqlite", ["other"]),
    # `and` with a vendor test that fails rules the body out; else both may run.
    ('connection.vendor == "mysql" and settings.FULLTEXT', "postgresql", ["other"]),
    ('settings.FULLTEXT and connection.vendor == "mysql"', "mysql", ["pg", "other"]),
    ('connection.vendor == "postgresql" and x or y', "sqlite", ["pg", "other"]),
    # Conditions the reader does not understand keep both branches.
    ('connection.vendor in ("postgresql", VENDOR)', "sqlite", ["pg", "other"]),
    ("connection.vendor in VENDORS", "sqlite", ["pg", "other"]),
    ("connection.vendor == VENDOR", "sqlite", ["pg", "other"]),
    ('"postgresql" == connection.vendor', "sqlite", ["pg", "other"]),
    ('connection.vendor.startswith("postgres")', "sqlite", ["pg", "other"]),
    ('connection.vendor < "postgresql"', "sqlite", ["pg", "other"]),
    ('connection.vendor == "postgresql" == x', "sqlite", ["pg", "other"]),
    ('connection.settings_dict["ENGINE"] == "postgresql"', "sqlite", ["pg", "other"]),
    ('vendor == "postgresql"', "sqlite", ["pg", "other"]),
]


@pytest.mark.parametrize(("test", "database", "expected"), VENDOR_CASES)
def test_vendor_guarded_branch_follows_the_database(
    test: str, database: str, expected: list[str]
) -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            if {test}:
                operations = [migrations.DeleteModel("pg")]
            else:
                operations = [migrations.DeleteModel("other")]
        """,
        database,
    )
    assert models_of(migration) == expected


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ("postgresql", ["always", "pg"]),
        ("sqlite", ["always", "lite"]),
        ("mysql", ["always", "rest"]),
        ("generic", ["always", "pg", "lite", "rest"]),
    ],
)
def test_vendor_elif_chain(database: str, expected: list[str]) -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("always")]
            if connection.vendor == "postgresql":
                operations += [migrations.DeleteModel("pg")]
            elif connection.vendor == "sqlite":
                operations += [migrations.DeleteModel("lite")]
            else:
                operations += [migrations.DeleteModel("rest")]
        """,
        database,
    )
    assert models_of(migration) == expected


@pytest.mark.parametrize(
    ("test", "database", "expected"),
    [
        ('connection.vendor == "postgresql"', "postgresql", ["pg"]),
        ('connection.vendor == "postgresql"', "sqlite", ["other"]),
        ('connection.vendor == "postgresql"', "generic", ["pg", "other"]),
        ("USE_PG", "sqlite", ["pg", "other"]),
    ],
)
def test_ifexp_follows_the_database(test: str, database: str, expected: list[str]) -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            operations = (
                [migrations.DeleteModel("pg")] if {test} else [migrations.DeleteModel("other")]
            )
        """,
        database,
    )
    assert models_of(migration) == expected


def test_other_statements_in_class_body_are_ignored() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("a")]
            for name in NAMES:
                operations.append(migrations.DeleteModel(name))
            try:
                operations.append(migrations.DeleteModel("b"))
            except Exception:
                pass
        """
    )
    assert models_of(migration) == ["a"]


# --- operations: positions, flags and nesting ------------------------------------------------


def test_operation_lines_columns_and_indexes() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.CreateModel(
                    name="Product",
                    fields=[],
                ),
                    migrations.DeleteModel("Order"),
            ]
        """
    )
    assert [(op.name, op.line, op.col, op.index) for op in migration.operations] == [
        ("CreateModel", 5, 8, 0),
        ("DeleteModel", 9, 12, 1),
    ]
    assert migration.line == 3
    assert migration.col == 0


def test_separate_database_and_state_children_are_flattened() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.SeparateDatabaseAndState(
                    database_operations=[
                        migrations.RunSQL("ALTER TABLE shop_product DROP COLUMN old"),
                        migrations.SeparateDatabaseAndState(
                            database_operations=[migrations.DeleteModel("inner_db")],
                            state_operations=[migrations.DeleteModel("inner_state")],
                        ),
                    ],
                    state_operations=[
                        migrations.RemoveField("product", "old"),
                        migrations.SeparateDatabaseAndState(
                            database_operations=[migrations.DeleteModel("state_db")],
                        ),
                    ],
                ),
                migrations.AddField("product", "new", models.IntegerField(null=True)),
            ]
        """
    )
    assert [
        (*f, op.model_name) for f, op in zip(flags(migration), migration.operations, strict=True)
    ] == [
        ("SeparateDatabaseAndState", True, True, None),
        ("RunSQL", True, False, None),
        ("SeparateDatabaseAndState", True, False, None),
        ("DeleteModel", True, False, "inner_db"),
        ("DeleteModel", False, False, "inner_state"),
        ("RemoveField", False, False, "product"),
        ("SeparateDatabaseAndState", False, False, None),
        ("DeleteModel", False, False, "state_db"),
        ("AddField", True, True, "product"),
    ]
    assert [op.index for op in migration.operations] == list(range(9))
    assert [op.name for op in migration.top_level_operations()] == [
        "SeparateDatabaseAndState",
        "AddField",
    ]
    assert [op.model_name for op in migration.database_operations("DeleteModel")] == ["inner_db"]
    assert [op.index for op in migration.database_operations()] == [0, 1, 2, 3, 8]


def test_separate_database_and_state_positional_and_through_variables() -> None:
    migration = parse(
        f"""\
        {HEADER}
        STATE = [migrations.DeleteModel("s1")]

        class Migration(migrations.Migration):
            operations = [
                migrations.SeparateDatabaseAndState(
                    [migrations.DeleteModel("d1"), *MORE] + [migrations.DeleteModel("d2")],
                    STATE + [migrations.DeleteModel("s2"), not_an_op()],
                ),
                migrations.SeparateDatabaseAndState(database_operations=build()),
                migrations.SeparateDatabaseAndState(),
            ]
        """
    )
    assert [
        (*f, op.model_name) for f, op in zip(flags(migration), migration.operations, strict=True)
    ] == [
        ("SeparateDatabaseAndState", True, True, None),
        ("DeleteModel", True, False, "d1"),
        ("DeleteModel", True, False, "d2"),
        ("DeleteModel", False, False, "s1"),
        ("DeleteModel", False, False, "s2"),
        ("SeparateDatabaseAndState", True, True, None),
        ("SeparateDatabaseAndState", True, True, None),
    ]


def test_runsql_state_operations_are_state_only() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.RunSQL(
                    "ALTER TABLE shop_product ADD COLUMN sku text",
                    state_operations=[migrations.AddField("product", "sku", models.TextField())],
                ),
                migrations.RunSQL(
                    "SELECT 1",
                    migrations.RunSQL.noop,
                    [migrations.RemoveField("product", "x")],
                ),
                migrations.RunSQL("SELECT 2"),
            ]
        """
    )
    assert flags(migration) == [
        ("RunSQL", True, True),
        ("AddField", False, False),
        ("RunSQL", True, True),
        ("RemoveField", False, False),
        ("RunSQL", True, True),
    ]
    assert [op.line for op in migration.operations] == [5, 7, 9, 12, 14]


def test_runsql_inside_state_operations_keeps_its_children_state_only() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.SeparateDatabaseAndState(
                    state_operations=[
                        migrations.RunSQL("", state_operations=[migrations.DeleteModel("a")]),
                    ],
                ),
            ]
        """
    )
    assert flags(migration) == [
        ("SeparateDatabaseAndState", True, True),
        ("RunSQL", False, False),
        ("DeleteModel", False, False),
    ]


def test_creates_model_before_and_on_existing_table() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.AddField("Product", "early", models.IntegerField()),
                migrations.CreateModel("Product", []),
                migrations.AddField("PRODUCT", "sku", models.IntegerField()),
                migrations.AddField(model_name="order", name="total", field=None),
                migrations.SeparateDatabaseAndState(
                    state_operations=[migrations.AddField("product", "x", None)],
                ),
                migrations.RunSQL("SELECT 1"),
            ]
        """
    )
    ops = migration.operations
    # Operations without a literal model (SeparateDatabaseAndState, RunSQL) are never "on an
    # existing table": rules leave what they cannot name alone.
    assert [migration.on_existing_table(op) for op in ops] == [
        True,
        True,
        False,
        True,
        False,
        False,
        False,
    ]
    assert [migration.creates_model_before(op.model_name, op) for op in ops] == [
        False,
        False,
        True,
        False,
        False,
        True,
        False,
    ]
    assert migration.creates_model_before("Product", ops[3]) is True
    assert migration.creates_model_before("product", ops[0]) is False
    assert migration.creates_model_before(None, ops[3]) is False
    assert migration.creates_model_before("order", ops[6]) is False


def test_state_only_create_model_adopts_an_existing_table() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.SeparateDatabaseAndState(
                    database_operations=[migrations.CreateModel("Built", [])],
                    state_operations=[migrations.CreateModel("Adopted", [])],
                ),
                migrations.AddField("adopted", "sku", models.IntegerField()),
                migrations.AddField("built", "sku", models.IntegerField()),
            ]
        """
    )
    *_, adopted, built = migration.operations
    assert (adopted.target, migration.on_existing_table(adopted)) == ("adopted.sku", True)
    assert (built.target, migration.on_existing_table(built)) == ("built.sku", False)
    assert migration.creates_model_before("Adopted", built) is False


# --- Operation arguments ---------------------------------------------------------------------


def test_operation_arg_by_keyword_and_by_position() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.AddField("product", "price", models.IntegerField(), False),
                migrations.AddField(model_name="order", name="total", field=models.IntegerField()),
                migrations.AddField("item", name="qty", field=models.IntegerField()),
            ]
        """
    )
    positional, keyword, mixed = migration.operations
    assert [source_of(positional.arg(p)) for p in ("model_name", "name", "field")] == [
        "'product'",
        "'price'",
        "models.IntegerField()",
    ]
    assert source_of(positional.arg("preserve_default")) == "False"
    assert keyword.str_arg("model_name") == "order"
    assert keyword.str_arg("name") == "total"
    assert keyword.arg("preserve_default") is None
    assert source_of(keyword.arg("field")) == "models.IntegerField()"
    assert (mixed.str_arg("model_name"), mixed.str_arg("name")) == ("item", "qty")
    assert positional.arg("not_a_parameter") is None
    assert sorted(keyword.kwargs) == ["field", "model_name", "name"]


def test_operation_arg_with_star_args_is_unknown() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.AddField("product", *ARGS, field=models.IntegerField()),
                migrations.AddField(*ARGS),
                migrations.AddField(**KWARGS),
            ]
        """
    )
    star, only_star, double_star = migration.operations
    assert star.arg("model_name") is None
    assert star.arg("name") is None
    assert source_of(star.arg("field")) == "models.IntegerField()"
    assert only_star.arg("model_name") is None
    assert double_star.arg("model_name") is None
    assert dict(double_star.kwargs) == {}
    assert [op.target for op in migration.operations] == ["?.?", "?.?", "?.?"]


@pytest.mark.parametrize(
    ("call", "model", "field", "target"),
    [
        ('AddField("Product", "price", None)', "product", "price", "product.price"),
        ('RemoveField(model_name="Product", name="price")', "product", "price", "product.price"),
        ('AlterField("product", NAME, None)', "product", None, "product.?"),
        ('RenameField("product", "old", "new")', "product", "old", "product.old"),
        ('CreateModel("Product", [])', "product", None, "product"),
        ('RenameModel("OldName", "NewName")', "oldname", None, "oldname"),
        ('AddIndex("product", None)', "product", None, "product"),
        ("DeleteModel(MODEL)", None, None, "?"),
        ('RunSQL("SELECT 1")', None, None, "?"),
        ('CreateExtension("hstore")', None, None, "?"),
        ('RemoveIndex("product", "sku_idx")', "product", None, "product"),
        ("BtreeGinExtension()", None, None, "?"),
    ],
)
def test_operation_model_field_and_target(
    call: str, model: str | None, field: str | None, target: str
) -> None:
    migration = parse(
        "from django.db import migrations\n"
        "from django.db.migrations import *\n"
        "from django.contrib.postgres.operations import *\n\n"
        f"class Migration(migrations.Migration):\n    operations = [{call}]\n"
    )
    op = only(migration)
    assert (op.model_name, op.field_name, op.target) == (model, field, target)


# --- functions, dependencies, module facts ---------------------------------------------------


def test_functions_at_module_level_and_in_class_body() -> None:
    migration = parse(
        f"""\
        {HEADER}
        def forwards(apps, schema_editor):
            def helper():
                pass

        async def async_forwards(apps, schema_editor):
            pass

        if True:
            def conditional(apps, schema_editor):
                pass

        class Other:
            def method(self):
                pass

        class Migration(migrations.Migration):
            def backwards(apps, schema_editor):
                def inner():
                    pass

            @staticmethod
            def static(apps, schema_editor):
                pass

            class Meta:
                def nested_method(self):
                    pass

            operations = [migrations.RunPython(forwards, backwards)]

        noop = lambda apps, schema_editor: None
        """
    )
    assert {name: node.lineno for name, node in migration.functions.items()} == {
        "forwards": 3,
        "async_forwards": 7,
        "conditional": 11,
        "backwards": 19,
        "static": 24,
    }


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            'dependencies = [("shop", "0001_initial"), ["auth", "0012_alter_user"]]',
            [("shop", "0001_initial", False), ("auth", "0012_alter_user", False)],
        ),
        (
            "dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]",
            [(None, None, True)],
        ),
        ("dependencies = [swappable_dependency(settings.AUTH_USER_MODEL)]", [(None, None, True)]),
        (
            'dependencies = BASE_DEPS + [("billing", "0003_invoice")]',
            [("shop", "0001_initial", False), ("billing", "0003_invoice", False)],
        ),
        (
            "dependencies = []\n"
            "    dependencies += BASE_DEPS\n"
            '    dependencies.append(("a", "b"))',
            [("shop", "0001_initial", False), ("a", "b", False)],
        ),
        (
            'dependencies = [DEP, ("shop", NAME), ("a", "b", "c"), get_dependency(), x.y()]',
            [(None, None, False), ("shop", None, False), *[(None, None, False)] * 3],
        ),
        ("pass", []),
    ],
)
def test_dependencies(statement: str, expected: list[tuple[str | None, str | None, bool]]) -> None:
    migration = parse(
        "from django.conf import settings\n"
        "from django.db import migrations\n"
        "from django.db.migrations import swappable_dependency\n"
        'BASE_DEPS = [("shop", "0001_initial")]\n\n'
        f"class Migration(migrations.Migration):\n    {statement}\n"
    )
    assert deps(migration.dependencies) == expected
    assert migration.run_before == ()
    assert migration.replaces == ()


def test_dependency_keeps_its_node() -> None:
    migration = in_class('dependencies = [("shop", "0001")]')
    (dependency,) = migration.dependencies
    assert (dependency.node.lineno, dependency.node.col_offset) == (4, 20)


def test_replaces_and_run_before() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            replaces = [("shop", "0001_initial"), ("shop", "0002_price")]
            run_before = [("billing", "0001_initial")]
            dependencies = [("shop", "0000_zero")]
        """
    )
    assert deps(migration.replaces) == [
        ("shop", "0001_initial", False),
        ("shop", "0002_price", False),
    ]
    assert deps(migration.run_before) == [("billing", "0001_initial", False)]
    assert deps(migration.dependencies) == [("shop", "0000_zero", False)]
    assert migration.attributes["replaces"].lineno == 4


def test_conditional_dependencies_add_to_the_list() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            dependencies = [("shop", "0001")]
            if "billing" in settings.INSTALLED_APPS:
                dependencies = [("billing", "0001")]
        """
    )
    assert deps(migration.dependencies) == [("shop", "0001", False), ("billing", "0001", False)]


def test_resolve_names_and_star_imports() -> None:
    migration = parse(
        """\
        from django.db import migrations
        from django.db.models import *

        class Migration(migrations.Migration):
            pass
        """
    )

    def resolve(source: str) -> str | None:
        return migration.resolve(ast.parse(source, mode="eval").body)

    assert resolve("migrations.AddField") == "django.db.migrations.AddField"
    assert resolve("CharField") == "django.db.models.CharField"
    assert resolve("fields.related.ForeignKey") == "django.db.models.fields.related.ForeignKey"
    assert resolve("get_field()") is None


def test_resolve_without_star_imports() -> None:
    migration = in_class("pass")
    assert migration.resolve(ast.Name(id="CharField")) is None
    assert migration.resolve(ast.parse("models.CharField", mode="eval").body) == (
        "django.db.models.CharField"
    )


def test_module_docstring_lines_and_constants() -> None:
    source = (
        f'"""Generated by Django 5.1."""\n{HEADER}\nLIMIT = 10\n\n'
        "class Migration(migrations.Migration):\n    pass\n"
    )
    migration = parse(source)
    assert migration.docstring == "Generated by Django 5.1."
    assert migration.lines == tuple(source.splitlines(keepends=True))
    assert ast.unparse(migration.constants["LIMIT"]) == "10"


def test_non_module_tree_has_no_docstring() -> None:
    tree = ast.parse("class Migration(migrations.Migration):\n    pass\n", mode="single")
    migration = parse_migration(tree, [])
    assert migration is not None
    assert migration.docstring is None
    assert migration.lines == ()


@pytest.mark.parametrize(
    "source",
    [
        "from django.db import migrations\n",
        "from django.db import migrations\n\nclass Migration:\n    operations = []\n",
        "from django.db import migrations\n\nclass Migrations(migrations.Migration):\n    pass\n",
        "def make():\n    class Migration(migrations.Migration):\n        pass\n",
        "class Outer:\n    class Migration(migrations.Migration):\n        pass\n",
        "",
    ],
)
def test_no_migration_class_gives_none(source: str) -> None:
    assert parse_migration(ast.parse(source), source.splitlines(keepends=True)) is None


def test_last_migration_class_wins() -> None:
    migration = parse(
        f"{HEADER}\nclass Migration(migrations.Migration):\n    pass\n\n"
        "class Migration(migrations.Migration):\n    atomic = False\n"
    )
    assert migration.line == 6
    assert migration.is_atomic is False


def test_crlf_line_endings() -> None:
    source = (
        "from django.db import migrations, models\r\n"
        "\r\n"
        "class Migration(migrations.Migration):\r\n"
        "    atomic = False\r\n"
        '    dependencies = [("shop", "0001_initial")]\r\n'
        "    operations = [\r\n"
        '        migrations.AddField("product", "price", models.IntegerField()),\r\n'
        '        migrations.RemoveField("product", "old"),\r\n'
        "    ]\r\n"
    )
    lines = source.splitlines(keepends=True)
    migration = parse_migration(ast.parse(source), lines)
    assert migration is not None
    assert [(op.name, op.line, op.col) for op in migration.operations] == [
        ("AddField", 7, 8),
        ("RemoveField", 8, 8),
    ]
    assert migration.is_atomic is False
    assert deps(migration.dependencies) == [("shop", "0001_initial", False)]
    assert (
        migration.lines[6]
        == '        migrations.AddField("product", "price", models.IntegerField()),\r\n'
    )


def _squashed_source(models_count: int) -> str:
    parts = [
        "from django.conf import settings",
        "from django.db import migrations, models",
        "import django.db.models.deletion",
        "",
        "",
        "class Migration(migrations.Migration):",
        "    replaces = [",
        *(f"        ('shop', '{i:04d}_auto')," for i in range(1, 60)),
        "    ]",
        "    initial = True",
        "    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]",
        "    operations = [",
    ]
    for i in range(models_count):
        fields = "\n".join(
            f"                ('field_{j}', models.CharField(blank=True, max_length={j + 10},"
            f" verbose_name='Field number {j} of model {i}')),"
            for j in range(12)
        )
        parts += [
            "        migrations.CreateModel(",
            f"            name='Model{i}',",
            "            fields=[",
            "                ('id', models.BigAutoField(auto_created=True, primary_key=True,"
            " serialize=False, verbose_name='ID')),",
            fields,
            "            ],",
            "            options={'ordering': ['-id'], 'abstract': False},",
            "        ),",
            "        migrations.AddField(",
            f"            model_name='model{i}',",
            "            name='owner',",
            "            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,"
            " to=settings.AUTH_USER_MODEL),",
            "        ),",
        ]
    parts += ["    ]", ""]
    return "\n".join(parts)


def test_large_squashed_migration() -> None:
    source = _squashed_source(230)
    assert len(source.encode()) > 400_000
    migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
    assert migration is not None
    assert len(migration.operations) == 460
    assert names(migration)[:2] == ["CreateModel", "AddField"]
    assert migration.operations[-1].target == "model229.owner"
    assert len(migration.replaces) == 59
    assert deps(migration.dependencies) == [(None, None, True)]
    assert migration.initial is True
    assert [migration.on_existing_table(op) for op in migration.operations[:4]] == [
        True,
        False,
        True,
        False,
    ]


# --- astutil, the helpers the reader is built on ---------------------------------------------


def expr(source: str) -> ast.expr:
    return ast.parse(source, mode="eval").body


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1", 1),
        ("-2", -2),
        ("('a', ['b'])", ("a", ["b"])),
        ("{'k': None}", {"k": None}),
        ("name", "default"),
        ("f()", "default"),
        ("1 + x", "default"),
        ("set([('a', 'b')])", {("a", "b")}),
        ("{'unique_together': frozenset([('a',)])}", {"unique_together": frozenset({("a",)})}),
        ("[tuple(['a']), list(), {set([1]) and 2}]", "default"),
        ("(list(('a',)), -1)", (["a"], -1)),
        ("set(x)", "default"),
        ("set(*names)", "default"),
        ("set(items=[1])", "default"),
        ("dict(a=1)", "default"),
        ("{**extra}", "default"),
    ],
)
def test_literal(source: str, expected: object) -> None:
    assert astutil.literal(expr(source), "default") == expected


def test_literal_of_nothing_is_the_default() -> None:
    assert astutil.literal(None) is None
    assert astutil.literal(None, 0) == 0


@pytest.mark.parametrize(
    ("source", "expected"),
    [("a.b.c", "a.b.c"), ("a", "a"), ("f().b", None), ("a[0].b", None)],
)
def test_dotted_name(source: str, expected: str | None) -> None:
    assert astutil.dotted_name(expr(source)) == expected


@pytest.mark.parametrize(
    ("source", "true", "false", "none", "string"),
    [
        ("True", True, False, False, None),
        ("False", False, True, False, None),
        ("None", False, False, True, None),
        ("'s'", False, False, False, "s"),
        ("1", False, False, False, None),
        ("T", False, False, False, None),
    ],
)
def test_constant_predicates(
    source: str, true: bool, false: bool, none: bool, string: str | None
) -> None:
    node = expr(source)
    assert (astutil.is_true(node), astutil.is_false(node), astutil.is_none(node)) == (
        true,
        false,
        none,
    )
    assert astutil.string_value(node) == string


def test_call_argument_helpers() -> None:
    call = expr("f(1, *args, a=2, **kwargs)")
    assert isinstance(call, ast.Call)
    assert sorted(astutil.keyword_map(call)) == ["a"]
    assert (astutil.has_star_args(call), astutil.has_star_kwargs(call)) == (True, True)
    plain = expr("f(1, a=2)")
    assert isinstance(plain, ast.Call)
    assert (astutil.has_star_args(plain), astutil.has_star_kwargs(plain)) == (False, False)


def test_operation_on_a_model_named_by_a_variable_is_not_on_an_existing_table() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            operations = [
                migrations.AddIndex(MODEL, models.Index(fields=["a"], name="a_idx")),
                migrations.AddIndex("product", models.Index(fields=["a"], name="a_idx")),
            ]
        """
    )
    assert [migration.on_existing_table(op) for op in migration.operations] == [False, True]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("migrations.RunPython(forwards, reverse_code=None)", True),
        ("migrations.RunPython(forwards, None)", True),
        ("migrations.RunPython(forwards)", True),
        ("migrations.RunPython(forwards, backwards)", False),
        ("migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop)", False),
        ("migrations.RunPython(*steps)", False),
        ("migrations.RunPython(forwards, **options)", False),
        ("migrations.RunPython(forwards, reverse_code=None, **options)", True),
    ],
)
def test_lacks_arg(call: str, expected: bool) -> None:
    migration = in_class(f"operations = [{call}]")
    assert only(migration).lacks_arg("reverse_code") is expected


def test_call_of_matches_the_resolved_class_only() -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db.models import UniqueConstraint as Unique
        class Migration(migrations.Migration):
            operations = [
                migrations.AddConstraint("a", Unique(fields=["x"], name="u")),
                migrations.AddConstraint("a", models.CheckConstraint(name="c")),
                migrations.AddConstraint("a", CONSTRAINT),
            ]
        """
    )
    unique = frozenset({"django.db.models.UniqueConstraint"})
    found = [migration.call_of(op.arg("constraint"), unique) for op in migration.operations]
    assert [source_of(node) for node in found] == ["Unique(fields=['x'], name='u')", None, None]
    assert migration.call_of(None, unique) is None


def test_migration_keeps_the_module_tree_out_of_its_repr() -> None:
    source = (
        "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    pass\n"
    )
    tree = ast.parse(source)
    migration = parse_migration(tree, source.splitlines(keepends=True))
    assert migration is not None
    assert (migration.tree is tree, "tree=" in repr(migration)) == (True, False)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("# Generated by Django 2.2 on 2019-04-01 10:00\n", "2.2"),
        ("# Generated by Django 3.2.25 on 2024-03-04 12:00\n", "3.2.25"),
        ("# Generated by Django 4.2 on 2023-04-03 09:00\n\n", "4.2"),
        ("# Generated by Django 5.0 on 2023-12-04 08:00\n", "5.0"),
        ("# Generated by Django 5.1rc1 on 2024-07-25 08:00\n", "5.1rc1"),
        (
            "# -*- coding: utf-8 -*-\n# Generated by Django 1.11.29 on 2020-06-01 10:00\n",
            "1.11.29",
        ),
        ("\ufeff# Generated by Django 4.2.7 on 2023-11-20 12:34\n", "4.2.7"),
        ("", None),
        ("# Generated by Django on 2020-06-01 10:00\n", None),
        ("# Generated by Django dev on 2020-06-01 10:00\n", None),
        ("# Generated by Django 4 on 2020-06-01 10:00\n", None),
        ("# Written by hand, after Generated by Django 4.2\n", None),
        ('"""Backfill."""\n# Generated by Django 4.2 on 2023-04-03 09:00\n', None),
        ("# a\n" * 10 + "# Generated by Django 4.2 on 2023-04-03 09:00\n", None),
    ],
)
def test_generated_by_reads_the_header_of_the_leading_comments(
    header: str, expected: str | None
) -> None:
    text = f"{header}{HEADER}\nclass Migration(migrations.Migration):\n    pass\n"
    # flake8 gives the lines as read (a byte order mark included), the tree without it.
    migration = parse_migration(ast.parse(text.lstrip("\ufeff")), text.splitlines(True))
    assert migration is not None
    assert migration.generated_by == expected


def test_generated_by_ignores_the_header_text_further_down() -> None:
    header = "# Generated by Django 4.2 on 2023-04-03 09:00"
    source = f"{HEADER}\n{header}\nclass Migration(migrations.Migration):\n    pass\n"
    assert parse(source).generated_by is None


def guarded_of(migration: Migration) -> list[tuple[str | None, bool]]:
    return [(op.model_name, op.vendor_guarded) for op in migration.operations]


def test_operations_under_a_vendor_test_naming_the_database_are_guarded() -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("always")]
            if connection.vendor == "postgresql":
                operations += [
                    migrations.SeparateDatabaseAndState(
                        database_operations=[migrations.DeleteModel("child")]
                    )
                ]
                if settings.EXTRA:
                    operations.append(migrations.DeleteModel("nested"))
            if connection.vendor != "postgresql":
                pass
            else:
                operations.append(migrations.DeleteModel("else"))
            if connection.vendor not in ("sqlite",):
                operations.append(migrations.DeleteModel("not_sqlite"))
            if connection.vendor == "postgresql" and settings.EXTRA:
                operations.append(migrations.DeleteModel("and"))
            if settings.EXTRA:
                operations.append(migrations.DeleteModel("unguarded"))
            operations += [migrations.DeleteModel("pg")] if db.vendor == "postgresql" else []
        """
    )
    assert guarded_of(migration) == [
        ("always", False),
        (None, True),
        ("child", True),
        ("nested", True),
        ("else", True),
        ("not_sqlite", False),
        ("and", True),
        ("unguarded", False),
        ("pg", True),
    ]


def test_generic_database_names_no_branch() -> None:
    migration = parse(
        f"""\
        {HEADER}
        from django.db import connection

        class Migration(migrations.Migration):
            if connection.vendor == "postgresql":
                operations = [migrations.DeleteModel("pg")]
        """,
        "generic",
    )
    assert guarded_of(migration) == [("pg", False)]


@pytest.mark.parametrize(
    ("imports", "value", "expected"),
    [
        ("from django_safemigrate import Safe", "Safe.after_deploy", True),
        ("from django_safemigrate import Safe", "Safe.after_deploy()", True),
        ("from django_safemigrate import Safe", "Safe.after_deploy(delay=DELAY)", True),
        ("import django_safemigrate", "django_safemigrate.Safe.after_deploy", True),
        ("from django_safemigrate import Safe as S", "S.after_deploy", True),
        ("from django_safemigrate import Safe", "Safe.before_deploy", False),
        ("from django_safemigrate import Safe", "Safe.always", False),
        ("from safety import Safe", "Safe.after_deploy", False),
        ("from django_safemigrate import Safe", "AFTER", False),
        ("from django_safemigrate import Safe", "'after_deploy'", False),
    ],
)
def test_after_deploy(imports: str, value: str, expected: bool) -> None:
    source = f"{HEADER}{imports}\n\nclass Migration(migrations.Migration):\n    safe = {value}\n"
    assert parse(source).after_deploy is expected


def test_after_deploy_needs_the_attribute_unconditionally() -> None:
    source = """\
        from django.db import migrations
        from django_safemigrate import Safe

        class Migration(migrations.Migration):
            if LATER:
                safe = Safe.after_deploy
        """
    assert parse(source).after_deploy is False
    assert in_class("operations = []").after_deploy is False


def test_created_tables_and_later_deletes() -> None:
    migration = in_class(
        """operations = [
        migrations.RemoveField("wishlist", "owner"),
        migrations.CreateModel("Tag", []),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel("Old", [])]),
        migrations.DeleteModel("Wishlist"),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel("Cart")]),
        migrations.RemoveField("cart", "owner"),
        migrations.RemoveField("wishlist", "note"),
    ]"""
    )
    assert migration.created_tables == ("tag",)
    first, *_, before_cart, last = migration.operations
    assert migration.deletes_model_after("wishlist", first) is True
    assert migration.deletes_model_after("wishlist", last) is False
    assert migration.deletes_model_after("cart", before_cart) is False


def test_state_operations_bound_once_in_the_class_body_are_read() -> None:
    migration = parse(
        f"""\
        {HEADER}
        class Migration(migrations.Migration):
            state_operations = [migrations.DeleteModel("a")]
            database_operations = [migrations.RunSQL("DROP TABLE shop_a")]
            operations = [
                migrations.SeparateDatabaseAndState(
                    database_operations=database_operations,
                    state_operations=state_operations,
                ),
            ]
        """
    )
    found = [(op.name, op.model_name, op.is_database) for op in migration.operations]
    assert found == [
        ("SeparateDatabaseAndState", None, True),
        ("RunSQL", None, True),
        ("DeleteModel", "a", False),
    ]
    assert migration.opaque_from is None


@pytest.mark.parametrize(
    "binding",
    [
        # Bound twice, conditionally, or changed by `+=`: no single value.
        'STATE = [migrations.DeleteModel("a")]\n    STATE = []',
        'if flag:\n        STATE = [migrations.DeleteModel("a")]',
        'STATE = [migrations.DeleteModel("a")]\n    STATE += more',
        "STATE = build()",
    ],
)
def test_state_operations_without_a_single_binding_hide_the_state(binding: str) -> None:
    migration = in_class(
        f"{binding}\n"
        "    operations = [migrations.SeparateDatabaseAndState(state_operations=STATE)]"
    )
    assert models_of(migration) == [None]
    assert migration.opaque_from == 1


def test_unreadable_database_operations_leave_the_state_alone() -> None:
    migration = in_class(
        "operations = [\n"
        "        migrations.SeparateDatabaseAndState(database_operations=build()),\n"
        "        migrations.SeparateDatabaseAndState(\n"
        "            database_operations=[custom.Op('a'), *more],\n"
        "        ),\n"
        "    ]"
    )
    assert migration.opaque_from is None
    assert migration.unknown_calls == ()


LISTS = """\
    def base_operations():
        '''The operations every database runs.'''
        return [migrations.DeleteModel("a")]

    def more_operations():
        found = [migrations.DeleteModel("b")]
        return found
    """


@pytest.mark.parametrize(
    "operations",
    [
        "[*base_operations(), *more_operations()]",
        "base_operations() + more_operations()",
        "base_operations() + [migrations.DeleteModel('b')]",
    ],
)
def test_operations_returned_by_a_function_of_the_file_are_read(operations: str) -> None:
    migration = parse(
        f"{HEADER}\n{textwrap.dedent(LISTS)}\n"
        f"class Migration(migrations.Migration):\n    operations = {operations}\n"
    )
    assert models_of(migration) == ["a", "b"]
    assert migration.opaque_from is None


@pytest.mark.parametrize(
    "function",
    [
        # A return that depends on a setting, a parameter, a decorator, more statements.
        "def ops():\n    if settings.X:\n        return []\n"
        "    return [migrations.DeleteModel('a')]",
        "def ops(names=()):\n    return [migrations.DeleteModel(n) for n in names]",
        "@cache\ndef ops():\n    return [migrations.DeleteModel('a')]",
        "def ops():\n    found = [migrations.DeleteModel('a')]\n"
        "    found.append(x)\n    return found",
        "def ops():\n    found = [migrations.DeleteModel('a')]\n    return other",
        "def ops():\n    return build()",
    ],
)
def test_operations_of_other_functions_stay_hidden(function: str) -> None:
    migration = parse(
        f"{HEADER}\n{function}\n\nclass Migration(migrations.Migration):\n"
        "    operations = [*ops()]\n"
    )
    assert models_of(migration) == []
    assert migration.opaque_from == 0


def test_a_call_with_arguments_is_not_followed() -> None:
    migration = parse(
        f"{HEADER}\n{textwrap.dedent(LISTS)}\n"
        "class Migration(migrations.Migration):\n    operations = base_operations(1)\n"
    )
    assert migration.operations == ()
    assert migration.opaque_from == 0


@pytest.mark.parametrize(
    ("imports", "call", "unknown"),
    [
        ("import django_migration_linter as linter", "linter.IgnoreMigration()", 0),
        ("from django_migration_linter import IgnoreMigration", "IgnoreMigration()", 0),
        ("from other_linter import IgnoreMigration", "IgnoreMigration()", 1),
    ],
)
def test_the_migration_linter_marker_changes_no_state(
    imports: str, call: str, unknown: int
) -> None:
    migration = parse(
        f"{HEADER}{imports}\n\nclass Migration(migrations.Migration):\n    operations = [{call}]\n"
    )
    assert len(migration.unknown_calls) == unknown


def conditional_of(migration: Migration) -> list[tuple[str | None, bool]]:
    return [(op.model_name, op.conditional) for op in migration.operations]


def test_operations_in_a_branch_the_reader_cannot_choose_are_conditional() -> None:
    # django-allauth's account 0002 and 0003: the operations depend on a setting.
    migration = parse(
        f"""\
        {HEADER}
        from django.conf import settings
        from django.db import connection

        UNIQUE_EMAIL = getattr(settings, "ACCOUNT_UNIQUE_EMAIL", True)

        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("always")]
            if not UNIQUE_EMAIL:
                operations += [migrations.AlterUniqueTogether("emailaddress", {{("email",)}})]
            operations += (
                [migrations.SeparateDatabaseAndState([], [migrations.DeleteModel("sep")])]
                if getattr(settings, "ACCOUNT_UNIQUE_EMAIL", True)
                else []
            )
            if connection.vendor == "postgresql":
                operations.append(migrations.DeleteModel("pg"))
            else:
                operations.append(migrations.DeleteModel("lite"))
        """
    )
    assert conditional_of(migration) == [
        ("always", False),
        ("emailaddress", True),
        (None, True),
        ("sep", True),
        ("pg", False),
    ]
