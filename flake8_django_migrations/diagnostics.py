"""The one thing every rule produces."""

from __future__ import annotations

from typing import NamedTuple


class Violation(NamedTuple):
    """A diagnostic: 1-based line, 0-based column, code and message (without the code)."""

    line: int
    col: int
    code: str
    message: str

    @property
    def text(self) -> str:
        return f"{self.code} {self.message}"
