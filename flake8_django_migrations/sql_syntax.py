"""A PostgreSQL-aware lexer: SQL text to statements of tokens, the bottom layer of the SQL
reading (it knows nothing of migrations or rules; `sql` builds the DDL facts on it).

It reads the SQL the way PostgreSQL's lexer does, far enough to find statements and their
words, and never raises:
- `--` line comments and `/* */` block comments (which nest) are skipped;
- string constants are skipped: `'...'` with `''` escapes, `E'...'` with backslash escapes,
  the `B`, `X`, `N` and `U&` prefixes, and dollar-quoted bodies (`$$ ... $$`, `$tag$ ... $tag$`),
  so a function body is never read as statements;
- double-quoted identifiers are names (`"shop_order"` is the table `shop_order`, case kept,
  `""` read as `"`); unquoted words are upper-cased for matching, and folded to lower case as
  names, as PostgreSQL folds them;
- statements are split on `;` outside parentheses (as psql does, for `CREATE RULE ... (a; b)`)
  and outside a SQL-standard function body (`BEGIN ATOMIC ... END`);
- an unterminated string, identifier or comment swallows the rest of the text, which is then
  not read.

What it does not understand: psql meta-commands (`\\connect`), the statements inside `DO`
blocks and function bodies (opaque dollar-quoted strings), SQL built at run time
(`EXECUTE format(...)`), and the meaning of names (whether `shop_order` is a table or a view).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

WORD = "word"
QUOTED = "quoted"
STRING = "string"
OTHER = "other"

_SPACE_OR_LINE_COMMENT = re.compile(r"(?:\s+|--[^\n]*)+")
_WORD = re.compile(r"[^\W\d][\w$]*")
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DOLLAR_TAG = re.compile(r"\$(?:[^\W\d]\w*)?\$")
_STRING_PREFIXES = frozenset({"E", "B", "X", "N"})
# Shown statement openings stop after this many characters (and at least two words).
_HEAD_CHARS = 44


@dataclass(frozen=True)
class Token:
    """One token of a statement.

    `text` is the token as written, except for a quoted identifier: the name inside the quotes.
    `key` is what rules match: an unquoted word upper-cased, a quoted identifier prefixed by
    `"` (so `"index"` never matches the keyword `INDEX`), `'` for any string constant.
    `depth` counts the parentheses open before the token in its statement.
    """

    kind: str
    text: str
    depth: int
    key: str

    @property
    def name(self) -> str:
        """The identifier as PostgreSQL sees it: unquoted words fold to lower case."""
        return self.text.lower() if self.kind == WORD else self.text

    @property
    def is_name(self) -> bool:
        return self.kind in (WORD, QUOTED)

    @property
    def shown(self) -> str:
        if self.kind == QUOTED:
            return '"' + self.text.replace('"', '""') + '"'
        return "'...'" if self.kind == STRING else self.text


def _token(kind: str, text: str, depth: int) -> Token:
    if kind == WORD:
        key = text.upper()
    elif kind == QUOTED:
        key = '"' + text
    elif kind == STRING:
        key = "'"
    else:
        key = text
    return Token(kind, text, depth, key)


class Clause:
    """A run of tokens (a statement, or one action of `ALTER TABLE`) with matching helpers."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tuple(tokens)
        self.words = tuple(token.key for token in self.tokens)
        self._base = self.tokens[0].depth if self.tokens else 0

    def starts_with(self, *words: str) -> bool:
        return self.words[: len(words)] == words

    def has(self, word: str) -> bool:
        return word in self.words

    def find(self, *words: str, start: int = 0, top: bool = False) -> int:
        """The index where `words` appear in a row (at the clause's own parenthesis depth
        when `top`), else -1."""
        size = len(words)
        for index in range(start, len(self.words) - size + 1):
            if self.words[index : index + size] != words:
                continue
            if not top or self.tokens[index].depth == self._base:
                return index
        return -1

    def has_sequence(self, *words: str, top: bool = False) -> bool:
        return self.find(*words, top=top) >= 0

    def skip(self, index: int, *words: str) -> int:
        """`index` moved past `words` when they appear there."""
        if self.words[index : index + len(words)] == words:
            return index + len(words)
        return index

    def name_at(self, index: int) -> tuple[str | None, int]:
        """The last part of a (schema-qualified) name at `index`, and the index after it."""
        tokens = self.tokens
        if index >= len(tokens) or not tokens[index].is_name:
            return None, index
        while (
            index + 2 < len(tokens) and tokens[index + 1].key == "." and tokens[index + 2].is_name
        ):
            index += 2
        return tokens[index].name, index + 1


class Statement(Clause):
    """One SQL statement; `head` is its opening as written, for messages."""

    @property
    def head(self) -> str:
        """The first words as written (without `IF [NOT] EXISTS`, which says little), up to
        about 40 characters, then `...`."""
        shown = ""
        for count, unit in enumerate(_units(self._shown_tokens())):
            candidate = f"{shown} {unit}" if shown else unit
            if count >= 2 and len(candidate) > _HEAD_CHARS:
                return shown + " ..."
            shown = candidate
        return shown

    def _shown_tokens(self) -> list[Token]:
        skipped: set[int] = set()
        for sequence in (("IF", "NOT", "EXISTS"), ("IF", "EXISTS")):
            index = self.find(*sequence)
            if 0 <= index < 8:
                skipped.update(range(index, index + len(sequence)))
        return [token for index, token in enumerate(self.tokens) if index not in skipped]


