"""The migration graph of one app: squash replacement, run_before, leaves, cycles, plans."""

from __future__ import annotations

import pytest

from flake8_django_migrations.graph import AppGraph, FileSummary


def graph(*files: FileSummary) -> AppGraph:
    return AppGraph("shop", {summary.name: summary for summary in files})


def node(name: str, *parents: str, **extra: object) -> FileSummary:
    deps = tuple(
        ("shop", parent) if "." not in parent else tuple(parent.split(".")) for parent in parents
    )
    return FileSummary(name, dependencies=deps, **extra)  # type: ignore[arg-type]


def test_leaves_and_plan_follow_dependencies() -> None:
    found = graph(
        node("0001"), node("0002", "0001"), node("0003", "0001"), node("0004", "0002", "0003")
    )
    assert found.leaves == ("0004",)
    # Django's order: the parent sorted last comes first.
    assert found.plan(["0004"]) == ["0001", "0003", "0002", "0004"]
    assert found.plan(["0004"], known={"0002"}) == ["0001", "0003", "0004"]
    assert found.plan(["0002", "0003"]) == ["0001", "0002", "0003"]


def test_squash_stands_for_what_it_replaces_even_through_another_squash() -> None:
    found = graph(
        node("0001"),
        node("0002", "0001"),
        node("0001_squashed_0002", replaces=(("shop", "0001"), ("shop", "0002"))),
        node("0001_squashed_0003", replaces=(("shop", "0001_squashed_0002"), ("shop", "0003"))),
        node("0004", "0002", "other.0001"),
    )
    assert found.replaced_by == {
        "0001": "0001_squashed_0003",
        "0002": "0001_squashed_0003",
        "0001_squashed_0002": "0001_squashed_0003",
        "0003": "0001_squashed_0003",
    }
    assert found.nodes == ("0001_squashed_0003", "0004")
    assert found.parents["0004"] == ("0001_squashed_0003",)
    assert found.current("0003") == "0001_squashed_0003"
    assert found.current("0009") is None


def test_replacement_cycles_do_not_loop() -> None:
    found = graph(
        node("a", replaces=(("shop", "b"),)),
        node("b", replaces=(("shop", "a"),)),
        node("c", replaces=(("shop", "c"), ("other", "x"))),
    )
    assert found.replaced_by == {}


def test_broken_squash_replaces_nothing() -> None:
    found = graph(node("0001"), FileSummary("0001_squashed", broken=True))
    assert found.replaced_by == {}
    assert found.certain is False


def test_run_before_adds_an_edge() -> None:
    found = graph(
        node("0001"),
        node("0002", "0001", run_before=(("shop", "0003"), ("shop", "0002"), ("shop", "0009"))),
        node("0003", "0001"),
    )
    assert found.parents["0003"] == ("0001", "0002")
    assert found.leaves == ("0003",)


def test_cycles_are_found_with_their_members() -> None:
    found = graph(
        node("0001"), node("0002", "0001", "0003"), node("0003", "0002"), node("0004", "0004")
    )
    # Django refuses a migration that depends on itself as a circular dependency.
    assert found.cycles == frozenset({"0002", "0003", "0004"})
    assert found.cycle_of("0003") == ("0002", "0003")
    assert found.cycle_of("0004") == ("0004",)
    assert found.cycle_of("0001") == ()
    assert found.certain is False


@pytest.mark.parametrize(
    ("summary", "complete"),
    [
        (node("0002", "0001"), True),
        (node("0002", "0009"), False),
        (node("0002", "__first__"), True),
        (node("0002", "0001", unreadable_dependency=True), False),
    ],
)
def test_complete_parents(summary: FileSummary, complete: bool) -> None:
    found = graph(node("0001"), summary)
    assert found.complete_parents("0002") is complete
    assert found.complete_parents("absent") is True


def test_same_graph_node_ignores_state_operations() -> None:
    assert node("0002", "0001").same_graph_node(node("0002", "0001"))
    assert not node("0002", "0001").same_graph_node(node("0002"))


def _initial(name: str, *parents: str, creates: tuple[str, ...] = ()) -> FileSummary:
    return node(name, *parents, initial=True, creates=creates)


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # A split first migration: both halves, and a third part, start an empty database.
        (
            [
                _initial("0001_initial", creates=("order", "product")),
                _initial(
                    "0002_initial", "0001_initial", "accounts.0001_initial", creates=("refund",)
                ),
                _initial("0003_x", "0002_initial", creates=("invoice",)),
            ],
            {"order", "product", "refund"},
        ),
        # An ancestor that is not `initial = True`: the tables may hold rows by then.
        (
            [
                node("0001_initial", creates=("order",)),
                _initial("0002_initial", "0001_initial", creates=("product",)),
                _initial("0003_x", "0002_initial"),
            ],
            set(),
        ),
        # Unknown ancestors: a broken file, or a dependency on a file that is not there.
        (
            [FileSummary("0002_initial", broken=True), _initial("0003_x", "0002_initial")],
            set(),
        ),
        ([_initial("0003_x", "0002_initial")], set()),
        # The first file itself creates nothing new for itself.
        ([_initial("0003_x")], set()),
    ],
)
def test_created_by_initial_ancestors(files: list[FileSummary], expected: set[str]) -> None:
    assert graph(*files).created_by_initial_ancestors("0003_x") == expected
