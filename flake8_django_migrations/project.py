"""App-level knowledge: the migrations folder of the file being checked, its graph and state.

A folder is read and summarized once per process and kept in a cache keyed by its path; it is
checked again against the files' sizes and modification times when it is asked for more than
`RECHECK_SECONDS` after the last check (flake8 may run several processes, each with its own
cache, and files in any order). The file being checked always comes from flake8's `lines`
(the editor's buffer); its siblings come from disk.

Other apps' folders (for cross-app dependencies and models) are looked up by label: a folder
`<label>/<migrations dir>` next to the app folder, or next to one of its parents, up to
`SEARCH_LEVELS` levels up or to the project root (a folder holding `manage.py`, `setup.py`,
`setup.cfg`, `pyproject.toml` or `.git`), or the folder `djm-app-labels` maps to that label.

An app's own label follows `docs/terms.md#app-label`: `djm-app-labels`, else the `AppConfig` label
of its `apps.py` (`app_config`), else a guess from the folder's files. A label the folder's
files contradict leaves the app's graph and state unknown (`AppKnowledge.label_agrees`).
"""

from __future__ import annotations

import ast
import os
import stat
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from flake8_django_migrations import app_config, astutil, summary_cache
from flake8_django_migrations.graph import AppGraph, FileSummary, Key
from flake8_django_migrations.migration import Dependency, Migration, parse_migration
from flake8_django_migrations.settings import Settings, release
from flake8_django_migrations.state import (
    FORGET,
    OPAQUE,
    OPEN_FIELDS,
    AppState,
    file_state_ops,
    replay,
    unknown_app,
)

RECHECK_SECONDS = 1.0
SEARCH_LEVELS = 4
_ROOT_MARKERS = ("manage.py", "setup.py", "setup.cfg", "pyproject.toml", ".git")
_MAX_MIGRATION = "max_migration.txt"
# A migrations package's `__init__.py` larger than this is not read for base classes.
_MAX_PACKAGE_BYTES = 1_000_000
# The size in a stamp of a file that cannot be read as a regular file.
_UNREADABLE = -1

Stamp = tuple[tuple[str, int, int], ...]


def summarize(name: str, migration: Migration, with_state: bool = True) -> FileSummary:
    deps = [d for d in migration.dependencies if not d.swappable]
    lists = (deps, migration.run_before, migration.replaces)
    unreadable = any(d.app is None or d.name is None for entries in lists for d in entries)
    return FileSummary(
        name=name,
        dependencies=_keys(deps),
        unreadable_dependency=unreadable or bool(migration.hidden_lists),
        partial_dependencies=not unreadable and migration.hidden_lists == {"dependencies"},
        run_before=_keys(migration.run_before),
        replaces=_keys(migration.replaces),
        state_ops=file_state_ops(migration) if with_state else (),
        django_version=migration.generated_by,
        initial=migration.initial is True,
        creates=migration.created_tables,
    )


def _keys(entries: Iterable[Dependency]) -> tuple[Key, ...]:
    return tuple((d.app, d.name) for d in entries if d.app is not None and d.name is not None)


def read_summary(path: Path, database: str, given: Migration | None = None) -> FileSummary | None:
    """The summary of a file on disk; None when it is not a migration module. `given` is the
    model flake8's tree of this file gave: used when the disk holds the very same text, it
    spares a second parse (and a second syntax tree kept alive by the summary)."""
    name = path.stem
    try:
        source = path.read_bytes()
    except OSError:
        return FileSummary(name, broken=True)
    if given is not None and _same_text(source, given.lines):
        return summarize(name, given)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return FileSummary(name, broken=True)
    lines = source.decode("utf-8", "replace").splitlines(keepends=True)
    try:
        migration = parse_migration(tree, lines, database)
    except Exception:  # a reader bug on a sibling makes that sibling unknown, nothing more
        return FileSummary(name, broken=True)
    return summarize(name, migration) if migration is not None else None


