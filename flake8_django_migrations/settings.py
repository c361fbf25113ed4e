"""The plugin's options, validated once into a frozen `Settings`."""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import PurePath
from types import MappingProxyType

DATABASES = ("postgresql", "mysql", "sqlite", "oracle", "generic")
NEWEST_KNOWN_DJANGO = (6, 1)
_VERSION = re.compile(r"^\s*(\d+)(?:\.(\d+))?")
# The option also takes a full release number (`4.2.11`, as pinned in requirements).
_OPTION_VERSION = re.compile(r"^\s*(\d+)(?:\.(\d+)(?:\.\d+)?)?\s*$")
_START_AFTER = re.compile(r"^([A-Za-z_][\w]*)\.(\d+)$")


class OptionError(ValueError):
    """A bad option value; the message names the option."""


@dataclass(frozen=True)
class Settings:
    database: str = "postgresql"
    # The option's version, else the installed Django's; None when neither says (rules then
    # follow the app's migrations: `Context.django_version`).
    django_version: tuple[int, int] | None = None
    start_after: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    migration_dirs: frozenset[str] = frozenset({"migrations"})
    app_labels: tuple[tuple[tuple[str, ...], str], ...] = ()
    max_operations: int = 10
    # The `batch_size` that `fix` gives a `bulk_create` / `bulk_update` (DJM404).
    fix_batch_size: int = 1000

    def label_for(self, app_dir: PurePath) -> str | None:
        """The configured label of an app folder, matched on the end of its path."""
        parts = tuple(p for p in app_dir.parts if p not in ("", "."))
        for suffix, label in self.app_labels:
            if parts[len(parts) - len(suffix) :] == suffix:
                return label
        return None


def installed_django_version() -> tuple[int, int] | None:
    """The version of the installed `django` distribution, read from its metadata only; None
    when it is not installed or its version cannot be read."""
    try:
        text = metadata.version("django")
    except metadata.PackageNotFoundError:
        return None
    return release(text)


def release(text: str) -> tuple[int, int] | None:
    """(major, minor) of a Django release number (`4.2.11`, `5.0rc1`); None if unreadable."""
    match = _VERSION.match(text)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2) or 0)


def split_list(value: object) -> list[str]:
    """Items of a comma or newline separated option value (or of an already split list)."""
    items = value if isinstance(value, list) else re.split(r"[,\s]+", str(value or ""))
    return [str(item).strip() for item in items if str(item).strip()]


def parse_database(value: object) -> str:
    text = str(value).strip().lower()
    if text not in DATABASES:
        raise OptionError(f"djm-database: {value!r} is not one of {', '.join(DATABASES)}")
    return text


def parse_django_version(value: object) -> tuple[int, int] | None:
    if value is None or str(value).strip() == "":
        return installed_django_version()
    match = _OPTION_VERSION.match(str(value))
    if match is None:
        raise OptionError(f"djm-django-version: {value!r} is not a version such as 4.2 or 5.1")
    return int(match.group(1)), int(match.group(2) or 0)


def parse_start_after(value: object) -> Mapping[str, int]:
    result: dict[str, int] = {}
    for item in split_list(value):
        match = _START_AFTER.match(item)
        if match is None:
            raise OptionError(f"djm-start-after: {item!r} is not of the form app_label.NNNN")
        result[match.group(1)] = int(match.group(2))
    return MappingProxyType(result)


def parse_migration_dirs(value: object) -> frozenset[str]:
    names = split_list(value)
    if not names or any("/" in name or "\\" in name for name in names):
        raise OptionError(f"djm-migration-dirs: {value!r} must list folder names, not paths")
    return frozenset(names)


def parse_app_labels(value: object) -> tuple[tuple[tuple[str, ...], str], ...]:
    pairs = []
    for item in split_list(value):
        path, sep, label = item.rpartition(":")
        if not sep or not path or not label.isidentifier():
            raise OptionError(f"djm-app-labels: {item!r} is not of the form path/to/app:label")
        parts = tuple(p for p in PurePath(path.replace("\\", "/")).parts if p not in ("", "."))
        if not parts:  # `.:label` would otherwise match every folder
            raise OptionError(f"djm-app-labels: {item!r} does not name an app folder")
        pairs.append((parts, label))
    return tuple(pairs)


def parse_max_operations(value: object) -> int:
    return _positive(value, "djm-max-operations")


def parse_fix_batch_size(value: object) -> int:
    return _positive(value, "djm-fix-batch-size")


def _positive(value: object, option: str) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise OptionError(f"{option}: {value!r} is not a whole number of at least 1")
    return number


def settings_from_options(options: argparse.Namespace) -> Settings:
    """Build `Settings` from flake8's parsed options; raises `OptionError` on a bad value."""
    return Settings(
        database=parse_database(options.djm_database),
        django_version=parse_django_version(options.djm_django_version),
        start_after=parse_start_after(options.djm_start_after),
        migration_dirs=parse_migration_dirs(options.djm_migration_dirs),
        app_labels=parse_app_labels(options.djm_app_labels),
        max_operations=parse_max_operations(options.djm_max_operations),
        fix_batch_size=parse_fix_batch_size(options.djm_fix_batch_size),
    )
