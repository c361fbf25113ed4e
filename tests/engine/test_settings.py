"""Option parsing and validation: `settings_from_options` and the `parse_*` functions."""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import PurePath, PurePosixPath

import pytest

from flake8_django_migrations.settings import (
    OptionError,
    Settings,
    installed_django_version,
    parse_app_labels,
    parse_database,
    parse_django_version,
    parse_max_operations,
    parse_migration_dirs,
    parse_start_after,
    release,
    settings_from_options,
    split_list,
)

GOOD = {
    "djm_database": "postgresql",
    "djm_django_version": "5.0",
    "djm_start_after": "",
    "djm_migration_dirs": "migrations",
    "djm_app_labels": "",
    "djm_max_operations": "10",
    "djm_fix_batch_size": "1000",
}


def namespace(**overrides: object) -> argparse.Namespace:
    return argparse.Namespace(**{**GOOD, **overrides})


def test_settings_from_options_defaults() -> None:
    built = settings_from_options(namespace())
    assert built == Settings(django_version=(5, 0))


def test_settings_from_options_every_option() -> None:
    built = settings_from_options(
        namespace(
            djm_database=" SQLite ",
            djm_django_version="4.2",
            djm_start_after="shop.0012, billing.3",
            djm_migration_dirs="migrations\nsouth_migrations",
            djm_app_labels="src/apps/shop:store",
            djm_max_operations=" 25 ",
            djm_fix_batch_size="500",
        )
    )
    assert built.database == "sqlite"
    assert built.django_version == (4, 2)
    assert dict(built.start_after) == {"shop": 12, "billing": 3}
    assert built.migration_dirs == frozenset({"migrations", "south_migrations"})
    assert built.app_labels == ((("src", "apps", "shop"), "store"),)
    assert built.max_operations == 25
    assert built.fix_batch_size == 500


@pytest.mark.parametrize(
    ("option", "value", "name"),
    [
        ("djm_database", "postgres", "djm-database"),
        ("djm_django_version", "five", "djm-django-version"),
        ("djm_start_after", "shop", "djm-start-after"),
        ("djm_migration_dirs", "", "djm-migration-dirs"),
        ("djm_app_labels", "shop", "djm-app-labels"),
        ("djm_max_operations", "0", "djm-max-operations"),
        ("djm_fix_batch_size", "x", "djm-fix-batch-size"),
    ],
)
def test_settings_from_options_bad_value_names_the_option(
    option: str, value: str, name: str
) -> None:
    with pytest.raises(OptionError) as raised:
        settings_from_options(namespace(**{option: value}))
    assert str(raised.value).split(":")[0] == name
    assert repr(value) in str(raised.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgresql", "postgresql"),
        ("PostgreSQL", "postgresql"),
        (" mysql ", "mysql"),
        ("sqlite", "sqlite"),
        ("ORACLE", "oracle"),
        ("generic", "generic"),
    ],
)
def test_parse_database(value: str, expected: str) -> None:
    assert parse_database(value) == expected


@pytest.mark.parametrize("value", ["postgres", "", "mssql", "postgresql,mysql", None])
def test_parse_database_rejects(value: object) -> None:
    with pytest.raises(OptionError) as raised:
        parse_database(value)
    assert str(raised.value) == (
        f"djm-database: {value!r} is not one of postgresql, mysql, sqlite, oracle, generic"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4.2", (4, 2)),
        ("5", (5, 0)),
        (" 5.1 ", (5, 1)),
        ("3.2.25", (3, 2)),
        ("10.11", (10, 11)),
    ],
)
def test_parse_django_version(value: str, expected: tuple[int, int]) -> None:
    assert parse_django_version(value) == expected


