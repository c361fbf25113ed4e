"""flake8 plugin that finds Django migrations that can hurt production."""

from __future__ import annotations

__version__ = "0.1.0"
