"""File-level rules of the graph family (DJM604-DJM607): the cases fixtures cannot show (the
app a file belongs to, one report per file, every import form) and their messages."""

from __future__ import annotations

import ast
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import parse_start_after
from tests import harness


def _report(code: str, source: str, path: str = "shop/migrations/0005_change.py") -> list[object]:
    source = textwrap.dedent(source)
    lines = source.splitlines(keepends=True)
    found = check_file(ast.parse(source), path, lines, harness.make_settings(), (BY_CODE[code],))
    return [(v.line, v.col, v.text) for v in found]


def _loading(statement: str) -> str:
    return f"""\
        from importlib import import_module
        import importlib
        from django.utils.module_loading import import_string
        from django.db import migrations
        {statement}

        class Migration(migrations.Migration):
            operations = []
        """


@pytest.mark.parametrize(
    ("statement", "module"),
    [
        ("OLD = import_module('shop.migrations.0004_fill')", "0004_fill"),
        ("OLD = importlib.import_module('shop.migrations.0004_fill')", "0004_fill"),
        ("OLD = import_module('project.shop.migrations.0004_fill')", "0004_fill"),
        ("OLD = __import__('shop.migrations.0004_fill')", "0004_fill"),
        ("FILL = import_string('shop.migrations.0004_fill.fill')", "0004_fill"),
        ("OLD = import_module('.0004_fill', __package__)", "0004_fill"),
        ("OLD = import_module('.0004_fill', package=__package__)", "0004_fill"),
        ("from shop.migrations.helpers import fill", "helpers"),
        ("from .helpers import fill", "helpers"),
        ("import shop.migrations.helpers", "helpers"),
        ("import project.shop.migrations.helpers as helpers", "helpers"),
    ],
)
def test_djm604_loads_of_another_migration_module(statement: str, module: str) -> None:
    message = f"DJM604 `{module}` is still imported: copy what this migration needs from it"
    assert _report("DJM604", _loading(statement)) == [(7, 0, message)]


@pytest.mark.parametrize(
    "statement",
    [
        "OLD = import_module('payments.migrations.0004_fill')",
        "OLD = import_module('shop.migrations._helpers')",
        "OLD = import_module('shop.migrations.~backup')",
        "OLD = import_module('shop.migrations.0005_change')",
        "OLD = import_module('shop.migrations')",
        "OLD = import_module('shop.models')",
        "OLD = import_module(NAME)",
        "OLD = import_module('.0004_fill', 'shop.migrations')",
        "OLD = import_module('..migrations.0004_fill', __package__)",
        "OLD = import_module('.0004_fill')",
        "OLD = load('shop.migrations.0004_fill')",
        "from shop.migrations import helpers",
        "from . import helpers",
        "from ._helpers import fill",
        "from ..models import Product",
        "from django.db.migrations.operations import special",
        "import django.db.migrations.operations.special",
        "# import_module('shop.migrations.0004_fill')",
        # Modules of a package inside the migrations folder: never migrations.
        "from .tasks.backfill import run",
        "from shop.migrations.tasks.backfill import run",
        "import shop.migrations.tasks.backfill",
        "OLD = import_module('shop.migrations.tasks.backfill')",
        "OLD = import_module('.tasks.backfill', package=__package__)",
        "RUN = import_string('shop.migrations.tasks.backfill.run')",
        "RUN = import_string('shop.migrations.0004_fill')",
    ],
)
def test_djm604_other_modules_are_not_reported(statement: str) -> None:
    assert _report("DJM604", _loading(statement)) == []


def test_djm604_reports_once_per_file_naming_the_first_module() -> None:
    source = _loading(
        "from .helpers import fill\n        OLD = import_module('shop.migrations.0004_fill')"
    )
    assert _report("DJM604", source) == [
        (8, 0, "DJM604 `helpers` is still imported: copy what this migration needs from it")
    ]


def test_djm604_reads_the_app_label_option_too() -> None:
    source = _loading("OLD = import_module('pretixbase.migrations.0004_fill')")
    settings = harness.make_settings(app_labels="pretix/base:pretixbase")
    source = textwrap.dedent(source)
    found = check_file(
        ast.parse(source),
        "pretix/base/migrations/0005_change.py",
        source.splitlines(keepends=True),
        settings,
        (BY_CODE["DJM604"],),
    )
    assert [(v.line, v.code) for v in found] == [(7, "DJM604")]