def _same_text(source: bytes, lines: Sequence[str]) -> bool:
    """The bytes are UTF-8 for exactly these lines, so parsing them gives the same tree (a
    file in another encoding, or that differs from the buffer, is parsed again)."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return text.splitlines(keepends=True) == list(lines)


@dataclass
class Folder:
    """One migrations folder as read from disk, with the app-level work done on it."""

    directory: Path
    stamp: Stamp
    files: Mapping[str, FileSummary]
    max_migration: str | None
    checked_at: float
    label: str | None = None

    def __post_init__(self) -> None:
        self._graphs: dict[str, AppGraph] = {}
        self._after: dict[str, dict[str, AppState]] = {}
        # Whether the files agree with a label (`label_agrees`), per label.
        self.agreement: dict[str, bool] = {}

    @cached_property
    def sibling_references(self) -> tuple[Key, ...]:
        """The dependencies that name a file of this folder, under whatever label. A file's
        dependency on its own name is on another app's migration: it cannot be its own parent.
        """
        return tuple(
            (app, dep)
            for summary in self.files.values()
            for app, dep in summary.dependencies
            if dep in self.files and dep != summary.name
        )

    @cached_property
    def module_names(self) -> frozenset[str]:
        """The modules that are files directly in the folder (`__init__` aside)."""
        return frozenset(name[:-3] for name, _, _ in self.stamp if _is_candidate(name))

    @cached_property
    def classes_refusing_unapply(self) -> frozenset[str]:
        """The classes of the folder's `__init__.py` whose `unapply` only raises: migrations
        built on one (`from . import IrreversibleMigration`) cannot be unapplied. Read when a
        rule first asks; nothing when the file is missing, too large or not Python."""
        source = _package_source(self.directory / "__init__.py")
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return frozenset()
        return frozenset(
            node.name
            for node in tree.body
            if isinstance(node, ast.ClassDef) and astutil.refuses_unapply(node)
        )

    @cached_property
    def newest_django(self) -> tuple[int, int] | None:
        """The newest Django that wrote one of the folder's migrations (their headers)."""
        found = (release(s.django_version) for s in self.files.values() if s.django_version)
        return max((version for version in found if version is not None), default=None)

    def graph(self, label: str) -> AppGraph:
        if label not in self._graphs:
            self._graphs[label] = AppGraph(label, self.files)
        return self._graphs[label]

    def state_after(self, graph: AppGraph, name: str) -> AppState:
        """The state after migration `name` (disk versions), memoized per node."""
        done = self._after.setdefault(graph.label, {})
        for node in graph.plan([name], known=done):
            before = self.replayed_state(graph, tuple(graph.visiting_order(node)), node)
            summary = graph.files[node]
            after = unknown_app(graph.label) if summary.broken else before
            done[node] = replay(after, summary.state_ops)
        return done[name]

    def replayed_state(self, graph: AppGraph, parents: tuple[str, ...], name: str) -> AppState:
        """The state made by `parents` (the parents of node `name` in `visiting_order`, or the
        sorted leaves), replayed in the order of Django's plan: the history of the first, then
        what the others add (`docs/terms.md#replayed-state-and-unknown`)."""
        label = graph.label
        if name in graph.cycles or not graph.state_parents_known(name):
            return unknown_app(label)
        if not parents:
            return AppState(label)
        first, *others = parents
        state = self.state_after(graph, first)
        if others:
            done = set(graph.plan([first]))
            for node in graph.plan(others, known=done):
                if graph.files[node].broken:
                    return unknown_app(label)
                state = replay(state, graph.files[node].state_ops)
        return state


_CACHE: dict[tuple[Path, object], Folder] = {}


def clear_cache() -> None:
    """Forget every folder read so far (for long-lived processes that change files)."""
    _CACHE.clear()
    _FOUND.clear()
    app_config.clear_cache()


def load_folder(
    directory: Path, settings: Settings, given: tuple[str, Migration] | None = None
) -> Folder | None:
    """The folder, read or taken from the cache; None when it cannot be listed. `given` is
    the checked file's name in the folder and its model (see `read_summary`)."""
    # What reading and labelling a folder depends on; other settings do not change it.
    key = (directory, (settings.database, settings.migration_dirs, settings.app_labels))
    database = settings.database
    cached = _CACHE.get(key)
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < RECHECK_SECONDS:
        return cached
    stamp = _stamp(directory)
    if stamp is None:
        return None
    if cached is not None and cached.stamp == stamp:
        cached.checked_at = now
        return cached
    folder = _read_folder(directory, stamp, database, now, given)
    _CACHE[key] = folder
    return folder


def _stamp(directory: Path) -> Stamp | None:
    try:
        with os.scandir(directory) as entries:
            found = [
                _file_stamp(e)
                for e in entries
                if _is_candidate(e.name) or e.name == _MAX_MIGRATION
            ]
    except OSError:
        return None
    return tuple(sorted(found))


def _file_stamp(entry: os.DirEntry[str]) -> tuple[str, int, int]:
    """Name, size and modification time; size -1 for what cannot be read as a regular file
    (a dangling or looping link, a FIFO that would block the read): one broken migration."""
    try:
        info = entry.stat()
    except OSError:
        return (entry.name, _UNREADABLE, 0)
    if not stat.S_ISREG(info.st_mode):
        return (entry.name, _UNREADABLE, 0)
    return (entry.name, info.st_size, info.st_mtime_ns)


