"""Properties of `fix --unsafe` on generated migrations (the generator of
`test_properties.py`): its output parses, it adds no finding, and a second run changes
nothing."""

from __future__ import annotations

import ast
import textwrap
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_django_migrations import fix
from flake8_django_migrations.rules import RULES
from tests.integration.test_properties import (
    DEFAULT_SETTINGS,
    FORMATS,
    Format,
    Generated,
    diagnostics,
    make_app,
    migration_modules,
    render,
    run,
)

EVERY_FIX = fix.select_rules(None, unsafe=True, configured=[rule.code for rule in RULES])


@settings(max_examples=150)
@given(migration_modules(), FORMATS)
def test_fix_unsafe_parses_adds_no_finding_and_is_idempotent(
    tmp_path_factory: pytest.TempPathFactory, generated: Generated, fmt: Format
) -> None:
    text = render(generated.module, fmt)
    path = make_app(tmp_path_factory.mktemp("fix"), text)
    fixed = fix.fix_text(path, text, DEFAULT_SETTINGS, EVERY_FIX)
    ast.parse(fixed.new)
    added = diagnostics(run(fixed.new, str(path))) - diagnostics(run(text, str(path)))
    again = fix.fix_text(path, fixed.new, DEFAULT_SETTINGS, EVERY_FIX)
    assert (added, again.changed, again.fixed) == (Counter(), False, Counter())


# ---------------------------------------------------------------------------------------------
# Migrations made of the constructs the fixers rewrite, in the layouts they must keep

BULK_CALLS = (
    "Product.objects.bulk_create(rows)",
    "Product.objects.bulk_create(rows,)",
    'Product.objects.bulk_update(rows, ["sku"])  # é',
    'Product.objects.bulk_update(\n        rows,\n        ["sku"],  # the field\n    )',
    'Product.objects.bulk_update(\n        rows,\n        fields=["sku"]\n    )',
    "Product.objects.bulk_create(rows, ignore_conflicts=True)",
)
REVERSES = (
    "backwards",
    "lambda apps, schema_editor: None",
    "reverse_code=lambda *args: True",
    "reverse_code=(lambda apps, schema_editor: ...)",
    "lambda apps, schema_editor: print('é')",
)
OPERATIONS = (
    'AddIndexConcurrently("order", models.Index(fields=["id"], name="shop_order_id_idx"))',
    'migrations.RunSQL("CREATE INDEX CONCURRENTLY shop_sku_idx ON shop_product (sku)")',
    'migrations.RunSQL("SELECT 1")',
    'migrations.AddField("order", "note", models.TextField(default=""))',
)
HEADS = (
    "",
    '"""Données."""\n',
    "atomic = True\n",
    "# why\n",
    '"""Doc."""\n\natomic = True  # é\n',
)


@st.composite
def fixable_sources(draw: st.DrawFn) -> str:
    calls = draw(st.lists(st.sampled_from(BULK_CALLS), max_size=3))
    body = "".join(f"    {call}\n" for call in calls)
    reverses = draw(st.lists(st.sampled_from(REVERSES), max_size=2))
    others = draw(st.lists(st.sampled_from(OPERATIONS), max_size=3))
    ops = [*(f"migrations.RunPython(fill, {r})" for r in reverses), *others]
    head = textwrap.indent(draw(st.sampled_from(HEADS)), "    ")
    text = SOURCE.format(body=body, head=head, ops="".join(f"        {op},\n" for op in ops))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


SOURCE = """\
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


def backwards(apps, schema_editor):
    pass


def fill(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    rows = list(Product.objects.all())
{body}

class Migration(migrations.Migration):
{head}    dependencies = [("shop", "0001_initial")]

    operations = [
{ops}    ]
"""
FIXED_CODES = ("DJM201", "DJM301", "DJM404")


@settings(max_examples=150)
@given(fixable_sources())
def test_the_fixers_fix_what_they_can_and_keep_the_rest(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = make_app(tmp_path_factory.mktemp("fix"), text)
    fixed = fix.fix_text(path, text, DEFAULT_SETTINGS, EVERY_FIX)
    ast.parse(fixed.new)
    before, after = diagnostics(run(text, str(path))), diagnostics(run(fixed.new, str(path)))
    # A reverse lambda that prints is a near-miss: its DJM406 stays.
    fixable_reverse = "print(" not in text
    left = [
        k
        for k in after
        if k[0] in FIXED_CODES or (fixable_reverse and "`reverse_code` is a" in k[1])
    ]
    again = fix.fix_text(path, fixed.new, DEFAULT_SETTINGS, EVERY_FIX)
    bare_newlines = fixed.new.count("\n") - fixed.new.count("\r\n") if "\r" in text else 0
    assert (after - before, left, again.changed, fixed.notes, bare_newlines) == (
        Counter(),
        [],
        False,
        [],
        0,
    )
    # Each fixed finding is lost; others may go with it (`atomic = False` also ends DJM207's
    # schema-and-data transaction).
    lost = Counter(code for code, _ in (before - after).elements())
    assert fixed.fixed - lost == Counter()
