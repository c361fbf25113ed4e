"""Data-migration (DJM4) and file-level convention (DJM701, DJM702, DJM704) rules: the
messages no fixture shows, and the silent cases that need a whole file of their own."""

from __future__ import annotations

import ast

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests import harness


def _report(
    code: str, source: str, name: str = "0012_change.py", settings: Settings | None = None
) -> list[tuple[int, int, str]]:
    found = check_file(
        ast.parse(source),
        f"shop/migrations/{name}",
        source.splitlines(keepends=True),
        settings or harness.make_settings(),
        (BY_CODE[code],),
    )
    return [(v.line, v.col, v.text) for v in found]


DATA_STEP = """\
from django.core.management import call_command
from django.db import migrations

from shop.models import Supplier


def prices(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Archive = apps.get_model("shop", "Archive")
    for product in Product.objects.all():
        product.save()
        Archive(**product.__dict__)
    Product.objects.bulk_update(list(Supplier.objects.all()), ["price"])
    call_command("loaddata", "prices")


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_price")]

    operations = [
        migrations.RunPython(prices, lambda apps: None),
    ]
"""


def test_djm401_names_a_lambda_given_as_reverse_code() -> None:
    # The fixtures pin the message of every other rule of the family.
    assert _report("DJM401", DATA_STEP) == [
        (21, 8, "DJM401 `reverse_code` `lambda` cannot be called as `f(apps, schema_editor)`")
    ]


def test_djm702_silent_with_a_module_docstring() -> None:
    assert _report("DJM702", f'"""Prices move to cents."""\n{DATA_STEP}') == []


ELEVEN_FIELDS = "\n".join(
    f'        migrations.AddField("product", "f{i}", models.IntegerField(null=True)),'
    for i in range(11)
)


def _many(header: str = "") -> str:
    return f"""\
from django.db import migrations, models


class Migration(migrations.Migration):
{header}    dependencies = [("shop", "0011_product_price")]

    operations = [
{ELEVEN_FIELDS}
    ]
"""


def test_djm701_message() -> None:
    assert _report("DJM701", _many()) == [
        (4, 0, "DJM701 migration has 11 operations, more than 10: split it")
    ]


def test_djm701_limit_is_an_option() -> None:
    settings = harness.make_settings(max_operations="11")
    assert _report("DJM701", _many(), settings=settings) == []


@pytest.mark.parametrize(
    "header",
    [
        "    initial = True\n",
        "    initial = IS_FIRST\n",
        '    replaces = [("shop", "0010_a"), ("shop", "0011_b")]\n',
        "    replaces = OLD\n",
    ],
)
def test_djm701_silent_on_initial_and_squashed(header: str) -> None:
    assert _report("DJM701", _many(header)) == []


def test_djm701_silent_on_old_initial_names() -> None:
    assert _report("DJM701", _many(), name="0001_initial.py") == []


def _empty(body: str, base: str = "migrations.Migration") -> str:
    return f"""\
from django.conf import settings
from django.db import migrations

from shop.migration_base import Base


class Migration({base}):
{body}
"""


@pytest.mark.parametrize(
    "body",
    [
        "    pass",
        "    dependencies = []\n    operations = []",
        '    dependencies = [("shop", "0011_a")]\n    operations = ()',
    ],
)
def test_djm704_flags_empty_migrations(body: str) -> None:
    assert _report("DJM704", _empty(body)) == [
        (7, 0, "DJM704 `0012_change` has no operations and orders nothing: delete it")
    ]


@pytest.mark.parametrize(
    "body",
    [
        # A merge migration, and dependencies on other apps or the user model.
        '    dependencies = [("shop", "0011_a"), ("shop", "0011_b")]\n    operations = []',
        '    dependencies = [("shop", "0011_a"), ("billing", "0003_b")]\n    operations = []',
        '    dependencies = [("billing", "0003_b")]\n    operations = []',
        "    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]",
        '    dependencies = [("shop", NAME)]',
        # Graph roles, and lists the plugin cannot read.
        '    replaces = [("shop", "0011_a")]\n    operations = []',
        '    run_before = [("billing", "0003_b")]',
        "    dependencies = DEPENDENCIES",
        "    dependencies = [*BASE]\n    operations = []",
        "    replaces = OLD",
        # Operations that are there, or may be.
        '    operations = [migrations.RunSQL("SELECT 1", migrations.RunSQL.noop)]',
        "    operations = build_operations()",
        "    operations = []\n    operations += EXTRA",
        "    operations = []\n    if DEBUG:\n        operations.append(STEP)",
        "    def __init__(self, *args):\n        self.operations = []",
    ],
)
def test_djm704_silent(body: str) -> None:
    assert _report("DJM704", _empty(body)) == []


def test_djm704_silent_when_the_module_adds_operations() -> None:
    source = _empty("    operations = []") + "\nMigration.operations.append(STEP)\n"
    assert _report("DJM704", source) == []


def test_djm704_silent_with_a_custom_base() -> None:
    assert _report("DJM704", _empty("    operations = []", base="Base")) == []