NOTE = """\
    from django.db import migrations
    {imports}

    # Functions from the following migrations need manual copying.
    # Move them and any dependencies into this file, then update the
    # RunPython operations to refer to the local versions:
    {listed}

    def local(apps, schema_editor):
        pass

    class Migration(migrations.Migration):
        operations = [migrations.RunPython({code}, {reverse})]
    """


@pytest.mark.parametrize(
    ("imports", "listed", "code", "reverse", "expected"),
    [
        ("from shop.data import fill", "# shop.migrations.0004_fill", "fill", "None", "0004_fill"),
        ("", "# shop.migrations.0004_fill", "local", "shop.data.undo", "0004_fill"),
        ("import shop.data", "", "shop.data.fill", "local", "another migration"),
        ("", "# shop.migrations.0004_fill", "local", "migrations.RunPython.noop", None),
        ("", "# shop.migrations.0004_fill", "lambda a, s: None", "None", None),
        ("", "# shop.migrations.0004_fill", "local", "local", None),
    ],
)
def test_djm604_note_counts_while_a_callable_is_not_local(
    imports: str, listed: str, code: str, reverse: str, expected: str | None
) -> None:
    source = NOTE.format(imports=imports, listed=listed, code=code, reverse=reverse)
    found = _report("DJM604", source)
    how = "is still listed in Django's squash note: copy what this migration needs from it"
    assert found == ([] if expected is None else [(12, 0, f"DJM604 `{expected}` {how}")])


INITIAL = """\
    from django.db import migrations, models

    class Migration(migrations.Migration):
        initial = {initial}
        dependencies = [{dependencies}]
        operations = [{operations}]
    """
CREATE = "migrations.CreateModel('Invoice', [('id', models.BigAutoField(primary_key=True))])"
ADD = "migrations.AddField('order', 'invoice', models.IntegerField(null=True))"


@pytest.mark.parametrize(
    ("initial", "dependencies", "name", "operations", "expected"),
    [
        ("True", "('shop', '0003_order')", "0004_invoice.py", CREATE, [(4, 4)]),
        # The name does not matter: what the file does does.
        ("True", "('shop', '0003_order')", "0002_initial.py", CREATE, [(4, 4)]),
        ("True", "('shop', '0003_order')", "0004_invoice.py", f"{ADD}, {CREATE}", [(4, 4)]),
        # Only additions, and the dependency's file cannot be read: maybe a split initial.
        ("True", "('shop', '0003_order')", "0002_initial.py", ADD, []),
        ("True", "('shop', '0003_order')", "0004_invoice.py", ADD, []),
        ("True", "('shop', '0003_order')", "0150_squashed.py", "", []),
        ("False", "('shop', '0003_order')", "0004_invoice.py", CREATE, []),
        ("INITIAL", "('shop', '0003_order')", "0004_invoice.py", CREATE, []),
        ("True", "('shop', '__latest__')", "0004_invoice.py", CREATE, []),
        ("True", "('payments', '0003_order')", "0004_invoice.py", CREATE, []),
        ("True", "('shop', NAME)", "0004_invoice.py", CREATE, []),
    ],
)
def test_djm605(
    initial: str, dependencies: str, name: str, operations: str, expected: list[tuple[int, int]]
) -> None:
    source = INITIAL.format(initial=initial, dependencies=dependencies, operations=operations)
    found = _report("DJM605", source, f"shop/migrations/{name}")
    message = "DJM605 `initial = True` but it depends on `shop.0003_order`: remove `initial`"
    assert found == [(*position, message) for position in expected]


USER_FIELD = """\
    from django.db import migrations, models

    class Migration(migrations.Migration):
        operations = [
            migrations.CreateModel(
                "Order",
                [
                    ("customer", models.ForeignKey("auth.User", models.CASCADE)),
                    ["buyer", models.ForeignKey("auth.User", models.CASCADE)],
                    (NAME, models.ForeignKey("auth.User", models.CASCADE)),
                    ("x", models.ForeignKey("auth.User", models.CASCADE), "extra"),
                ],
            ),
            migrations.CreateModel("Invoice", FIELDS),
            migrations.AddField("order", "payer", models.ForeignKey("auth.User", models.CASCADE)),
            migrations.AddField("order", "seller"),
        ]
    """


