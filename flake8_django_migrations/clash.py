"""The other distribution that ships the import package `flake8_django_migrations`.

`flake8-django-migrations` on PyPI is an older, unrelated plugin (codes `DM`). Installed in the
same environment, the last one installed overwrites the other's files, so neither works as
its documentation says. This module notices it (from the installed metadata, nothing is
imported) so that flake8 and `python -m flake8_django_migrations` stop with one clear message.
"""

from __future__ import annotations

import sys
from importlib import metadata

OTHER = "flake8-django-migrations"
# The other plugin's entry point; our own old development installs used `DJM`, not this.
OTHER_ENTRY_POINT = "DM"
MESSAGE = (
    "flake8-djm cannot run beside {other} {version}, an unrelated plugin (codes DM) that "
    "installs the same package `flake8_django_migrations`: run `pip uninstall {other}`, then "
    "`pip install --force-reinstall flake8-djm` (DJM100 covers DM001)"
)


def clash_message() -> str | None:
    """The message to stop with when the other distribution is installed, else None."""
    try:
        other = metadata.distribution(OTHER)
    except metadata.PackageNotFoundError:
        return None
    names = {ep.name for ep in other.entry_points if ep.group == "flake8.extension"}
    if OTHER_ENTRY_POINT not in names:
        return None
    return MESSAGE.format(other=OTHER, version=other.version)


def refuse_clash() -> None:
    """Stop the process with the message when the other distribution is installed.

    Called while flake8 loads its plugins: flake8 turns an exception there into a traceback,
    so the process exits instead, with the message alone and status 2 (a usage error).
    """
    message = clash_message()
    if message is not None:
        print(message, file=sys.stderr)
        raise SystemExit(2)
