"""A data migration uses today's model class instead of the historical one from `apps`.

## What it does
Flags, inside a `RunPython` callable (and the module-level helpers it calls with `apps`), the
use of a model class imported from a `models` module (`from shop.models import Product`,
`shop.models.Product`, `django.contrib.auth.models.Group`, an import inside the function too)
or through the file's one star import of a `models` module (`from shop.models import *`: a
class-like name the file binds nowhere else comes from it), and calls of `get_user_model()`
and of django-oscar's `get_model("catalogue", "Product")` (from `oscar.core.loading`, which
loads today's class), in the function or bound once to a module-level name.
A class from another module of a `models` package (`from shop.models.catalog import Product`)
counts when it reaches the table through its manager (`Product.objects`, `_default_manager`,
`_base_manager`): such modules may hold classes that are not models. Each model is reported
once per function, at its first use.

## Why is this bad?
A migration runs against the schema as it was when the migration was written, but an imported
model describes the schema of today's code. As soon as a later migration adds, renames or
removes a field, the old migration selects a column that does not exist yet (or no longer
does) and fails: on a fresh database, in CI, or on the next server that migrates from scratch.
Custom model methods and managers of today's code also run against yesterday's data. Django
hands every `RunPython` callable the historical models as `apps`; only those match the schema
at that point of the history.

## Example
```python
from django.db import migrations

from shop.models import Product


def fill_slugs(apps, schema_editor):
    for product in Product.objects.filter(slug="").iterator():
        product.slug = f"product-{product.pk}"
        product.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
```

## Use instead
Ask `apps` for the model as it was at this migration:
```python
from django.db import migrations


def fill_slugs(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.filter(slug="").iterator():
        product.slug = f"product-{product.pk}"
        product.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_slug")]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
```
For the user model, `apps.get_model(settings.AUTH_USER_MODEL)`.

## What it does not flag
- Models from `apps.get_model(...)`, whatever the variable name of `apps`.
- Names from `django.db.models` and `django.forms.models` (`F`, `Q`, `Value`, `Count`,
  `model_to_dict`, ...), and names that are not CapWords (`STATUS_CHOICES`).
- Imported models used outside `RunPython` callables, such as managers in
  `CreateModel(managers=...)` or bases in `bases=(...)`.
- A local variable of the same name (`Product = apps.get_model(...)` shadows the import).
- Uses that read the class, not its table: constants (`Order.STATUS_OPEN`), nested classes
  and enumerations (`Alert.Kind("email")`, `Alert.Kind.EMAIL`), `_meta`
  (`get_user_model()._meta.label`, or a `User = get_user_model()` only used for it), and
  enumerations from a `models` module (`OrderStatus.choices`, `OrderStatus.OPEN`).
  `Product.DoesNotExist` counts as a use: a historical model's query does not raise it.
- Class-like names of `models` modules that are not models: `AnonymousUser`, managers,
  querysets and mixins (`UserManager`, `BaseUserManager`, `ProductQuerySet`,
  `PermissionsMixin`), abstract classes (`AbstractUser`), and names from the helper modules
  of a `models` package (`shop.models.fields`, `shop.models.enums`, ...).
- A name the file binds itself, or a builtin, when it also star-imports a `models` module;
  and any name when it has more than one star import (where it comes from is not known).
- Callables the plugin cannot resolve (imported functions, `functools.partial`, call results).

## Options
None.

## References
- [Django: Data migrations](https://docs.djangoproject.com/en/stable/topics/migrations/#data-migrations)
- [Django: Historical models](https://docs.djangoproject.com/en/stable/topics/migrations/#historical-models)
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    MANAGERS,
    Body,
    Context,
    Migration,
    Rule,
    Violation,
    loaded_model_names,
    report,
    star_models_module,
)

CODE = "DJM400"
NAME = "runpython-model-import"
MESSAGE = "`{function}` uses today's `{model}`: use `apps.get_model()`"

# Attributes that read the class, not its table: labels, and `TextChoices` enumerations
# that live in `models` modules too.
_NOT_THE_TABLE = frozenset({"_meta", "choices", "labels", "values", "names"})
# Class-like attributes that still tie the code to today's class: a historical model's
# query raises its own exceptions, which `except Product.DoesNotExist` does not catch.
_TODAYS_EXCEPTIONS = frozenset({"DoesNotExist", "MultipleObjectsReturned"})


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    return _violations(migration, ctx)


def _violations(migration: Migration, ctx: Context) -> Iterator[Violation]:
    for _, body in ctx.runpython.all_bodies():
        for node, path in _first_uses(body):
            model = path.rpartition(".")[2] if path != "get_user_model()" else path
            message = MESSAGE.format(function=body.name, model=model)
            yield report(node, CODE, message)


def _first_uses(body: Body) -> list[tuple[ast.expr, str]]:
    """The first use of each imported model in the body, in source order."""
    first: dict[str, ast.expr] = {}
    imported = (
        body.migration.imports.keys()
        | body.local_imports.keys()
        | loaded_model_names(body.migration)
    )
    star = star_models_module(body.migration) is not None
    if not imported and not star:
        return []
    for visit in body.visits:
        node = visit.node
        if not isinstance(node, ast.expr) or isinstance(getattr(node, "ctx", None), ast.Store):
            continue
        if not star and _head(node) not in imported:
            continue  # only names imported into the module or the function can be models
        path = body.imported_model(node)
        if path is None or not _uses_the_model(body, node):
            continue
        if not _from_models_module(path) and not _queries(body, node):
            continue  # a package's modules may hold other classes: only a query tells
        if path not in first or _position(node) < _position(first[path]):
            first[path] = node
    return sorted(((n, p) for p, n in first.items()), key=lambda use: _position(use[0]))


def _head(node: ast.expr) -> str | None:
    """The name a chain starts from: `models` of `models.Product.objects`, or of a call."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.value if isinstance(node, ast.Attribute) else node.func
    return node.id if isinstance(node, ast.Name) else None


