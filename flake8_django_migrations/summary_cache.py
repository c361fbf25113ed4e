"""File summaries kept on disk between flake8 processes.

An editor runs flake8 on one file per process. Without this cache, checking one migration of
an app with a thousand migrations would parse the thousand siblings every time. Each folder's
summaries are kept in one file under the user's cache folder (`$DJM_CACHE_DIR`, else
`$XDG_CACHE_HOME/flake8-django-migrations`, else `~/.cache/flake8-django-migrations`; an empty
`DJM_CACHE_DIR` turns the cache off), keyed by the folder's path, the database, the Python
version and this package's code, and each entry by the file's size and modification time.
Nothing is ever written inside the project.

Entries are pickled; loading accepts only this package's classes, `ast` nodes and plain
containers, so a tampered cache file cannot run code. Any problem with the cache (missing,
unreadable, from another version) just means reading the files again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Mapping
from pathlib import Path

from flake8_django_migrations.graph import FileSummary

CACHE_ENV = "DJM_CACHE_DIR"
# (size, modification time in ns, summary or None for a module that is not a migration)
Entry = tuple[int, int, FileSummary | None]

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
_BUILTINS = frozenset({"frozenset", "set", "tuple", "list", "dict", "getattr", "object"})
_ERRORS = (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError)


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "flake8-django-migrations"


def cache_file(directory: Path, database: str) -> Path | None:
    root = cache_dir()
    if root is None:
        return None
    key = "\0".join((str(directory), database, sys.version, _code_stamp()))
    return root / f"{hashlib.sha256(key.encode()).hexdigest()[:40]}.pickle"


def _code_stamp() -> str:
    """Changes whenever the code that builds summaries changes (an upgrade, an edit)."""
    try:
        stats = [(_PACKAGE / name).stat() for name in _SUMMARY_CODE]
    except OSError:
        return "unknown"
    return ",".join(f"{s.st_size}:{s.st_mtime_ns}" for s in stats)


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        allowed = (
            module == "ast"
            or module.startswith("flake8_django_migrations.")
            or (module == "builtins" and name in _BUILTINS)
            or (module == "copyreg" and name in ("_reconstructor", "__newobj__"))
        )
        if not allowed:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def load(path: Path) -> dict[str, Entry]:
    try:
        with path.open("rb") as handle:
            found = _Unpickler(handle).load()
    except (*_ERRORS, TypeError, IndexError, KeyError, RecursionError, MemoryError):
        return {}
    return found if isinstance(found, dict) else {}


def save(path: Path, entries: Mapping[str, Entry]) -> None:
    """Write atomically, so a concurrent flake8 process reads the old file or the new one."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            pickle.dump(dict(entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
