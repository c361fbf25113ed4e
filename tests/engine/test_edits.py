"""The shared shapes of edit of `edits.py`, on small files: the cases the rule fixtures do
not reach (no fix where the text cannot be edited exactly)."""

from __future__ import annotations

import ast

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.edits import (
    Edit,
    add_keyword,
    import_names,
    insert_first,
    set_atomic_false,
)
from flake8_django_migrations.migration import Migration, parse_migration

HEAD = "from django.db import migrations\n\n\n"


def read(text: str) -> Migration:
    migration = parse_migration(ast.parse(text), text.splitlines(keepends=True))
    assert migration is not None
    return migration


def first_call(migration: Migration) -> ast.Call:
    return migration.operations[0].call


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("migrations.RunSQL('x')", "migrations.RunSQL('x', k=1)"),
        ("migrations.RunSQL('x',)", "migrations.RunSQL('x', k=1,)"),
        ("migrations.RunSQL(\n    'x'\n)", "migrations.RunSQL(\n    'x',\n    k=1,\n)"),
        ("migrations.RunSQL(\n    'x',  # c\n)", "migrations.RunSQL(\n    'x',  # c\n    k=1,\n)"),
        ("migrations.RunSQL(\n    'x'  # c\n)", "migrations.RunSQL(\n    'x',  # c\n    k=1,\n)"),
        ("migrations.RunSQL('x', \\\n    'y')", "migrations.RunSQL('x', \\\n    'y', k=1)"),
        ("migrations.RunSQL(('x'))", None),
        ("migrations.RunSQL(('x'),)", None),
        ("migrations.RunSQL()", None),
    ],
)
def test_add_keyword(call: str, expected: str | None) -> None:
    text = f"{HEAD}class Migration(migrations.Migration):\n    operations = [{call}]\n"
    migration = read(text)
    edits = add_keyword(migration, first_call(migration), "k=1")
    found = (
        None
        if edits is None
        else fix.apply_spans(text, fix.to_spans(fix.split_lines(text), edits))
    )
    want = None if expected is None else text.replace(call, expected)
    assert found == want


def test_add_keyword_skips_a_generator_argument() -> None:
    call = "migrations.RunSQL(x for x in 'ab')"
    text = f"{HEAD}class Migration(migrations.Migration):\n    operations = [{call}]\n"
    migration = read(text)
    assert add_keyword(migration, first_call(migration), "k=1") is None


@pytest.mark.parametrize(
    ("imports", "expected"),
    [
        # Before the first `from` import that sorts after it, after `__future__`.
        ("from __future__ import annotations\nfrom django.db import migrations\n", 2),
        # After the last import when none sorts after it.
        ("from django.apps import apps\nimport django.db.migrations as migrations\n", 3),
    ],
)
def test_import_line_placed_like_isort(imports: str, expected: int) -> None:
    text = f"{imports}\n\nclass Migration(migrations.Migration):\n    operations = []\n"
    found = import_names(read(text), "django.conf", ["settings"])
    edit = Edit(expected, 0, expected, 0, "from django.conf import settings\n")
    assert found == ({"settings": "settings"}, (edit,))


@pytest.mark.parametrize(
    "imports",
    [
        "from .conf import settings\nfrom django.db import migrations\n",  # name bound
        "from django.conf import *\nfrom django.db import migrations\n",  # a star import
    ],
)
def test_import_refused(imports: str) -> None:
    text = f"{imports}\n\nclass Migration(migrations.Migration):\n    operations = []\n"
    assert import_names(read(text), "django.conf", ["settings"]) is None


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("    atomic = False\n    operations = []\n", ()),
        ('    """Doc."""\n', None),  # nothing but a docstring to put the line before
        ("    operations = []; atomic = 1\n", None),  # not a literal boolean
    ],
)
def test_set_atomic_false_edge_cases(body: str, expected: tuple[Edit, ...] | None) -> None:
    text = f"{HEAD}class Migration(migrations.Migration):\n{body}"
    assert set_atomic_false(read(text)) == expected


def test_insert_first_in_an_empty_list_over_two_lines_is_refused() -> None:
    text = f"{HEAD}class Migration(migrations.Migration):\n    dependencies = [\n    ]\n"
    elements = read(text).class_node.body[0]
    assert isinstance(elements, ast.Assign)
    assert isinstance(elements.value, ast.List)
    assert insert_first(read(text), elements.value, "x") is None