def test_djm607_messages_name_the_model_and_field() -> None:
    text = "`{}` points to `auth.User`: use `settings.AUTH_USER_MODEL`"
    assert _report("DJM607", USER_FIELD) == [
        (8, 29, "DJM607 " + text.format("order.customer")),
        (9, 26, "DJM607 " + text.format("order.buyer")),
        (10, 23, "DJM607 " + text.format("order.?")),
        (15, 46, "DJM607 " + text.format("order.payer")),
    ]


def test_djm607_silent_in_the_auth_app() -> None:
    assert _report("DJM607", USER_FIELD, "django/contrib/auth/migrations/0013_x.py") == []


def test_djm604_note_at_the_end_of_the_file_names_no_module() -> None:
    source = """\
        from django.db import migrations

        class Migration(migrations.Migration):
            operations = [migrations.RunPython(shop.data.fill, None)]

        # Functions from the following migrations need manual copying.
        """
    assert _report("DJM604", source) == [
        (
            3,
            0,
            "DJM604 `another migration` is still listed in Django's squash note: copy what"
            " this migration needs from it",
        )
    ]


def test_djm602_a_self_dependency_is_a_cycle_and_silences_leaves_and_state() -> None:
    folder = harness.APPS / "djm602_self" / "shop" / "migrations"
    found = {
        path.name: [(v.line, v.text) for v in _check_all(path)]
        for path in sorted(folder.glob("0*.py"))
    }
    assert found == {
        "0001_initial.py": [],
        "0002_order_total.py": [
            (4, "DJM602 `0002_order_total` depends on itself: remove that dependency")
        ],
        "0003_order_paid.py": [],
    }


def _check_all(path: Path) -> list[Violation]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    return check_file(ast.parse(source), str(path), lines, harness.make_settings())


def _djm611_messages(app: str, start_after: str = "") -> dict[str, list[tuple[int, str]]]:
    folder = harness.APPS / "djm611_labels" / app / "migrations"
    found = {}
    for path in sorted(folder.glob("0*.py")):
        fixture = harness.load(path)
        lines = fixture.source.splitlines(keepends=True)
        tree = ast.parse(fixture.source)
        rules = (BY_CODE["DJM611"],)
        settings = replace(fixture.settings, start_after=parse_start_after(start_after))
        violations = check_file(tree, str(path), lines, settings, rules)
        found[path.name] = [(v.line, v.text) for v in violations]
    return found


def test_djm611_names_both_labels_once_per_folder() -> None:
    assert _djm611_messages("shop") == {
        "0001_initial.py": [
            (
                7,
                "DJM611 `djm-app-labels` says `store`, but these migrations call it `shop`:"
                " graph and state rules off",
            )
        ],
        "0002_order_total.py": [],
        "0003_order_paid.py": [],
    }


@pytest.mark.parametrize(
    ("start_after", "reported"),
    [
        ("store.0001", ["0002_order_total.py"]),
        ("store.0003", []),
        ("shop.0003", ["0001_initial.py"]),
    ],
)
def test_djm611_reports_the_first_migration_after_the_history(
    start_after: str, reported: list[str]
) -> None:
    found = _djm611_messages("shop", start_after)
    assert [name for name, violations in found.items() if violations] == reported


def test_djm611_names_every_label_of_a_tie() -> None:
    assert _djm611_messages("ties")["0001_initial.py"] == [
        (
            7,
            "DJM611 `djm-app-labels` says `ties`, but these migrations call it `alpha` or"
            " `beta`: graph and state rules off",
        )
    ]


def test_djm611_reports_the_first_migration_by_name_counting_the_checked_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    head = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
    source = head + "    operations = []\n"
    (folder / "0001_a.py").write_text(source, encoding="utf-8")
    (folder / "0002_b.py").write_text(head + "    dependencies = [('shop', '0001_a')]\n")
    settings = harness.make_settings(app_labels="shop:store")
    rules = (BY_CODE["DJM611"],)
    found = {
        name: [
            v.code for v in check_file(ast.parse(source), str(folder / name), [], settings, rules)
        ]
        for name in ("0001_a.py", "0002_b.py", "0000_new.py")
    }
    assert found == {"0001_a.py": ["DJM611"], "0002_b.py": [], "0000_new.py": ["DJM611"]}
