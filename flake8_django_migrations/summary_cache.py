"""File summaries kept on disk between flake8 processes.

An editor runs flake8 on one file per process. Without this cache, checking one migration of
an app with a thousand migrations would parse the thousand siblings every time. Each folder's
summaries (graph.FileSummary: dependencies, `run_before`, `replaces` and the state operations,
fields kept as source text) are kept in one JSON file under the user's cache folder
(`$DJM_CACHE_DIR`, else `$XDG_CACHE_HOME/flake8-djm` when that is an absolute
path, else `~/.cache/flake8-djm`; an empty `DJM_CACHE_DIR` turns the cache off).
Nothing is written inside the project unless `DJM_CACHE_DIR` says so.

Layout: `<cache>/v<FORMAT>-<hash of this package's version and code>/<hash>.json`, one file
per folder path, database and Python version; each file entry is keyed by the file's size and
modification time. Writing a new entry file removes other versions' folders and, beyond
`MAX_ENTRIES` entry files, the least recently used ones, so the cache holds at most
`MAX_ENTRIES` files of at most `MAX_BYTES` each.

Reading never runs anything: the file is opened without following links or blocking, must be
a regular file of the user's, and is parsed as JSON, then checked against the exact shape
`encode` writes; the only objects built are this package's plain data classes. Anything else
(a wrong shape, another version, truncation, a FIFO) is a miss: the files are read again and
the entry rewritten.
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flake8_django_migrations import __version__
from flake8_django_migrations.fields import KNOWN_FIELDS, DeferredField, FieldCall
from flake8_django_migrations.graph import FileSummary
from flake8_django_migrations.state import FORGET, OPAQUE, OPEN_FIELDS, UNREADABLE, StateOp

CACHE_ENV = "DJM_CACHE_DIR"
# The layout of the JSON below; a change to it must bump this.
FORMAT = 2
# Entry files kept (one per folder, database and Python version); past it, the least recently
# used go until 3/4 of it are left, so that the next writes only list the folder, not stat it.
MAX_ENTRIES = 512
# An entry file larger than this is neither written nor read (a migration takes about 1 KB).
MAX_BYTES = 64 * 1024 * 1024
# A hit refreshes the file's modification time at most this often: eviction goes by it.
_TOUCH_SECONDS = 24 * 3600

# (size, modification time in ns, summary or None for a module that is not a migration)
Entry = tuple[int, int, FileSummary | None]
# A value `json.loads` gave: checked by the decoders below before anything uses it.
Json = Any

_ENTRY_NAME = re.compile(r"[0-9a-f]{40}\.json")
_TEMP_NAME = re.compile(r"[0-9a-f]{40}\.json\.\w+\.tmp")
_VERSION_NAME = re.compile(r"v\d+-[0-9a-f]{16}")
# What the pickle cache of earlier versions left in the cache folder.
_OLD_NAME = re.compile(r"[0-9a-f]{40}\.pickle(\.\d+\.tmp)?")

_PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what a summary holds.
_SUMMARY_CODE = (
    "astutil.py",
    "fields.py",
    "graph.py",
    "migration.py",
    "operations.py",
    "project.py",
    "state.py",
    "summary_cache.py",
)
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class Unfit(ValueError):
    """A value that is not what `encode` writes (or cannot be written)."""


# Where ------------------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """The cache folder; None when the cache is off (or no home folder is known)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is invalid and ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None  # no home folder: a relative path would land in the project
    return Path(base) / "flake8-djm"


def cache_file(directory: Path, database: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    key = "\0".join((str(directory), database, sys.version))
    return root / _version_folder() / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.json"


def _version_folder() -> str:
    """Changes whenever the code that builds summaries changes (an upgrade, an edit)."""
    key = "\0".join((str(FORMAT), __version__, _code_stamp()))
    return f"v{FORMAT}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _code_stamp() -> str:
    try:
        stats = [(_PACKAGE / name).stat() for name in _SUMMARY_CODE]
    except OSError:
        return "unknown"
    return ",".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)


# Reading and writing ----------------------------------------------------------------------------


def load(path: Path) -> dict[str, Entry]:
    """The entries of a cache file; {} when it is missing, not a regular file of the user's,
    or not exactly what `save` writes."""
    data = _read_regular(path)
    if data is None:
        return {}
    try:
        return decode(json.loads(data), path.parent.name)
    except (ValueError, RecursionError):  # Unfit, bad JSON or UTF-8, too deep, huge numbers
        return {}