def _units(tokens: Sequence[Token]) -> Iterator[str]:
    """The words of a statement as shown: `public.shop_order` and `(a, b)` hold together."""
    unit = ""
    for token in tokens:
        piece = token.shown.replace("`", "'")
        if unit and not (unit.endswith((".", "(")) or piece in (".", ",", ")")):
            yield unit
            unit = ""
        unit += piece
    if unit:
        yield unit


# ---------------------------------------------------------------------------------------------
# Tokenising


def statements(text: str) -> list[Statement]:
    """The statements of a SQL text, in order; empty statements are dropped."""
    found: list[Statement] = []
    current: list[Token] = []
    depth = 0
    atomic = 0  # nesting of `BEGIN ATOMIC ... END` (and `CASE ... END` inside it)
    for kind, value in _scan(text):
        if value == ";" and kind == OTHER and depth == 0 and atomic == 0:
            if current:
                found.append(Statement(current))
            current = []
            continue
        if kind == OTHER and value == ")":
            depth = max(depth - 1, 0)
        token = _token(kind, value, depth)
        atomic = _atomic_depth(atomic, token, current[-1] if current else None)
        current.append(token)
        if kind == OTHER and value == "(":
            depth += 1
    if current:
        found.append(Statement(current))
    return found


def _atomic_depth(atomic: int, token: Token, previous: Token | None) -> int:
    if token.key == "ATOMIC" and previous is not None and previous.key == "BEGIN":
        return atomic + 1
    if atomic and token.key == "CASE":
        return atomic + 1
    if atomic and token.key == "END":
        return atomic - 1
    return atomic


def _scan(text: str) -> Iterator[tuple[str, str]]:
    """(kind, text) pairs; comments and whitespace are dropped. Stops at anything unterminated."""
    index = 0
    length = len(text)
    while index < length:
        space = _SPACE_OR_LINE_COMMENT.match(text, index)
        if space is not None:
            index = space.end()
            continue
        found = _next_token(text, index)
        if found is None:
            return
        kind, value, index = found
        if kind:
            yield kind, value


def _next_token(text: str, index: int) -> tuple[str, str, int] | None:
    """The token at `index` (kind "" for a comment) and the index after it; None when the
    construct at `index` never ends."""
    char = text[index]
    if text.startswith("/*", index):
        end = _block_comment_end(text, index)
        return None if end < 0 else ("", "", end)
    if char == "'":
        return _string_constant(text, index + 1, backslashes=False)
    if char == '"':
        return _quoted(text, index + 1)
    if char == "$":
        return _dollar(text, index)
    word = _WORD.match(text, index)
    if word is not None:
        return _word(text, word)
    number = _NUMBER.match(text, index)
    if number is not None:
        return OTHER, number.group(), number.end()
    return OTHER, char, index + 1


def _word(text: str, match: re.Match[str]) -> tuple[str, str, int] | None:
    value, end = match.group(), match.end()
    upper = value.upper()
    if upper in _STRING_PREFIXES and text.startswith("'", end):
        return _string_constant(text, end + 1, backslashes=upper == "E")
    if upper == "U" and text.startswith("&'", end):
        return _string_constant(text, end + 2, backslashes=False)
    if upper == "U" and text.startswith('&"', end):
        return _quoted(text, end + 2)
    return WORD, value, end


def _block_comment_end(text: str, index: int) -> int:
    depth = 0
    while True:
        opening = text.find("/*", index)
        closing = text.find("*/", index)
        if closing < 0:
            return -1
        if 0 <= opening < closing:
            depth += 1
            index = opening + 2
            continue
        depth -= 1
        index = closing + 2
        if depth == 0:
            return index


def _string_constant(text: str, index: int, backslashes: bool) -> tuple[str, str, int] | None:
    """A string constant whose body starts at `index`."""
    while True:
        quote = text.find("'", index)
        if quote < 0:
            return None
        if backslashes and _escaped(text, quote):
            index = quote + 1
        elif text.startswith("''", quote):
            index = quote + 2
        else:
            return STRING, "", quote + 1


def _escaped(text: str, quote: int) -> bool:
    """An odd number of backslashes just before `quote`."""
    count = 0
    while quote - count - 1 >= 0 and text[quote - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _quoted(text: str, index: int) -> tuple[str, str, int] | None:
    parts: list[str] = []
    while True:
        quote = text.find('"', index)
        if quote < 0:
            return None
        parts.append(text[index:quote])
        if not text.startswith('""', quote):
            return QUOTED, '"'.join(parts), quote + 1
        index = quote + 2


def _dollar(text: str, index: int) -> tuple[str, str, int] | None:
    tag = _DOLLAR_TAG.match(text, index)
    if tag is None:
        # `$1` (a parameter) or a stray dollar sign.
        number = _NUMBER.match(text, index + 1)
        end = number.end() if number is not None else index + 1
        return OTHER, text[index:end], end
    closing = text.find(tag.group(), tag.end())
    if closing < 0:
        return None
    return STRING, "", closing + len(tag.group())
