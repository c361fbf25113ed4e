"""Edge cases of the raw-SQL rules (DJM3, DJM705) that fixtures cannot show; the fixtures pin
each rule's message, quoting its statement."""

from __future__ import annotations

import ast

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from tests import harness

TEMPLATE = """\
from django.contrib.postgres.operations import AddIndexConcurrently, ValidateConstraint
from django.db import migrations, models


class Migration(migrations.Migration):
{attributes}
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        {operation},
    ]
"""


def _messages(code: str, operation: str, attributes: str = "") -> list[str]:
    source = TEMPLATE.format(operation=operation, attributes=attributes)
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        harness.make_settings(),
        (BY_CODE[code],),
    )
    assert all((v.line, v.col) == (10, 8) for v in found if code != "DJM705")
    return [v.text for v in found]


def test_identical_statements_of_one_runsql_are_reported_once() -> None:
    operation = 'migrations.RunSQL("VACUUM; VACUUM; VACUUM shop_order", migrations.RunSQL.noop)'
    assert _messages("DJM301", operation) == [
        "DJM301 `VACUUM shop_order` cannot run in a transaction: set `atomic = False`",
        "DJM301 `VACUUM` cannot run in a transaction: set `atomic = False`",
    ]


def test_djm300_stays_silent_when_a_create_model_table_cannot_be_read() -> None:
    operation = (
        'migrations.CreateModel("Archive", [], options=ARCHIVE_OPTIONS), '
        'migrations.RunSQL("CREATE INDEX i ON shop_order (a)", migrations.RunSQL.noop)'
    )
    assert _messages("DJM300", operation) == []


@pytest.mark.parametrize(
    ("code", "attributes"),
    [
        ("DJM301", "    atomic = False"),
        ("DJM301", "    atomic = IS_POSTGRES"),
        ("DJM309", "    atomic = False"),
    ],
)
def test_atomicity_rules_need_an_atomic_migration(code: str, attributes: str) -> None:
    operation = 'migrations.RunSQL("VACUUM; COMMIT", "VACUUM; COMMIT")'
    assert _messages(code, operation, attributes) == []


def test_djm310_names_the_reverse_argument_and_the_f_string() -> None:
    # The fixture pins `sql` built with `%` and with `.format()`.
    operation = 'migrations.RunSQL("SELECT 1", reverse_sql=f"SELECT {X}")'
    assert _messages("DJM310", operation) == [
        "DJM310 `reverse_sql` of `RunSQL` is built with an f-string: pass values in `params`"
    ]


@pytest.mark.parametrize(
    "operation",
    [
        "migrations.RunSQL(X % 1, migrations.RunSQL.noop)",
        "migrations.RunSQL(X.format(1), migrations.RunSQL.noop)",
        "migrations.RunSQL(x.y.format(1), migrations.RunSQL.noop)",
        'migrations.RunSQL(str.format("a", 1), migrations.RunSQL.noop)',
        'migrations.RunSQL("a".upper(), migrations.RunSQL.noop)',
        'migrations.RunSQL(["a", None, ("b", [1])], migrations.RunSQL.noop)',
        "migrations.RunSQL(*ARGS)",
        'migrations.RunSQL("a" - "b", migrations.RunSQL.noop)',
        # Deeper than the rule looks (Django would not accept it either).
        'migrations.RunSQL([[[[[[[[[["a %s" % X]]]]]]]]]], migrations.RunSQL.noop)',
    ],
)
def test_djm310_near_misses(operation: str) -> None:
    assert _messages("DJM310", operation) == []


DJM705 = "DJM705 `atomic = False` but no operation here needs it"


@pytest.mark.parametrize(
    "operation",
    [
        'migrations.AddField("order", "note", models.TextField(null=True))',
        'migrations.RunSQL("SELECT 1", reverse_sql=None)',
        'migrations.RunSQL("SELECT 1")',
        "migrations.RunSQL(migrations.RunSQL.noop, migrations.RunSQL.noop)",
        "migrations.RunSQL(\"ALTER TYPE shop_status RENAME VALUE 'a' TO 'b'\", \"SELECT 1\")",
    ],
)
def test_djm705_reports_an_unneeded_atomic_false(operation: str) -> None:
    assert _messages("DJM705", operation, "    atomic = False") == [DJM705]


def test_djm705_reports_on_the_atomic_line() -> None:
    source = TEMPLATE.format(
        operation="migrations.DeleteModel('x')", attributes="    atomic = False"
    )
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        harness.make_settings(database="sqlite"),
        (BY_CODE["DJM705"],),
    )
    assert [(v.line, v.col, v.code) for v in found] == [(6, 4, "DJM705")]