def _read_regular(path: Path) -> bytes | None:
    try:
        handle = os.open(path, _READ_FLAGS)  # a link fails, a FIFO opens without waiting
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        if not _trusted(info):
            return None
        if time.time() - info.st_mtime > _TOUCH_SECONDS and os.utime in os.supports_fd:
            os.utime(handle)
        return _read_all(handle)
    except OSError:
        return None
    finally:
        os.close(handle)


def _trusted(info: os.stat_result) -> bool:
    owner = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES and owner


def _read_all(handle: int) -> bytes | None:
    chunks = []
    size = 0
    while chunk := os.read(handle, 1 << 20):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BYTES:  # it grew since `fstat`
            return None
    return b"".join(chunks)


def save(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write atomically (a concurrent flake8 process reads the old file or the new one),
    readable by the user only. Writing a new entry file is when the cache is pruned."""
    try:
        data = json.dumps(encode(entries, path.parent.name), separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        return
    if len(data) > MAX_BYTES:
        return
    try:
        _make_folders(path.parent)
        new = not os.path.lexists(path)
        _write(path, data)
    except OSError:
        return
    if new:
        prune(path.parent)


def _make_folders(folder: Path) -> None:
    root = folder.parent
    root.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    root.mkdir(mode=0o700, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)


def _write(path: Path, data: bytes) -> None:
    # `mkstemp` creates the file for the user only, refusing links and existing files.
    handle, temporary = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune(folder: Path) -> None:
    """Remove other versions' folders (and the old pickle files) from the cache folder, and
    the least recently used entry files of `folder` beyond `MAX_ENTRIES`. Only names this
    module writes are removed: `DJM_CACHE_DIR` may name a folder that holds other things."""
    with contextlib.suppress(OSError), os.scandir(folder.parent) as found:
        for entry in found:
            if entry.name == folder.name or entry.is_symlink():
                continue
            if _VERSION_NAME.fullmatch(entry.name) and entry.is_dir():
                _remove_version(Path(entry.path))
            elif _OLD_NAME.fullmatch(entry.name):
                _unlink(entry.path)
    with contextlib.suppress(OSError):
        _evict(folder)


def _remove_version(folder: Path) -> None:
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            if _ENTRY_NAME.fullmatch(entry.name) or _TEMP_NAME.fullmatch(entry.name):
                _unlink(entry.path)
    with contextlib.suppress(OSError):
        folder.rmdir()  # fails, and stays, when something else is in it


def _evict(folder: Path) -> None:
    with os.scandir(folder) as found:
        ours = [e for e in found if _ENTRY_NAME.fullmatch(e.name) or _TEMP_NAME.fullmatch(e.name)]
    if len(ours) <= MAX_ENTRIES:
        return
    by_age = sorted(ours, key=_modified)
    for entry in by_age[: len(ours) - MAX_ENTRIES * 3 // 4]:
        _unlink(entry.path)


def _modified(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat(follow_symlinks=False).st_mtime_ns
    except OSError:
        return 0


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


# Encoding ---------------------------------------------------------------------------------------
# Each decoder checks the exact type and shape its encoder writes and raises `Unfit` on
# anything else; scalar checkers serve both ways.


def _str(value: Json) -> str:
    if not isinstance(value, str):
        raise Unfit(value)
    return value


def _opt_str(value: Json) -> str | None:
    return None if value is None else _str(value)


def _bool(value: Json) -> bool:
    if not isinstance(value, bool):
        raise Unfit(value)
    return value


def _opt_bool(value: Json) -> bool | None:
    return None if value is None else _bool(value)


def _int(value: Json) -> int:
    if type(value) is not int:  # not a bool
        raise Unfit(value)
    return value


def _list(value: Json, length: int | None = None) -> list[Json]:
    if not isinstance(value, list) or (length is not None and len(value) != length):
        raise Unfit(value)
    return value


def _strings(value: Json) -> list[str]:
    return [_str(item) for item in _list(value)]


def _encode_names(value: object) -> Json:
    if not isinstance(value, frozenset):
        raise Unfit(value)
    return sorted(_str(name) for name in value)


def _decode_names(value: Json) -> frozenset[str]:
    return frozenset(_strings(value))


def _encode_together(value: object) -> Json:
    if value is None:
        return None
    if not isinstance(value, frozenset) or not all(isinstance(i, tuple) for i in value):
        raise Unfit(value)
    return sorted([_str(name) for name in names] for names in value)


def _decode_together(value: Json) -> frozenset[tuple[str, ...]] | None:
    if value is None:
        return None
    return frozenset(tuple(_strings(names)) for names in _list(value))


def _encode_field(value: object) -> Json:
    """A field as its class name and source text (`DeferredField`): read back, it is parsed
    only when a rule asks for it, and most stored fields never are."""
    if value is None:
        return None
    if isinstance(value, FieldCall):
        return [value.kind, ast.unparse(value.call)]
    if isinstance(value, DeferredField):
        return [value.kind, value.source]
    raise Unfit(value)


def _decode_field(value: Json) -> DeferredField | None:
    if value is None:
        return None
    kind, source = _list(value, 2)
    if not (isinstance(kind, str) and (kind in KNOWN_FIELDS or _is_custom_kind(kind))):
        raise Unfit(kind)
    return DeferredField(kind, _str(source))


def _is_custom_kind(kind: str) -> bool:
    """A project's field class, kept as its import path (`shop.fields.MoneyField`): only a
    name, never looked up or imported."""
    parts = kind.split(".")
    return len(parts) > 1 and all(part.isidentifier() for part in parts)


def _encode_fields(value: object) -> Json:
    if not isinstance(value, tuple) or not all(_is_pair(pair) for pair in value):
        raise Unfit(value)
    return [[_str(name), _encode_field(found)] for name, found in value]


def _is_pair(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2


def _decode_fields(value: Json) -> tuple[tuple[str, DeferredField | None], ...]:
    pairs = [_list(pair, 2) for pair in _list(value)]
    return tuple([(_str(name), _decode_field(found)) for name, found in pairs])


def _encode_old_fields(value: object) -> Json:
    """`RenameIndex(old_fields=...)`: absent (None), unreadable, or a tuple of field names."""
    if value is None:
        return None
    if value == UNREADABLE:
        return UNREADABLE
    if not isinstance(value, tuple):
        raise Unfit(value)
    return [_str(name) for name in value]


def _decode_old_fields(value: Json) -> tuple[str, ...] | str | None:
    if value is None:
        return None
    if value == UNREADABLE:
        return UNREADABLE
    return tuple(_strings(value))


Slot = tuple[Callable[[Any], Json], Callable[[Json], object]]
STR: Slot = (_str, _str)
OPT_STR: Slot = (_opt_str, _opt_str)
BOOL: Slot = (_bool, _bool)
OPT_BOOL: Slot = (_opt_bool, _opt_bool)
NAMES: Slot = (_encode_names, _decode_names)
TOGETHER: Slot = (_encode_together, _decode_together)
FIELD: Slot = (_encode_field, _decode_field)
FIELDS: Slot = (_encode_fields, _decode_fields)
OLD_FIELDS: Slot = (_encode_old_fields, _decode_old_fields)

# The `data` of each StateOp, by operation name, as state.py's readers build it (a test checks
# that every reader has its line). `Forget` holds any number of model names.
OP_DATA: Mapping[str, tuple[Slot, ...]] = {
    "CreateModel": (FIELDS, OPT_STR, TOGETHER, TOGETHER, NAMES, NAMES, OPT_BOOL, OPT_BOOL),
    "DeleteModel": (),
    "RenameModel": (STR, STR),
    "AddField": (STR, FIELD),
    "AlterField": (STR, FIELD),
    "RemoveField": (STR,),
    "RenameField": (STR, STR),
    "AlterModelTable": (OPT_STR,),
    "AlterModelOptions": (OPT_BOOL, BOOL, OPT_BOOL),
    "AlterUniqueTogether": (TOGETHER,),
    "AlterIndexTogether": (TOGETHER,),
    "AddIndex": (OPT_STR,),
    "AddIndexConcurrently": (OPT_STR,),
    "RemoveIndex": (OPT_STR,),
    "RemoveIndexConcurrently": (OPT_STR,),
    "RenameIndex": (OPT_STR, STR, OLD_FIELDS),
    "AddConstraint": (OPT_STR, OPT_STR, BOOL),
    "AddConstraintNotValid": (OPT_STR, OPT_STR, BOOL),
    "ValidateConstraint": (OPT_STR,),
    "RemoveConstraint": (OPT_STR,),
    OPAQUE: (),
    OPEN_FIELDS: (),
}


def _slots(name: str, count: int) -> tuple[Slot, ...]:
    slots = (STR,) * count if name == FORGET else OP_DATA.get(name)
    if slots is None or len(slots) != count:
        raise Unfit(name)
    return slots


def _encode_op(op: StateOp) -> Json:
    slots = _slots(op.name, len(op.data))
    data = [encode(value) for (encode, _), value in zip(slots, op.data, strict=True)]
    return [op.name, _opt_str(op.model), data, _bool(op.conditional)]


def _decode_op(value: Json) -> StateOp:
    name, model, data, conditional = _list(value, 4)
    if not (type(data) is list and (model is None or type(model) is str)):
        raise Unfit(value)
    slots = _slots(_str(name), len(data))
    values = tuple([slot[1](item) for slot, item in zip(slots, data, strict=True)])
    return StateOp(name, model, values, _bool(conditional))


# FileSummary's plain fields, each with the check of its type (both ways): a new str, bool or
# None field is one line here.
PLAIN_FIELDS: tuple[tuple[str, Callable[[Json], object]], ...] = (
    ("name", _str),
    ("broken", _bool),
    ("unreadable_dependency", _bool),
    ("partial_dependencies", _bool),
    ("django_version", _opt_str),
    ("initial", _bool),
)
_KEY_FIELDS = ("dependencies", "run_before", "replaces")
# Tuples of names (model names).
_NAME_FIELDS = ("creates",)
# A summary is stored as a list of its fields in this order: a third smaller than an object
# with names, and as much faster to read.
SUMMARY_LAYOUT = (
    *(name for name, _ in PLAIN_FIELDS),
    *_KEY_FIELDS,
    *_NAME_FIELDS,
    "state_ops",
)


def _encode_summary(summary: FileSummary) -> Json:
    plain = [check(getattr(summary, name)) for name, check in PLAIN_FIELDS]
    keys = [[[_str(app), _str(key)] for app, key in getattr(summary, n)] for n in _KEY_FIELDS]
    names = [[_str(name) for name in getattr(summary, n)] for n in _NAME_FIELDS]
    return [*plain, *keys, *names, [_encode_op(op) for op in summary.state_ops]]


def _decode_keys(value: Json) -> tuple[tuple[str, str], ...]:
    # Written out, as the other hot decoders: a thousand summaries per editor run.
    keys = []
    for pair in _list(value):
        if not (type(pair) is list and len(pair) == 2):
            raise Unfit(pair)
        app, key = pair
        if not (type(app) is str and type(key) is str):
            raise Unfit(pair)
        keys.append((app, key))
    return tuple(keys)


def _decode_summary(value: Json) -> FileSummary:
    values = _list(value, len(SUMMARY_LAYOUT))
    fields: dict[str, Any] = {
        name: check(item) for (name, check), item in zip(PLAIN_FIELDS, values, strict=False)
    }
    keys_end = len(PLAIN_FIELDS) + len(_KEY_FIELDS)
    for name, item in zip(_KEY_FIELDS, values[len(PLAIN_FIELDS) : keys_end], strict=True):
        fields[name] = _decode_keys(item)
    for name, item in zip(_NAME_FIELDS, values[keys_end:-1], strict=True):
        fields[name] = tuple(_strings(item))
    fields["state_ops"] = tuple([_decode_op(op) for op in _list(values[-1])])
    return FileSummary(**fields)


def encode(entries: Mapping[str, Entry], version: str) -> Json:
    """The JSON document of a folder's entries (raises `Unfit` on a value it cannot hold)."""
    found = {}
    for name, (size, mtime, summary) in entries.items():
        encoded = _encode_summary(summary) if summary is not None else None
        found[_str(name)] = [_int(size), _int(mtime), encoded]
    return {"format": FORMAT, "version": version, "entries": found}


def decode(document: Json, version: str) -> dict[str, Entry]:
    """The entries `encode` wrote for `version`; raises `Unfit` on anything else."""
    if not isinstance(document, dict) or document.keys() != {"format", "version", "entries"}:
        raise Unfit(document)
    if _int(document["format"]) != FORMAT or document["version"] != version:
        raise Unfit(document)
    entries = document["entries"]
    if not isinstance(entries, dict):
        raise Unfit(entries)
    return {name: _decode_entry(name, value) for name, value in entries.items()}


def _decode_entry(name: str, value: Json) -> Entry:
    size, mtime, summary = _list(value, 3)
    if not (type(size) is int and type(mtime) is int):  # not bools either
        raise Unfit(value)
    if summary is None:
        return (size, mtime, None)
    found = _decode_summary(summary)
    if found.name != name.removesuffix(".py"):
        raise Unfit(name)  # a summary is always its own file's
    return (size, mtime, found)
