"""`python -m flake8_django_migrations fix`: what it writes, prints and exits with."""

from __future__ import annotations

from pathlib import Path

import pytest

from flake8_django_migrations import __main__ as cli
from tests.engine.test_fix import LAMBDA, LAMBDA_FIXED
from tests.rules.test_fixes import make_app

BULK = LAMBDA.replace(
    '.update(sku="-")\n',
    '.update(sku="-")\n    Product = apps.get_model("shop", "Product")\n'
    "    Product.objects.bulk_create(list(Product.objects.all()))\n",
)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `shop` app in the current folder, its 0002 with a DJM406 and a DJM404 finding."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DJM_CACHE_DIR", "")
    return make_app(tmp_path, BULK.encode())


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = cli.main(["fix", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_fix_writes_the_file_and_says_what_it_fixed(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = BULK.replace("all()))\n", "all()), batch_size=1000)\n")
    fixed = fixed.replace("lambda apps, schema_editor: None", "migrations.RunPython.noop")
    assert run(capsys, "shop") == (
        1,
        "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n",
        "",
    )
    assert app.read_text() == fixed
    assert run(capsys, "shop") == (0, "", "")
    assert app.read_text() == fixed


def test_diff_prints_the_fix_and_writes_nothing(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "--diff", "--select", "DJM406", "shop/migrations/0002_x.py")
    assert (status, err) == (1, "shop/migrations/0002_x.py: would fix DJM406 x1\n")
    assert out == (
        "--- a/shop/migrations/0002_x.py\n"
        "+++ b/shop/migrations/0002_x.py\n"
        "@@ -11,5 +11,5 @@\n"
        '     dependencies = [("shop", "0001_initial")]\n'
        " \n"
        "     operations = [\n"
        "-        migrations.RunPython(fill, lambda apps, schema_editor: None),\n"
        "+        migrations.RunPython(fill, migrations.RunPython.noop),\n"
        "     ]\n"
    )
    assert app.read_text() == BULK


def test_select_fixes_only_the_codes_listed(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--select", "djm406", "shop")[0] == 1
    assert app.read_text() == BULK.replace(
        "lambda apps, schema_editor: None", "migrations.RunPython.noop"
    )


def test_nothing_to_fix_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_app(tmp_path, LAMBDA_FIXED.encode())
    assert run(capsys, str(tmp_path)) == (0, "", "")
    assert run(capsys, "--diff", str(path)) == (0, "", "")


def test_a_file_left_untouched_says_why(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app.write_text("class Migration(:\n")
    assert run(capsys, "shop") == (
        0,
        "shop/migrations/0002_x.py: left untouched: does not parse (invalid syntax on line 1)\n",
        "",
    )


def test_an_unreadable_file_exits_2_and_the_others_are_fixed(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = "shop/migrations/0003_gone.py"
    status, out, err = run(capsys, missing, "shop/migrations/0002_x.py")
    assert (status, out) == (2, "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n")
    assert err == f"{missing}: cannot read: No such file or directory\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("", "fix: --select: unknown code 'DJM999'\n"),
        ("[flake8]\ndjm-database = postgres\n", "fix: djm-database: 'postgres' is not one of"),
    ],
)
def test_bad_options_exit_2_with_one_message(
    app: Path, capsys: pytest.CaptureFixture[str], config: str, message: str
) -> None:
    Path(".flake8").write_text(config)
    args = ["--select", "DJM999"] if not config else []
    status, out, err = run(capsys, *args, "shop")
    assert (status, out, err.startswith(message), len(err.splitlines())) == (2, "", True, 1)
    assert app.read_text() == BULK


def test_an_unknown_flag_is_a_usage_error(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["fix", "--fast", "shop"])
    assert raised.value.code == 2
    assert "unrecognized arguments: --fast" in capsys.readouterr().err


def test_the_configured_batch_size_is_used(app: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("setup.cfg").write_text("[flake8]\ndjm_fix_batch_size = 200\n")
    assert run(capsys, "--select", "DJM404", "shop")[0] == 1
    assert app.read_text() == BULK.replace("all()))\n", "all()), batch_size=200)\n")


@pytest.mark.parametrize(
    ("config", "left"),
    [
        ("extend-ignore = DJM404\n", "DJM404"),
        ("ignore = DJM4\nextend-select = DJM406\n", "DJM404"),
        ("per-file-ignores =\n    shop/migrations/0002_*.py: DJM404\n", "DJM404"),
        ("per-file-ignores = */0002_x.py:DJM406\n", "DJM406"),
    ],
)
def test_findings_the_configuration_hides_are_not_fixed(
    app: Path, capsys: pytest.CaptureFixture[str], config: str, left: str
) -> None:
    (app.parents[2] / "setup.cfg").write_text(f"[flake8]\n{config}")
    fixed = {"DJM404": "DJM406", "DJM406": "DJM404"}[left]
    assert run(capsys, "shop") == (1, f"shop/migrations/0002_x.py: fixed {fixed} x1\n", "")
    text = app.read_text()
    assert ("batch_size=1000" in text, "RunPython.noop" in text) == (
        left == "DJM406",
        left == "DJM404",
    )


def test_per_file_ignores_of_another_file_hide_nothing(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (app.parents[2] / "setup.cfg").write_text("[flake8]\nper-file-ignores = */0003_*.py:DJM4\n")
    assert run(capsys, "shop")[1] == "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n"


@pytest.fixture
def vendored(app: Path) -> Path:
    """A copy of the app's findings in `vendor/`, a folder the project excludes from flake8."""
    copy = make_app(app.parents[2] / "vendor", BULK.encode())
    assert copy.read_text() == BULK
    return copy


@pytest.mark.parametrize(
    "config",
    [
        "extend-exclude = vendor\n",
        "exclude = .git,vendor\n",
        "extend-exclude =\n    ./vendor/shop\n",
        "exclude = ./vendor/*\n",
    ],
)
def test_files_flake8_excludes_are_not_fixed(
    app: Path, vendored: Path, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    Path("setup.cfg").write_text(f"[flake8]\n{config}")
    assert run(capsys, ".") == (1, "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n", "")
    assert vendored.read_text() == BULK


def test_a_named_file_is_skipped_when_its_path_matches_an_exclude(
    app: Path, vendored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As in flake8: a pattern with a slash matches the whole path; a bare folder name only
    # prunes the walk, so naming a file under that folder still checks it.
    Path("setup.cfg").write_text("[flake8]\nexclude = ./vendor/*\n")
    assert run(capsys, str(vendored)) == (0, "", "")
    assert vendored.read_text() == BULK
    Path("setup.cfg").write_text("[flake8]\nexclude = vendor\n")
    assert run(capsys, str(vendored))[0] == 1


def test_without_an_exclude_every_folder_is_fixed(
    app: Path, vendored: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Path("setup.cfg").write_text("[flake8]\nextend-exclude = elsewhere\n")
    status, out, _ = run(capsys, ".")
    assert (status, out.splitlines()) == (
        1,
        [
            "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1",
            "vendor/shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1",
        ],
    )


def test_an_exclude_replaces_flake8s_default_list(
    app: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hidden = make_app(app.parents[2] / ".tox", BULK.encode())
    assert run(capsys, ".")[1] == "shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n"
    assert hidden.read_text() == BULK  # `.tox` is in flake8's default `exclude`
    Path("setup.cfg").write_text("[flake8]\nexclude = vendor\n")
    assert run(capsys, ".")[1] == ".tox/shop/migrations/0002_x.py: fixed DJM404 x1, DJM406 x1\n"
