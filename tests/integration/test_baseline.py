"""`baseline`: the djm-start-after line that makes a project's current migrations history."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from flake8_django_migrations import baseline
from flake8_django_migrations.__main__ import main
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import Settings, parse_start_after

ADD_SKU = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    operations = [migrations.AddField("product", "sku", models.CharField(max_length=9))]
"""


def make_tree(root: Path, files: list[str]) -> None:
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(ADD_SKU, encoding="utf-8")


def test_baseline_prints_the_latest_number_of_each_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(
        tmp_path,
        [
            "shop/migrations/0001_initial.py",
            "shop/migrations/0041_product_sku.py",
            "shop/migrations/0007_auto_20200101_1200.py",
            "shop/migrations/__init__.py",
            "shop/migrations/helpers.py",
            "src/accounts/migrations/0003_profile.py",
            "legacy/billing/migrations/12345_five_digits.py",
            "notes/migrations/README.py",
        ],
    )
    assert main(["baseline", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "djm-start-after =",
        "    accounts.0003,",
        "    billing.12345,",
        "    shop.0041",
    ]


def test_baseline_skips_hidden_and_third_party_folders(tmp_path: Path) -> None:
    make_tree(
        tmp_path,
        [
            ".venv/lib/python3.12/site-packages/django/contrib/auth/migrations/0012_user.py",
            "venv/lib/python3.12/site-packages/taggit/migrations/0006_x.py",
            "frontend/node_modules/pkg/migrations/0001_x.py",
            "shop/migrations/0002_x.py",
        ],
    )
    assert baseline.latest_numbers(tmp_path, frozenset({"migrations"})) == {"shop": 2}


def test_baseline_keeps_the_highest_number_when_two_folders_share_a_label(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path, ["a/shop/migrations/0004_x.py", "b/shop/migrations/0009_y.py"])
    assert baseline.latest_numbers(tmp_path, frozenset({"migrations"})) == {"shop": 9}


def test_baseline_follows_custom_migration_dirs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_tree(tmp_path, ["shop/db_migrations/0005_x.py", "blog/migrations/0002_y.py"])
    assert main(["baseline", str(tmp_path), "--migration-dirs", "db_migrations"]) == 0
    assert capsys.readouterr().out.splitlines() == ["djm-start-after =", "    shop.0005"]


def test_baseline_says_when_it_finds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["baseline", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "# no numbered migrations found\n"


def test_baseline_output_makes_existing_migrations_history_and_later_ones_checked(
    tmp_path: Path,
) -> None:
    make_tree(tmp_path, ["shop/migrations/0041_product_sku.py"])
    lines = baseline.config_lines(baseline.latest_numbers(tmp_path, frozenset({"migrations"})))
    settings = Settings(start_after=parse_start_after("\n".join(lines[1:])))
    tree = ast.parse(ADD_SKU)
    source = ADD_SKU.splitlines(keepends=True)
    assert check_file(tree, "shop/migrations/0041_product_sku.py", source, settings) == []
    found = check_file(tree, "shop/migrations/0042_product_ean.py", source, settings)
    assert [(v.line, v.code) for v in found] == [(5, "DJM105")]
