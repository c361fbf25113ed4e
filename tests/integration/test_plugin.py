"""The flake8 adapter: path gate, history, DJM000, database filter, order, options."""

from __future__ import annotations

import argparse
import ast
import configparser
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import flake8
import pytest
from flake8.main import options as flake8_options
from flake8.options import aggregator
from flake8.options.manager import OptionManager
from flake8.options.parse_args import parse_args

from flake8_django_migrations import __version__, plugin
from flake8_django_migrations.context import Context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration
from flake8_django_migrations.plugin import Plugin, check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.rules.api import ALL_DATABASES, POSTGRESQL, Rule
from flake8_django_migrations.settings import Settings, parse_start_after

PATH = "shop/migrations/0002_price.py"
ASK = "report file, command, `flake8 --version`"
SOURCE = textwrap.dedent(
    """\
    from django.db import migrations, models


    class Migration(migrations.Migration):
        operations = [
            migrations.AddField("product", "price", models.IntegerField()),
            migrations.AddField("product", "sku", models.CharField(max_length=8, null=True)),
        ]
    """
)
# A tree the migration reader cannot walk: reading its body raises TypeError.
UNREADABLE = ast.Module(body=cast(list[ast.stmt], None), type_ignores=[])

CheckFn = Callable[[Migration, Context], Iterable[Violation]]


def make_rule(
    code: str,
    check: CheckFn | None = None,
    *,
    postgresql_only: bool = False,
    default_on: bool = True,
) -> Rule:
    return Rule(
        code=code,
        name=f"fake-{code.lower()}",
        message="fake",
        docstring=f"Fake rule {code}.",
        check=check,
        default_on=default_on,
        added_in="0.0.0",
        databases=POSTGRESQL if postgresql_only else ALL_DATABASES,
    )


def reporting(*found: tuple[int, int, str]) -> CheckFn:
    def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
        for line, col, code in found:
            yield Violation(line, col, code, f"{code} at {line}")

    return check


def raising(error: Exception) -> CheckFn:
    def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
        yield Violation(6, 8, "DJM998", "yielded before failing")
        raise error

    return check


def run(
    rules: Iterable[Rule],
    source: str = SOURCE,
    filename: str = PATH,
    settings: Settings | None = None,
) -> list[Violation]:
    tree = ast.parse(source)
    return check_file(
        tree, filename, source.splitlines(keepends=True), settings or Settings(), rules
    )


@pytest.fixture
def no_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(plugin.RAISE_ENV)


# --- check_file ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename", ["shop/models.py", "shop/migrations/__init__.py", "shop/migrations/notes.txt"]
)
def test_non_migration_path_returns_nothing_without_parsing(filename: str) -> None:
    assert check_file(UNREADABLE, filename, [], Settings()) == []


def test_unreadable_tree_does_raise_on_a_migration_path() -> None:
    with pytest.raises(TypeError):
        check_file(UNREADABLE, PATH, [], Settings())


def test_custom_migration_dirs_gate() -> None:
    settings = Settings(migration_dirs=frozenset({"db_migrations"}))
    assert check_file(UNREADABLE, PATH, [], settings) == []
    found = run(
        [make_rule("DJM901", reporting((1, 0, "DJM901")))],
        filename="shop/db_migrations/0002_x.py",
        settings=settings,
    )
    assert [(v.line, v.code) for v in found] == [(1, "DJM901")]


def test_history_file_returns_nothing() -> None:
    settings = Settings(start_after=parse_start_after("shop.0002"))
    assert run([make_rule("DJM901", reporting((1, 0, "DJM901")))], settings=settings) == []
    later = run(
        [make_rule("DJM901", reporting((1, 0, "DJM901")))],
        filename="shop/migrations/0003_later.py",
        settings=settings,
    )
    assert [(v.line, v.code) for v in later] == [(1, "DJM901")]


def test_module_without_migration_class_returns_nothing() -> None:
    called: list[str] = []

    def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
        called.append(ctx.filename)
        yield Violation(1, 0, "DJM901", "x")

    source = "from django.db import migrations\n\nOPERATIONS = []\n"
    assert run([make_rule("DJM901", check)], source=source) == []
    assert called == []


def test_rule_that_raises_gives_one_djm000_and_others_still_report(no_raise: None) -> None:
    rules = [
        make_rule("DJM901", reporting((6, 8, "DJM901"))),
        make_rule("DJM902", raising(KeyError("product"))),
        make_rule("DJM903", reporting((7, 8, "DJM903"))),
    ]
    found = run(rules)
    assert found == [
        Violation(4, 0, "DJM000", "internal error in DJM902: KeyError; " + ASK),
        Violation(6, 8, "DJM901", "DJM901 at 6"),
        Violation(7, 8, "DJM903", "DJM903 at 7"),
    ]
    assert found[0].text == "DJM000 internal error in DJM902: KeyError; " + ASK


def test_two_failing_rules_give_one_djm000_each(no_raise: None) -> None:
    rules = [
        make_rule("DJM901", raising(ValueError("x"))),
        make_rule("DJM902", raising(ZeroDivisionError())),
    ]
    assert [v.message for v in run(rules)] == [
        "internal error in DJM901: ValueError; " + ASK,
        "internal error in DJM902: ZeroDivisionError; " + ASK,
    ]


