"""Immutable mappings and sets whose changed copies share almost all of their memory.

The replay keeps the app's state before every operation of the checked migration, and one
migration may hold thousands of operations on one model. Copying a dict of every field (or
every model) per operation made each operation cost as much as all those before it. A
`PersistentMap` keeps its entries in a hash trie instead (a "hash array mapped trie"): a change
copies only the few small nodes on the way to its key, whatever the size, and shares the rest
with the map it came from. Lookups walk the same few nodes. Iteration follows insertion order,
as a dict's does, and a renamed key keeps its place, as in a dict rebuilt with the new name.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_BITS = 5
_MASK = (1 << _BITS) - 1
# A leaf holds up to this many keys before it splits by the next bits of their hashes: small
# maps stay one dict, copied whole on a change, as cheap as the dict they replace.
_LEAF_SIZE = 16
# Past the width of a hash every key of a leaf has the same bits: it grows instead of splitting.
_HASH_BITS = sys.hash_info.width

# An entry: (rank, value). The rank orders iteration: insertion order.
Entry = tuple[int, object]


class _Leaf(dict[object, Entry]):
    """Up to `_LEAF_SIZE` entries by key (more only when their hashes are all equal)."""

    __slots__ = ()


class _Node(dict[int, "_Leaf | _Node"]):
    """Children by the next `_BITS` bits of their keys' hashes."""

    __slots__ = ()


def _find(trie: _Leaf | _Node, key: object, hashed: int) -> Entry | None:
    shift = 0
    while isinstance(trie, _Node):
        child = trie.get((hashed >> shift) & _MASK)
        if child is None:
            return None
        trie, shift = child, shift + _BITS
    return trie.get(key)


def _put(
    trie: _Leaf | _Node, key: object, hashed: int, entry: Entry | None, shift: int = 0
) -> _Leaf | _Node:
    """A copy of `trie` with `key` set to `entry`, or removed when `entry` is None; only the
    nodes on the way to the key are copied."""
    if isinstance(trie, _Leaf):
        entries = _Leaf(trie)
        if entry is None:
            entries.pop(key, None)
        else:
            entries[key] = entry
        return _grown(entries, shift)
    index = (hashed >> shift) & _MASK
    children = _Node(trie)
    child = _put(children.get(index, _Leaf()), key, hashed, entry, shift + _BITS)
    if isinstance(child, _Leaf) and not child:
        del children[index]
    else:
        children[index] = child
    return children


def _grown(entries: _Leaf, shift: int) -> _Leaf | _Node:
    """`entries`, or a node splitting them by their hashes when they are too many."""
    if len(entries) <= _LEAF_SIZE or shift >= _HASH_BITS:
        return entries
    groups: dict[int, _Leaf] = {}
    for key, entry in entries.items():
        groups.setdefault((hash(key) >> shift) & _MASK, _Leaf())[key] = entry
    return _Node({index: _grown(group, shift + _BITS) for index, group in groups.items()})


def _walk(trie: _Leaf | _Node) -> Iterator[tuple[object, Entry]]:
    if isinstance(trie, _Leaf):
        yield from trie.items()
    else:
        for child in trie.values():
            yield from _walk(child)


