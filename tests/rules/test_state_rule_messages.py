"""Exact messages of the rules that read the replayed state, on the app fixtures.

Fixtures compare lines and codes only; the texts that depend on what the state says of the
field (a default on the new field, a join table instead of a column) are checked here.
"""

from __future__ import annotations

import ast
import dataclasses

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from tests import harness


def _messages(
    code: str, case: str, name: str, database: str = "postgresql"
) -> list[tuple[int, str]]:
    fixture = harness.load(harness.APPS / case / "shop" / "migrations" / name)
    found = check_file(
        ast.parse(fixture.source),
        fixture.display_name,
        fixture.source.splitlines(keepends=True),
        dataclasses.replace(fixture.settings, database=database),
        (BY_CODE[code],),
    )
    return [(v.line, v.text) for v in found]


def test_djm106_says_when_django_updates_the_null_rows_first() -> None:
    scan = (
        "DJM106 `order.{}` set NOT NULL: full scan under lock, old code writes NULL; add a CHECK"
    )
    update = (
        "DJM106 `order.{}` set NOT NULL: UPDATEs NULLs under lock, old code writes NULL; "
        "add a CHECK"
    )
    assert _messages("DJM106", "djm106_state", "0003_not_null.py") == [
        (9, scan.format("currency")),
        (10, update.format("note")),
        (16, scan.format("region")),
        (22, update.format("rank")),
        (24, scan.format("label")),
    ]


@pytest.mark.parametrize("database", ["mysql", "sqlite", "oracle", "generic"])
def test_djm106_speaks_of_the_running_code_only_on_other_databases(database: str) -> None:
    message = (
        "DJM106 `order.{}` set NOT NULL while old code writes NULL: deploy code that fills it"
    )
    assert _messages("DJM106", "djm106_state", "0003_not_null.py", database) == [
        (9, message.format("currency")),
        (10, message.format("note")),
        (16, message.format("region")),
        (22, message.format("rank")),
        (24, message.format("label")),
    ]


def test_djm102_names_the_join_table_of_a_many_to_many() -> None:
    assert _messages("DJM102", "djm102_state", "0002_changes.py") == [
        (8, "DJM102 `product.code` renamed under old code: keep the column with `db_column`"),
        (12, "DJM102 `product.tags` renamed under old code: keep its join table with `db_table`"),
    ]


def test_djm106_db_default_none_fills_no_null_rows() -> None:
    scan = (
        "DJM106 `token.{}` set NOT NULL: full scan under lock, old code writes NULL; add a CHECK"
    )
    assert _messages("DJM106", "djm106_custom_field", "0002_not_null.py") == [
        (10, scan.format("checksum")),
        (21, scan.format("level")),
    ]


def test_djm102_names_both_columns_of_an_alter_field() -> None:
    assert _messages("DJM102", "djm102_db_column", "0002_columns.py") == [
        (11, "DJM102 `order.status`: column `status` renamed to `state` under old code"),
        (17, "DJM102 `order.code`: column `order_code` renamed to `code` under old code"),
        (18, "DJM102 `order.customer`: column `customer_id` renamed to `customer` under old code"),
    ]


def test_djm306_names_the_staged_drop_or_keeping_the_name() -> None:
    drop = "DJM306 `ALTER TABLE shop_product DROP COLUMN ...`: `product.legacy_code` in use; "
    assert _messages("DJM306", "djm306_staged", "0003_drops.py")[:2] == [
        (8, drop + "drop it from state first"),
        (
            9,
            'DJM306 `ALTER TABLE "shop_product" RENAME COLUMN ...`: `product.name` in use; '
            "keep its name",
        ),
    ]
