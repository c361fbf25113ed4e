"""`docs/terms.md#existing-table`, seen by every rule at once: the files of a split first migration
run on an empty database, and a model that the same migration drops is reported once."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from flake8_django_migrations import project
from flake8_django_migrations.context import make_context
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from tests import harness

SPLIT = harness.APPS / "djm203_split_initial" / "shop" / "migrations"


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    project.clear_cache()


def every_rule(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines(keepends=True)
    found = check_file(ast.parse(source), str(path), lines, harness.make_settings())
    return [(v.line, v.code) for v in found]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("0001_initial.py", []),
        ("0002_initial.py", []),
        ("0003_initial_part_3.py", []),
        ("0004_order_coupon.py", [(13, "DJM203")]),
        ("0005_initial.py", [(9, "DJM605"), (17, "DJM203")]),
    ],
)
def test_split_first_migration_reports_nothing_until_the_tables_exist(
    name: str, expected: list[tuple[int, str]]
) -> None:
    assert every_rule(SPLIT / name) == expected


def test_the_same_file_without_initial_is_checked_as_a_change(tmp_path: Path) -> None:
    folder = shutil.copytree(SPLIT, tmp_path / "shop" / "migrations")
    second = folder / "0002_initial.py"
    second.write_text(second.read_text().replace("    initial = True\n", ""))
    assert every_rule(second) == [
        (20, "DJM105"),
        (20, "DJM203"),
        (29, "DJM203"),
        (38, "DJM200"),
        (42, "DJM202"),
        (48, "DJM202"),
    ]
    # Its successor is still `initial = True`, but its ancestry no longer is.
    assert every_rule(folder / "0003_initial_part_3.py") == [
        (9, "DJM605"),
        (17, "DJM105"),
        (17, "DJM203"),
    ]


def test_initial_file_of_an_app_whose_first_file_is_not_initial(tmp_path: Path) -> None:
    folder = shutil.copytree(SPLIT, tmp_path / "shop" / "migrations")
    first = folder / "0001_initial.py"
    first.write_text(first.read_text().replace("    initial = True\n", ""))
    assert every_rule(folder / "0002_initial.py") == [
        (12, "DJM605"),
        (21, "DJM105"),
        (21, "DJM203"),
        (30, "DJM203"),
        (39, "DJM200"),
        (43, "DJM202"),
        (49, "DJM202"),
    ]


def test_model_dropped_later_in_the_migration_is_reported_once(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_initial.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n\n"
        "    operations = [\n"
        "        migrations.CreateModel(\n"
        '            name="Wishlist",\n'
        "            fields=[\n"
        '                ("id", models.BigAutoField(primary_key=True, serialize=False)),\n'
        '                ("owner", models.ForeignKey(on_delete=models.CASCADE, to="auth.user")),\n'
        '                ("title", models.CharField(max_length=80)),\n'
        "            ],\n"
        '            options={"indexes": [models.Index(fields=["title"], name="wl_title_idx")]},\n'
        "        ),\n"
        "    ]\n"
    )
    second = folder / "0002_delete_wishlist.py"
    second.write_text(
        "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n"
        '    dependencies = [("shop", "0001_initial")]\n\n'
        "    operations = [\n"
        '        migrations.RemoveIndex(model_name="wishlist", name="wl_title_idx"),\n'
        '        migrations.RemoveField(model_name="wishlist", name="owner"),\n'
        '        migrations.RemoveField(model_name="wishlist", name="title"),\n'
        '        migrations.DeleteModel(name="Wishlist"),\n'
        "    ]\n"
    )
    assert every_rule(second) == [(11, "DJM101")]


def test_split_initial_whose_first_half_is_missing_is_given_the_benefit_of_the_doubt(
    tmp_path: Path,
) -> None:
    folder = shutil.copytree(SPLIT, tmp_path / "shop" / "migrations")
    (folder / "0001_initial.py").unlink()
    found = every_rule(folder / "0002_initial.py")
    # The dependency is missing (DJM601); what it created is unknown, so the tables count as
    # existing, but nothing says the file is not the second half of a split: no DJM605.
    assert [code for _, code in found] == [
        "DJM601",
        "DJM105",
        "DJM203",
        "DJM203",
        "DJM200",
        "DJM202",
        "DJM202",
    ]


def test_added_fields_are_kept_for_one_file_only(tmp_path: Path) -> None:
    # A file's answer is kept on its context for the next rule: the next file (here the same
    # text in a folder where its tables exist) has its own.
    folder = shutil.copytree(SPLIT, tmp_path / "shop" / "migrations")
    first = folder / "0001_initial.py"
    first.write_text(first.read_text().replace("    initial = True\n", ""))
    source = (SPLIT / "0002_initial.py").read_text(encoding="utf-8")

    def added(path: Path) -> list[int]:
        migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
        assert migration is not None
        ctx = make_context(str(path), harness.make_settings(), migration)
        once = [op.line for op, _ in ctx.added_fields()]
        assert [op.line for op, _ in ctx.added_fields()] == once
        return once

    split, changed = SPLIT / "0002_initial.py", folder / "0002_initial.py"
    assert (added(split), added(changed), added(split)) == ([], [21, 30], [])
