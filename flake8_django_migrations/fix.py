"""`python -m flake8_django_migrations fix`: the rules' mechanical edits, applied to files.

A file is read as bytes and decoded with its declared encoding; the rules run as in the
plugin; each finding of a selected rule with a fixer gets its `Fix`, whose `Edit`s (positions
as `ast` gives them) become spans of the text. Spans that overlap an earlier one wait for the
next pass; equal spans (two findings asking for the same `atomic = False`) are made once. The
new text is linted again: it must parse, lose every fixed finding and gain none, else the file
stays as it was. Every byte outside the spans is kept: line endings, BOM, encoding cookie.
"""

from __future__ import annotations

import ast
import configparser
import difflib
import io
import os
import re
import sys
import tokenize
from argparse import Namespace
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flake8 import defaults as flake8_defaults
from flake8 import utils as flake8_utils
from flake8.discover_files import expand_paths
from flake8.options.config import load_config

from flake8_django_migrations.context import Context, is_migration_path, make_context
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.plugin import RAISE_ENV, _option_specs, check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.rules.api import Edit, Fix, Rule
from flake8_django_migrations.settings import (
    OptionError,
    Settings,
    settings_from_options,
    split_list,
)

_NEWLINE = re.compile(r"\r\n|\r|\n")
# flake8's comments that silence a line (all codes, or those listed) and a whole file.
_NOQA = re.compile(r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.I)
_FILE_NOQA = re.compile(r"#\s*flake8[:=]\s*noqa", re.I)
# A fix held back because it overlapped another is made by the next pass, up to this many.
_PASSES = 5


# The folders flake8 leaves out by default.
class FixError(Exception):
    """A file or option the command cannot use; the message says which and why."""


@dataclass(frozen=True)
class Ignores:
    """The codes the flake8 configuration hides: `ignore` / `extend-ignore` (unless a longer
    `select` / `extend-select` prefix picks the code again, as flake8 decides) and
    `per-file-ignores` (patterns made absolute from the configuration's folder); and the files
    it does not check at all, `exclude` (flake8's default list unless set) and
    `extend-exclude`. A finding flake8 would not show is not fixed."""

    ignored: tuple[str, ...] = ()
    selected: tuple[str, ...] = ()
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()
    excluded: tuple[str, ...] = flake8_defaults.EXCLUDE

    def hide(self, path: Path, code: str) -> bool:
        ignored = max((len(p) for p in self.ignored if code.startswith(p)), default=0)
        selected = max((len(p) for p in self.selected if code.startswith(p)), default=0)
        if ignored > selected:
            return True
        name = os.path.abspath(path)
        return any(
            code.startswith(codes) and flake8_utils.fnmatch(name, [pattern])
            for pattern, codes in self.per_file
        )


@dataclass(frozen=True)
class Selection:
    """Which rules' fixes are made: by code, whether unsafe fixes are allowed, and which
    findings the configuration hides."""

    rules: tuple[Rule, ...]
    unsafe: bool = False
    ignores: Ignores = Ignores()

    def fixer(self, code: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.code == code), None)


@dataclass(frozen=True)
class Span:
    """An edit as offsets in the decoded text."""

    start: int
    end: int
    text: str

    def clashes(self, other: Span) -> bool:
        """Overlapping spans, or two edits at one place whose order would be a guess."""
        if self == other:
            return False
        return self.start == other.start or (self.start < other.end and other.start < self.end)


@dataclass
class Outcome:
    """What `fix` made of one file: `new` equals `old` when nothing changed."""

    path: Path
    old: str
    new: str
    fixed: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.old


# ---------------------------------------------------------------------------------------------
# Text and positions


def split_lines(text: str) -> list[str]:
    """The lines as Python's tokenizer counts them, each with its own line ending."""
    lines, start = [], 0
    for match in _NEWLINE.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def flake8_lines(text: str) -> list[str]:
    """The lines as flake8 hands them to the plugin: universal newlines, each ending in
    `\\n`. The findings come from these; the fixers read the file's own lines."""
    return io.StringIO(text, newline=None).readlines()


