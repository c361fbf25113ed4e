"""How the plugin's time per migration compares with `ast.parse` of the same file.

    python bench/bench_floor.py [FOLDER] [--runs R] [--no-gc] [--warm-cache] [--profile N]

In one process over every migration file under FOLDER (default: the folder `DJM_CORPUS`
names), as flake8 -j1 would see them (a `.py` file in a migrations folder that parses), with
the summary cache off, every rule on and nothing read before, it times per file, in CPU time:

(a) `ast.parse` of the file's text (flake8's own work, the floor), and
(b) the plugin's `check_file` on that tree: the first file of each folder pays for reading the
    folder (its graph and every sibling's summary), as in a new flake8 process.

It prints the milliseconds per file of each and the ratio (b)/(a), the target being at most
1.0: of `--runs` passes (3), the one of median ratio. A second pass, after forgetting every
folder, runs the same work step by step to show where (b) goes: the folder knowledge
(listing and parsing the siblings for their summaries, the graph, the replayed state before
the file), the checked file's own model (the reader and its summary) and the state before
each of its operations, and the rules by family (1xx ... 7xx; an analysis that several rules
share is paid by the first family that asks; 6xx includes reading other apps' folders).

`--profile N` also runs the (b) pass once more under cProfile and prints the N costliest
functions by own time and by cumulative time. `--no-gc` pauses the garbage collector during
the timed calls. `--warm-cache` times instead what every run after the first does: the
summary cache (in a temporary folder) filled by an untimed pass, so that reading a folder
parses no sibling whose text is unchanged. No test asserts a time.
"""

from __future__ import annotations

import argparse
import ast
import cProfile
import gc
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from flake8_django_migrations import context, project, summary_cache
from flake8_django_migrations.context import is_migration_path, make_context
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.settings import Settings

T = TypeVar("T")
SETTINGS = Settings()


@dataclass
class Source:
    path: str
    lines: list[str]
    text: str


def sources(folder: Path) -> list[Source]:
    """Every file the plugin would check under `folder` that Python can parse."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if not is_migration_path(str(path), SETTINGS.migration_dirs):
            continue
        try:
            text = path.read_text(encoding="utf-8")
            ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        found.append(Source(str(path), text.splitlines(keepends=True), text))
    return found


class Clock:
    """CPU seconds per named part, optionally with the garbage collector paused."""

    def __init__(self, collect: bool) -> None:
        self.collect = collect
        self.parts: dict[str, float] = defaultdict(float)

    def time(self, part: str, work: Callable[[], T]) -> T:
        if not self.collect:
            gc.disable()
        start = time.process_time()
        try:
            return work()
        finally:
            self.parts[part] += time.process_time() - start
            gc.enable()


def whole(files: list[Source], clock: Clock) -> None:
    """(a) and (b) per file, folders read afresh."""
    project.clear_cache()
    for source in files:
        tree = clock.time("(a) ast.parse", lambda s=source: ast.parse(s.text))  # type: ignore[misc]
        clock.time(
            "(b) check_file",
            lambda s=source, t=tree: check_file(t, s.path, s.lines, SETTINGS),  # type: ignore[misc]
        )


def split(files: list[Source], clock: Clock) -> None:
    """(b) again, step by step, in the order `check_file` and the rules take them."""
    project.clear_cache()
    for source in files:
        tree = ast.parse(source.text)
        _split_one(source, tree, clock)


def _split_one(source: Source, tree: ast.AST, clock: Clock) -> None:
    migration = clock.time(
        "model: reader", lambda: parse_migration(tree, source.lines, SETTINGS.database)
    )
    if migration is None:
        return
    directory = Path(os.path.abspath(source.path)).parent
    clock.time("folder: read siblings", lambda: project.load_folder(directory, SETTINGS))
    app = clock.time(
        "model: summary, label",
        lambda: project.app_knowledge(source.path, migration, SETTINGS),
    )
    if app is not None and clock.time("model: summary, label", lambda: app.label_agrees):
        clock.time("folder: graph, state before", lambda: app.state_at_file_start)
    # `make_context` builds the same knowledge again; hand it the one just timed.
    context.app_knowledge = lambda *_: app
    try:
        ctx = clock.time(
            "model: summary, label", lambda: make_context(source.path, SETTINGS, migration)
        )
    finally:
        context.app_knowledge = project.app_knowledge
    if ctx.is_history:
        return
    if ctx.states is not None:
        states = ctx.states
        clock.time("model: state per operation", lambda: states._before)
    for rule in RULES:
        check = rule.check
        if check is not None and rule.applies_to(SETTINGS.database):
            family = f"rules {rule.code[3]}xx"
            clock.time(family, lambda c=check: list(c(migration, ctx)))  # type: ignore[misc]


def profile(files: list[Source], top: int, collect: bool) -> None:
    trees = [(source, ast.parse(source.text)) for source in files]
    project.clear_cache()
    if not collect:
        gc.disable()
    profiler = cProfile.Profile()
    profiler.enable()
    for source, tree in trees:
        check_file(tree, source.path, source.lines, SETTINGS)
    profiler.disable()
    gc.enable()
    for key in ("tottime", "cumulative"):
        print(f"\n--- top {top} by {key} ---")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(key).print_stats(top)


def report(count: int, parts: dict[str, float], floor: float) -> Iterator[str]:
    for part, seconds in parts.items():
        ms = seconds * 1000 / count
        yield f"  {part:<30} {ms:7.3f} ms/file  {seconds / floor:5.2f} x ast.parse"


def _ratio(clock: Clock) -> float:
    return clock.parts["(b) check_file"] / clock.parts["(a) ast.parse"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=os.environ.get("DJM_CORPUS", ""))
    parser.add_argument("--no-gc", action="store_true", help="pause gc in the timed calls")
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--runs", type=int, default=3, help="whole passes; the median is shown")
    parser.add_argument("--warm-cache", action="store_true", help="with the summary cache warm")
    options = parser.parse_args()
    if not options.folder:
        parser.error("name a folder of migrations (or set DJM_CORPUS)")
    files = sources(Path(options.folder))
    with tempfile.TemporaryDirectory() as cache:
        # By default the plugin's own work, not the disk cache.
        os.environ[summary_cache.CACHE_ENV] = cache if options.warm_cache else ""
        if options.warm_cache:
            whole(files, Clock(collect=True))
        measure(files, options)


def measure(files: list[Source], options: argparse.Namespace) -> None:
    collect = not options.no_gc
    clocks = [Clock(collect) for _ in range(options.runs)]
    for clock in clocks:
        whole(files, clock)
    # The run of median ratio: on a shared machine single runs vary by a quarter and more.
    first = sorted(clocks, key=_ratio)[len(clocks) // 2]
    second = Clock(collect)
    split(files, second)
    floor = first.parts["(a) ast.parse"]
    cache = "warm" if options.warm_cache else "off"
    print(
        f"{len(files)} files, gc {'on' if collect else 'off'}, summary cache {cache}, "
        f"median of {len(clocks)} runs"
    )
    print("\n".join(report(len(files), first.parts, floor)))
    ratios = ", ".join(f"{_ratio(clock):.2f}" for clock in clocks)
    print(f"  ratio (b)/(a): {_ratio(first):.2f} (target <= 1.0; runs: {ratios})")
    print("(b) step by step (a second pass, folders read afresh):")
    print("\n".join(report(len(files), dict(sorted(second.parts.items())), floor)))
    print(f"  {'sum':<30} {sum(second.parts.values()) * 1000 / len(files):7.3f} ms/file")
    if options.profile:
        profile(files, options.profile, collect)


if __name__ == "__main__":
    main()
