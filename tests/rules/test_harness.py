"""The fixture harness itself: how `# error:` comments are read and compared, on temporary
fixtures, so that a pinned message that does not match fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import harness

HEAD = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0031_wishlist_owner")]

    operations = [
"""
OWNER = 'migrations.RemoveField(model_name="wishlist", name="owner")'
WEIGHT = 'migrations.RemoveField(model_name="product", name="weight")'
SKU = 'migrations.RemoveField(model_name="product", name="sku")'


def fixture(tmp_path: Path, *lines: str) -> harness.Fixture:
    """A DJM100 fixture of one operation per line (several per line when given a tuple)."""
    path = tmp_path / "djm100_temporary.py"
    body = "".join(f"        {line}\n" for line in lines)
    path.write_text(f"{HEAD}{body}    ]\n", encoding="utf-8")
    return harness.load(path)


def outcome(fixture: harness.Fixture) -> tuple[list[harness.Comparable], list[harness.Comparable]]:
    assert fixture.rule is not None
    return harness.compare(fixture, harness.diagnostics(fixture, (fixture.rule,)))


def test_a_pinned_text_is_read_with_its_code() -> None:
    found = harness.parse_codes(9, 'DJM100 "dropped under old code", DJM105@8, DJM102')
    assert found == [
        harness.Expected(9, "DJM100", None, "dropped under old code"),
        harness.Expected(9, "DJM105", 8, None),
        harness.Expected(9, "DJM102", None, None),
    ]


def test_a_comma_inside_the_quotes_belongs_to_the_text() -> None:
    found = harness.parse_codes(3, 'DJM100@8 "`product.sku`, then", DJM100 "a, b"')
    assert found == [
        harness.Expected(3, "DJM100", 8, "`product.sku`, then"),
        harness.Expected(3, "DJM100", None, "a, b"),
    ]


@pytest.mark.parametrize(
    "text", ['DJM100 "unclosed', 'DJM100 ""', "DJM100 'single'", 'DJM100"glued"', "DJM100,"]
)
def test_a_malformed_expectation_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="bad expectation"):
        harness.parse_codes(1, text)


def test_a_matching_pinned_text_passes(tmp_path: Path) -> None:
    found = fixture(tmp_path, f'{OWNER},  # error: DJM100 "`wishlist.owner` dropped under old"')
    expected, actual = outcome(found)
    assert actual == expected == [(8, "DJM100", None, "`wishlist.owner` dropped under old")]


def test_a_pinned_text_that_does_not_match_fails_and_shows_the_message(tmp_path: Path) -> None:
    found = fixture(tmp_path, f'{OWNER},  # error: DJM100 "`wishlist.owner` renamed"')
    expected, actual = outcome(found)
    assert expected == [(8, "DJM100", None, "`wishlist.owner` renamed")]
    message = "`wishlist.owner` dropped under old code: remove from state first, drop later"
    assert actual == [(8, "DJM100", None, message)]


def test_without_quotes_only_the_code_is_compared(tmp_path: Path) -> None:
    expected, actual = outcome(fixture(tmp_path, f"{OWNER},  # error: DJM100"))
    assert actual == expected == [(8, "DJM100", None, None)]


def test_several_codes_on_one_line_are_matched_to_their_own_texts(tmp_path: Path) -> None:
    pins = 'DJM100@69 "`product.sku` dropped", DJM100@8 "`product.weight` dropped"'
    expected, actual = outcome(fixture(tmp_path, f"{WEIGHT}, {SKU},  # error: {pins}"))
    assert actual == expected
    assert actual == [
        (8, "DJM100", 8, "`product.weight` dropped"),
        (8, "DJM100", 69, "`product.sku` dropped"),
    ]


def test_a_text_pinned_on_the_wrong_one_of_two_codes_fails(tmp_path: Path) -> None:
    pins = 'DJM100@8 "`product.sku` dropped", DJM100@69 "`product.weight` dropped"'
    expected, actual = outcome(fixture(tmp_path, f"{WEIGHT}, {SKU},  # error: {pins}"))
    assert expected == [
        (8, "DJM100", 8, "`product.sku` dropped"),
        (8, "DJM100", 69, "`product.weight` dropped"),
    ]
    assert actual == [
        (8, "DJM100", 8, "`product.weight` dropped"),
        (8, "DJM100", 69, "`product.sku` dropped"),
    ]
