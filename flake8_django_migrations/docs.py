"""Rule documentation: pages generated from the rule modules' docstrings, and the README table.

The project's own tooling, not a user command: `python -m flake8_django_migrations.docs`
rewrites `docs/rules/` and the README's rules table of a checkout, `--check` only lists the
stale files (CI runs it). Users read a page with `python -m flake8_django_migrations explain`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flake8_django_migrations.rules import RULES
from flake8_django_migrations.rules.api import ALL_DATABASES, POSTGRESQL, TRANSACTIONAL_DDL, Rule

SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## What it does not flag",
    "## Options",
    "## References",
)
TABLE_START = "<!-- rules-table:start -->"
TABLE_END = "<!-- rules-table:end -->"


def rule_page(rule: Rule) -> str:
    """The Markdown page of a rule: title, version, summary, then the docstring's sections,
    with the `djm-database` line of "Options" written from the rule's `databases`."""
    summary, _, sections = rule.doc.strip().partition("\n")
    default = "on by default" if rule.default_on else "off by default (enable: `extend-select`)"
    header = (
        f"# {rule.code}: {rule.name}\n\n"
        f"Added in {rule.added_in}; {default}; {_scope(rule)}. {fix_line(rule)}\n"
    )
    return f"{header}\n{summary.strip()}\n\n{_with_databases(sections.strip(), rule)}\n"


def fix_line(rule: Rule) -> str:
    """What `python -m flake8_django_migrations fix` makes of the rule's findings."""
    if rule.fix_kind == "safe":
        return "Fix: safe."
    if rule.fix_kind == "unsafe":
        return "Fix: unsafe (`--unsafe`)."
    return "Fix: none."


def _scope(rule: Rule) -> str:
    if rule.databases == ALL_DATABASES:
        return "all databases"
    if rule.databases == POSTGRESQL:
        return "PostgreSQL only"
    return f"{_listed(rule.databases, default=False)} only"


def databases_line(rule: Rule) -> str:
    """The `djm-database` bullet of the rule's "Options"."""
    if rule.databases == ALL_DATABASES:
        return "- `djm-database`: the rule runs for every database."
    if rule.databases == POSTGRESQL:
        return "- `djm-database`: the rule runs only for `postgresql` (the default)."
    others = [name for name in ALL_DATABASES if name not in rule.databases]
    why = ", where Django runs each migration in a transaction"
    reason = why if rule.databases == TRANSACTIONAL_DDL else ""
    return (
        f"- `djm-database`: the rule runs for {_listed(rule.databases)}{reason};"
        f" it is silent for {_listed(tuple(others))}."
    )


def _listed(names: tuple[str, ...], *, default: bool = True) -> str:
    mark = " (the default)" if default else ""
    quoted = [f"`{name}`" + (mark if name == "postgresql" else "") for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _with_databases(sections: str, rule: Rule) -> str:
    """The docstring's sections with the databases line first under "## Options" (in place of
    a lone "None.")."""
    before, heading, rest = sections.partition("\n## Options\n")
    if not heading:
        return sections
    own, next_heading, after = rest.partition("\n## ")
    options = (
        databases_line(rule)
        if own.strip() == "None."
        else f"{databases_line(rule)}\n{own.strip()}"
    )
    tail = f"\n\n## {after}" if next_heading else ""
    return f"{before}{heading}{options}{tail}"


def readme_table() -> str:
    rows = ["| code | name | default | summary |", "|---|---|---|---|"]
    for rule in RULES:
        link = f"[{rule.code}](docs/rules/{rule.code}.md)"
        default = "on" if rule.default_on else "off"
        rows.append(f"| {link} | `{rule.name}` | {default} | {rule.summary} |")
    return "\n".join(rows)


def expected_files(root: Path) -> dict[Path, str]:
    """Every generated file under `root` with the text it must have."""
    files = {root / "docs" / "rules" / f"{rule.code}.md": rule_page(rule) for rule in RULES}
    readme = root / "README.md"
    if readme.exists():
        files[readme] = _with_table(readme.read_text(encoding="utf-8"))
    return files


def _with_table(text: str) -> str:
    before, start, rest = text.partition(TABLE_START)
    _, end, after = rest.partition(TABLE_END)
    if not start or not end:
        return text
    return f"{before}{TABLE_START}\n{readme_table()}\n{TABLE_END}{after}"


def stale_files(root: Path) -> list[Path]:
    return [
        path
        for path, text in expected_files(root).items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]


def write_files(root: Path) -> list[Path]:
    stale = stale_files(root)
    for path, text in expected_files(root).items():
        if path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return stale


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flake8_django_migrations.docs")
    parser.add_argument("--check", action="store_true", help="only report stale files")
    parser.add_argument("root", nargs="?", default=".", type=Path)
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.root)
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_files(args.root):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
