"""`python -m flake8_django_migrations rules | explain CODE | baseline [ROOT] | fix PATH...`."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from flake8_django_migrations import baseline, clash, docs, fix
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules.api import Rule


def _list_rules() -> int:
    for rule in RULES:
        default = "on " if rule.default_on else "off"
        fixing = rule.fix_kind if rule.fix_kind in ("safe", "unsafe") else "-"
        print(f"{rule.code}  {default}  {fixing:<6}  {rule.name:<42} {rule.summary}")
    return 0


def find_rule(code_or_name: str) -> Rule | None:
    """A rule by its code (any case) or its name (`remove-field`)."""
    wanted = code_or_name.strip()
    found = BY_CODE.get(wanted.upper())
    return found or next((rule for rule in RULES if rule.name == wanted.lower()), None)


def _explain(code_or_name: str) -> int:
    rule = find_rule(code_or_name)
    if rule is None:
        print(f"unknown rule {code_or_name!r}; `rules` lists them", file=sys.stderr)
        return 2
    print(docs.rule_page(rule), end="")
    return 0


def _baseline(root: Path, migration_dirs: str) -> int:
    if not root.is_dir():
        print(f"baseline: {str(root)!r} is not a folder", file=sys.stderr)
        return 2
    dirs = frozenset(name.strip() for name in migration_dirs.split(",") if name.strip())
    for line in baseline.config_lines(baseline.latest_numbers(root, dirs)):
        print(line)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flake8_django_migrations")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("rules", help="list every rule")
    explain = commands.add_parser("explain", help="print a rule's documentation")
    explain.add_argument("code", help="a code (DJM100) or a rule name (remove-field)")
    history = commands.add_parser(
        "baseline", help="print djm-start-after with the latest migration of each app"
    )
    history.add_argument("root", nargs="?", default=".", type=Path)
    history.add_argument("--migration-dirs", default="migrations", help="comma separated")
    fixing = commands.add_parser("fix", help="rewrite the findings that have a mechanical fix")
    fixing.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    fixing.add_argument("--diff", action="store_true", help="print a diff, write nothing")
    fixing.add_argument("--unsafe", action="store_true", help="also make the unsafe fixes")
    fixing.add_argument("--select", default=None, help="only these codes, comma separated")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    problem = clash.clash_message()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    args = _parser().parse_args(argv)
    if args.command == "rules":
        return _list_rules()
    if args.command == "explain":
        return _explain(args.code)
    if args.command == "fix":
        return fix.run(args.paths, diff=args.diff, unsafe=args.unsafe, select=args.select)
    return _baseline(args.root, args.migration_dirs)


def run(argv: Sequence[str] | None = None) -> int:
    """`main`, quiet when the reader of the output goes away (`... rules | head`)."""
    try:
        status = main(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would report the failed flush of stdout again at exit: point it elsewhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return status


if __name__ == "__main__":
    sys.exit(run())
