"""End to end through real `python -m flake8` subprocesses, in throwaway project trees.

Each subprocess costs about 0.3 s, so these stay few; rule behaviour is tested in-process by
the fixtures. `DJM_RAISE=1` (set by conftest) is inherited, so a plugin crash fails loudly.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from flake8_django_migrations import __version__
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.rules import djm105_add_not_null_field_without_default as djm105
from flake8_django_migrations.settings import (
    OptionError,
    Settings,
    parse_database,
    parse_max_operations,
)
from tests import harness
from tests.integration.test_readme import readme_opt_in_recipe

INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=100)),
            ],
        ),
    ]
"""

# A migration of `shop` whose operations replace the `{operations}` line (line 8).
MIGRATION = """\
from django.db import {imports}


class Migration(migrations.Migration):
    dependencies = [("shop", "{parent}")]

    operations = [
{operations}
    ]
"""
OPERATION_LINE = 8
ADD_SKU = '        migrations.AddField("product", "sku", models.CharField(max_length=32)),'
ADD_WEIGHT = '        migrations.AddField("product", "weight", models.IntegerField()),'
SKU_LINE = f"{OPERATION_LINE}:9: DJM105 {djm105.MESSAGE.format(target='product.sku')}"
WEIGHT_MESSAGE = djm105.MESSAGE.format(target="product.weight")

# Operations that trigger one rule each (and nothing else); their tests skip while the rule
# is not registered.
REMOVE_INDEX = '        migrations.RemoveIndex("product", "product_name_idx"),'
POSTGRESQL_TRIGGERS = {
    "DJM200": (
        '        migrations.AddIndex("product", models.Index(fields=["name"], name="p_i")),'
    ),
    "DJM202": (
        '        migrations.AddConstraint("product", '
        'models.UniqueConstraint(fields=["name"], name="p_uniq")),'
    ),
}


REPORT = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d+) ")


def migration(*operations: str, parent: str = "0001_initial") -> str:
    body = "\n".join(operations)
    imports = "migrations, models" if "models." in body else "migrations"
    return MIGRATION.format(imports=imports, parent=parent, operations=body)


def make_project(root: Path, config: str = "", **migrations: str) -> Path:
    """`shop/migrations/` with `0001_initial.py` and the given files, plus a setup.cfg."""
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text("")
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(INITIAL)
    for stem, text in migrations.items():
        (folder / f"{stem}.py").write_text(text)
    (root / "setup.cfg").write_text(f"[flake8]\nmax-line-length = 99\n{config}")
    return root