def to_offset(lines: Sequence[str], starts: Sequence[int], line: int, col: int) -> int:
    """The offset in the text of an `ast` position (1-based line, UTF-8 byte column)."""
    if line == len(lines) + 1 and col == 0:
        return starts[-1] + len(lines[-1]) if lines else 0
    if not 1 <= line <= len(lines) or col < 0:
        raise ValueError(f"no line {line} in the file")
    encoded = lines[line - 1].encode("utf-8")
    if col > len(encoded):
        raise ValueError(f"no column {col} on line {line}")
    return starts[line - 1] + len(encoded[:col].decode("utf-8"))


def line_starts(lines: Sequence[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line)
    return starts


def to_spans(lines: Sequence[str], edits: Sequence[Edit]) -> list[Span]:
    starts = line_starts(lines)
    spans = []
    for edit in edits:
        start = to_offset(lines, starts, edit.line, edit.col)
        end = to_offset(lines, starts, edit.end_line, edit.end_col)
        if end < start:
            raise ValueError(f"an edit ends before it starts on line {edit.line}")
        spans.append(Span(start, end, edit.text))
    return spans


def apply_spans(text: str, spans: Collection[Span]) -> str:
    """The text with each span replaced, from the end so earlier offsets stay right."""
    for span in sorted(spans, key=lambda s: (s.start, s.end), reverse=True):
        text = text[: span.start] + span.text + text[span.end :]
    return text


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it declares (PEP 263 cookie or BOM, else UTF-8)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except (SyntaxError, LookupError, UnicodeDecodeError) as error:
        raise FixError(f"cannot decode: {error}") from error


# ---------------------------------------------------------------------------------------------
# One file


def _key(violation: Violation) -> tuple[str, str]:
    """A finding without its position, which an edit above it moves."""
    return violation.code, violation.message


@dataclass
class _Pass:
    """The fixes one pass over the text can make together."""

    spans: list[Span] = field(default_factory=list)
    fixed: list[Violation] = field(default_factory=list)
    held_back: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, lines: Sequence[str], violation: Violation, fix: Fix) -> None:
        try:
            spans = to_spans(lines, fix.edits)
        except (ValueError, UnicodeDecodeError) as error:
            self.notes.append(f"{violation.code} on line {violation.line}: bad edit ({error})")
            return
        new = [span for span in dict.fromkeys(spans) if span not in self.spans]
        if any(a.clashes(b) for a in new for b in [*self.spans, *new]):
            self.held_back.append(violation)
            return
        self.spans.extend(new)
        self.fixed.append(violation)


def _silenced(lines: Sequence[str], violation: Violation) -> bool:
    """A `# noqa` on the finding's line that covers its code: flake8 would not show it."""
    match = _NOQA.search(lines[violation.line - 1]) if violation.line <= len(lines) else None
    if match is None:
        return False
    codes = match.group("codes")
    return codes is None or violation.code.startswith(tuple(split_list(codes.upper())))


def _call_fixer(
    rule: Rule, migration: Migration, ctx: Context, violation: Violation, notes: list[str]
) -> Fix | None:
    assert rule.fix is not None  # for mypy: `Selection` holds only rules with a fixer
    try:
        return rule.fix(migration, ctx, violation)
    except Exception as error:  # a fixer bug leaves its finding alone, never stops the run
        if os.environ.get(RAISE_ENV):
            raise
        notes.append(f"{violation.code} fixer failed ({type(error).__name__})")
        return None


def _plan(
    path: Path, text: str, settings: Settings, selection: Selection
) -> tuple[list[Violation], _Pass]:
    """The findings of the text and the fixes one pass makes."""
    lines = split_lines(text)
    tree = ast.parse(text)
    found = check_file(tree, str(path), flake8_lines(text), settings)
    plan = _Pass()
    migration = parse_migration(tree, lines, settings.database)
    if migration is None:
        return found, plan
    ctx = make_context(str(path), settings, migration)
    if ctx.is_history or _FILE_NOQA.search(text):
        return found, plan
    for violation in found:
        if _silenced(lines, violation) or selection.ignores.hide(path, violation.code):
            continue
        rule = selection.fixer(violation.code)
        fix = _call_fixer(rule, migration, ctx, violation, plan.notes) if rule else None
        if fix is not None and fix.reason and not fix.edits:
            plan.notes.append(f"{violation.code} on line {violation.line}: {fix.reason}")
        if fix is not None and fix.edits and (fix.safe or selection.unsafe):
            plan.add(lines, violation, fix)
    return found, plan