class PersistentMap(Mapping[K, V]):
    """An immutable mapping; `set`, `without` and `renamed` return changed copies cheaply."""

    __slots__ = ("_keys", "_next", "_size", "_trie")

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        entries = _Leaf()
        rank = 0
        for rank, (key, value) in enumerate(pairs, 1):
            # As `dict(pairs)`: a repeated key keeps its first place and takes its last value.
            first = entries.get(key)
            entries[key] = (rank if first is None else first[0], value)
        self._set_up(_grown(entries, 0), len(entries), rank + 1)

    def _set_up(self, trie: _Leaf | _Node, size: int, next_rank: int) -> None:
        self._trie, self._size, self._next = trie, size, next_rank
        self._keys: list[K] | None = None

    def _changed(self, trie: _Leaf | _Node, size: int) -> PersistentMap[K, V]:
        new: PersistentMap[K, V] = PersistentMap.__new__(PersistentMap)
        new._set_up(trie, size, self._next + 1)
        return new

    def __getitem__(self, key: K) -> V:
        entry = _find(self._trie, key, hash(key))
        if entry is None:
            raise KeyError(key)
        return cast(V, entry[1])

    def get(self, key: K, default: V | None = None) -> V | None:  # type: ignore[override]
        entry = _find(self._trie, key, hash(key))
        return default if entry is None else cast(V, entry[1])

    def __contains__(self, key: object) -> bool:
        return self._size > 0 and _find(self._trie, key, hash(key)) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[K]:
        if self._keys is None:  # computed once per map: it never changes
            ranked = sorted((entry[0], key) for key, entry in _walk(self._trie))
            self._keys = [cast(K, key) for _, key in ranked]
        return iter(self._keys)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self)!r})"

    def set(self, key: K, value: V) -> PersistentMap[K, V]:
        """A copy with `key` set to `value`; a key already there keeps its place."""
        hashed = hash(key)
        found = _find(self._trie, key, hashed)
        rank = self._next if found is None else found[0]
        trie = _put(self._trie, key, hashed, (rank, value))
        return self._changed(trie, self._size + (found is None))

    def without(self, key: K) -> PersistentMap[K, V]:
        """A copy without `key` (this map when it has no such key)."""
        hashed = hash(key)
        if _find(self._trie, key, hashed) is None:
            return self
        trie = _put(self._trie, key, hashed, None)
        return self._changed(trie, self._size - 1)

    def renamed(self, old: K, new: K) -> PersistentMap[K, V]:
        """As `{new if k == old else k: v for k, v in self.items()}`: the renamed key keeps
        its place; when `new` was already there, the earlier place and the later value win."""
        moved, there = _find(self._trie, old, hash(old)), _find(self._trie, new, hash(new))
        if moved is None or old == new:
            return self
        if there is None:
            rank, value = moved
        else:
            rank, value = min(moved[0], there[0]), (moved if moved[0] > there[0] else there)[1]
        trie = _put(self._trie, old, hash(old), None)
        trie = _put(trie, new, hash(new), (rank, value))
        return self._changed(trie, self._size - (there is not None))


class PersistentSet(AbstractSet[K]):
    """An immutable set in insertion order; `|` and `-` with a small set cost little."""

    __slots__ = ("_map",)

    def __init__(self, items: Iterable[K] = ()) -> None:
        self._map: PersistentMap[K, None] = PersistentMap((item, None) for item in items)

    @classmethod
    def _of(cls, found: PersistentMap[K, None]) -> PersistentSet[K]:
        new: PersistentSet[K] = cls.__new__(cls)
        new._map = found
        return new

    def __contains__(self, item: object) -> bool:
        return item in self._map

    def __iter__(self) -> Iterator[K]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"

    def __or__(self, other: AbstractSet[K]) -> PersistentSet[K]:  # type: ignore[override]
        found = self._map
        for item in other:
            if item not in found:
                found = found.set(item, None)
        return self if found is self._map else self._of(found)

    def __sub__(self, other: AbstractSet[object]) -> PersistentSet[K]:
        if not self._map:
            return self
        found = self._map
        for item in other:
            found = found.without(cast(K, item))
        return self if found is self._map else self._of(found)


def as_map(mapping: Mapping[K, V]) -> PersistentMap[K, V]:
    """`mapping` as a `PersistentMap`, itself when it is one."""
    return mapping if isinstance(mapping, PersistentMap) else PersistentMap(mapping)


def as_set(items: AbstractSet[K]) -> PersistentSet[K]:
    """`items` as a `PersistentSet`, itself when it is one."""
    return items if isinstance(items, PersistentSet) else PersistentSet(items)
