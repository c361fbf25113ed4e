"""The flake8 adapter: options, the path gate, running the rules, and DJM000."""

from __future__ import annotations

import argparse
import ast
import gc
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any, ClassVar

from flake8.options.manager import OptionManager

from flake8_django_migrations import __version__, clash
from flake8_django_migrations.context import Context, is_migration_path, make_context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.rules import djm000_internal_error as internal_error
from flake8_django_migrations.rules.api import Rule
from flake8_django_migrations.settings import DATABASES, OptionError, Settings
from flake8_django_migrations.settings import settings_from_options as build_settings

# Loading the plugin beside the other distribution of this package stops flake8 with a clear
# message instead of running two plugins that overwrote each other's files.
clash.refuse_clash()

RAISE_ENV = "DJM_RAISE"
_READER = "the migration reader"


def _option_specs() -> list[tuple[str, str | None, str]]:
    return [
        ("--djm-database", "postgresql", f"Target database: {', '.join(DATABASES)}."),
        (
            "--djm-django-version",
            None,
            "Django version rules follow (default: installed, else the migrations' headers).",
        ),
        ("--djm-start-after", "", "app_label.NNNN entries: migrations up to NNNN are history."),
        ("--djm-migration-dirs", "migrations", "Folder names that hold migrations."),
        ("--djm-app-labels", "", "path/to/app:label pairs for apps with a custom label."),
        ("--djm-max-operations", "10", "Most top-level operations before DJM701."),
        ("--djm-fix-batch-size", "1000", "The batch_size `fix` adds to bulk calls (DJM404)."),
    ]


class Plugin:
    """flake8 entry point `DJM`."""

    name = "flake8-djm"
    version = __version__
    settings: ClassVar[Settings] = Settings()

    def __init__(self, tree: ast.AST, filename: str, lines: Sequence[str]) -> None:
        self.tree = tree
        self.filename = filename
        self.lines = lines

    @classmethod
    def add_options(cls, option_manager: OptionManager) -> None:
        for flag, default, help_text in _option_specs():
            option_manager.add_option(
                flag, default=default, parse_from_config=True, help=help_text
            )
        option_manager.extend_default_ignore([rule.code for rule in RULES if not rule.default_on])

    @classmethod
    def parse_options(
        cls, option_manager: OptionManager, options: argparse.Namespace, args: list[str]
    ) -> None:
        try:
            cls.settings = build_settings(options)
        except OptionError as error:
            option_manager.parser.error(str(error))

    def run(self) -> Iterator[tuple[int, int, str, type[Any]]]:
        for violation in check_file(self.tree, self.filename, self.lines, self.settings):
            yield violation.line, violation.col, violation.text, type(self)


def check_file(
    tree: ast.AST,
    filename: str,
    lines: Sequence[str],
    settings: Settings,
    rules: Iterable[Rule] = RULES,
    *,
    pause_collector: bool = True,
) -> list[Violation]:
    """Every diagnostic of one file, sorted by position, each once: a function that two
    `RunPython`s share, or two equal statements of one `RunSQL`, is one finding.
    `pause_collector=False` leaves the garbage collector running (for the benchmarks)."""
    if not is_migration_path(filename, settings.migration_dirs):
        return []
    with collector_paused() if pause_collector else nullcontext():
        return _check_migration(tree, lines, filename, settings, rules)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while one migration is checked.

    A check allocates several objects per operation. Apart from the folder's knowledge, kept
    for the next file, they die by reference counting when it ends: nothing built for one file
    points back at what holds it (`tests/engine/test_plugin_memory.py` keeps it so). Left
    running, the collector still counts them, and on a large migration runs full collections
    that walk flake8's syntax tree and every other live object to free nothing: over a third
    of the time of a 10,000-operation file (`bench/bench_ops.py`). A collector the host has
    turned off stays off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _check_migration(
    tree: ast.AST, lines: Sequence[str], filename: str, settings: Settings, rules: Iterable[Rule]
) -> list[Violation]:
    try:
        migration = parse_migration(tree, lines, settings.database)
        if migration is None:
            return []
        ctx = make_context(filename, settings, migration)
    except Exception as error:  # a reader bug must not take flake8 down
        return [_internal_error(None, _READER, error)]
    if ctx.is_history:
        return []
    found: list[Violation] = []
    for rule in rules:
        found.extend(_run_rule(rule, migration, ctx))
    return sorted(set(found))


def _run_rule(rule: Rule, migration: Migration, ctx: Context) -> list[Violation]:
    check = rule.check
    if check is None or not rule.applies_to(ctx.settings.database):
        return []
    try:
        return list(check(migration, ctx))
    except Exception as error:
        return [_internal_error(migration, rule.code, error)]


def _internal_error(migration: Migration | None, where: str, error: Exception) -> Violation:
    if os.environ.get(RAISE_ENV):
        raise error
    line, col = (migration.line, migration.col) if migration else (1, 0)
    message = internal_error.MESSAGE.format(where=where, error=type(error).__name__)
    return Violation(line, col, internal_error.CODE, message)