def _is_candidate(name: str) -> bool:
    """A file Django's loader would import as a migration: `pkgutil` lists the modules whose
    name has no dot, and the loader skips names starting with `_` or `~` (`__init__` too).
    Editors' files, such as Emacs's `.#0002_x.py` lock links, are not migrations."""
    stem = name.removesuffix(".py")
    return stem != name and stem != "" and "." not in stem and stem[0] not in "_~"


def _read_folder(
    directory: Path, stamp: Stamp, database: str, now: float, given: tuple[str, Migration] | None
) -> Folder:
    entries = _summaries(directory, stamp, database, given)
    files = {e[2].name: e[2] for e in entries.values() if e[2] is not None}
    has_max = any(name == _MAX_MIGRATION and size != _UNREADABLE for name, size, _ in stamp)
    max_migration = _read_text(directory / _MAX_MIGRATION) if has_max else None
    return Folder(directory, stamp, files, max_migration, now)


def _summaries(
    directory: Path, stamp: Stamp, database: str, given: tuple[str, Migration] | None = None
) -> dict[str, summary_cache.Entry]:
    """Each file's summary: from the disk cache when its size and mtime match, else read."""
    cache = summary_cache.cache_file(directory, database)
    cached = summary_cache.load(cache) if cache is not None else {}
    given_name, model = given if given is not None else ("", None)
    entries = {
        name: _entry(
            directory,
            name,
            size,
            mtime,
            cached.get(name),
            database,
            model if name == given_name else None,
        )
        for name, size, mtime in stamp
        if name != _MAX_MIGRATION
    }
    changed = entries.keys() != cached.keys() or any(
        cached.get(name) is not entry for name, entry in entries.items()
    )
    if cache is not None and changed:
        summary_cache.save(cache, entries)
    return entries


def _entry(
    directory: Path,
    name: str,
    size: int,
    mtime: int,
    old: summary_cache.Entry | None,
    db: str,
    given: Migration | None = None,
) -> summary_cache.Entry:
    if size == _UNREADABLE:
        return (size, mtime, FileSummary(name.removesuffix(".py"), broken=True))
    if old is not None and old[:2] == (size, mtime):
        return old
    return (size, mtime, read_summary(directory / name, db, given))


def _package_source(path: Path) -> bytes:
    """The bytes of a regular file of at most `_MAX_PACKAGE_BYTES` (a FIFO or device in its
    place would block or never end the read); empty otherwise."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_PACKAGE_BYTES:
            return b""
        return path.read_bytes()
    except OSError:
        return b""


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class AppKnowledge:
    """What a rule may know beyond its file: the graph of the app and the state before it."""

    label: str
    name: str
    folder: Folder
    summary: FileSummary
    settings: Settings

    @cached_property
    def graph(self) -> AppGraph:
        """The app's graph, with this file as flake8 gave it (the buffer, not the disk)."""
        on_disk = self.folder.files.get(self.name)
        if on_disk is not None and on_disk.same_graph_node(self.summary):
            return self.folder.graph(self.label)
        return AppGraph(self.label, {**self.folder.files, self.name: self.summary})

    @cached_property
    def label_agrees(self) -> bool:
        """The folder's files do not contradict the label; when they do, the graph and the
        state of the app are unknown (`docs/terms.md#app-label`)."""
        return label_agrees(self.folder, self.label, self.settings)

    @cached_property
    def state_at_file_start(self) -> AppState:
        """The state of the app's models before this migration
        (`docs/terms.md#replayed-state-and-unknown`)."""
        graph = self.graph
        if self.name in graph.replaced_by or self.name in graph.cycles:
            return unknown_app(self.label)
        parents = tuple(graph.visiting_order(self.name))
        return self.folder.replayed_state(graph, parents, self.name)

    def other_app(self, label: str) -> OtherApp | None:
        """Another app of the project, when its migrations folder is found."""
        directory = find_app_folder(self.folder.directory, label, self.settings)
        folder = load_folder(directory, self.settings) if directory is not None else None
        if folder is None or _label_of(folder, self.settings) != label:
            return None  # a folder of that name whose files call themselves something else
        if not label_agrees(folder, label, self.settings):
            return None  # its graph and state are unknown
        return OtherApp(label, folder)


@dataclass(frozen=True)
class OtherApp:
    label: str
    folder: Folder

    @cached_property
    def graph(self) -> AppGraph:
        return self.folder.graph(self.label)

    @cached_property
    def models_ever_created(self) -> frozenset[str] | None:
        """Every model name a migration of the app creates (or renames to); None when some
        file cannot be read or changes the state in ways the plugin cannot see."""
        names: set[str] = set()
        for summary in self.folder.files.values():
            if summary.broken:
                return None
            for op in summary.state_ops:
                if op.name == FORGET:
                    names.update(str(name) for name in op.data)  # it may create them
                elif op.model is None:
                    return None
                elif op.name in ("CreateModel", OPAQUE, OPEN_FIELDS):
                    names.add(op.model)
                elif op.name == "RenameModel":
                    names.add(str(op.data[1]).lower())
        return frozenset(names)

    @cached_property
    def latest_state(self) -> AppState:
        """The state after all the app's leaves."""
        graph = self.graph
        return self.folder.replayed_state(graph, graph.leaves, "")


