"""flake8 plugin that finds Django migrations that can hurt production."""

from __future__ import annotations

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # `Plugin` is the entry point of the other distribution that ships this package
    # (`clash.py`): flake8 asks for it only when that one is installed too, and then the
    # user must learn why, rather than read "module has no attribute 'Plugin'".
    if name == "Plugin":
        from flake8_django_migrations.clash import refuse_clash

        refuse_clash()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
