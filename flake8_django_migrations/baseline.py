"""`djm-start-after` for an existing project: the latest migration number of each app."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

_NUMBER = re.compile(r"^(\d+)_\w*\.py$")
# Folders that hold other people's code or tooling, never the project's apps.
_SKIPPED = frozenset({"node_modules", "site-packages", "__pycache__", "build", "dist"})


def migration_folders(root: Path, migration_dirs: frozenset[str]) -> Iterator[Path]:
    """Every migrations folder below `root`, hidden and third-party folders left out."""
    for folder, subfolders, _ in os.walk(root):
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and name not in _SKIPPED
        )
        if Path(folder).name in migration_dirs:
            yield Path(folder)


def latest_numbers(root: Path, migration_dirs: frozenset[str]) -> dict[str, int]:
    """App label (the folder's name) -> the highest migration number found for it."""
    latest: dict[str, int] = {}
    for folder in migration_folders(root, migration_dirs):
        numbers = [int(m.group(1)) for m in map(_NUMBER.match, os.listdir(folder)) if m]
        if numbers:
            label = folder.parent.name
            latest[label] = max(latest.get(label, 0), *numbers)
    return latest


def config_lines(latest: dict[str, int]) -> list[str]:
    """A `[flake8]` setting that makes today's migrations history."""
    if not latest:
        return ["# no numbered migrations found"]
    entries = [f"    {label}.{number:04d}," for label, number in sorted(latest.items())]
    entries[-1] = entries[-1].rstrip(",")
    return ["djm-start-after =", *entries]
