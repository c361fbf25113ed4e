"""The other distribution of the import package `flake8_django_migrations` is refused clearly."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from flake8_django_migrations import clash
from tests import harness

ROOT = Path(__file__).resolve().parents[2]


def fake_distribution(site: Path, entry_point: str, version: str = "1.3.0") -> Path:
    """A dist-info as pip leaves it, for a package whose files this test never installs."""
    info = site / f"flake8_django_migrations-{version}.dist-info"
    info.mkdir(parents=True)
    metadata = f"Metadata-Version: 2.1\nName: flake8-django-migrations\nVersion: {version}\n"
    (info / "METADATA").write_text(metadata, encoding="utf-8")
    points = f"[flake8.extension]\n{entry_point} = flake8_django_migrations:Plugin\n"
    (info / "entry_points.txt").write_text(points, encoding="utf-8")
    return site


def test_no_clash_without_the_other_distribution() -> None:
    assert clash.clash_message() is None


def test_the_other_distribution_is_named_with_the_way_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(fake_distribution(tmp_path, "DM", "1.2.0")))
    assert clash.clash_message() == clash.MESSAGE.format(
        other="flake8-django-migrations", version="1.2.0"
    )
    with pytest.raises(SystemExit) as stopped:
        clash.refuse_clash()
    assert stopped.value.code == 2


def test_an_old_install_of_this_plugin_under_that_name_is_no_clash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(fake_distribution(tmp_path, "DJM", "0.1.0")))
    assert clash.clash_message() is None


def _with_site(site: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(site)}


def test_flake8_stops_with_the_message(tmp_path: Path) -> None:
    env = _with_site(fake_distribution(tmp_path / "site", "DM"))
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    result = harness.run_flake8(tmp_path, "a.py", env=env)
    message = clash.MESSAGE.format(other="flake8-django-migrations", version="1.3.0")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{message}\n")


def test_the_command_line_stops_with_the_message(tmp_path: Path) -> None:
    env = _with_site(fake_distribution(tmp_path / "site", "DM"))
    command = [sys.executable, "-m", "flake8_django_migrations", "rules"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    message = clash.MESSAGE.format(other="flake8-django-migrations", version="1.3.0")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{message}\n")


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)


@pytest.mark.installs
def test_with_the_real_package_installed_first(tmp_path: Path) -> None:
    """The order in which this plugin can speak: theirs installed, then ours over it."""
    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    theirs = _pip(python, "flake8-django-migrations==1.3.0")
    if theirs.returncode != 0:
        pytest.skip(f"flake8-django-migrations 1.3.0 cannot be installed here: {theirs.stderr}")
    assert _pip(python, str(ROOT)).returncode == 0
    (tmp_path / "a.py").write_text("x = 1\n", encoding="utf-8")
    command = [str(python), "-m", "flake8", "a.py"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    message = clash.MESSAGE.format(other="flake8-django-migrations", version="1.3.0")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"{message}\n")
