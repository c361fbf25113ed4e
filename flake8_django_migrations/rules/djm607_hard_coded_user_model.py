"""A relation field points to `"auth.User"` instead of the project's user model setting.

## What it does
Flags each `ForeignKey`, `OneToOneField` or `ManyToManyField` whose target (`to=` or the first
positional argument) is the string `"auth.User"` (in any case), in the `fields` of a
`CreateModel` and in `AddField` / `AlterField`, wherever they are in `operations`.

## Why is this bad?
Django lets a project replace its user model (`AUTH_USER_MODEL`). A migration that names
`auth.User` ties the app to the default model. In a project with a custom user model,
`auth.User` is swapped out and Django never creates its `auth_user` table, so the migration
adds a foreign key to a table that does not exist and fails (or, in a project that switched
later, links rows to users nobody logs in as); the state Django replays no longer matches the
models either, so `makemigrations` keeps writing new migrations. For a reusable app this
breaks every project that customises its user model; for a project, it makes the switch to a
custom user model much harder later. `makemigrations` writes `settings.AUTH_USER_MODEL` with
a `swappable_dependency`; the literal usually comes from a hand-written or hand-edited
migration.

## Example
```python
# shop/migrations/0002_order.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("shop", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("customer", models.ForeignKey("auth.User", on_delete=models.CASCADE)),
            ],
        ),
    ]
```

## Use instead
Point to the setting, and depend on the user model's app through it:
```python
# shop/migrations/0002_order.py
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("shop", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                (
                    "customer",
                    models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE),
                ),
            ],
        ),
    ]
```
Changing an applied migration is safe here when the project uses the default user model:
the setting then resolves to `auth.User` and the database does not change.

`python -m flake8_django_migrations fix --unsafe` writes `settings.AUTH_USER_MODEL` in place
of the literal, adds `from django.conf import settings` if the file lacks it, and puts
`migrations.swappable_dependency(settings.AUTH_USER_MODEL)` first in `dependencies`; the
`("auth", ...)` dependency stays. Unsafe: in a project that swapped its user model, the field
then points to another table. A `dependencies` that is not one list literal is not fixed.

## What it does not flag
- Migrations of the `auth` app itself.
- Dependencies on `auth` alone, and relations to other `auth` models (`auth.Group`).
- Targets that are not string literals (`settings.AUTH_USER_MODEL`, a model class, a name).
- Custom or third-party relation fields.

## Options
- `djm-app-labels`: the app label, when it is not the folder name.

## References
- [Django: Referencing the User model](https://docs.djangoproject.com/en/stable/topics/auth/customizing/#referencing-the-user-model)
- [Django: swappable_dependency](https://docs.djangoproject.com/en/stable/topics/migrations/#accessing-models-from-other-apps)
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from flake8_django_migrations.rules.api import (
    RELATION_FIELDS,
    Context,
    Edit,
    Fix,
    Migration,
    Operation,
    Rule,
    Violation,
    field_call,
    import_names,
    insert_first,
    inside,
    migrations_name,
    replace,
    report,
    source,
    string_value,
)

CODE = "DJM607"
NAME = "hard-coded-user-model"
MESSAGE = "`{field}` points to `auth.User`: use `settings.AUTH_USER_MODEL`"

_RELATIONS = RELATION_FIELDS | {"ManyToManyField"}
# Most files never write the label: they skip reading their fields.
_MENTION = re.compile(r"auth\.user\b", re.IGNORECASE)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    if ctx.app_label == "auth" or not any(_MENTION.search(line) for line in migration.lines):
        return
    for op in migration.operations:
        for name, node in _fields(op):
            field = field_call(node, migration)
            if field is None or field.kind not in _RELATIONS:
                continue
            target = string_value(field.arg("to"))
            if target is not None and target.lower() == "auth.user":
                yield report(node, CODE, MESSAGE.format(field=name))


def fix(migration: Migration, ctx: Context, violation: Violation) -> Fix | None:
    """`settings.AUTH_USER_MODEL` for the literal, with the import and the swappable
    dependency (unsafe: a project that swapped its user model gets a different table)."""
    target = _flagged_target(migration, violation)
    imported = import_names(migration, "django.conf", ["settings"])
    if target is None or imported is None:
        return None
    written, import_edits = imported
    setting = f"{written['settings']}.AUTH_USER_MODEL"
    dependency = _swappable_dependency(migration, setting)
    if dependency is None:
        return None
    return Fix((replace(target, setting), *import_edits, *dependency), safe=False)


def _flagged_target(migration: Migration, violation: Violation) -> ast.expr | None:
    """The `"auth.User"` of the field a finding is reported at, written in the class."""
    for op in migration.operations:
        for _, node in _fields(op):
            if (node.lineno, node.col_offset) != (violation.line, violation.col):
                continue
            field = field_call(node, migration)
            target = field.arg("to") if field is not None else None
            if target is not None and inside(target, migration.class_node):
                return target
    return None


def _swappable_dependency(migration: Migration, setting: str) -> tuple[Edit, ...] | None:
    """The edit that puts `swappable_dependency(<setting>)` first in `dependencies`; () when
    the list has it."""
    if any(
        d.swappable and setting in (source(migration, d.node) or "")
        for d in migration.dependencies
    ):
        return ()
    elements = _dependencies_list(migration)
    name = migrations_name(migration)
    if elements is None or name is None or "dependencies" in migration.hidden_lists:
        return None
    edit = insert_first(migration, elements, f"{name}.swappable_dependency({setting})")
    return (edit,) if edit is not None else None


def _dependencies_list(migration: Migration) -> ast.List | None:
    """The list literal of the class's one `dependencies = [...]`."""
    found = [
        statement.value
        for statement in migration.class_node.body
        if isinstance(statement, ast.Assign | ast.AnnAssign | ast.AugAssign)
        and "dependencies" in {getattr(t, "id", None) for t in _targets(statement)}
    ]
    return found[0] if len(found) == 1 and isinstance(found[0], ast.List) else None


def _targets(statement: ast.Assign | ast.AnnAssign | ast.AugAssign) -> list[ast.expr]:
    return statement.targets if isinstance(statement, ast.Assign) else [statement.target]


def _fields(op: Operation) -> Iterator[tuple[str, ast.expr]]:
    """`model.field` and the field construction of each field an operation defines."""
    if op.name in ("AddField", "AlterField"):
        node = op.arg("field")
        if node is not None:
            yield op.target, node
    elif op.name == "CreateModel":
        fields = op.arg("fields")
        elements = fields.elts if isinstance(fields, ast.List | ast.Tuple) else []
        for element in elements:
            if isinstance(element, ast.Tuple | ast.List) and len(element.elts) == 2:
                field_name = string_value(element.elts[0]) or "?"
                yield f"{op.model_name or '?'}.{field_name}", element.elts[1]


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
    fix=fix,
    fix_kind="unsafe",
)
