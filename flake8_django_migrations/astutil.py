"""Small pure helpers over `ast` nodes."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

# Calls that old migrations wrote around literals (`unique_together=set([("a", "b")])` up to
# Django 1.8): their value is as plain as the literal they wrap.
_CONTAINER_CALLS: Mapping[str, Callable[..., object]] = {
    "set": set,
    "frozenset": frozenset,
    "tuple": tuple,
    "list": list,
}


def literal(node: ast.expr | None, default: object = None) -> object:
    """The Python value of a literal node (constants, containers, unary minus, and `set(...)`,
    `frozenset(...)`, `tuple(...)`, `list(...)` of those), else `default`."""
    if node is None:
        return default
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    try:
        return _with_calls(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return default


def _with_calls(node: ast.expr) -> object:
    """`ast.literal_eval` that also reads a container call of a literal (slow path)."""
    if isinstance(node, ast.Call):
        return _container_call(node)
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        values = [_with_calls(element) for element in node.elts]
        if isinstance(node, ast.List):
            return values
        return tuple(values) if isinstance(node, ast.Tuple) else set(values)
    if isinstance(node, ast.Dict) and None not in node.keys:
        pairs = zip(node.keys, node.values, strict=True)
        return {_with_calls(key): _with_calls(value) for key, value in pairs if key is not None}
    return ast.literal_eval(node)


def _container_call(node: ast.Call) -> object:
    func = node.func
    builder = _CONTAINER_CALLS.get(func.id) if isinstance(func, ast.Name) else None
    if builder is None or node.keywords or len(node.args) > 1:
        raise ValueError("not a container call")
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        raise ValueError("starred argument")
    return builder(*(_with_calls(arg) for arg in node.args))


def is_true(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def is_none(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def string_value(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def dotted_name(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


def qualified_name(node: ast.expr, imports: Mapping[str, str]) -> str | None:
    """The dotted import path a name or attribute chain refers to, if its head was imported."""
    dotted = dotted_name(node)
    if dotted is None:
        return None
    head, _, rest = dotted.partition(".")
    origin = imports.get(head)
    if origin is None:
        return None
    return f"{origin}.{rest}" if rest else origin


def keyword_map(call: ast.Call) -> dict[str, ast.expr]:
    """Keyword arguments by name; `**kwargs` entries are left out."""
    return {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}


def has_star_kwargs(call: ast.Call) -> bool:
    return any(kw.arg is None for kw in call.keywords)


def has_star_args(call: ast.Call) -> bool:
    # A loop, not `any(...)`, which costs a generator: asked for most arguments rules read.
    for arg in call.args:  # noqa: SIM110
        if isinstance(arg, ast.Starred):
            return True
    return False


def refuses_unapply(node: ast.ClassDef) -> bool:
    """The class defines `unapply` as one `raise` (after an optional docstring): a migration
    built on it cannot be unapplied, whatever its operations."""
    for statement in node.body:
        if isinstance(statement, ast.FunctionDef) and statement.name == "unapply":
            body = statement.body
            if body and isinstance(body[0], ast.Expr) and string_value(body[0].value):
                body = body[1:]
            return len(body) == 1 and isinstance(body[0], ast.Raise)
    return False
