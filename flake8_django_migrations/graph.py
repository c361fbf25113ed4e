"""The migration graph of one app, built from the summaries of its files.

It follows what Django's loader does, statically: dependencies and `run_before` are edges, and
a squashed migration takes the place of the migrations it `replaces` (the loader uses the
squash when all or none of them are applied; the plugin assumes it is used), so that
dependencies on a replaced migration point at the squash.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from flake8_django_migrations.state import StateOp

Key = tuple[str, str]
_NUMBER = re.compile(r"^(\d+)_")


@dataclass(frozen=True)
class FileSummary:
    """What app-level work needs of one file of a migrations folder."""

    name: str
    broken: bool = False
    dependencies: tuple[Key, ...] = ()
    # An entry of `dependencies` the plugin could not read (not `swappable_dependency`).
    unreadable_dependency: bool = False
    run_before: tuple[Key, ...] = ()
    replaces: tuple[Key, ...] = ()
    state_ops: tuple[StateOp, ...] = field(default=(), compare=False)
    # `initial = True`, and the models whose tables its database `CreateModel`s create: a
    # split first migration adds fields to them on an empty database.
    initial: bool = False
    creates: tuple[str, ...] = ()

    def same_graph_node(self, other: FileSummary) -> bool:
        return (
            self.broken == other.broken
            and self.dependencies == other.dependencies
            and self.unreadable_dependency == other.unreadable_dependency
            and self.run_before == other.run_before
            and self.replaces == other.replaces
        )


class AppGraph:
    """The nodes of one app, their same-app parents after squash replacement, leaves, cycles."""

    def __init__(self, label: str, files: Mapping[str, FileSummary]) -> None:
        self.label = label
        self.files = files
        self.replaced_by = self._replacements()
        self.nodes = tuple(sorted(name for name in files if name not in self.replaced_by))
        self.parents = {name: self._parents_of(name) for name in self.nodes}
        for name in self.nodes:
            for app, later in self.files[name].run_before:
                child = self.current(later) if app == label else None
                if child is not None and child in self.parents and child != name:
                    self.parents[child] = tuple(sorted({*self.parents[child], name}))

    def _replacements(self) -> dict[str, str]:
        replaced: dict[str, str] = {}
        for name in sorted(self.files):
            summary = self.files[name]
            if summary.broken:
                continue
            for app, old in summary.replaces:
                if app == self.label and old != name:
                    replaced.setdefault(old, name)
        # A squash that is itself replaced hands its replacements on.
        finals = {old: self._final(new, replaced) for old, new in replaced.items()}
        return {old: new for old, new in finals.items() if new != old}

    @staticmethod
    def _final(name: str, replaced: Mapping[str, str]) -> str:
        seen = {name}
        while name in replaced and replaced[name] not in seen:
            name = replaced[name]
            seen.add(name)
        return name

    def current(self, name: str) -> str | None:
        """The node standing for migration `name`: itself, or its squash; None if neither."""
        name = self.replaced_by.get(name, name)
        return name if name in self.files else None

    def _parents_of(self, name: str) -> tuple[str, ...]:
        found = set()
        for app, parent in self.files[name].dependencies:
            node = self.current(parent) if app == self.label else None
            if node is not None and node != name:
                found.add(node)
        return tuple(sorted(found))

    @cached_property
    def children(self) -> Mapping[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {name: [] for name in self.nodes}
        for name, parents in self.parents.items():
            for parent in parents:
                found[parent].append(name)
        return {name: tuple(kids) for name, kids in found.items()}

    @cached_property
    def leaves(self) -> tuple[str, ...]:
        return tuple(name for name in self.nodes if not self.children[name])

    @cached_property
    def certain(self) -> bool:
        """Every file could be read, with all its dependencies: the graph is complete."""
        return not any(s.broken or s.unreadable_dependency for s in self.files.values())

    @cached_property
    def _cycle_groups(self) -> Mapping[str, tuple[str, ...]]:
        groups = (tuple(sorted(group)) for group in _strong_components(self.parents))
        return {name: group for group in groups for name in group}

    @cached_property
    def cycles(self) -> frozenset[str]:
        """The nodes that lie on a dependency cycle."""
        return frozenset(self._cycle_groups)

    def cycle_of(self, name: str) -> tuple[str, ...]:
        """The members of the cycle `name` lies on (sorted), or () when none."""
        return self._cycle_groups.get(name, ())

    def complete_parents(self, name: str) -> bool:
        """Every same-app dependency of `name` can be read and exists (or is replaced)."""
        summary = self.files.get(name)
        if summary is None:
            return True
        if summary.unreadable_dependency:
            return False
        return all(
            self.current(dep) is not None
            for app, dep in summary.dependencies
            if app == self.label and not dep.startswith("__")
        )

    def created_by_initial_ancestors(self, name: str) -> frozenset[str]:
        """The models created by the ancestors of node `name` when every one of them is an
        `initial = True` file that can be read: the app's history starts with them, so (like
        a split first migration, `0002_initial`) `name` runs only on the empty database they
        start. Empty when any ancestor is not, or cannot be known."""
        found: set[str] = set()
        seen: set[str] = set()
        todo = [name]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if not self.complete_parents(node):
                return frozenset()
            for parent in self.parents.get(node, ()):
                summary = self.files[parent]
                if summary.broken or not summary.initial:
                    return frozenset()
                found.update(summary.creates)
                todo.append(parent)
        return frozenset(found)

    @cached_property
    def _by_number(self) -> Mapping[int, tuple[str, ...]]:
        found: dict[int, list[str]] = {}
        for name in self.nodes:
            match = _NUMBER.match(name)
            if match:
                found.setdefault(int(match.group(1)), []).append(name)
        return {number: tuple(names) for number, names in found.items()}

    def sharing_number(self, name: str) -> tuple[str, ...]:
        """The other nodes whose leading number (`0012` of `0012_note`) is `name`'s."""
        match = _NUMBER.match(name)
        if match is None or name not in self.parents:
            return ()
        return tuple(n for n in self._by_number.get(int(match.group(1)), ()) if n != name)

    def plan(self, targets: Iterable[str], known: Container[str] = ()) -> list[str]:
        """The ancestors of `targets` (themselves included) in the order Django applies them,
        leaving out `known` nodes and what lies behind them."""
        order: list[str] = []
        seen: set[str] = set()
        for target in targets:
            if target not in known:
                self._visit(target, seen, known, order)
        return order

    def _visit(self, start: str, seen: set[str], known: Container[str], order: list[str]) -> None:
        # Iterative post-order walk: histories of thousands of migrations must not recurse.
        if start in seen:
            return
        seen.add(start)
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(self.parents.get(start, ())))]
        while stack:
            node, parents = stack[-1]
            parent = next(parents, None)
            if parent is None:
                stack.pop()
                order.append(node)
            elif parent not in seen and parent not in known:
                seen.add(parent)
                stack.append((parent, iter(self.parents.get(parent, ()))))


def _strong_components(edges: Mapping[str, tuple[str, ...]]) -> list[list[str]]:
    """Groups of two or more nodes that reach each other (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(edges.get(target, ()))))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = _pop_group(stack, on_stack, node)
                if len(group) > 1:
                    groups.append(group)
    return groups


def _pop_group(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    group = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == root:
            return group
