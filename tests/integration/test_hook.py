"""`flake8-djm` and the pre-commit hooks, run for real in throw-away git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_django_migrations import hook
from flake8_django_migrations.rules import RULES

ROOT = Path(__file__).resolve().parents[2]
REMOVE = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.RemoveField("order", "note")]
"""
INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("note", models.TextField(null=True)),
            ],
        ),
    ]
"""
EMPTY = REMOVE.replace('migrations.RemoveField("order", "note")', "")
# The fix: keep the column, add what the release needs instead.
SAFE = REMOVE.replace("import migrations", "import migrations, models").replace(
    'migrations.RemoveField("order", "note")',
    'migrations.AddField("order", "paid", models.BooleanField(null=True))',
)


def test_arguments_select_the_default_rules_then_pass_the_rest_on() -> None:
    codes = ",".join(rule.code for rule in RULES if rule.default_on)
    assert hook.flake8_arguments(["-j", "1", "a.py"]) == ["--select", codes, "-j", "1", "a.py"]
    assert "DJM205" not in codes.split(",")


def _project(root: Path, config: str = "") -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "0001_initial.py").write_text(INITIAL, encoding="utf-8")
    (folder / "0002_drop.py").write_text(REMOVE + "\n\nimport os\n", encoding="utf-8")
    (root / "setup.cfg").write_text(f"[flake8]\n{config}", encoding="utf-8")
    return folder / "0002_drop.py"


def _script() -> str:
    return str(Path(sys.executable).parent / "flake8-djm")


def test_script_reports_default_rules_only(tmp_path: Path) -> None:
    _project(tmp_path)
    result = subprocess.run(
        [_script(), "--format=%(code)s"], cwd=tmp_path, capture_output=True, text=True
    )
    # F401 (the unused import) is another plugin's code: not selected.
    assert (result.returncode, result.stdout.split(), result.stderr) == (1, ["DJM100"], "")


def test_script_honours_the_project_configuration(tmp_path: Path) -> None:
    _project(tmp_path, "extend-select = DJM704\nper-file-ignores = */0002_*.py: DJM100\n")
    path = tmp_path / "shop" / "migrations" / "0002_drop.py"
    path.write_text(EMPTY, encoding="utf-8")
    result = subprocess.run(
        [_script(), "--format=%(code)s"], cwd=tmp_path, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.split()) == (1, ["DJM704"])


def _git_repo(root: Path) -> Path:
    migration = _project(root)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for command in (["git", "init", "-q"], ["git", "add", "."], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, check=True, env=env)
    return migration


def _pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}
    command = [sys.executable, "-m", "pre_commit", *args, "--all-files"]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900)


def _skip_if_not_built(result: subprocess.CompletedProcess[str]) -> None:
    """The hook environment is installed from the package index: without it, say so."""
    if "An unexpected error has occurred" in result.stdout + result.stderr:
        pytest.skip(f"pre-commit could not build the hook environment here:\n{result.stdout}")


@pytest.fixture(scope="module")
def this_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this checkout committed as it is, for `try-repo` (it reads commits)."""
    copy = tmp_path_factory.mktemp("this") / "repo"
    ignored = shutil.ignore_patterns(".venv*", ".git", "*.egg-info", "__pycache__", ".*_cache")
    shutil.copytree(ROOT, copy, ignore=ignored)
    _commit_all(copy)
    return copy


def _commit_all(root: Path) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "x"]):
        subprocess.run(command, cwd=root, check=True, env=env)


@pytest.mark.installs
def test_pre_commit_hook_of_this_repository(tmp_path: Path, this_repository: Path) -> None:
    project = tmp_path / "project"
    migration = _git_repo(project)
    failing = _pre_commit(project, "try-repo", str(this_repository), "flake8-djm")
    _skip_if_not_built(failing)
    assert (failing.returncode, "DJM100" in failing.stdout) == (1, True), failing.stdout
    migration.write_text(SAFE, encoding="utf-8")
    passing = _pre_commit(project, "try-repo", str(this_repository), "flake8-djm")
    assert (passing.returncode, "DJM" in passing.stdout) == (0, False), passing.stdout


FLAKE8_HOOK = """\
repos:
  - repo: local
    hooks:
      - id: flake8
        name: flake8
        entry: flake8
        language: python
        types: [python]
        require_serial: true
        additional_dependencies: ["{package}"]
"""


@pytest.mark.installs
def test_flake8_hook_with_the_plugin_as_a_dependency(tmp_path: Path) -> None:
    """The README's second way: flake8's own hook with this plugin added to its environment."""
    project = tmp_path / "project"
    migration = _git_repo(project)
    (project / "setup.cfg").write_text("[flake8]\nselect = DJM\n", encoding="utf-8")
    config = FLAKE8_HOOK.format(package=ROOT.as_posix())
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    failing = _pre_commit(project, "run")
    _skip_if_not_built(failing)
    assert (failing.returncode, "DJM100" in failing.stdout) == (1, True), failing.stdout
    migration.write_text(SAFE, encoding="utf-8")
    passing = _pre_commit(project, "run")
    assert (passing.returncode, "DJM" in passing.stdout) == (0, False), passing.stdout
