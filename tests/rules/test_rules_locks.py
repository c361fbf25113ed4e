"""Messages of the DJM2 lock rules, which fixtures (lines and codes only) cannot show."""

from __future__ import annotations

import ast

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.settings import Settings
from tests import harness

TEMPLATE = """\
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
        {operation},
    ]
"""


def _messages(code: str, operation: str, settings: Settings | None = None) -> list[str]:
    source = TEMPLATE.format(operation=operation)
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        settings or harness.make_settings(),
        (BY_CODE[code],),
    )
    assert all((v.line, v.col) == (12, 8) for v in found)
    return [v.text for v in found]


def test_djm200_add_index_blocks_writes_only() -> None:
    operation = 'migrations.AddIndex("order", models.Index(fields=["paid_at"], name="o_paid"))'
    assert _messages("DJM200", operation) == [
        "DJM200 `order`: index build blocks writes; use `AddIndexConcurrently`"
    ]


def test_djm200_add_field_index_blocks_reads_too() -> None:
    field = "models.CharField(max_length=9, null=True, db_index=True)"
    operation = f'migrations.AddField("order", "code", {field})'
    assert _messages("DJM200", operation) == [
        "DJM200 `order.code`: index build blocks reads and writes; add it `db_index=False`, then "
        "`AddIndexConcurrently`"
    ]


def test_djm201_reports_on_every_database() -> None:
    operation = 'AddIndexConcurrently("order", models.Index(fields=["paid_at"], name="o_paid"))'
    settings = harness.make_settings(database="sqlite")
    assert _messages("DJM201", operation, settings) == [
        "DJM201 `AddIndexConcurrently` on `order` needs a migration with `atomic = False`"
    ]


FIX = "build it concurrently, then attach"
FIELDS_ONLY = f"DJM202 `order`: unique index build blocks reads and writes; {FIX}"
INDEX_FORM = f"DJM202 `order`: unique index build blocks writes; {FIX}"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('fields=["code"], name="u"', FIELDS_ONLY),
        ('fields=["code"], name="u", condition=None, include=[], opclasses=()', FIELDS_ONLY),
        ('fields=["code"], name="u", deferrable=models.Deferrable.DEFERRED', FIELDS_ONLY),
        ('fields=["code"], name="u", condition=Q(status="open")', INDEX_FORM),
        ('Lower("code"), name="u"', INDEX_FORM),
        ('fields=["code"], name="u", include=["total"]', INDEX_FORM),
        ('fields=["code"], name="u", opclasses=OPCLASSES', INDEX_FORM),
        ('fields=["code"], name="u", **EXTRA', INDEX_FORM),
    ],
    ids=[
        "fields",
        "empty-extras",
        "deferrable",
        "condition",
        "expression",
        "include",
        "opclasses-unknown",
        "kwargs-unknown",
    ],
)
def test_djm202_lock_follows_the_sql_django_emits(arguments: str, message: str) -> None:
    operation = f'migrations.AddConstraint("order", models.UniqueConstraint({arguments}))'
    assert _messages("DJM202", operation) == [message]


@pytest.mark.parametrize(
    ("arguments", "work", "fix"),
    [
        ("null=True", "index build", "add it `db_index=False`"),
        ("db_index=False, default=1", "validation", "add it nullable"),
        ("default=1", "index build and validation", "add it nullable, no index"),
    ],
)
def test_djm203_names_the_work_done_under_the_lock(arguments: str, work: str, fix: str) -> None:
    operation = (
        f'migrations.AddField("order", "shop", models.ForeignKey("shop.shop", models.CASCADE, '
        f"{arguments}))"
    )
    assert _messages("DJM203", operation) == [
        f"DJM203 `order.shop`: foreign key {work} under lock; {fix}"
    ]


def test_djm204_names_the_positive_field_class() -> None:
    operation = (
        'migrations.AddField("order", "items", models.PositiveSmallIntegerField(null=True))'
    )
    assert _messages("DJM204", operation) == [
        "DJM204 `order.items`: `PositiveSmallIntegerField` CHECK scan under full lock; add it "
        "`NOT VALID` first"
    ]


@pytest.mark.parametrize(
    ("field", "cause"),
    [
        ("models.UUIDField(db_default=RandomUUID())", "volatile `db_default`"),
        (
            "models.GeneratedField(expression=F('a') + 1, output_field=models.IntegerField(), "
            "db_persist=True)",
            "stored `GeneratedField`",
        ),
    ],
    ids=["volatile", "generated"],
)
def test_djm206_names_the_cause_of_the_rewrite(field: str, cause: str) -> None:
    operation = f'migrations.AddField("order", "extra", {field})'
    assert _messages("DJM206", operation) == [
        f"DJM206 `order.extra`: {cause} rewrites the table under lock; add it nullable"
    ]
