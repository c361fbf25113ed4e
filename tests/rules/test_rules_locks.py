"""Messages of the DJM2 lock rules in the cases their fixtures do not hold (another database,
the extras of a unique constraint); the fixtures pin the others."""

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
        # Fields only, a deferrable one, a condition, an expression: pinned in the fixture.
        ('fields=["code"], name="u", condition=None, include=[], opclasses=()', FIELDS_ONLY),
        ('fields=["code"], name="u", include=["total"]', INDEX_FORM),
        ('fields=["code"], name="u", opclasses=OPCLASSES', INDEX_FORM),
        ('fields=["code"], name="u", **EXTRA', INDEX_FORM),
    ],
    ids=[
        "empty-extras",
        "include",
        "opclasses-unknown",
        "kwargs-unknown",
    ],
)
def test_djm202_lock_follows_the_sql_django_emits(arguments: str, message: str) -> None:
    operation = f'migrations.AddConstraint("order", models.UniqueConstraint({arguments}))'
    assert _messages("DJM202", operation) == [message]
