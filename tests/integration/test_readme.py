"""The README's newcomer commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from flake8_django_migrations.rules import BY_CODE, RULES

ROOT = Path(__file__).resolve().parents[2]


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


def _ini_value(section_title: str, key: str, occurrence: int = 0) -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition(section_title)[2].partition("\n## ")[0]
    values: list[str] = re.findall(rf"^{key} = (.+)$", section, flags=re.MULTILINE)
    return values[occurrence].split(",")


def readme_opt_in_recipe() -> list[str]:
    """The `extend-ignore` that keeps only the default rules under `select = ...,DJM`."""
    return _ini_value("## What the rules assume", "extend-ignore", occurrence=1)


def test_readme_opt_in_recipe_ignores_exactly_the_opt_in_rules() -> None:
    opt_in = [rule.code for rule in RULES if not rule.default_on]
    assert readme_opt_in_recipe() == opt_in


def test_readme_deploy_model_line_names_default_rules_about_the_running_release() -> None:
    codes = _ini_value("## What the rules assume", "extend-ignore")
    rules = [BY_CODE[code] for code in codes]
    # The rules about migrations that fail whatever the deploy stay on.
    kept = {"DJM105", "DJM107", "DJM108", "DJM110", "DJM201", "DJM301", "DJM304", "DJM305"}
    assert (codes == sorted(codes), all(rule.default_on for rule in rules)) == (True, True)
    assert kept.isdisjoint(codes)
