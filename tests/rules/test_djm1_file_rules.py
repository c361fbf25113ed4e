"""What fixtures cannot show of the file-level DJM1 rules: the version-dependent advice of
DJM109 on every version before 5.0, the split between DJM105 and DJM109, and migrations
marked to run after the deploy. The fixtures pin each rule's message."""

from __future__ import annotations

import ast

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests import harness

TEMPLATE = """\
import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_product")]

    operations = [
        {operation},
    ]
"""


def _report(
    code: str, operation: str, settings: Settings | None = None
) -> list[tuple[int, int, str]]:
    source = TEMPLATE.format(operation=operation)
    found = check_file(
        ast.parse(source),
        "shop/migrations/0005_change.py",
        source.splitlines(keepends=True),
        settings or harness.make_settings(),
        (BY_CODE[code],),
    )
    return [(v.line, v.col, v.text) for v in found]


@pytest.mark.parametrize("version", ["3.2", "4.1", "4.2"])
def test_djm109_suggests_null_before_django_5(version: str) -> None:
    settings = harness.make_settings(django_version=version)
    operation = 'migrations.AddField("order", "created", models.DateTimeField(auto_now_add=True))'
    message = "DJM109 `order.created` breaks old code's INSERTs: add `null=True` first"
    assert _report("DJM109", operation, settings) == [(10, 8, message)]


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.IntegerField()", ["DJM105"]),
        ("models.IntegerField(default=0)", ["DJM109"]),
        ("models.CharField(max_length=5, blank=True)", ["DJM109"]),
        ("models.DateTimeField(auto_now=True)", ["DJM109"]),
        ("models.IntegerField(default=0, db_default=0)", []),
        ("models.IntegerField(null=True)", []),
        ("models.IntegerField(default=0, null=True)", []),
        ("models.ManyToManyField('shop.Tag')", []),
        ("models.BigAutoField(primary_key=True)", []),
    ],
)
def test_djm105_and_djm109_never_report_the_same_field(field: str, expected: list[str]) -> None:
    operation = f'migrations.AddField("order", "extra", {field})'
    found = [
        text.split()[0] for code in ("DJM105", "DJM109") for *_, text in _report(code, operation)
    ]
    assert found == expected


AFTER_DEPLOY = """\
from django.db import migrations, models
from django_safemigrate import Safe


class Migration(migrations.Migration):
    safe = Safe.{when}
    dependencies = [("shop", "0004_product")]

    operations = [
        {operation},
    ]
"""


@pytest.mark.parametrize(
    ("code", "operation", "silent_after_deploy"),
    [
        ("DJM100", 'migrations.RemoveField("product", "price")', True),
        ("DJM101", 'migrations.DeleteModel("Coupon")', True),
        (
            "DJM109",
            'migrations.AddField("product", "channel", models.TextField(default="web"))',
            True,
        ),
        # A rename breaks the new release instead, until the migration has run.
        ("DJM102", 'migrations.RenameField("product", "price", "unit_price")', False),
        ("DJM103", 'migrations.RenameModel("Coupon", "Voucher")', False),
        ("DJM104", 'migrations.AlterModelTable("coupon", "shop_voucher")', False),
        # Not about the code that runs during the deploy.
        ("DJM105", 'migrations.AddField("product", "channel", models.TextField())', False),
    ],
)
def test_after_deploy_migration(code: str, operation: str, silent_after_deploy: bool) -> None:
    def codes(when: str) -> list[str]:
        source = AFTER_DEPLOY.format(when=when, operation=operation)
        found = check_file(
            ast.parse(source),
            "shop/migrations/0005_change.py",
            source.splitlines(keepends=True),
            harness.make_settings(),
            (BY_CODE[code],),
        )
        return [v.code for v in found]

    assert codes("before_deploy") == [code]
    assert codes("after_deploy") == ([] if silent_after_deploy else [code])
    assert codes("after_deploy(delay=None)") == ([] if silent_after_deploy else [code])
