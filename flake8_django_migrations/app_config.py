"""The label an app declares in its `apps.py` (`docs/terms.md#app-label`), read with `ast`.

The module is never imported. A class is an app config when one of its bases is a name or an
attribute ending in `AppConfig`, or another app config class of the same file; it declares
the label of its own `label = "..."`, else the one of its app config base in the file.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

# A `label` that is not one string literal: the app's label cannot be read.
_UNREADABLE = object()
# The file of an app folder that holds its `AppConfig`.
_APPS_FILE = "apps.py"

_LABELS: dict[Path, str | None] = {}


def clear_cache() -> None:
    _LABELS.clear()


def declared_label(app_dir: Path) -> str | None:
    """The label `app_dir/apps.py` gives the app; None when it gives none, or not one literal.

    Read once per app folder for the process: the configs of apps do not change during a run.
    """
    if app_dir not in _LABELS:
        _LABELS[app_dir] = _read_label(app_dir / _APPS_FILE)
    return _LABELS[app_dir]


def _read_label(path: Path) -> str | None:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return module_label(tree)


def module_label(tree: ast.Module) -> str | None:
    """The one literal label of the module's app configs; None for none, several, or a value
    that is not a literal (the app then has the label Django derives, or another one)."""
    labels = set(_config_labels(tree).values())
    if len(labels) != 1:
        return None
    label = labels.pop()
    return label if isinstance(label, str) and label.isidentifier() else None


def _config_labels(tree: ast.Module) -> Mapping[str, object]:
    """Each app config class of the module and its label (None: no label set in the file)."""
    found: dict[str, object] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = [_base_name(base) for base in node.bases]
        inherited = [found[b] for b in bases if b in found]
        if not inherited and not any(b.endswith("AppConfig") for b in bases):
            continue
        own = _own_label(node.body)
        found[node.name] = own if own is not None else (inherited[0] if inherited else None)
    return found


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Name):
        return base.id
    if isinstance(base, ast.Attribute):
        return base.attr
    return ""


def _own_label(body: list[ast.stmt]) -> object:
    """The value the class body gives `label` last: a string, `_UNREADABLE`, or None."""
    label: object = None
    for statement in body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        if any(isinstance(t, ast.Name) and t.id == "label" for t in targets):
            label = _literal(value)
    return label


def _literal(value: ast.expr) -> object:
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    return _UNREADABLE
