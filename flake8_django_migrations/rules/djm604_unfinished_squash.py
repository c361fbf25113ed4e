"""The migration still needs another migration module of its app: the squash is unfinished.

## What it does
Flags, once per file on the `class Migration` line, a migration that:
- still carries the note `squashmigrations` writes when it cannot copy `RunPython` functions
  itself ("Functions from the following migrations need manual copying. Move them and any
  dependencies into this file, then update the RunPython operations to refer to the local
  versions:", then the modules), while a `RunPython` still runs a callable that is not
  defined in the file;
- or loads another migration module of its own app: `import_module("shop.migrations.0004_fill")`
  (or `__import__`, `import_string`, a relative name with `package=__package__`),
  `from shop.migrations.helpers import fill`, `from .helpers import fill`,
  `import shop.migrations.helpers`, where the module is a file directly in the migrations
  folder (`helpers.py`).

## Why is this bad?
A squashed migration exists so that the migrations it replaces can be deleted once every
database has applied them. `squashmigrations` cannot copy the functions of `RunPython`
operations, so it leaves the note and points the operations at the old modules; a migration
that imports the old modules breaks with `ModuleNotFoundError` the day they are deleted, and
`migrate` then fails on every fresh database (tests, new environments). Django's loader reads
every module of a migrations folder whose name does not start with `_` or `~` as a migration,
so such a module is one the next squash may delete. The note left behind also tells the next
reader that the copying may not have been done.

## Example
```python
# shop/migrations/0001_squashed_0004_fill_prices.py
from importlib import import_module

from django.db import migrations, models

# Functions from the following migrations need manual copying.
# Move them and any dependencies into this file, then update the
# RunPython operations to refer to the local versions:
# shop.migrations.0004_fill_prices

fill_prices = import_module("shop.migrations.0004_fill_prices").fill_prices


class Migration(migrations.Migration):
    replaces = [("shop", "0001_initial"), ("shop", "0004_fill_prices")]

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("price", models.IntegerField(null=True)),
            ],
        ),
        migrations.RunPython(fill_prices, migrations.RunPython.noop),
    ]
```

## Use instead
Copy the functions (and what they use) into the squashed migration, point the operations at
the copies, and delete the note:
```python
# shop/migrations/0001_squashed_0004_fill_prices.py
from django.db import migrations, models


def fill_prices(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(price__isnull=True).update(price=0)


class Migration(migrations.Migration):
    replaces = [("shop", "0001_initial"), ("shop", "0004_fill_prices")]

    operations = [
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("price", models.IntegerField(null=True)),
            ],
        ),
        migrations.RunPython(fill_prices, migrations.RunPython.noop),
    ]
```
Code shared by several migrations belongs in a module outside the migrations folder, or in
one whose name starts with `_` (Django's loader skips it).

## What it does not flag
- Imports of modules of other apps' migrations folders, and of `django.db.migrations`.
- Modules whose name starts with `_` or `~` (`from shop.migrations._helpers import fill`):
  Django's loader does not read them as migrations.
- Names imported from the migrations package itself (`from shop.migrations import helpers`,
  `from . import helpers`): they may be defined by its `__init__.py` rather than be modules.
- Modules of a package inside the migrations folder (`from .tasks.backfill import run`, or
  `from .tasks import run` with a `tasks/` package): Django's loader never reads packages as
  migrations, and squashing never removes them. When the folder can be listed, a name that is
  not a `.py` file directly in it counts as such a package (a module already deleted too);
  when it cannot, only the deeper paths are left alone.
- Module names that are not literal strings (`import_module(name)`), and relative names with
  any `package` other than `__package__`.
- The note alone, once every `RunPython` callable is a function of the file, a lambda or
  `RunPython.noop`: the functions were copied and only the note is left over.
- Comments that only mention other migrations (`# Functions from shop.migrations.0004`).

## Options
- `djm-migration-dirs`: the folder names that hold migrations.
- `djm-app-labels`: the app label, when it is not the folder name.

## References
- [Django: Squashing migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#migration-squashing)
- [Django: squashmigrations](https://docs.djangoproject.com/en/stable/ref/django-admin/#squashmigrations)
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass

from flake8_django_migrations.rules.api import (
    Context,
    Migration,
    Rule,
    Violation,
    is_none,
    keyword_map,
    report,
    string_value,
)

CODE = "DJM604"
NAME = "unfinished-squash"
MESSAGE = "`{module}` is still {how}: copy what this migration needs from it"

# The note Django's `MigrationWriter` writes above the class (all versions since 1.7).
_NOTE = re.compile(
    r"^\s*#\s*functions\s+from\s+the\s+following\s+migrations\s+need\s+manual\s+copying",
    re.IGNORECASE,
)
_LISTED = re.compile(r"^\s*#\s*([\w.]+)\s*$")
_IMPORT_STRING = "django.utils.module_loading.import_string"
_LOADERS = frozenset({"importlib.import_module", _IMPORT_STRING, "__import__"})


@dataclass(frozen=True)
class _Folder:
    """Where the checked file lives: `<app>/<migrations>/<own>.py`."""

    app: str
    labels: frozenset[str]
    migrations: str
    own: str
    # The modules that are files directly in the folder; None when it cannot be listed.
    modules: frozenset[str] | None = None

    @property
    def package(self) -> str:
        return f"{self.app}.{self.migrations}"

    def module_name(self, path: str) -> str | None:
        """The migration module of this app that a dotted path names, if any."""
        parts = path.split(".")
        for index in range(1, len(parts) - 1):
            if parts[index] == self.migrations and parts[index - 1] in self.labels:
                return self._module(parts[index + 1 :])
        return None

    def _module(self, rest: list[str]) -> str | None:
        # Django's loader reads only the module files directly in the folder: a deeper path
        # (`tasks.backfill`) lies in a package, and so does a name with no file there (when
        # the folder can be listed; a file already deleted is not told apart).
        if len(rest) != 1 or (self.modules is not None and rest[0] not in self.modules):
            return None
        return _migration_name(rest[0], self.own)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    folder = _folder(ctx)
    found = _note(migration) or _load(migration, folder)
    if found is not None:
        module, how = found
        yield report(migration, CODE, MESSAGE.format(module=module, how=how))


def _folder(ctx: Context) -> _Folder:
    app, migrations = ctx.folders
    modules = ctx.migration_modules
    return _Folder(app, frozenset({app, ctx.app_label}), migrations, ctx.stem, modules)


def _migration_name(name: str, own: str) -> str | None:
    if not name or name[0] in "_~" or name == own:
        return None
    return name


def _note(migration: Migration) -> tuple[str, str] | None:
    """The first module Django's squash note lists, if the note is there and a `RunPython`
    still runs code from outside the file (once every callable is local, the note is stale)."""
    lines = migration.lines
    if "copying" not in migration.text.lower():
        return None  # the note's wording, checked on the whole text at once
    for start, line in enumerate(lines):
        if _NOTE.match(line):
            if not any(_outside(node, migration) for node in _callables(migration)):
                return None
            return _listed_module(lines[start + 1 :]), "listed in Django's squash note"
    return None


def _callables(migration: Migration) -> Iterator[ast.expr]:
    for op in migration.operations:
        if op.name == "RunPython":
            yield from (n for n in (op.arg("code"), op.arg("reverse_code")) if n is not None)


def _outside(node: ast.expr, migration: Migration) -> bool:
    """A callable that is not a function of the file, a lambda, `RunPython.noop` or None."""
    if isinstance(node, ast.Lambda) or is_none(node):
        return False
    if isinstance(node, ast.Name):
        return node.id not in migration.functions
    return not (isinstance(node, ast.Attribute) and node.attr == "noop")


def _listed_module(lines: tuple[str, ...]) -> str:
    """The note's first listed module: the comment line after its three lines of text."""
    match = _LISTED.match(lines[2]) if len(lines) > 2 else None
    return match.group(1).rpartition(".")[2] if match else "another migration"