@pytest.mark.parametrize("value", ["five", "5.x", "4.2a1", "v4.2", "4.2.1.1", "4..2", "4.2 5.0"])
def test_parse_django_version_rejects(value: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_django_version(value)
    assert str(raised.value) == (
        f"djm-django-version: {value!r} is not a version such as 4.2 or 5.1"
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_parse_django_version_empty_reads_installed(
    value: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: {"django": "4.1.13"}[name])
    assert parse_django_version(value) == (4, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("5.0.6", (5, 0)), ("4.2", (4, 2)), ("6", (6, 0)), ("5.2rc1", (5, 2)), ("dev", None)],
)
def test_installed_django_version_reads_metadata_without_importing_django(
    text: str, expected: tuple[int, int] | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def version(name: str) -> str:
        asked.append(name)
        return text

    monkeypatch.setattr("flake8_django_migrations.settings.metadata.version", version)
    # Any `import django` now raises ImportError.
    monkeypatch.setitem(sys.modules, "django", None)
    assert installed_django_version() == expected
    assert asked == ["django"]


def test_installed_django_version_without_django(monkeypatch: pytest.MonkeyPatch) -> None:
    def version(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr("flake8_django_migrations.settings.metadata.version", version)
    assert installed_django_version() is None


def test_parse_django_version_empty_without_django_leaves_it_to_the_migrations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def version(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr("flake8_django_migrations.settings.metadata.version", version)
    assert parse_django_version("") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2.2", (2, 2)), ("3.2.25", (3, 2)), ("1.11.29", (1, 11)), ("5.0rc1", (5, 0)), ("x", None)],
)
def test_release_reads_major_and_minor(text: str, expected: tuple[int, int] | None) -> None:
    assert release(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", {}),
        (None, {}),
        ("shop.0012", {"shop": 12}),
        ("shop.0012,billing.0003", {"shop": 12, "billing": 3}),
        (" shop.0012 , billing.0003 ", {"shop": 12, "billing": 3}),
        ("\nshop.0012\nbilling.0003\n", {"shop": 12, "billing": 3}),
        ("shop.1,shop.5", {"shop": 5}),
        ("_private_app.0001", {"_private_app": 1}),
        (["shop.7", " billing.8 "], {"shop": 7, "billing": 8}),
    ],
)
def test_parse_start_after(value: object, expected: dict[str, int]) -> None:
    assert dict(parse_start_after(value)) == expected


@pytest.mark.parametrize(
    "item", ["shop", "shop.", "shop.abc", ".0012", "1shop.0012", "shop.0012.x", "shop-app.0012"]
)
def test_parse_start_after_rejects(item: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_start_after(f"billing.0001, {item}")
    assert str(raised.value) == (f"djm-start-after: {item!r} is not of the form app_label.NNNN")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("migrations", {"migrations"}),
        ("migrations, south_migrations", {"migrations", "south_migrations"}),
        ("migrations\n  db_migrations\n", {"migrations", "db_migrations"}),
        ("migrations,,migrations", {"migrations"}),
    ],
)
def test_parse_migration_dirs(value: str, expected: set[str]) -> None:
    assert parse_migration_dirs(value) == frozenset(expected)


@pytest.mark.parametrize("value", ["", " , ", "shop/migrations", "migrations,app\\migrations"])
def test_parse_migration_dirs_rejects(value: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_migration_dirs(value)
    assert str(raised.value) == (
        f"djm-migration-dirs: {value!r} must list folder names, not paths"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ()),
        ("shop:store", ((("shop",), "store"),)),
        ("src/apps/shop:store", ((("src", "apps", "shop"), "store"),)),
        ("src\\apps\\shop:store", ((("src", "apps", "shop"), "store"),)),
        ("./src/shop/:store", ((("src", "shop"), "store"),)),
        ("/srv/app/shop:store", ((("/", "srv", "app", "shop"), "store"),)),
        (
            "shop:store,\nbilling/core:billing_core",
            ((("shop",), "store"), (("billing", "core"), "billing_core")),
        ),
    ],
)
def test_parse_app_labels(value: str, expected: tuple[object, ...]) -> None:
    assert parse_app_labels(value) == expected


@pytest.mark.parametrize("item", ["shop", "shop:", ":store", "shop:my-label", "shop:1st"])
def test_parse_app_labels_rejects_malformed(item: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_app_labels(item)
    assert str(raised.value) == f"djm-app-labels: {item!r} is not of the form path/to/app:label"


@pytest.mark.parametrize("item", [".:store", "./:store"])
def test_parse_app_labels_rejects_a_path_naming_no_folder(item: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_app_labels(item)
    assert str(raised.value) == f"djm-app-labels: {item!r} does not name an app folder"


@pytest.mark.parametrize(("value", "expected"), [("10", 10), (" 1 ", 1), ("250", 250), (7, 7)])
def test_parse_max_operations(value: object, expected: int) -> None:
    assert parse_max_operations(value) == expected


@pytest.mark.parametrize("value", ["0", "-3", "ten", "1.5", "", None])
def test_parse_max_operations_rejects(value: object) -> None:
    with pytest.raises(OptionError) as raised:
        parse_max_operations(value)
    assert str(raised.value) == (
        f"djm-max-operations: {value!r} is not a whole number of at least 1"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a,b", ["a", "b"]),
        (" a ,\n b\n", ["a", "b"]),
        ("a b\tc", ["a", "b", "c"]),
        ("", []),
        (None, []),
        ([" a ", "", "b"], ["a", "b"]),
    ],
)
def test_split_list(value: object, expected: list[str]) -> None:
    assert split_list(value) == expected


@pytest.mark.parametrize(
    ("app_dir", "expected"),
    [
        (PurePosixPath("/home/me/project/src/apps/shop"), "store"),
        (PurePosixPath("src/apps/shop"), "store"),
        (PurePosixPath("/home/me/project/other/shop"), "plain"),
        (PurePosixPath("/home/me/project/billing"), "money"),
        (PurePosixPath("/home/me/project/src/billing/sub"), None),
        (PurePosixPath("/home/me/project/apps/shop2"), None),
        (PurePosixPath("./shop"), "plain"),
    ],
)
def test_label_for_matches_the_end_of_the_path(app_dir: PurePath, expected: str | None) -> None:
    configured = Settings(
        app_labels=parse_app_labels("src/apps/shop:store, shop:plain, billing:money")
    )
    assert configured.label_for(app_dir) == expected


def test_label_for_absolute_configured_path() -> None:
    configured = Settings(app_labels=parse_app_labels("/srv/app/shop:store"))
    assert configured.label_for(PurePosixPath("/srv/app/shop")) == "store"
    assert configured.label_for(PurePosixPath("/other/srv/app/shop")) is None
    assert configured.label_for(PurePosixPath("app/shop")) is None


def test_label_for_without_labels() -> None:
    assert Settings().label_for(PurePosixPath("/a/shop")) is None