def test_djm_raise_reraises_the_rule_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(plugin.RAISE_ENV, "1")
    error = KeyError("product")
    with pytest.raises(KeyError) as raised:
        run([make_rule("DJM902", raising(error))])
    assert raised.value is error


def test_reader_that_raises_gives_one_djm000(no_raise: None) -> None:
    rules = [make_rule("DJM901", reporting((1, 0, "DJM901")))]
    found = check_file(UNREADABLE, PATH, [], Settings(), rules)
    assert found == [
        Violation(
            1,
            0,
            "DJM000",
            "internal error in the migration reader: TypeError; " + ASK,
        )
    ]


def test_reader_error_with_djm_raise_reraises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Migration:
        raise RecursionError("deep")

    monkeypatch.setattr(plugin, "parse_migration", broken)
    with pytest.raises(RecursionError):
        run([])
    monkeypatch.delenv(plugin.RAISE_ENV)
    assert [v.message for v in run([])] == [
        "internal error in the migration reader: RecursionError; " + ASK
    ]


@pytest.mark.parametrize(
    ("database", "expected"),
    [
        ("postgresql", ["DJM901", "DJM902"]),
        ("sqlite", ["DJM902"]),
        ("mysql", ["DJM902"]),
        ("oracle", ["DJM902"]),
        ("generic", ["DJM902"]),
    ],
)
def test_postgresql_only_rules_are_skipped_for_other_databases(
    database: str, expected: list[str]
) -> None:
    rules = [
        make_rule("DJM901", reporting((6, 8, "DJM901")), postgresql_only=True),
        make_rule("DJM902", reporting((7, 8, "DJM902"))),
    ]
    found = run(rules, settings=Settings(database=database))
    assert [v.code for v in found] == expected


def test_rule_without_check_is_skipped() -> None:
    rules = [make_rule("DJM900"), make_rule("DJM901", reporting((6, 8, "DJM901")))]
    assert [v.code for v in run(rules)] == ["DJM901"]


def test_results_are_sorted_by_position_then_code() -> None:
    rules = [
        make_rule("DJM903", reporting((7, 8, "DJM903"), (2, 0, "DJM903"))),
        make_rule("DJM901", reporting((7, 8, "DJM901"), (7, 4, "DJM901"), (12, 0, "DJM901"))),
    ]
    assert [(v.line, v.col, v.code) for v in run(rules)] == [
        (2, 0, "DJM903"),
        (7, 4, "DJM901"),
        (7, 8, "DJM901"),
        (7, 8, "DJM903"),
        (12, 0, "DJM901"),
    ]


def test_each_finding_is_reported_once() -> None:
    twice = reporting((6, 8, "DJM998"), (6, 8, "DJM998"), (5, 0, "DJM998"))
    found = run([make_rule("DJM998", twice), make_rule("DJM997", reporting((6, 8, "DJM998")))])
    assert [(v.line, v.col, v.code) for v in found] == [(5, 0, "DJM998"), (6, 8, "DJM998")]


def test_a_function_two_runpythons_share_is_one_finding() -> None:
    source = textwrap.dedent(
        """\
        from django.db import migrations

        def forward(apps, schema_editor):
            Product = apps.get_model("shop", "Product")
            for product in Product.objects.filter(seen=False).iterator():
                product.save(update_fields=["seen"])

        class Migration(migrations.Migration):
            operations = [
                migrations.RunPython(forward, forward),
                migrations.RunPython(forward),
            ]
        """
    )
    found = run([r for r in RULES if r.code == "DJM402"], source)
    assert [(v.line, v.code) for v in found] == [(6, "DJM402")]


def test_rules_receive_the_migration_and_context() -> None:
    seen: list[tuple[str, str, str | None]] = []

    def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
        seen.append((ctx.app_label, ctx.stem, migration.operations[0].target))
        return iter(())

    run([make_rule("DJM901", check)], filename="src/billing/migrations/0007_tax.py")
    assert seen == [("billing", "0007_tax", "product.price")]


def test_real_rules_on_a_file() -> None:
    found = run(RULES)
    assert [(v.line, v.col, v.code) for v in found if v.code == "DJM105"] == [(6, 8, "DJM105")]


# --- Plugin ----------------------------------------------------------------------------------


