"""Start a new rule: `python scripts/new_rule.py DJM111 some-slug [--postgresql] [--off]`.

Run from the repository root (standard library only). It writes:
- `flake8_django_migrations/rules/djm111_some_slug.py`: the docstring with every section of
  the rule docs as TODO text, `CODE`/`NAME`/`MESSAGE`, a `check` that reports nothing yet, and
  the `RULE = Rule(...)` entry;
- `tests/fixtures/migrations/djm111_some_slug.py`: a trigger fixture whose marked line fails
  the tests until the check reports it;
- `tests/fixtures/clean/djm111_some_slug_near_miss.py`: a near-miss that every rule must leave
  silent (the fixture harness fails a file of `migrations/` that expects nothing, so silent
  files live in `clean/`);
- the import and the `RULE` line in `flake8_django_migrations/rules/__init__.py`, in code order;
- a `- DJM111: TODO` line under `## Unreleased` / `### Added` in `CHANGELOG.md`.

It refuses (exit status 2, one message, nothing written) a malformed code or slug, and a code
or slug a rule already uses. CONTRIBUTING.md ("Adding a rule") lists the steps that follow.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path("flake8_django_migrations")
RULES = PACKAGE / "rules"
REGISTRY = RULES / "__init__.py"
FIXTURES = Path("tests") / "fixtures"
CHANGELOG = Path("CHANGELOG.md")
CODE = re.compile(r"DJM[1-9]\d\d")
SLUG = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
RULE_FILE = re.compile(r"djm(\d{3})_(\w+)\.py")
# A registry line: `    djm110_state_only_remove_not_null,` or `    djm110_....RULE,`.
REGISTRY_LINE = re.compile(r"    djm(\d{3})_\w+(\.RULE)?,")
CHANGELOG_LINE = re.compile(r"- (DJM\d{3}):")


class Refused(Exception):
    """The request cannot be carried out: the message says why."""


@dataclass(frozen=True)
class NewRule:
    code: str
    slug: str
    postgresql: bool
    default_on: bool

    @property
    def stem(self) -> str:
        return f"djm{self.code[3:]}_{self.slug.replace('-', '_')}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/new_rule.py")
    parser.add_argument("code", help="the new code, e.g. DJM111")
    parser.add_argument("slug", help="the rule's name in kebab case, e.g. some-slug")
    parser.add_argument("--postgresql", action="store_true", help="the rule is PostgreSQL-only")
    parser.add_argument("--off", action="store_true", help="the rule is off by default")
    args = parser.parse_args(argv)
    rule = NewRule(args.code, args.slug, args.postgresql, not args.off)
    try:
        files = planned_files(rule)
    except Refused as refusal:
        print(f"new_rule.py: {refusal}", file=sys.stderr)
        return 2
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    print("next: CONTRIBUTING.md, 'Adding a rule'")
    return 0


def planned_files(rule: NewRule) -> dict[Path, str]:
    """Every file to write with its new text; raises `Refused` before anything is written."""
    check_request(rule)
    return {
        RULES / f"{rule.stem}.py": module_text(rule),
        FIXTURES / "migrations" / f"{rule.stem}.py": trigger_fixture(rule),
        FIXTURES / "clean" / f"{rule.stem}_near_miss.py": near_miss_fixture(rule),
        REGISTRY: with_registry_lines(REGISTRY.read_text(encoding="utf-8"), rule),
        CHANGELOG: with_changelog_line(CHANGELOG.read_text(encoding="utf-8"), rule.code),
    }


def check_request(rule: NewRule) -> None:
    if not REGISTRY.is_file() or not CHANGELOG.is_file():
        raise Refused(f"run it from the repository root ({REGISTRY} and {CHANGELOG})")
    if CODE.fullmatch(rule.code) is None:
        raise Refused(f"{rule.code!r} is not a rule code: DJM and three digits from 100 up")
    if SLUG.fullmatch(rule.slug) is None:
        raise Refused(f"{rule.slug!r} is not a slug: lower-case words joined by '-'")
    for path in sorted(RULES.glob("djm*.py")):
        match = RULE_FILE.fullmatch(path.name)
        if match is None:
            continue
        if match.group(1) == rule.code[3:]:
            raise Refused(f"{rule.code} is already used by {path}")
        if match.group(2) == rule.slug.replace("-", "_"):
            raise Refused(f"{rule.slug} is already used by {path}")


def with_registry_lines(text: str, rule: NewRule) -> str:
    """The registry with the module's import and its `RULE`, each before the first line of a
    higher code in its block (or after the block's last line)."""
    lines = text.splitlines(keepends=True)
    for suffix in ("", ".RULE"):
        block = [i for i, line in enumerate(lines) if _registry_entry(line, suffix)]
        if not block:
            raise Refused(f"no `djmNNN_...{suffix},` lines found in {REGISTRY}")
        codes = [_registry_entry(lines[i], suffix) for i in block]
        later = [i for i, code in zip(block, codes, strict=True) if str(code) > rule.code[3:]]
        lines.insert(later[0] if later else block[-1] + 1, f"    {rule.stem}{suffix},\n")
    return "".join(lines)


def _registry_entry(line: str, suffix: str) -> str | None:
    """The code digits of a registry line of the block (`suffix` "" or ".RULE")."""
    match = REGISTRY_LINE.fullmatch(line.rstrip("\n"))
    if match is None or (match.group(2) or "") != suffix:
        return None
    return match.group(1)


def with_changelog_line(text: str, code: str) -> str:
    """The changelog with a stub line under `## Unreleased` / `### Added`, in code order among
    the rule lines there."""
    lines = text.splitlines(keepends=True)
    unreleased = _index(lines, "## Unreleased", 0)
    section_end = _index(lines, "## ", unreleased + 1, default=len(lines))
    added = _index(lines, "### Added", unreleased, default=section_end)
    stub = f"- {code}: TODO: what it flags and what that breaks, in one full sentence.\n"
    if added == section_end:
        lines[unreleased + 1 : unreleased + 1] = ["\n", "### Added\n", stub]
        return "".join(lines)
    end = _index(lines, "#", added + 1, default=section_end)
    while end > added + 1 and not lines[end - 1].strip():
        end -= 1
    later = [i for i in range(added + 1, end) if _changelog_code(lines[i]) > code]
    lines.insert(later[0] if later else end, stub)
    return "".join(lines)


def _index(lines: list[str], prefix: str, start: int, default: int | None = None) -> int:
    found = next((i for i in range(start, len(lines)) if lines[i].startswith(prefix)), default)
    if found is None:
        raise Refused(f"no {prefix!r} heading in {CHANGELOG}")
    return found


def _changelog_code(line: str) -> str:
    match = CHANGELOG_LINE.match(line)
    return match.group(1) if match else ""


def sections() -> tuple[str, ...]:
    """The headings every rule docstring has, read from `docs.SECTIONS` without importing."""
    tree = ast.parse((PACKAGE / "docs.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "SECTIONS":
            return tuple(ast.literal_eval(node.value))
    raise Refused(f"no SECTIONS in {PACKAGE / 'docs.py'}")


SECTION_TODO = {
    "## What it does": "TODO: what the rule flags, operation by operation.",
    "## Why is this bad?": "TODO: the production failure, with measured numbers where there\n"
    "are some (docs/postgresql.md).",
    "## Example": "```python\n# TODO: a complete migration the rule flags.\n```",
    "## Use instead": "```python\n# TODO: the safe way, as a complete migration.\n```",
    "## What it does not flag": "- TODO: each near-miss the rule leaves alone, and why.",
    "## Options": "None.",
    "## References": "- TODO: [Django: ...](https://docs.djangoproject.com/en/stable/)",
}


def module_text(rule: NewRule) -> str:
    body = "\n\n".join(f"{h}\n{SECTION_TODO.get(h, 'TODO.')}" for h in sections())
    first = "POSTGRESQL, " if rule.postgresql else ""
    databases = f"{first}Context, Migration, Rule, Violation"
    databases_arg = "    databases=POSTGRESQL,\n" if rule.postgresql else ""
    return MODULE.format(
        summary="TODO: one line: what the rule flags and what that breaks.",
        sections=body,
        imports=databases,
        code=rule.code,
        name=rule.slug,
        default_on=rule.default_on,
        added_in=_version(),
        databases=databases_arg,
    )


def _version() -> str:
    text = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, flags=re.MULTILINE)
    if match is None:
        raise Refused(f"no __version__ in {PACKAGE / '__init__.py'}")
    return match.group(1)


MODULE = '''"""{summary}

{sections}
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import {imports}

CODE = "{code}"
NAME = "{name}"
MESSAGE = "`{{target}}` TODO: what breaks, in one sentence"


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    """TODO: yield `report(op, CODE, MESSAGE.format(...))` for each place to report."""
    yield from ()


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on={default_on},
    added_in="{added_in}",
{databases})
'''

FIXTURE = """# TODO: {what}
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField({mark}
            model_name="product",
            name="todo",
            field=models.IntegerField(null=True),
        ),
    ]
"""


def trigger_fixture(rule: NewRule) -> str:
    what = (
        f"a realistic migration {rule.code} reports. End each line it must report with an\n"
        f"# `error: {rule.code}` comment; lines without one must stay silent, so keep the\n"
        "# near-misses beside the triggers."
    )
    return FIXTURE.format(what=what, mark=f"  # error: {rule.code}")


def near_miss_fixture(rule: NewRule) -> str:
    what = (
        f"a migration that looks like what {rule.code} reports but must stay silent.\n"
        "# Every rule runs on the files of this folder, and none may report."
    )
    return FIXTURE.format(what=what, mark="")


if __name__ == "__main__":
    sys.exit(main())