@pytest.mark.parametrize(
    "operation",
    [
        'AddIndexConcurrently("order", models.Index(fields=["a"], name="a"))',
        "migrations.RunPython(forwards, migrations.RunPython.noop)",
        'migrations.RenameModel("Order", "Purchase")',
        'migrations.RenameField("order", "a", "b")',
        'migrations.AlterModelTable("order", "shop_purchase")',
        'migrations.RunSQL("SELECT 1", "VACUUM")',
        'migrations.RunSQL("CREATE INDEX CONCURRENTLY i ON t (a)", "SELECT 1")',
        'migrations.RunSQL("COMMIT; SELECT 1", "SELECT 1")',
        'migrations.RunSQL("ALTER TYPE shop_status ADD VALUE \'x\'", "SELECT 1")',
        "migrations.RunSQL(load_sql(), migrations.RunSQL.noop)",
        'migrations.RunSQL("SELECT 1", reverse_sql=load_sql())',
        "migrations.RunSQL(*STATEMENTS)",
        'migrations.RunSQL("SELECT 1", **OPTIONS)',
        "CustomOperation()",
        "*COMMON_OPERATIONS",
    ],
)
def test_djm705_near_misses(operation: str) -> None:
    assert _messages("DJM705", operation, "    atomic = False") == []


@pytest.mark.parametrize(
    ("attributes", "operation"),
    [
        ("", 'migrations.AddField("order", "note", models.TextField(null=True))'),
        ("    atomic = True", 'migrations.AddField("order", "note", models.TextField(null=True))'),
        ("    atomic = NON_ATOMIC", 'migrations.DeleteModel("x")'),
        ("    atomic = False\n    operations = []", 'migrations.DeleteModel("x")'),
        ("    atomic = False\n    operations = OPERATIONS", 'migrations.DeleteModel("x")'),
    ],
)
def test_djm705_needs_a_literal_false_and_visible_operations(
    attributes: str, operation: str
) -> None:
    assert _messages("DJM705", operation, attributes) == []


EXTENDED = """\
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    operations = [migrations.DeleteModel("x")]
    operations += [migrations.DeleteModel("y")]
"""


def test_djm705_takes_an_extended_operations_list_as_not_visible() -> None:
    found = check_file(
        ast.parse(EXTENDED),
        "shop/migrations/0012_change.py",
        EXTENDED.splitlines(keepends=True),
        harness.make_settings(),
        (BY_CODE["DJM705"],),
    )
    assert found == []


@pytest.mark.parametrize(
    "operations",
    [
        "operations = OPERATIONS",
        "operations: list = [migrations.DeleteModel('x')]",
        "operations = [migrations.DeleteModel('x')] + OTHERS",
    ],
)
def test_djm705_stays_silent_when_the_list_is_not_a_plain_literal(operations: str) -> None:
    source = EXTENDED.replace(
        '    operations = [migrations.DeleteModel("x")]\n'
        '    operations += [migrations.DeleteModel("y")]\n',
        f"    {operations}\n",
    )
    assert operations in source
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        harness.make_settings(),
        (BY_CODE["DJM705"],),
    )
    assert found == []


NON_TRANSACTIONAL = """\
from django.db import migrations


class Migration(migrations.Migration):
    {atomic}

    operations = [
        migrations.RunSQL("VACUUM; COMMIT", reverse_sql="VACUUM; COMMIT"),
        migrations.DeleteModel("x"),
    ]
"""


@pytest.mark.parametrize(
    ("database", "codes"),
    [
        ("postgresql", ["DJM301", "DJM309"]),
        ("sqlite", ["DJM301", "DJM309"]),
        ("generic", ["DJM301", "DJM309"]),
        ("mysql", []),
        ("oracle", []),
    ],
)
def test_transaction_rules_are_silent_where_django_runs_no_transaction(
    database: str, codes: list[str]
) -> None:
    rules = (BY_CODE["DJM301"], BY_CODE["DJM309"], BY_CODE["DJM705"])
    for atomic, expected in (("atomic = True", codes), ("atomic = False", [])):
        source = NON_TRANSACTIONAL.format(atomic=atomic)
        found = check_file(
            ast.parse(source),
            "shop/migrations/0012_change.py",
            source.splitlines(keepends=True),
            harness.make_settings(database=database),
            rules,
        )
        assert sorted({v.code for v in found}) == expected


@pytest.mark.parametrize(
    ("database", "codes"),
    [("postgresql", ["DJM705"]), ("sqlite", ["DJM705"]), ("mysql", []), ("oracle", [])],
)
def test_djm705_is_silent_where_atomic_changes_nothing(database: str, codes: list[str]) -> None:
    source = NON_TRANSACTIONAL.format(atomic="atomic = False").replace(
        'migrations.RunSQL("VACUUM; COMMIT", reverse_sql="VACUUM; COMMIT"),\n', ""
    )
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        harness.make_settings(database=database),
        (BY_CODE["DJM705"],),
    )
    assert [v.code for v in found] == codes


@pytest.mark.parametrize(
    "operation",
    [
        'ValidateConstraint("order", "shop_order_status_not_null")',
        'migrations.RemoveConstraint("order", "shop_order_status_not_null")',
    ],
)
def test_djm303_trusts_the_check_pattern_done_with_django_operations(operation: str) -> None:
    sql = "ALTER TABLE shop_order ALTER COLUMN status SET NOT NULL"
    both = f"{operation}, migrations.RunSQL({sql!r}, migrations.RunSQL.noop)"
    alone = f"migrations.RunSQL({sql!r}, migrations.RunSQL.noop)"
    assert _messages("DJM303", both) == []
    assert len(_messages("DJM303", alone)) == 1