def refusal(
    path: Path, text: str, settings: Settings, before: list[Violation], fixed: list[Violation]
) -> str | None:
    """Why the fixed text cannot be kept, or None when it parses, each fixed finding is gone
    and no finding is new."""
    try:
        tree = ast.parse(text)
    except SyntaxError as error:
        return f"the fixed text would not parse ({error.msg} on line {error.lineno})"
    after = Counter(map(_key, check_file(tree, str(path), flake8_lines(text), settings)))
    had = Counter(map(_key, before))
    new = sorted((after - had).elements())
    if new:
        return f"the fix would add {new[0][0]} {new[0][1]!r}"
    still = Counter(map(_key, fixed)) - (had - after)
    if still:
        code, message = next(iter(still))
        return f"{code} {message!r} would remain after its fix"
    return None


def fix_text(path: Path, text: str, settings: Settings, selection: Selection) -> Outcome:
    """The fixed text of one migration file: passes until nothing is left to fix."""
    outcome = Outcome(path, text, text)
    if not is_migration_path(str(path), settings.migration_dirs):
        outcome.notes.append("not a file in a migrations folder")
        return outcome
    for _ in range(_PASSES):
        if not _one_pass(outcome, settings, selection):
            return outcome
    return outcome


def _one_pass(outcome: Outcome, settings: Settings, selection: Selection) -> bool:
    """One pass over `outcome.new`; True when it changed the text and another may follow."""
    try:
        before, plan = _plan(outcome.path, outcome.new, settings, selection)
    except SyntaxError as error:
        outcome.notes.append(f"does not parse ({error.msg} on line {error.lineno})")
        return False
    outcome.notes.extend(note for note in plan.notes if note not in outcome.notes)
    if not plan.spans:
        return False
    new = apply_spans(outcome.new, plan.spans)
    why = refusal(outcome.path, new, settings, before, plan.fixed)
    if why is not None:
        outcome.notes.append(why)
        return False
    outcome.new = new
    outcome.fixed.update(violation.code for violation in plan.fixed)
    return True


def fix_file(path: Path, settings: Settings, selection: Selection) -> tuple[Outcome, bytes]:
    """The outcome for a file on disk and its new bytes (the old ones when nothing changed)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise FixError(f"cannot read: {error.strerror or error}") from error
    text, encoding = decode(data)
    outcome = fix_text(path, text, settings, selection)
    if not outcome.changed:
        return outcome, data
    try:
        return outcome, outcome.new.encode(encoding)
    except UnicodeEncodeError:
        outcome.notes.append(f"the fix cannot be written in the file's encoding ({encoding})")
        outcome.new = outcome.old
        outcome.fixed.clear()
        return outcome, data


# ---------------------------------------------------------------------------------------------
# Options and files


def select_rules(
    select: str | None, unsafe: bool, configured: Collection[str], ignores: Ignores = Ignores()
) -> Selection:
    """The rules whose fixes run: those of `--select` (exact codes), else the rules on by
    default and those the configuration's `select` / `extend-select` turns on."""
    known = {rule.code for rule in RULES}
    wanted = {code.upper() for code in split_list(select)} if select is not None else None
    unknown = sorted((wanted or set()) - known)
    if unknown or wanted == set():
        raise FixError(f"--select: unknown code {(unknown or [str(select)])[0]!r}")
    chosen = tuple(
        rule
        for rule in RULES
        if rule.fix is not None
        and (rule.fix_kind == "safe" or unsafe)
        and (rule.code in wanted if wanted is not None else _is_on(rule, configured))
    )
    return Selection(chosen, unsafe, ignores)


def _is_on(rule: Rule, configured: Collection[str]) -> bool:
    return rule.default_on or any(rule.code.startswith(prefix) for prefix in configured)


def read_configuration(cwd: Path) -> tuple[Settings, list[str], Ignores]:
    """The settings, the selected codes and the hidden codes of the flake8 configuration that
    flake8 itself would read from `cwd` (`setup.cfg`, `tox.ini` or `.flake8`, `[flake8]`)."""
    previous = Path.cwd()
    try:
        os.chdir(cwd)
        config, folder = load_config(None, [], isolated=False)
    except (configparser.Error, OSError, ValueError) as error:
        raise FixError(f"cannot read the flake8 configuration: {error}") from error
    finally:
        os.chdir(previous)
    section = dict(config.items("flake8")) if config.has_section("flake8") else {}
    selected = _codes(section, "select", "extend-select")
    return _settings(section), selected, _ignores(section, selected, folder or str(cwd))


