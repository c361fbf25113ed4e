"""The data migrations a Django guide shows, each under every rule (opt-in ones included).

Each file in `fixtures/runpython_guide/` is one kind of data migration: default rows from a
literal list, a price conversion that saves row by row, profiles copied in batches,
conditional updates, router-aware steps, `transaction.atomic` inside `RunPython`,
`RunPython.noop` reverses, `**obj.__dict__` copies, the Django documentation's own
`combine_names`, and a table created and filled in one migration. The table below is
everything the plugin reports on them: a finding missing or added fails the test.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from tests import harness

GUIDE = harness.FIXTURES / "runpython_guide"

EXPECTED: dict[str, list[tuple[int, str]]] = {
    "0002_default_categories.py": [],
    "0003_prices_to_cents.py": [
        (4, "DJM405"),  # no `using(schema_editor.connection.alias)`
        (6, "DJM403"),  # `for product in Product.objects.all()`
        (8, "DJM402"),  # `product.save()` per row
        (11, "DJM405"),
        (15, "DJM402"),  # streamed with `.iterator()`, but still one UPDATE per row
        (18, "DJM702"),  # neither the file nor `prices_to_cents` says why
    ],
    "0004_copy_profiles.py": [],
    "0005_close_stale_orders.py": [],
    "0006_router_aware.py": [],
    "0007_atomic_steps.py": [],
    "0008_archive_orders.py": [
        (10, "DJM403"),
        (11, "DJM402"),  # `ArchivedOrder(...).save()` per row
        (11, "DJM407"),  # `**order.__dict__`
        (12, "DJM407"),
        (19, "DJM406"),  # the lambda reverse
    ],
    "0009_combine_names.py": [
        (7, "DJM405"),
        (9, "DJM403"),
        (11, "DJM402"),
        (12, "DJM400"),  # today's `Customer`
        (16, "DJM408"),  # `call_command("loaddata", ...)`
        (19, "DJM702"),
        (23, "DJM500"),  # no reverse
    ],
    "0010_new_table.py": [],  # the loop over `Badge` reads a table created just before
}


def _report(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    found = check_file(
        ast.parse(source),
        f"shop/migrations/{path.name}",
        source.splitlines(keepends=True),
        harness.make_settings(),
        RULES,
    )
    return sorted((v.line, v.code) for v in found)


def test_the_guide_has_exactly_the_listed_files() -> None:
    assert sorted(p.name for p in GUIDE.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_guide_migration_reports_exactly_what_it_should(name: str) -> None:
    assert _report(GUIDE / name) == EXPECTED[name]
