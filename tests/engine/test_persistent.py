"""`PersistentMap` and `PersistentSet` behave as a dict and a frozenset copied at each change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_django_migrations.persistent import PersistentMap, PersistentSet, as_map, as_set

# Enough keys to split leaves into nodes, and keys whose hashes are equal (`hash(-1) ==
# hash(-2)`; integers `2**61 - 1` apart hash alike) so that leaves at the bottom grow instead.
KEYS = st.one_of(
    st.integers(0, 60),
    st.sampled_from([-1, -2]),
    st.integers(0, 40).map(lambda n: 7 + n * (2**61 - 1)),
)
COMMANDS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), KEYS, st.integers(0, 3)),
        st.tuples(st.just("without"), KEYS, st.just(0)),
        st.tuples(st.just("renamed"), KEYS, KEYS),
    ),
    max_size=120,
)


def equal(left: object, right: object) -> bool:
    """`==` between a persistent value and the builtin it stands for, which mypy's strict
    equality refuses to compare directly."""
    return left == right


def changed(
    found: PersistentMap[int, int], expected: dict[int, int], command: tuple[str, int, int]
) -> tuple[PersistentMap[int, int], dict[int, int]]:
    """The map after `command`, and what a dict does for it."""
    name, key, other = command
    if name == "set":
        return found.set(key, other), {**expected, key: other}
    if name == "without":
        return found.without(key), {k: v for k, v in expected.items() if k != key}
    if key not in expected:
        return found.renamed(key, other), expected
    return found.renamed(key, other), {other if k == key else k: v for k, v in expected.items()}


@settings(max_examples=300)
@given(st.lists(st.tuples(KEYS, st.integers()), max_size=60), COMMANDS)
def test_every_version_reads_as_the_dict_it_stands_for(
    start: list[tuple[int, int]], commands: list[tuple[str, int, int]]
) -> None:
    found, expected = PersistentMap(start), dict(start)
    versions = [(found, expected)]
    for command in commands:
        found, expected = changed(found, expected, command)
        versions.append((found, expected))
    # Older versions are read last: a change must never show through in them.
    for version, dictionary in versions:
        assert list(version.items()) == list(dictionary.items())
        assert len(version) == len(dictionary)
        assert version == dictionary
        for key in (-2, -1, 0, 7, 60, 61, 7 + 40 * (2**61 - 1)):
            assert (key in version, version.get(key)) == (key in dictionary, dictionary.get(key))


@settings(max_examples=200)
@given(st.lists(KEYS, max_size=40), st.lists(st.tuples(st.booleans(), st.sets(KEYS))))
def test_sets_add_and_remove_as_frozensets_do(
    start: list[int], changes: list[tuple[bool, set[int]]]
) -> None:
    found, expected = PersistentSet(start), frozenset(start)
    versions = [(found, expected)]
    for add, items in changes:
        found = found | items if add else found - items
        expected = expected | items if add else expected - items
        versions.append((found, expected))
    for version, reference in versions:
        assert (equal(version, reference), len(version)) == (True, len(reference))
        assert set(version) == reference


def test_a_missing_key_raises_key_error_and_changes_nothing() -> None:
    found = PersistentMap([("a", 1)])
    same = (found.without("b"), found.renamed("b", "c"), found.renamed("a", "a"))
    assert [version is found for version in same] == [True, True, True]
    with pytest.raises(KeyError, match="'b'"):
        found["b"]


def test_renaming_onto_an_existing_key_keeps_the_earlier_place_and_the_later_value() -> None:
    found = PersistentMap([("a", 1), ("b", 2), ("c", 3)])
    assert list(found.renamed("c", "a").items()) == [("a", 3), ("b", 2)]
    assert list(found.renamed("a", "c").items()) == [("c", 3), ("b", 2)]


def test_conversions_keep_persistent_values_and_copy_others() -> None:
    mapping, items = PersistentMap([("a", 1)]), PersistentSet(["a"])
    assert (as_map(mapping) is mapping, as_set(items) is items) == (True, True)
    assert equal((as_map({"a": 1}), as_set(frozenset({"a"}))), ({"a": 1}, {"a"}))
    assert (repr(mapping), repr(items)) == ("PersistentMap({'a': 1})", "PersistentSet(['a'])")
