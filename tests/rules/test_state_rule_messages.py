"""Messages of the rules that read the replayed state, on the app fixtures checked under
another database than theirs; the fixtures pin their PostgreSQL messages."""

from __future__ import annotations

import ast
import dataclasses

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from tests import harness


def _messages(code: str, case: str, name: str, database: str) -> list[tuple[int, str]]:
    fixture = harness.load(harness.APPS / case / "shop" / "migrations" / name)
    found = check_file(
        ast.parse(fixture.source),
        fixture.display_name,
        fixture.source.splitlines(keepends=True),
        dataclasses.replace(fixture.settings, database=database),
        (BY_CODE[code],),
    )
    return [(v.line, v.text) for v in found]


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
