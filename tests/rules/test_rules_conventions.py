"""Behaviour of the reversibility and convention rules that fixtures cannot show.

A fixture must expect at least one diagnostic, so the silent cases that depend on the file
name or on `djm-django-version` are checked here, with the exact messages.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests import harness

INDEX_TOGETHER = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_order_created")]

    operations = [
        migrations.AlterIndexTogether(name="order", index_together={("customer", "created")}),
    ]
"""

ADD_FIELD = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_product")]

    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=32, null=True)),
    ]
"""


def _report(
    code: str, source: str, name: str = "0002_change.py", settings: Settings | None = None
) -> list[tuple[int, int, str]]:
    lines = source.splitlines(keepends=True)
    found = check_file(
        ast.parse(source),
        f"shop/migrations/{name}",
        lines,
        settings or harness.make_settings(),
        (BY_CODE[code],),
    )
    return [(v.line, v.col, v.text) for v in found]


@pytest.mark.parametrize("version", ["3.2", "4.0", "4.1"])
def test_djm703_silent_before_django_4_2(version: str) -> None:
    settings = harness.make_settings(django_version=version)
    assert _report("DJM703", INDEX_TOGETHER, settings=settings) == []


@pytest.mark.parametrize("version", ["4.2", "5.0", "5.1", "6.0"])
def test_djm703_reports_from_django_4_2(version: str) -> None:
    settings = harness.make_settings(django_version=version)
    message = "DJM703 `order` uses `index_together`, deprecated: use `Meta.indexes`"
    assert _report("DJM703", INDEX_TOGETHER, settings=settings) == [(8, 8, message)]


@pytest.mark.parametrize(
    "name",
    [
        "0005_auto_something.py",
        "0005_add_price.py",
        "0005_auto_20240131.py",
        "0005_auto_20240131_09.py",
        "0005_auto_2024013_0942.py",
        "005_auto_20240131_0942.py",
        "0005_auto_20240131_0942_prices.py",
        "0005_merge_20240131_0942.py",
        "0001_squashed_0005_auto_20240131_0942.py",
        "0005_Auto_20240131_0942.py",
        "auto_20240131_0942.py",
    ],
)
def test_djm700_ignores_names_that_are_not_generated(name: str) -> None:
    assert _report("DJM700", ADD_FIELD, name=name) == []


def test_djm700_names_the_migration_on_the_class_line() -> None:
    message = (
        "DJM700 `0005_auto_20240131_0942` is an auto-generated name: rename it after its changes"
    )
    assert _report("DJM700", ADD_FIELD, name="0005_auto_20240131_0942.py") == [(4, 0, message)]


def test_djm700_silent_on_history() -> None:
    settings = harness.make_settings(start_after="shop.0005")
    assert _report("DJM700", ADD_FIELD, name="0005_auto_20240131_0942.py", settings=settings) == []


def _operation(call: str) -> str:
    return ADD_FIELD.replace(
        'migrations.AddField("product", "sku", models.CharField(max_length=32, null=True))', call
    )


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        ("migrations.RunPython(fill_slugs)", "fill_slugs"),
        ("migrations.RunPython(code=helpers.fill_slugs)", "helpers.fill_slugs"),
        ("migrations.RunPython(lambda apps, schema_editor: None)", "..."),
        ("migrations.RunPython(populate_the_default_currency_of_orders)", "..."),
        ("migrations.RunPython(reverse_code=None)", "..."),
    ],
)
def test_djm500_message_names_the_forward_callable(call: str, shown: str) -> None:
    message = (
        f"DJM500 `RunPython({shown})` cannot be unapplied: add `reverse_code` "
        "(or `RunPython.noop`)"
    )
    assert _report("DJM500", _operation(call)) == [(8, 8, message)]


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        ("migrations.RunSQL(CREATE_VIEW)", "CREATE_VIEW"),
        ('migrations.RunSQL("CREATE EXTENSION pg_trgm")', '"CREATE EXTENSION ..."'),
        ('migrations.RunSQL("VACUUM ANALYZE")', '"VACUUM ANALYZE"'),
        ('migrations.RunSQL("  -- tidy up\\n  DELETE FROM shop_cart")', '"DELETE FROM ..."'),
        ('migrations.RunSQL("-- nothing yet")', "..."),
        ('migrations.RunSQL("REFRESH MATERIALIZED_VIEW_OF_ALL_OPEN_ORDERS")', "..."),
        ('migrations.RunSQL(["DELETE FROM shop_cart"])', "..."),
        ('migrations.RunSQL(f"DELETE FROM {TABLE}")', "..."),
        ("migrations.RunSQL(reverse_sql=None)", "..."),
    ],
)
def test_djm501_message_names_the_statement(call: str, shown: str) -> None:
    message = f"DJM501 `RunSQL({shown})` cannot be unapplied: add `reverse_sql` (or `RunSQL.noop`)"
    assert _report("DJM501", _operation(call)) == [(8, 8, message)]


RULE_FILES = sorted((Path(__file__).parents[2] / "flake8_django_migrations/rules").glob("djm*.py"))


def test_rule_modules_are_found() -> None:
    assert len(RULE_FILES) == len(BY_CODE)


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.stem)
def test_rules_import_only_the_rule_api_and_the_standard_library(path: Path) -> None:
    assert harness.engine_imports(path) == []


def test_the_layering_check_sees_an_engine_import(tmp_path: Path) -> None:
    rule = tmp_path / "djm999_x.py"
    rule.write_text(
        "import flake8_django_migrations.sql\n"
        "from flake8_django_migrations import runpython\n"
        "from flake8_django_migrations.rules.api import Rule\n"
        "from . import api\n"
        "from .api import Rule\n",
        encoding="utf-8",
    )
    assert harness.engine_imports(rule) == [
        "flake8_django_migrations.sql",
        "flake8_django_migrations",
        "flake8_django_migrations.rules.",
    ]