def _ignores(section: dict[str, str], selected: list[str], folder: str) -> Ignores:
    ignored = _codes(section, "ignore", "extend-ignore")
    mapping = flake8_utils.parse_files_to_codes_mapping(
        _option(section, "per-file-ignores", "") or ""
    )
    per_file = tuple(
        (flake8_utils.normalize_path(pattern, folder), tuple(code.upper() for code in codes))
        for pattern, codes in mapping
    )
    return Ignores(tuple(ignored), tuple(selected), per_file, _excluded(section, folder))


def _excluded(section: dict[str, str], folder: str) -> tuple[str, ...]:
    exclude = _option(section, "exclude", None)
    patterns = split_list(exclude) if exclude is not None else list(flake8_defaults.EXCLUDE)
    patterns += split_list(_option(section, "extend-exclude", "") or "")
    return tuple(flake8_utils.normalize_paths(patterns, folder))


def _option(section: dict[str, str], name: str, default: str | None) -> str | None:
    return section.get(name, section.get(name.replace("-", "_"), default))


def _settings(section: dict[str, str]) -> Settings:
    values = {
        flag.removeprefix("--").replace("-", "_"): _option(
            section, flag.removeprefix("--"), default
        )
        for flag, default, _ in _option_specs()
    }
    return settings_from_options(Namespace(**values))


def _codes(section: dict[str, str], *names: str) -> list[str]:
    """The codes the options `names` list, upper-cased."""
    return [code.upper() for name in names for code in split_list(_option(section, name, ""))]


def migration_files(
    paths: Sequence[Path], settings: Settings, excluded: Sequence[str] = flake8_defaults.EXCLUDE
) -> Iterator[Path]:
    """The files named, and the migration files under the folders named, as flake8 finds
    them: nothing that matches an `excluded` pattern, named or found."""
    for path in paths:
        names = expand_paths(
            paths=[str(path)], stdin_display_name="stdin", filename_patterns=[], exclude=excluded
        )
        for name in sorted(names):
            if name == str(path) or is_migration_path(name, settings.migration_dirs):
                yield Path(name)


def unified_diff(outcome: Outcome) -> str:
    name = outcome.path.as_posix()
    lines = difflib.unified_diff(
        split_lines(outcome.old), split_lines(outcome.new), f"a/{name}", f"b/{name}"
    )
    return "".join(line if line.endswith(("\n", "\r")) else f"{line}\n" for line in lines)


def summary(outcome: Outcome, *, dry_run: bool) -> str | None:
    """The line printed for a file: what was fixed, or why it was left as it is."""
    if outcome.changed:
        counts = ", ".join(f"{code} x{n}" for code, n in sorted(outcome.fixed.items()))
        verb = "would fix" if dry_run else "fixed"
        left = f"; left the rest: {'; '.join(outcome.notes)}" if outcome.notes else ""
        return f"{outcome.path}: {verb} {counts}{left}"
    if outcome.notes:
        return f"{outcome.path}: left untouched: {'; '.join(outcome.notes)}"
    return None


# ---------------------------------------------------------------------------------------------
# The command


def run(paths: Sequence[Path], *, diff: bool, unsafe: bool, select: str | None) -> int:
    """Fix (or with `diff`, show the fixes of) every file: 1 when something was or would be
    fixed, 0 when nothing was to fix, 2 on an error (printed on stderr)."""
    try:
        settings, configured, ignores = read_configuration(Path.cwd())
        selection = select_rules(select, unsafe, configured, ignores)
    except (FixError, OptionError) as error:
        print(f"fix: {error}", file=sys.stderr)
        return 2
    statuses = [
        _run_file(path, settings, selection, diff)
        for path in migration_files(paths, settings, ignores.excluded)
    ]
    return max(statuses, default=0)


def _run_file(path: Path, settings: Settings, selection: Selection, diff: bool) -> int:
    try:
        outcome, data = fix_file(path, settings, selection)
    except FixError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 2
    line = summary(outcome, dry_run=diff)
    if diff and outcome.changed:
        sys.stdout.write(unified_diff(outcome))
    elif outcome.changed:
        path.write_bytes(data)
    if line is not None:
        print(line, file=sys.stderr if diff else sys.stdout)
    return 1 if outcome.changed else 0
