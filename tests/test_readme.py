"""The README's newcomer commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _try_it_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("## Try it")[2].partition("\n## ")[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def _script_command(name: str, marker: str) -> str:
    lines = (ROOT / ".ci" / name).read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith(marker))


def test_readme_test_command_is_the_one_ci_runs() -> None:
    ci = _script_command("test", "python3 -m venv .venv ").replace(
        "pip install -q ", "pip install "
    )
    assert _try_it_commands()[1] == ci


def test_readme_demo_command_is_the_one_ci_checks() -> None:
    ci = _script_command("examples", "python3 -m venv .venv-demo")
    ci = ci.replace("pip install -q ", "pip install ").replace(' >"$out"', "")
    assert _try_it_commands()[0] == ci