def flake8(cwd: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return harness.run_flake8(cwd, *args, stdin=stdin)


def outcome(result: subprocess.CompletedProcess[str]) -> tuple[int, list[str], str]:
    return result.returncode, result.stdout.splitlines(), result.stderr


def single_violation(root: Path, stem: str, code: str) -> str:
    """`line:col: CODE message` of the one report of rule `code` on a file, in-process."""
    path = root / "shop" / "migrations" / f"{stem}.py"
    source = path.read_text()
    found = check_file(
        ast.parse(source), str(path), source.splitlines(True), Settings(), (BY_CODE[code],)
    )
    assert [(v.line, v.code) for v in found] == [(OPERATION_LINE, code)]
    return f"{found[0].line}:{found[0].col + 1}: {found[0].text}"


def test_version_lists_the_plugin_with_its_version(tmp_path: Path) -> None:
    result = flake8(tmp_path, "--version")
    plugins = re.search(r"\((.*)\)", result.stdout.replace("\n", " "))
    assert plugins is not None
    versions = dict(item.strip().split(": ") for item in plugins.group(1).split(","))
    assert (result.returncode, versions["flake8-djm"]) == (0, __version__)


def test_add_not_null_field_is_reported_on_the_operation_line(tmp_path: Path) -> None:
    root = make_project(tmp_path, **{"0002_x": migration(ADD_SKU)})
    result = flake8(root, "shop")
    assert outcome(result) == (1, [f"shop/migrations/0002_x.py:{SKU_LINE}"], "")


def test_noqa_with_the_code_silences_only_its_own_line(tmp_path: Path) -> None:
    text = migration(f"{ADD_SKU}  # noqa: DJM105", f"{ADD_WEIGHT}  # noqa: E501")
    root = make_project(tmp_path, **{"0002_x": text})
    result = flake8(root, "shop/migrations/0002_x.py")
    weight = f"shop/migrations/0002_x.py:{OPERATION_LINE + 1}:9: DJM105 {WEIGHT_MESSAGE}"
    assert outcome(result) == (1, [weight], "")


def test_per_file_ignores_silences_the_matching_file_only(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        "per-file-ignores =\n    shop/migrations/0002_*.py: DJM105\n",
        **{"0002_x": migration(ADD_SKU), "0003_y": migration(ADD_WEIGHT, parent="0002_x")},
    )
    result = flake8(root, "shop")
    weight = f"shop/migrations/0003_y.py:{OPERATION_LINE}:9: DJM105 {WEIGHT_MESSAGE}"
    assert outcome(result) == (1, [weight], "")


@pytest.mark.parametrize(
    ("options", "reported"),
    [
        ([], False),
        (["--extend-select", "DJM205"], True),
        (["--select", "DJM"], True),
        (
            ["--select", "E,F,W,C90,DJM", "--extend-ignore", ",".join(readme_opt_in_recipe())],
            False,
        ),
    ],
    ids=["default", "extend-select", "select-DJM", "readme-recipe"],
)
def test_opt_in_rule_reports_only_when_selected(
    tmp_path: Path, options: list[str], reported: bool
) -> None:
    rule = BY_CODE.get("DJM205")
    if rule is None:
        pytest.skip("opt-in rule DJM205 (remove-index-not-concurrently) is not registered yet")
    assert rule.default_on is False
    root = make_project(tmp_path, **{"0002_x": migration(REMOVE_INDEX)})
    line = f"shop/migrations/0002_x.py:{single_violation(root, '0002_x', 'DJM205')}"
    result = flake8(root, *options, "shop/migrations/0002_x.py")
    expected = (1, [line], "") if reported else (0, [], "")
    assert outcome(result) == expected


def test_stdin_gives_the_same_lines_as_the_file(tmp_path: Path) -> None:
    text = migration(ADD_SKU, ADD_WEIGHT)
    root = make_project(tmp_path, **{"0002_x": text})
    name = "shop/migrations/0002_x.py"
    from_stdin = flake8(root, "--stdin-display-name", name, "-", stdin=text)
    from_disk = flake8(root, name)
    weight = f"{name}:{OPERATION_LINE + 1}:9: DJM105 {WEIGHT_MESSAGE}"
    expected = (1, [f"{name}:{SKU_LINE}", weight], "")
    assert (outcome(from_stdin), outcome(from_disk)) == (expected, expected)


def test_non_migration_files_with_migration_content_stay_silent(tmp_path: Path) -> None:
    root = make_project(tmp_path, **{"__init__": migration(ADD_SKU)})
    (root / "shop" / "0002_x.py").write_text(migration(ADD_SKU))
    (root / "shop" / "migrations" / "notes.txt").write_text(migration(ADD_SKU))
    result = flake8(root, "shop")
    assert outcome(result) == (0, [], "")


def test_syntax_error_gives_only_e999_and_no_traceback(tmp_path: Path) -> None:
    broken = migration(ADD_SKU) + "\n\ndef forwards(apps, schema_editor:\n    pass\n"
    root = make_project(tmp_path, **{"0002_x": broken})
    result = flake8(root, "shop/migrations/0002_x.py")
    reports = [REPORT.match(line) for line in result.stdout.splitlines()]
    found = [m.group("path", "line", "code") if m else None for m in reports]
    line = str(len(migration(ADD_SKU).splitlines()) + 3)
    expected = [("shop/migrations/0002_x.py", line, "E999")]
    assert (result.returncode, found, result.stderr) == (1, expected, "")


def option_error(parse: object, value: str) -> str:
    with pytest.raises(OptionError) as error:
        parse(value)  # type: ignore[operator]
    return f"flake8: error: {error.value}"


@pytest.mark.parametrize(
    ("config", "args", "parse", "value"),
    [
        ("", ["--djm-database=nosuch"], parse_database, "nosuch"),
        ("djm-max-operations = zero\n", [], parse_max_operations, "zero"),
    ],
    ids=["djm-database", "djm-max-operations"],
)
def test_invalid_option_value_exits_2_naming_the_option(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    config: str,
    args: list[str],
    parse: object,
    value: str,
) -> None:
    root = make_project(tmp_path, config, **{"0002_x": migration(ADD_SKU)})
    result = flake8(root, *args, "shop")
    last_line = result.stderr.splitlines()[-1]
    names_option = last_line.startswith(f"flake8: error: {request.node.callspec.id}: ")
    assert (result.returncode, result.stdout, last_line, names_option) == (
        2,
        "",
        option_error(parse, value),
        True,
    )
    assert "Traceback" not in result.stderr


def test_config_file_start_after_makes_earlier_migrations_history(tmp_path: Path) -> None:
    root = make_project(
        tmp_path,
        "djm-start-after = shop.0002\n",
        **{"0002_x": migration(ADD_SKU), "0003_y": migration(ADD_WEIGHT, parent="0002_x")},
    )
    result = flake8(root, "shop")
    weight = f"shop/migrations/0003_y.py:{OPERATION_LINE}:9: DJM105 {WEIGHT_MESSAGE}"
    assert outcome(result) == (1, [weight], "")


def postgresql_only_code() -> str | None:
    for code in POSTGRESQL_TRIGGERS:
        rule = BY_CODE.get(code)
        if rule is not None and rule.postgresql_only and rule.default_on:
            return code
    return None


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_config_file_database_silences_postgresql_only_rules(
    tmp_path: Path, database: str
) -> None:
    code = postgresql_only_code()
    if code is None:
        pytest.skip(
            "no PostgreSQL-only rule is registered yet "
            "(DJM200 add-index-not-concurrently or DJM202 add-unique-not-concurrently)"
        )
    text = migration(POSTGRESQL_TRIGGERS[code])
    root = make_project(tmp_path, f"djm-database = {database}\n", **{"0002_x": text})
    line = f"shop/migrations/0002_x.py:{single_violation(root, '0002_x', code)}"
    result = flake8(root, "shop")
    assert outcome(result) == ((1, [line], "") if database == "postgresql" else (0, [], ""))
