"""`python -m flake8_django_migrations rules | explain CODE | baseline [ROOT] | docs [ROOT]`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from flake8_django_migrations import baseline, docs
from flake8_django_migrations.rules import BY_CODE, RULES


def _list_rules() -> int:
    for rule in RULES:
        default = "on " if rule.default_on else "off"
        print(f"{rule.code}  {default}  {rule.name:<42} {rule.summary}")
    return 0


def _explain(code: str) -> int:
    rule = BY_CODE.get(code.upper())
    if rule is None:
        print(f"unknown code {code!r}; `rules` lists them", file=sys.stderr)
        return 2
    print(docs.rule_page(rule), end="")
    return 0


def _baseline(root: Path, migration_dirs: str) -> int:
    dirs = frozenset(name.strip() for name in migration_dirs.split(",") if name.strip())
    for line in baseline.config_lines(baseline.latest_numbers(root, dirs)):
        print(line)
    return 0


def _docs(root: Path, check: bool) -> int:
    if check:
        stale = docs.stale_files(root)
        for path in stale:
            print(f"out of date: {path}", file=sys.stderr)
        return 1 if stale else 0
    for path in docs.write_files(root):
        print(f"wrote {path}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m flake8_django_migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("rules", help="list every rule")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code")
    history = commands.add_parser(
        "baseline", help="print djm-start-after with the latest migration of each app"
    )
    history.add_argument("root", nargs="?", default=".", type=Path)
    history.add_argument("--migration-dirs", default="migrations", help="comma separated")
    generate = commands.add_parser("docs", help="regenerate docs/rules and the README table")
    generate.add_argument("--check", action="store_true", help="only report stale files")
    generate.add_argument("root", nargs="?", default=".", type=Path)
    args = parser.parse_args(argv)
    if args.command == "rules":
        return _list_rules()
    if args.command == "explain":
        return _explain(args.code)
    if args.command == "baseline":
        return _baseline(args.root, args.migration_dirs)
    return _docs(args.root, args.check)


if __name__ == "__main__":
    sys.exit(main())