def _uses_the_model(body: Body, node: ast.expr) -> bool:
    """False for what does not touch the table: `Model.STATUS_DONE` (a constant),
    `Status.choices` (an enumeration from the models module), `Model._meta` (its labels),
    and `User = get_user_model()` used only for `User._meta`."""
    parent = body.parents.get(id(node))
    if isinstance(parent, ast.Attribute):
        return not (parent.attr in _NOT_THE_TABLE or _class_level(parent.attr))
    if isinstance(parent, ast.Assign) and isinstance(node, ast.Call):
        names = [t.id for t in parent.targets if isinstance(t, ast.Name)]
        return not names or any(_used_beyond_meta(body, name) for name in names)
    return True


def _from_models_module(path: str) -> bool:
    """Imported from a module named `models`, not from another module of the package."""
    return path.rpartition(".")[0].rpartition(".")[2] == "models" or path == "get_user_model()"


def _queries(body: Body, node: ast.expr) -> bool:
    """`Product.objects` (or `_default_manager`, `_base_manager`): the table is used."""
    parent = body.parents.get(id(node))
    return isinstance(parent, ast.Attribute) and parent.attr in MANAGERS


def _class_level(attribute: str) -> bool:
    """A constant (`STATUS_OPEN`) or a nested class (`Alert.Kind`, an enumeration)."""
    if attribute.isupper():
        return True
    return attribute[:1].isupper() and attribute not in _TODAYS_EXCEPTIONS


def _used_beyond_meta(body: Body, name: str) -> bool:
    for visit in body.visits:
        node = visit.node
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            parent = body.parents.get(id(node))
            if not (isinstance(parent, ast.Attribute) and parent.attr == "_meta"):
                return True
    return False


def _position(node: ast.expr) -> tuple[int, int]:
    return node.lineno, node.col_offset


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
