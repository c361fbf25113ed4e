"""The path gate and the per-file context: app label, number, stem, history."""

from __future__ import annotations

import os

import pytest

from flake8_django_migrations.context import (
    Context,
    file_stem,
    is_migration_path,
    make_context,
)
from flake8_django_migrations.project import normalized
from flake8_django_migrations.settings import (
    Settings,
    parse_app_labels,
    parse_migration_dirs,
    parse_start_after,
)

DEFAULT_DIRS = frozenset({"migrations"})


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("shop/migrations/0001_initial.py", True),
        ("./shop/migrations/0001_initial.py", True),
        ("/srv/project/src/apps/shop/migrations/0042_add_price.py", True),
        ("migrations/0001_initial.py", True),
        ("shop/migrations/custom_name.py", True),
        ("C:\\project\\shop\\migrations\\0001_initial.py", True),
        ("shop\\migrations/0001_initial.py", True),
        ("shop/migrations/__init__.py", False),
        ("shop/migrations/0001_initial.pyc", False),
        ("shop/migrations/0001_initial.pyi", False),
        ("shop/migrations/README.md", False),
        ("shop/migrations/squashed", False),
        ("shop/migrations/sub/0001_initial.py", False),
        ("shop/models.py", False),
        ("shop/migrations.py", False),
        ("shop/my_migrations/0001_initial.py", False),
        ("shop/Migrations/0001_initial.py", False),
        ("0001_initial.py", False),
        ("stdin", False),
        ("", False),
    ],
)
def test_is_migration_path(filename: str, expected: bool) -> None:
    assert is_migration_path(filename, DEFAULT_DIRS) is expected


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("shop/south_migrations/0001_initial.py", True),
        ("shop/db_migrations/0001_initial.py", True),
        ("shop/migrations/0001_initial.py", False),
    ],
)
def test_is_migration_path_with_custom_dirs(filename: str, expected: bool) -> None:
    dirs = parse_migration_dirs("south_migrations, db_migrations")
    assert is_migration_path(filename, dirs) is expected


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("shop/migrations/0001_initial.py", "shop"),
        ("src/apps/billing/migrations/0001_initial.py", "billing"),
        ("C:\\work\\accounts\\migrations\\0001_initial.py", "accounts"),
        ("migrations/0001_initial.py", os.path.basename(os.getcwd())),
    ],
)
def test_make_context_app_label_is_the_folder_name(filename: str, expected: str) -> None:
    ctx = make_context(filename, Settings())
    assert ctx == Context(settings=Settings(), filename=filename, app_label=expected)


def test_make_context_app_label_absolute_path(tmp_path: os.PathLike[str]) -> None:
    filename = os.path.join(os.fspath(tmp_path), "inventory", "migrations", "0003_stock.py")
    assert make_context(filename, Settings()).app_label == "inventory"


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("src/apps/shop/migrations/0001_initial.py", "store"),
        ("/srv/project/src/apps/shop/migrations/0001_initial.py", "store"),
        ("src\\apps\\shop\\migrations\\0001_initial.py", "store"),
        ("other/shop/migrations/0001_initial.py", "shop"),
        ("billing/migrations/0001_initial.py", "payments"),
    ],
)
def test_make_context_app_labels_override(filename: str, expected: str) -> None:
    settings = Settings(app_labels=parse_app_labels("apps/shop:store, billing:payments"))
    assert make_context(filename, settings).app_label == expected


@pytest.mark.parametrize(
    ("filename", "stem", "number"),
    [
        ("shop/migrations/0042_add_price.py", "0042_add_price", 42),
        ("shop/migrations/0001_initial.py", "0001_initial", 1),
        ("C:\\shop\\migrations\\0007_x.py", "0007_x", 7),
        ("shop/migrations/12345_long.py", "12345_long", 12345),
        ("shop/migrations/0003.py", "0003", 3),
        ("shop/migrations/auto_add_price.py", "auto_add_price", None),
        ("shop/migrations/v0001_initial.py", "v0001_initial", None),
        ("0001_initial", "0001_initial", 1),
    ],
)
def test_stem_and_number(filename: str, stem: str, number: int | None) -> None:
    ctx = Context(Settings(), filename, "shop")
    assert (ctx.stem, ctx.number) == (stem, number)
    assert file_stem(filename) == stem


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("shop/migrations/0001_initial.py", True),
        ("shop/migrations/0010_last_history.py", True),
        ("shop/migrations/0011_first_checked.py", False),
        ("shop/migrations/auto_price.py", False),
        ("billing/migrations/0002_invoice.py", True),
        ("billing/migrations/0003_tax.py", False),
        ("accounts/migrations/0001_initial.py", False),
    ],
)
def test_is_history_with_start_after(filename: str, expected: bool) -> None:
    settings = Settings(start_after=parse_start_after("shop.0010, billing.0002"))
    assert make_context(filename, settings).is_history is expected


def test_is_history_uses_the_configured_label() -> None:
    settings = Settings(
        start_after=parse_start_after("store.0005"),
        app_labels=parse_app_labels("shop:store"),
    )
    assert make_context("shop/migrations/0004_x.py", settings).is_history is True
    assert make_context("shop/migrations/0006_x.py", settings).is_history is False


def test_nothing_is_history_by_default() -> None:
    assert make_context("shop/migrations/0001_initial.py", Settings()).is_history is False


def test_table_name() -> None:
    ctx = Context(Settings(), "shop/migrations/0001_initial.py", "shop")
    assert ctx.table_name("OrderItem") == "shop_orderitem"


def test_normalized() -> None:
    assert normalized("a\\b/c\\d.py") == "a/b/c/d.py"


def test_a_context_built_from_a_file_name_alone_has_no_file_to_read() -> None:
    ctx = make_context("shop/migrations/0002_x.py", Settings())
    with pytest.raises(ValueError, match="a context without its migration"):
        ctx.sql  # noqa: B018


def test_without_a_readable_folder_the_graph_is_a_graph_of_nothing() -> None:
    ctx = make_context("nowhere/migrations/0002_x.py", Settings())
    graph = ctx.graph
    assert (graph.known, graph.certain, graph.leaves, graph.cycle_of("0002_x")) == (
        False,
        False,
        (),
        (),
    )
    assert graph.sharing_number("0002_x") == ()
    assert (ctx.other_app("billing"), ctx.migrations_on_disk) == (None, frozenset())
    assert (ctx.max_migration, ctx.migration_modules) == (None, None)