@pytest.fixture
def plugin_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore `Plugin.settings`, a class attribute that `parse_options` replaces."""
    monkeypatch.setattr(Plugin, "settings", Plugin.settings)


def test_plugin_run_yields_flake8_tuples(plugin_settings: None) -> None:
    Plugin.settings = Settings(django_version=(5, 2))
    tree = ast.parse(SOURCE)
    found = list(Plugin(tree, PATH, SOURCE.splitlines(keepends=True)).run())
    expected = [
        (v.line, v.col, v.text, Plugin)
        for v in check_file(tree, PATH, SOURCE.splitlines(keepends=True), Plugin.settings)
    ]
    assert found == expected
    assert (
        6,
        8,
        "DJM105 `product.price` is NOT NULL with no default: fails on a non-empty table; add it "
        "`null=True`",
        Plugin,
    ) in found


def test_plugin_run_on_other_files_yields_nothing() -> None:
    assert list(Plugin(UNREADABLE, "shop/views.py", []).run()) == []


def test_plugin_metadata() -> None:
    assert (Plugin.name, Plugin.version) == ("flake8-djm", __version__)


def make_manager() -> OptionManager:
    """An option manager set up as `flake8.options.parse_args.parse_args` does."""
    prelim = flake8_options.stage1_arg_parser()
    manager = OptionManager(
        version=flake8.__version__,
        plugin_versions="flake8-djm: " + __version__,
        parents=[prelim],
        formatter_names=["default"],
    )
    flake8_options.register_default_options(manager)
    Plugin.add_options(manager)
    return manager


def aggregate(manager: OptionManager, config: str, argv: list[str]) -> argparse.Namespace:
    cfg = configparser.RawConfigParser()
    cfg.read_string(config)
    return aggregator.aggregate_options(manager, cfg, "/tmp", argv)


def test_add_options_registers_every_option_with_defaults() -> None:
    manager = make_manager()
    options = manager.parse_args([])
    assert {k: v for k, v in vars(options).items() if k.startswith("djm_")} == {
        "djm_database": "postgresql",
        "djm_django_version": None,
        "djm_start_after": "",
        "djm_migration_dirs": "migrations",
        "djm_app_labels": "",
        "djm_max_operations": "10",
        "djm_fix_batch_size": "1000",
    }
    assert sorted(k for k in manager.config_options_dict if k.startswith("djm")) == sorted(
        [
            *(f"djm-{n}" for n in ("database", "django-version", "start-after")),
            *(f"djm-{n}" for n in ("migration-dirs", "app-labels", "max-operations")),
            "djm-fix-batch-size",
            *(f"djm_{n}" for n in ("database", "django_version", "start_after")),
            *(f"djm_{n}" for n in ("migration_dirs", "app_labels", "max_operations")),
            "djm_fix_batch_size",
        ]
    )


def test_opt_in_codes_land_in_extended_default_ignore() -> None:
    manager = make_manager()
    assert manager.extended_default_ignore == [r.code for r in RULES if not r.default_on]


def test_opt_in_codes_of_fake_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = (
        make_rule("DJM901", default_on=True),
        make_rule("DJM902", default_on=False),
        make_rule("DJM903", default_on=False),
    )
    monkeypatch.setattr(plugin, "RULES", rules)
    assert make_manager().extended_default_ignore == ["DJM902", "DJM903"]


def test_parse_options_from_config_and_command_line(plugin_settings: None) -> None:
    manager = make_manager()
    options = aggregate(
        manager,
        "[flake8]\n"
        "djm-database = MySQL\n"
        "djm-start-after =\n    shop.0004\n    billing.0002\n"
        "djm_max_operations = 4\n",
        ["--djm-django-version", "4.2", "--djm-app-labels=src/shop:store"],
    )
    Plugin.parse_options(manager, options, [])
    assert Plugin.settings == Settings(
        database="mysql",
        django_version=(4, 2),
        start_after=parse_start_after("shop.0004,billing.0002"),
        app_labels=((("src", "shop"), "store"),),
        max_operations=4,
    )


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--djm-database", "postgres"], "djm-database"),
        (["--djm-django-version", "latest"], "djm-django-version"),
        (["--djm-start-after", "shop"], "djm-start-after"),
        (["--djm-migration-dirs", "a/migrations"], "djm-migration-dirs"),
        (["--djm-app-labels", "shop"], "djm-app-labels"),
        (["--djm-max-operations", "0"], "djm-max-operations"),
    ],
)
def test_parse_options_bad_value_exits_through_the_parser(
    argv: list[str], option: str, plugin_settings: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = Plugin.settings
    manager = make_manager()
    options = manager.parse_args(argv)
    with pytest.raises(SystemExit) as raised:
        Plugin.parse_options(manager, options, [])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert f"flake8: error: {option}: {argv[1]!r}" in err
    assert Plugin.settings is before


def test_bad_value_in_config_exits(
    plugin_settings: None, capsys: pytest.CaptureFixture[str]
) -> None:
    manager = make_manager()
    options = aggregate(manager, "[flake8]\ndjm-database = db2\n", [])
    with pytest.raises(SystemExit) as raised:
        Plugin.parse_options(manager, options, [])
    assert raised.value.code == 2
    assert "flake8: error: djm-database: 'db2' is not one of" in capsys.readouterr().err


def test_flake8_finds_the_plugin_and_parses_its_options(
    plugin_settings: None, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plugins, options = parse_args(
        ["--isolated", "--djm-database", "sqlite", "--djm-django-version", "5.1"]
    )
    assert "DJM" in [p.entry_name for p in plugins.checkers.tree]
    assert options.djm_database == "sqlite"
    assert (Plugin.settings.database, Plugin.settings.django_version) == ("sqlite", (5, 1))
    assert options.extended_default_ignore == [r.code for r in RULES if not r.default_on]