def _load(migration: Migration, folder: _Folder) -> tuple[str, str] | None:
    # Most files never name their own migrations package: skip the walk for them.
    needles = (
        *(f"{label}.{folder.migrations}" for label in folder.labels),
        "from .",
        "import_module",
        "__import__",
        "import_string",
    )
    if not any(needle in migration.text for needle in needles):
        return None
    loads = sorted(_loads(migration, folder), key=lambda item: item[0])
    return (loads[0][1], "imported") if loads else None


def _loads(migration: Migration, folder: _Folder) -> Iterator[tuple[int, str]]:
    for node in ast.walk(migration.tree):
        for path in _paths(node, migration, folder):
            name = folder.module_name(path)
            if name is not None:
                yield getattr(node, "lineno", 0), name


def _paths(node: ast.AST, migration: Migration, folder: _Folder) -> Iterator[str]:
    """The dotted module paths an import statement or a loader call names."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
    elif isinstance(node, ast.ImportFrom) and node.level <= 1:
        # `from .x import y` is `from shop.migrations.x import y`. The names imported from a
        # package (`from . import x`) may be modules or names its `__init__` defines.
        parent = folder.package if node.level else ""
        yield ".".join(part for part in (parent, node.module or "") if part)
    elif isinstance(node, ast.Call) and node.args:
        loader = _loader(node.func, migration)
        for path in _called_path(node, folder.package) if loader else ():
            # `import_string` names an attribute of the module it loads.
            yield path.rpartition(".")[0] if loader == _IMPORT_STRING else path


def _loader(func: ast.expr, migration: Migration) -> str | None:
    if isinstance(func, ast.Name) and func.id == "__import__":
        return "__import__"
    name = migration.resolve(func)
    return name if name in _LOADERS else None


def _called_path(call: ast.Call, own_package: str) -> Iterator[str]:
    name = string_value(call.args[0])
    if name is None:
        return
    if not name.startswith("."):
        yield name
        return
    package = call.args[1] if len(call.args) > 1 else keyword_map(call).get("package")
    if isinstance(package, ast.Name) and package.id == "__package__" and name[1:2] != ".":
        yield f"{own_package}{name}"


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
