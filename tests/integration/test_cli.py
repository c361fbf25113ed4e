"""The command line: `rules`, `explain CODE-OR-NAME`, `baseline [ROOT]`; and the docs generator."""

from __future__ import annotations

import dataclasses
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from flake8_django_migrations import __main__ as cli
from flake8_django_migrations import docs
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules.api import POSTGRESQL, Rule

README = f"# Project\n\nIntro.\n\n{docs.TABLE_START}\nold table\n{docs.TABLE_END}\n\n## After\n"


def test_rules_lists_every_registered_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [rule.code for rule in RULES]
    assert [line.split()[1] for line in lines] == [
        "on" if rule.default_on else "off" for rule in RULES
    ]
    assert [line.split()[2] for line in lines] == [
        rule.fix_kind if rule.fix_kind != "none" else "-" for rule in RULES
    ]
    assert [line.split()[3] for line in lines] == [rule.name for rule in RULES]
    assert [line.endswith(rule.summary) for line, rule in zip(lines, RULES, strict=True)] == [
        True
    ] * len(RULES)


@pytest.mark.parametrize("code", ["DJM105", "djm105"])
def test_explain_prints_the_rule_page(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", code]) == 0
    out = capsys.readouterr().out
    assert out == docs.rule_page(BY_CODE["DJM105"])
    assert out.startswith("# DJM105: add-not-null-field-without-default\n")


@pytest.mark.parametrize("code", ["DJM999", "E501", ""])
def test_explain_unknown_code_exits_2(code: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", code]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"unknown rule {code!r}; `rules` lists them\n")


@pytest.mark.parametrize("name", ["remove-field", "Remove-Field", " djm100 "])
def test_explain_accepts_a_rule_name(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["explain", name]) == 0
    assert capsys.readouterr().out == docs.rule_page(BY_CODE["DJM100"])


def test_baseline_of_a_missing_folder_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    assert cli.main(["baseline", str(missing)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"baseline: {str(missing)!r} is not a folder\n")


def test_docs_is_not_a_user_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main(["docs", "--check"])
    assert raised.value.code == 2
    assert "invalid choice: 'docs'" in capsys.readouterr().err


def test_rules_into_a_closed_pipe_exits_quietly() -> None:
    command = f"{sys.executable} -m flake8_django_migrations rules | head -n 1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False
    )
    assert (result.stdout.split()[0], result.stderr) == ("DJM000", "")


def test_missing_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        cli.main([])
    assert raised.value.code == 2
    assert "the following arguments are required: command" in capsys.readouterr().err


def page(root: Path, code: str) -> Path:
    return root / "docs" / "rules" / f"{code}.md"


def test_docs_writes_then_check_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text(README, encoding="utf-8")
    assert docs.main(["--check", str(tmp_path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"out of date: {page(tmp_path, rule.code)}" for rule in RULES
    ] + [f"out of date: {tmp_path / 'README.md'}"]

    assert docs.main([str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"wrote {page(tmp_path, rule.code)}" for rule in RULES
    ] + [f"wrote {tmp_path / 'README.md'}"]
    for rule in RULES:
        assert page(tmp_path, rule.code).read_text(encoding="utf-8") == docs.rule_page(rule)
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (
        f"# Project\n\nIntro.\n\n{docs.TABLE_START}\n{docs.readme_table()}\n{docs.TABLE_END}"
        "\n\n## After\n"
    )

    assert docs.main(["--check", str(tmp_path)]) == 0
    assert docs.main([str(tmp_path)]) == 0
    assert capsys.readouterr() == ("", "")


def test_docs_check_detects_a_stale_page_and_docs_rewrites_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs.main([str(tmp_path)])
    stale = page(tmp_path, "DJM105")
    stale.write_text(docs.rule_page(BY_CODE["DJM105"]).replace("fails", "breaks"), "utf-8")
    capsys.readouterr()

    assert docs.main(["--check", str(tmp_path)]) == 1
    assert capsys.readouterr() == ("", f"out of date: {stale}\n")
    assert docs.main([str(tmp_path)]) == 0
    assert capsys.readouterr() == (f"wrote {stale}\n", "")
    assert stale.read_text(encoding="utf-8") == docs.rule_page(BY_CODE["DJM105"])
    assert docs.main(["--check", str(tmp_path)]) == 0


def test_docs_leaves_a_readme_without_markers_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = f"# Project\n\n{docs.TABLE_START}\nno end marker\n"
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    assert docs.main([str(tmp_path)]) == 0
    assert f"wrote {tmp_path / 'README.md'}" not in capsys.readouterr().out.splitlines()
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == text


def test_docs_defaults_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert docs.main([]) == 0
    assert sorted(p.name for p in (tmp_path / "docs" / "rules").iterdir()) == sorted(
        f"{rule.code}.md" for rule in RULES
    )
    assert capsys.readouterr().out.splitlines()[0] == f"wrote {Path('docs/rules/DJM000.md')}"


def test_rule_page_layout() -> None:
    rule = BY_CODE["DJM105"]
    text = docs.rule_page(rule)
    assert text.splitlines()[:5] == [
        "# DJM105: add-not-null-field-without-default",
        "",
        f"Added in {rule.added_in}; on by default; all databases. Fix: none.",
        "",
        rule.summary,
    ]
    assert text.endswith("\n")
    assert not text.endswith("\n\n")


def test_rule_page_of_an_opt_in_postgresql_rule() -> None:
    rule = Rule(
        code="DJM990",
        name="fake-rule",
        message="fake",
        docstring="Summary line.\n\n## What it does\nThings.\n",
        check=None,
        default_on=False,
        added_in="9.9.0",
        databases=POSTGRESQL,
    )
    assert docs.rule_page(rule) == (
        "# DJM990: fake-rule\n\n"
        "Added in 9.9.0; off by default (enable: `extend-select`); PostgreSQL only. Fix: none.\n\n"
        "Summary line.\n\n## What it does\nThings.\n"
    )
    assert (rule.summary, rule.applies_to("postgresql"), rule.applies_to("generic")) == (
        "Summary line.",
        True,
        False,
    )


def test_rule_without_docstring_has_an_empty_summary() -> None:
    rule = Rule(
        code="DJM991",
        name="undocumented",
        message="fake",
        docstring=None,
        check=None,
        default_on=True,
        added_in="9.9.0",
    )
    assert (rule.doc, rule.summary, rule.check, rule.applies_to("sqlite")) == ("", "", None, True)


def test_readme_table_rows() -> None:
    rows = docs.readme_table().splitlines()
    assert rows[:2] == ["| code | name | default | summary |", "|---|---|---|---|"]
    assert rows[2:] == [
        f"| [{r.code}](docs/rules/{r.code}.md) | `{r.name}` | {'on' if r.default_on else 'off'}"
        f" | {r.summary} |"
        for r in RULES
    ]


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flake8_django_migrations", "explain", "DJM000"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        docs.rule_page(BY_CODE["DJM000"]),
        "",
    )


def test_module_entry_point_exits_with_the_command_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["flake8_django_migrations", "explain", "DJM999"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_path(cli.__file__, run_name="__main__")
    assert raised.value.code == 2
    assert capsys.readouterr().err == "unknown rule 'DJM999'; `rules` lists them\n"


@pytest.mark.parametrize(
    ("code", "line"),
    [
        ("DJM100", "- `djm-database`: the rule runs for every database."),
        ("DJM207", "- `djm-database`: the rule runs only for `postgresql` (the default)."),
        (
            "DJM309",
            "- `djm-database`: the rule runs for `postgresql` (the default), `sqlite` and"
            " `generic`, where Django runs each migration in a transaction; it is silent for"
            " `mysql` and `oracle`.",
        ),
    ],
)
def test_the_databases_line_of_options_comes_from_the_registry(code: str, line: str) -> None:
    page = docs.rule_page(BY_CODE[code])
    options = page.partition("\n## Options\n")[2].partition("\n\n## ")[0]
    assert options.splitlines()[0] == line


def test_a_rule_for_two_databases_lists_them_and_the_silent_ones() -> None:
    rule = dataclasses.replace(BY_CODE["DJM100"], databases=("postgresql", "mysql"))
    assert docs.databases_line(rule) == (
        "- `djm-database`: the rule runs for `postgresql` (the default) and `mysql`;"
        " it is silent for `sqlite`, `oracle` and `generic`."
    )
    assert "; `postgresql` and `mysql` only. Fix: none.\n" in docs.rule_page(rule)