_FOUND: dict[tuple[Path, str, object], Path | None] = {}


def find_app_folder(directory: Path, label: str, settings: Settings) -> Path | None:
    """The migrations folder of app `label`, searched from the folder `directory` (the answer
    is kept for the process: folders of apps do not come and go during a run)."""
    key = (directory, label, (settings.migration_dirs, settings.app_labels))
    if key not in _FOUND:
        _FOUND[key] = _find_app_folder(directory, label, settings)
    return _FOUND[key]


def _find_app_folder(directory: Path, label: str, settings: Settings) -> Path | None:
    app_dir = directory.parent
    for base in _search_bases(app_dir):
        for candidate in _candidates(base, label, settings):
            if candidate.is_dir() and candidate != directory:
                return candidate
    return None


def _search_bases(app_dir: Path) -> Iterable[Path]:
    base = app_dir.parent
    for _ in range(SEARCH_LEVELS):
        yield base
        if any((base / marker).exists() for marker in _ROOT_MARKERS) or base.parent == base:
            return
        base = base.parent


def _candidates(base: Path, label: str, settings: Settings) -> Iterable[Path]:
    for suffix, configured in settings.app_labels:
        if configured == label:
            for dirs in sorted(settings.migration_dirs):
                yield base.joinpath(*suffix, dirs)
    for dirs in sorted(settings.migration_dirs):
        yield base / label / dirs


def _label_of(folder: Folder, settings: Settings) -> str:
    return declared_label(folder.directory.parent, settings) or guess_label(folder, settings)


def declared_label(app_dir: Path, settings: Settings) -> str | None:
    """The label `djm-app-labels` gives the app folder, else the one its `apps.py` gives."""
    return settings.label_for(app_dir) or app_config.declared_label(app_dir)


def guess_label(folder: Folder, settings: Settings) -> str:
    """`docs/terms.md#app-label`: the folder name, unless the files call their siblings otherwise.

    Names such as `0001_initial` exist in many apps, so the label that names siblings most
    often wins, leaving out labels that are other app folders of the project. Kept per folder.
    """
    if folder.label is None:
        folder.label = _guess_label(folder, settings)
    return folder.label


def _guess_label(folder: Folder, settings: Settings) -> str:
    name = folder.directory.parent.name
    counts = sibling_labels(folder)
    if name in counts:
        return name
    ranked = [
        (count, app)
        for app, count in counts.most_common()
        if find_app_folder(folder.directory, app, settings) is None
    ]
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return name
    return ranked[0][1]


def sibling_labels(folder: Folder) -> Counter[str]:
    """How many dependencies name a file of this folder under each label."""
    return Counter(app for app, _ in folder.sibling_references)


def label_agrees(folder: Folder, label: str, settings: Settings) -> bool:
    """The folder's files do not contradict `label`: a dependency names a sibling under it,
    or every sibling named under another label is a file of that other app's folder too.
    Kept per folder and label."""
    if label not in folder.agreement:
        labels = {app for app, _ in folder.sibling_references}
        folder.agreement[label] = label in labels or all(
            _named_files_exist(folder, app, settings) for app in sorted(labels)
        )
    return folder.agreement[label]


def _named_files_exist(folder: Folder, app: str, settings: Settings) -> bool:
    directory = find_app_folder(folder.directory, app, settings)
    other = load_folder(directory, settings) if directory is not None else None
    if other is None:
        return False
    return all(name in other.files for label, name in folder.sibling_references if label == app)


def normalized(filename: str) -> str:
    """Forward slashes only: flake8 may give Windows paths or editor display names."""
    return filename.replace("\\", "/")


def app_knowledge(filename: str, migration: Migration, settings: Settings) -> AppKnowledge | None:
    """The app-level knowledge of a migration file; None when its folder cannot be read."""
    path = Path(os.path.abspath(normalized(filename)))
    folder = load_folder(path.parent, settings, (path.name, migration))
    if folder is None:
        return None
    # The checked file's own effect on the state is not needed: rules read the state before
    # it, and `FileStates` replays its operations one by one.
    summary = summarize(path.stem, migration, with_state=False)
    return AppKnowledge(_label_of(folder, settings), path.stem, folder, summary, settings)
