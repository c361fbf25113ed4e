"""The static replay of Django's model state, operation by operation."""

from __future__ import annotations

import ast
import dataclasses
import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_django_migrations import astutil, state
from flake8_django_migrations.fields import DeferredField
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.state import (
    AppState,
    FileStates,
    ModelState,
    StateOp,
    file_state_ops,
    read_together,
    replay,
    timeline,
)
from tests.integration import test_properties

HEADER = """
from django.conf import settings
from django.db import migrations, models
from django.contrib.postgres.operations import AddConstraintNotValid, ValidateConstraint
from shop.operations import AddTrigger, RebuildEverything


class Migration(migrations.Migration):
    operations = [
{ops}
    ]
"""
ORDER = """
        migrations.CreateModel(
            "Order",
            [
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("number", models.IntegerField()),
                ("day", models.DateField(null=True)),
                ("extra", CustomField()),
            ],
            options={
                "db_table": "sales_order",
                "unique_together": {("number", "day")},
                "index_together": ("number", "day"),
                "indexes": [models.Index(fields=["day"], name="order_day_idx")],
                "constraints": [models.CheckConstraint(check=models.Q(number__gte=0), name="pos")],
            },
        ),
"""


def migration(ops: str) -> Migration:
    source = HEADER.format(ops=ops)
    found = parse_migration(ast.parse(source), source.splitlines(True))
    assert found is not None
    return found


def state_after(ops: str) -> AppState:
    return replay(AppState("shop"), file_state_ops(migration(ORDER + ops)))


def test_create_model_reads_fields_and_options() -> None:
    order = state_after("").model("order")
    assert order is not None
    assert sorted(order.fields) == ["day", "extra", "id", "number"]
    assert order.field("extra") is None
    assert order.field("number") is not None
    assert order.table("shop") == "sales_order"
    assert order.unique_together == frozenset({("number", "day")})
    assert order.index_together == frozenset({("number", "day")})
    assert order.indexes == frozenset({"order_day_idx"})
    assert order.constraints == frozenset({"pos"})
    assert order.managed is True


@pytest.mark.parametrize(
    ("ops", "model", "fields"),
    [
        ('migrations.RemoveField("order", "day"),', "order", ["extra", "id", "number"]),
        (
            'migrations.AddField("order", "note", models.TextField(null=True)),',
            "order",
            ["day", "extra", "id", "note", "number"],
        ),
        (
            'migrations.RenameField("order", "number", "code"),',
            "order",
            ["code", "day", "extra", "id"],
        ),
        (
            'migrations.RenameField("order", "absent", "code"),',
            "order",
            ["day", "extra", "id", "number"],
        ),
        (
            'migrations.RenameModel("Order", "Purchase"),',
            "purchase",
            ["day", "extra", "id", "number"],
        ),
    ],
)
def test_field_and_model_changes(ops: str, model: str, fields: list[str]) -> None:
    found = state_after(ops).model(model)
    assert found is not None
    assert sorted(found.fields) == fields


def test_rename_field_follows_into_together_options() -> None:
    order = state_after('migrations.RenameField("order", "day", "date"),').model("order")
    assert order is not None
    assert order.unique_together == frozenset({("number", "date")})
    assert order.index_together == frozenset({("number", "date")})


@pytest.mark.parametrize(
    ("operation", "default"),
    [
        # Written by Django's autodetector for a NOT NULL field whose default only fills the
        # existing rows (found by tests/integration/test_oracle.py); the state keeps no default.
        (
            "migrations.AddField(model_name='order', name='code', field=models.BooleanField("
            "db_column='col_code', default=None), preserve_default=False,),",
            None,
        ),
        (
            "migrations.AlterField(model_name='order', name='code', field=models.IntegerField("
            "default=0), preserve_default=False,),",
            None,
        ),
        (
            "migrations.AddField('order', 'code', models.IntegerField(default=0), False),",
            None,
        ),
        (
            "migrations.AddField('order', 'code', models.IntegerField(default=0), True),",
            "0",
        ),
        ("migrations.AddField('order', 'code', models.IntegerField(default=0)),", "0"),
    ],
)
def test_preserve_default_false_leaves_the_state_without_the_default(
    operation: str, default: str | None
) -> None:
    code = state_after(operation).field("order", "code")
    assert code is not None
    found = code.kwargs.get("default")
    assert (ast.unparse(found) if found is not None else None) == default
    # What the disk cache stores and reads back has no default either.
    assert ("default=" in ast.unparse(code.call)) == (default is not None)


def test_preserve_default_not_a_literal_leaves_the_field_unknown() -> None:
    ops = "migrations.AddField('order', 'code', models.IntegerField(default=0), FLAG),"
    state = state_after(ops)
    assert state.model("order") is not None
    assert state.field("order", "code") is None


def test_delete_and_rename_of_a_missing_model() -> None:
    state = state_after('migrations.DeleteModel("Order"), migrations.RenameModel("Order", "X"),')
    assert state.lacks_model("order")
    assert state.lacks_model("x")
    assert state.knows("x")


def test_rename_of_an_unknown_model_makes_the_new_name_unknown() -> None:
    state = state_after('AddTrigger("invoice"), migrations.RenameModel("Invoice", "Bill"),')
    assert not state.knows("bill")
    assert not state.knows("invoice")


@pytest.mark.parametrize(
    ("ops", "attribute", "value"),
    [
        ('migrations.AlterModelTable("order", "orders"),', "db_table", "orders"),
        ('migrations.AlterModelTable("order", None),', "db_table", None),
        ('migrations.AlterModelTable("order", TABLE),', "db_table", "<unreadable>"),
        ('migrations.AlterUniqueTogether("order", set()),', "unique_together", frozenset()),
        ('migrations.AlterModelOptions("order", {"managed": False}),', "managed", False),
        ('migrations.AlterModelOptions("order", {"proxy": True}),', "managed", False),
        ('migrations.AlterModelOptions("order", {"ordering": ["id"]}),', "managed", True),
        ('migrations.AlterModelOptions("order", {"managed": FLAG}),', "managed", None),
        ('migrations.AlterModelOptions("order", OPTIONS),', "managed", None),
        (
            'migrations.AddIndex("order", models.Index(fields=["number"], name="n_idx")),',
            "indexes",
            frozenset({"order_day_idx", "n_idx"}),
        ),
        ('migrations.RemoveIndex("order", "order_day_idx"),', "indexes", frozenset()),
        (
            'migrations.RenameIndex("order", new_name="d_idx", old_name="order_day_idx"),',
            "indexes",
            frozenset({"d_idx"}),
        ),
        ('migrations.RemoveConstraint("order", "pos"),', "constraints", frozenset()),
        # As Django's state does: the renamed index leaves `index_together`.
        (
            'migrations.RenameIndex("order", "nd_idx", old_fields=("number", "day")),',
            "index_together",
            frozenset(),
        ),
        (
            'migrations.RenameIndex("order", "nd_idx", old_fields=["number", "day"]),',
            "indexes",
            frozenset({"order_day_idx", "nd_idx"}),
        ),
        ('migrations.RenameIndex("order", "nd_idx", old_fields=FIELDS),', "index_together", None),
        (
            'migrations.RenameIndex("order", "nd_idx", old_fields=("day",)),',
            "index_together",
            frozenset({("number", "day")}),
        ),
    ],
)
def test_model_option_changes(ops: str, attribute: str, value: object) -> None:
    order = state_after(ops).model("order")
    assert order is not None
    assert getattr(order, attribute) == value


# Django REST framework's authtoken 0003 and 0004 (found by
# tests/integration/test_oracle.py): options altered on a proxy model leave it a proxy, so
# still without SQL.
TOKEN_PROXY = """
        migrations.CreateModel(
            name='TokenProxy',
            fields=[],
            options={
                'verbose_name': 'token',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('authtoken.token',),
        ),
"""


@pytest.mark.parametrize(
    ("ops", "managed"),
    [
        (
            "migrations.AlterModelOptions(name='tokenproxy', options={'verbose_name': 'Token', "
            "'verbose_name_plural': 'Tokens'}),",
            False,
        ),
        ("migrations.AlterModelOptions('tokenproxy', {'proxy': False}),", True),
        ("migrations.AlterModelOptions('tokenproxy', {'proxy': FLAG}),", None),
        ("migrations.AlterModelOptions('tokenproxy', OPTIONS),", None),
    ],
)
def test_a_proxy_stays_a_proxy_when_other_options_change(ops: str, managed: bool | None) -> None:
    proxy = replay(AppState("authtoken"), file_state_ops(migration(TOKEN_PROXY + ops)))
    found = proxy.model("tokenproxy")
    assert found is not None
    assert found.managed is managed


def test_unreadable_table_name_gives_no_table() -> None:
    order = state_after('migrations.AlterModelTable("order", TABLE),').model("order")
    assert order is not None
    assert order.table("shop") is None


def test_not_null_checks_are_tracked_until_validated_or_removed() -> None:
    add = (
        'AddConstraintNotValid("order", models.CheckConstraint('
        'condition=models.Q(day__isnull=False), name="day_nn")),'
    )
    pending = state_after(add).model("order")
    validated = state_after(add + 'ValidateConstraint("order", "day_nn"),').model("order")
    removed = state_after(
        add
        + 'ValidateConstraint("order", "day_nn"), migrations.RemoveConstraint("order", "day_nn"),'
    ).model("order")
    assert pending is not None
    assert validated is not None
    assert removed is not None
    assert (pending.checked_not_null("day"), validated.checked_not_null("day")) == (False, True)
    assert removed.checked_not_null("day") is False


@pytest.mark.parametrize(
    "constraint",
    [
        "models.CheckConstraint(check=models.Q(day__isnull=True), name='c')",
        "models.CheckConstraint(check=models.Q(day__gte=1), name='c')",
        "models.CheckConstraint(check=models.Q(day__isnull=False, number=1), name='c')",
        "models.CheckConstraint(check=models.Q(('day__isnull', False)), name='c')",
        "models.CheckConstraint(check=CONDITION, name='c')",
        "CONSTRAINT",
    ],
)
def test_other_checks_do_not_count_as_not_null(constraint: str) -> None:
    order = state_after(f'migrations.AddConstraint("order", {constraint}),').model("order")
    assert order is not None
    assert order.checked_not_null("day") is False


def test_unknown_operation_forgets_the_models_it_names() -> None:
    state = state_after('AddTrigger(model_name="order", name="audit"),')
    assert not state.knows("order")
    assert state.knows("invoice")


def test_unknown_operation_naming_nothing_forgets_everything() -> None:
    state = state_after("RebuildEverything(),")
    assert state.all_unknown
    assert state.model("order") is None


@pytest.mark.parametrize(
    "ops",
    [
        'migrations.AddField(MODEL, "x", models.IntegerField()),',
        'migrations.CreateModel("Invoice", FIELDS),',
        'migrations.CreateModel("Invoice", [("id", FIELD)], options=OPTIONS),',
        'migrations.CreateModel("Invoice", [FIELD]),',
        'migrations.CreateModel("Invoice", [(NAME, FIELD)]),',
        'migrations.CreateModel("Invoice", [], options={KEY: 1}),',
        'migrations.RemoveField("invoice", NAME),',
        'migrations.AlterIndexTogether("invoice", GROUPS),',
    ],
)
def test_unreadable_operation_makes_its_model_or_the_app_unknown(ops: str) -> None:
    state = state_after('migrations.CreateModel("Invoice", []),' + ops)
    assert state.model("invoice") is None


def test_operations_on_unknown_models_keep_them_unknown() -> None:
    state = state_after('AddTrigger("invoice"), migrations.AddField("invoice", "x", F()),')
    assert not state.knows("invoice")
    assert state_after("RebuildEverything(), migrations.DeleteModel('Order'),").all_unknown


def test_file_states_give_the_state_before_each_operation() -> None:
    found = migration(
        ORDER
        + """
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunSQL("ALTER TABLE x DROP COLUMN day")],
            state_operations=[migrations.RemoveField("order", "day")],
        ),
        migrations.AddField("order", "day", models.DateField(null=True)),
"""
    )
    states = FileStates(AppState("shop"), found)
    seen = []
    for op in found.operations:
        order = states.before(op).model("order")
        seen.append((op.name, None if order is None else "day" in order.fields))
    assert seen == [
        ("CreateModel", None),
        ("SeparateDatabaseAndState", True),
        ("RunSQL", True),
        ("RemoveField", True),
        ("AddField", False),
    ]


def test_file_states_after_a_hidden_element_are_unknown() -> None:
    found = migration(ORDER + "*more, migrations.DeleteModel('Order'),")
    states = FileStates(AppState("shop"), found)
    # What comes before the starred element is still known; what follows it is not.
    assert [states.before(op).all_unknown for op in found.operations] == [False, True]


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("None", frozenset()),
        ("('a', 'b')", frozenset({("a", "b")})),
        ("[['a', 'b'], ('c',)]", frozenset({("a", "b"), ("c",)})),
        ("{'a'}", frozenset({("a",)})),
        ("[('a', 1)]", None),
        ("'ab'", None),
        ("NAMES", None),
        # What Django <= 1.8 wrote, and other container calls of literals.
        ("set([('a', 'b')])", frozenset({("a", "b")})),
        ("frozenset({('a', 'b'), ('c', 'd')})", frozenset({("a", "b"), ("c", "d")})),
        ("[tuple(['a', 'b'])]", frozenset({("a", "b")})),
        ("set()", frozenset()),
        ("set([NAMES])", None),
        ("sorted([('a', 'b')])", None),
        ("set([('a', 'b')], key)", None),
    ],
)
def test_read_together(source: str, value: object) -> None:
    node = ast.parse(source, mode="eval").body
    assert read_together(None if source == "None" else node) == value


# The state before each operation, kept by `FileStates` in persistent structures, must be the
# state a replay from scratch gives: the optimisation may not change what rules see.

FIELD_NAMES = st.integers(0, 39).map(lambda n: f"f{n}")
NAMES = st.integers(0, 5).map(str)
MODEL_NAMES = st.sampled_from(["order", "Order", "item", "invoice"])
FIELDS = st.sampled_from(
    ["models.IntegerField(null=True)", "models.TextField(db_column='x')", "CustomField()"]
)
CHECK = "models.CheckConstraint(condition=models.Q({}__isnull=False), name='c{}')"
FORMS = (
    ("migrations.AddField(model_name={!r}, name={!r}, field={})", (FIELD_NAMES, FIELDS)),
    ("migrations.AlterField(model_name={!r}, name={!r}, field={})", (FIELD_NAMES, FIELDS)),
    ("migrations.RemoveField(model_name={!r}, name={!r})", (FIELD_NAMES,)),
    ("migrations.RenameField({!r}, old_name={!r}, new_name={!r})", (FIELD_NAMES, FIELD_NAMES)),
    ("migrations.AddIndex({!r}, models.Index(fields=['f0'], name='i{}'))", (NAMES,)),
    ("migrations.RemoveIndex(model_name={!r}, name='i{}')", (NAMES,)),
    ("migrations.RenameIndex({!r}, new_name='i{}', old_name='i{}')", (NAMES, NAMES)),
    ("migrations.AddConstraint({!r}, " + CHECK + ")", (FIELD_NAMES, NAMES)),
    ("AddConstraintNotValid({!r}, " + CHECK + ")", (FIELD_NAMES, NAMES)),
    ("ValidateConstraint(model_name={!r}, name='c{}')", (NAMES,)),
    ("migrations.RemoveConstraint(model_name={!r}, name='c{}')", (NAMES,)),
    ("migrations.CreateModel({!r}, [('id', models.BigAutoField(primary_key=True))])", ()),
    ("migrations.DeleteModel({!r})", ()),
    ("migrations.RenameModel({!r}, {!r})", (MODEL_NAMES,)),
    ("migrations.AlterModelTable({!r}, 't{}')", (NAMES,)),
    ("migrations.AlterUniqueTogether({!r}, {{({!r}, {!r})}})", (FIELD_NAMES, FIELD_NAMES)),
    ("migrations.AlterModelOptions({!r}, {{'managed': {}}})", (st.booleans(),)),
    ("AddTrigger({!r})", ()),
)
# `big` starts with more fields than a leaf of the persistent mappings holds, is never deleted,
# and most of the time gains a new field `NEW` (named after the operation's position).
BIG_START = ", ".join(f"('n{n}', models.IntegerField())" for n in range(0, 80, 2))
BIG = f"migrations.CreateModel('Big', [{BIG_START}])"
BIG_FIELD_NAMES = st.one_of(FIELD_NAMES, st.integers(0, 120).map(lambda n: f"n{n}"))
BIG_FORMS = (
    (FORMS[0][0], (st.just("NEW"), FIELDS)),
    (FORMS[1][0], (BIG_FIELD_NAMES, FIELDS)),
    (FORMS[2][0], (BIG_FIELD_NAMES,)),
    (FORMS[3][0], (BIG_FIELD_NAMES, BIG_FIELD_NAMES)),
)


def filled(
    text: str, model: st.SearchStrategy[str], parts: tuple[st.SearchStrategy[object], ...]
) -> st.SearchStrategy[str]:
    return st.tuples(model, *parts).map(lambda values: text.format(*values))


def state_changes() -> st.SearchStrategy[str]:
    """Operations the replay reads: half on a few models, half on the fields of `big`."""
    others = st.one_of(*[filled(text, MODEL_NAMES, parts) for text, parts in FORMS])
    big = [filled(text, st.just("big"), parts) for text, parts in BIG_FORMS]
    return st.one_of(st.sampled_from([0, 0, 0, 0, 1, 2, 3]).flatmap(big.__getitem__), others)


def snapshot(state: AppState) -> object:
    """Everything a rule can read from the state, in plain values (fields in order)."""
    models = [(name, model_snapshot(model)) for name, model in state.models.items()]
    return (state.label, models, sorted(state.unknown), state.all_unknown)


def model_snapshot(model: ModelState) -> object:
    return (
        model.name,
        list(model.fields.items()),
        (model.db_table, model.unique_together, model.index_together, model.managed),
        (sorted(model.indexes), sorted(model.constraints), sorted(model.not_null_checks.items())),
    )


def assert_states_match_a_replay_from_scratch(found: Migration, start: AppState) -> None:
    states, events = FileStates(start, found), timeline(found)
    for op in found.operations:
        scratch = replay(start, [change for key, change in events if key < (op.index, 1)])
        assert snapshot(states.before(op)) == snapshot(scratch)


@settings(max_examples=60)
# Hypothesis draws short lists unless told a length: models must grow past a leaf's size.
@given(st.integers(0, 120).flatmap(lambda n: st.lists(state_changes(), min_size=n, max_size=n)))
def test_file_states_match_a_replay_from_scratch(ops: list[str]) -> None:
    start = state_after(f'migrations.CreateModel("Invoice", []), {BIG},')
    source = "".join(f"{op.replace('NEW', f'n{i}')},\n" for i, op in enumerate(ops))
    assert_states_match_a_replay_from_scratch(migration(ORDER + source), start)


@settings(max_examples=150)
@given(test_properties.migration_modules())
def test_file_states_of_generated_migrations_match_a_replay_from_scratch(
    generated: test_properties.Generated,
) -> None:
    source = test_properties.render(generated.module)
    found = parse_migration(ast.parse(source), source.splitlines(True))
    if found is not None:
        assert_states_match_a_replay_from_scratch(found, state_after(""))


def test_custom_operation_naming_only_a_model_keeps_its_fields_but_opens_them() -> None:
    state = state_after('AddTrigger("shop.Order"),')
    order = state.model("order")
    assert order is not None
    assert order.open_fields is True
    assert sorted(order.fields) == ["day", "extra", "id", "number"]
    assert order.unique_together == frozenset({("number", "day")})


def test_custom_operation_naming_a_model_the_state_lacks_makes_it_unknown() -> None:
    state = state_after('AddTrigger("shop.Invoice"),')
    assert state.knows("invoice") is False
    assert state.knows("order") is True


@pytest.mark.parametrize(
    "call",
    [
        'AddTrigger("shop.Order", field="day")',
        'AddTrigger(model_name="order")',
        'AddTrigger("shop.Order", "shop.Order.day")',
    ],
)
def test_custom_operation_naming_more_than_models_makes_them_unknown(call: str) -> None:
    state = state_after(f"{call},")
    assert state.knows("order") is False
    assert state.all_unknown is False


def test_custom_operation_naming_nothing_makes_the_app_unknown() -> None:
    assert state_after("RebuildEverything(),").all_unknown is True


def test_a_change_django_may_or_may_not_make_leaves_unknown_only_what_it_touches() -> None:
    # django-allauth's account 0001/0002 (found by tests/integration/test_oracle.py): with the
    # default settings Django never runs the AlterUniqueTogether; with ACCOUNT_UNIQUE_EMAIL=False
    # it does. The model and its fields stay known; the group may exist.
    source = """
from django.conf import settings
from django.db import migrations, models

UNIQUE_EMAIL = getattr(settings, "ACCOUNT_UNIQUE_EMAIL", True)


class Migration(migrations.Migration):
    operations = [
        migrations.CreateModel("EmailAddress", [("email", models.EmailField(max_length=254))]),
        migrations.CreateModel("Other", [("email", models.EmailField(max_length=254))]),
    ]

    if not UNIQUE_EMAIL:
        operations += [
            migrations.AlterUniqueTogether(name="emailaddress", unique_together={("email",)}),
        ]
"""
    found = parse_migration(ast.parse(source), source.splitlines(True))
    assert found is not None
    state = replay(AppState("account"), file_state_ops(found))
    email = state.model("emailaddress")
    assert email is not None
    assert email.unique_together == frozenset({("email",)})
    assert email.unsure == frozenset({"unique_together"})
    assert email.field("email") is not None
    assert email.open_fields is False
    assert state.model("other") is not None


def conditional_state(ops: str) -> AppState:
    """The state after ORDER and `ops` run only when a setting says so."""
    source = (
        HEADER.format(ops=ORDER)
        + f"""
    if settings.FLAG:
        operations += [
{ops}
        ]
"""
    )
    found = parse_migration(ast.parse(source), source.splitlines(True))
    assert found is not None
    return replay(AppState("shop"), file_state_ops(found))


@pytest.mark.parametrize(
    ("ops", "fields", "open_fields"),
    [
        ('migrations.AddField("order", "note", models.TextField()),', ["note"], True),
        ('migrations.AlterField("order", "day", models.DateField()),', ["day"], False),
        ('migrations.RemoveField("order", "day"),', ["day"], True),
        ('migrations.RenameField("order", "day", "date"),', ["date", "day"], True),
    ],
)
def test_conditional_field_change_leaves_that_field_unknown(
    ops: str, fields: list[str], open_fields: bool
) -> None:
    order = conditional_state(ops).model("order")
    assert order is not None
    unreadable = sorted(name for name in order.fields if order.field(name) is None)
    assert unreadable == sorted(["extra", *fields])
    assert order.field("number") is not None
    assert order.open_fields is open_fields


@pytest.mark.parametrize(
    ("ops", "option", "value"),
    [
        (
            'migrations.AlterUniqueTogether("order", {("number",)}),',
            "unique_together",
            frozenset({("number", "day"), ("number",)}),
        ),
        (
            'migrations.AlterIndexTogether("order", set()),',
            "index_together",
            frozenset({("number", "day")}),
        ),
        (
            'migrations.AddIndex("order", models.Index(fields=["number"], name="num_idx")),',
            "indexes",
            frozenset({"order_day_idx", "num_idx"}),
        ),
        ('migrations.RemoveConstraint("order", "pos"),', "constraints", frozenset({"pos"})),
    ],
)
def test_conditional_option_change_keeps_what_may_exist(
    ops: str, option: str, value: frozenset[object]
) -> None:
    order = conditional_state(ops).model("order")
    assert order is not None
    assert getattr(order, option) == value
    assert order.unsure == frozenset({option})
    assert order.field("number") is not None


def test_a_later_change_makes_the_option_sure_again() -> None:
    ops = 'migrations.AlterUniqueTogether("order", {("number",)}),'
    state = replay(
        conditional_state(ops),
        file_state_ops(migration('migrations.AlterUniqueTogether("order", set()),')),
    )
    order = state.model("order")
    assert order is not None
    assert (order.unique_together, order.unsure) == (frozenset(), frozenset())


@pytest.mark.parametrize(
    ("ops", "table", "managed"),
    [
        ('migrations.AlterModelTable("order", "orders"),', None, True),
        ('migrations.AlterModelOptions("order", {"managed": False}),', "sales_order", None),
    ],
)
def test_conditional_table_or_options_change_leaves_them_unknown(
    ops: str, table: str | None, managed: bool | None
) -> None:
    order = conditional_state(ops).model("order")
    assert order is not None
    assert (order.table("shop"), order.managed) == (table, managed)
    assert order.field("number") is not None


@pytest.mark.parametrize(
    ("ops", "known", "unknown"),
    [
        ('migrations.CreateModel("Invoice", []),', ["order"], ["invoice"]),
        ('migrations.DeleteModel("Order"),', [], ["order"]),
        ('migrations.RenameModel("Order", "Purchase"),', [], ["order", "purchase"]),
    ],
)
def test_conditional_model_change_leaves_that_model_unknown(
    ops: str, known: list[str], unknown: list[str]
) -> None:
    state = conditional_state(ops)
    assert [name for name in ("invoice", "order", "purchase") if state.model(name)] == known
    assert [name for name in ("invoice", "order", "purchase") if not state.knows(name)] == unknown


def test_conditional_not_null_check_counts_as_there() -> None:
    check = "models.CheckConstraint(check=models.Q(day__isnull=False), name='day_nn')"
    order = conditional_state(f'migrations.AddConstraint("order", {check}),').model("order")
    assert order is not None
    assert order.checked_not_null("day") is True


LINE = """
        migrations.CreateModel(
            "Line",
            [
                ("order", models.ForeignKey("shop.Order", models.CASCADE)),
                ("first", models.OneToOneField(to="Order", on_delete=models.CASCADE)),
                ("other", models.ForeignKey(to="billing.Order", on_delete=models.CASCADE)),
                ("tags", models.ManyToManyField("shop.Tag", through="shop.order")),
                ("note", models.TextField()),
            ],
        ),
"""


def relation_targets(model: ModelState | None) -> dict[str, tuple[str | None, str | None]]:
    assert model is not None
    fields = {name: model.field(name) for name in model.fields}
    return {
        name: (astutil.string_value(field.arg("to")), astutil.string_value(field.arg("through")))
        for name, field in fields.items()
        if field is not None and field.has("to")
    }


def test_rename_model_repoints_the_relations_of_the_app() -> None:
    # Django's RenameModel repoints `to=` and `through=` in every model of the state (found
    # by tests/test_oracle.py on wagtailcore: `PageRevision` became `Revision`).
    state = state_after(LINE + 'migrations.RenameModel("Order", "Purchase"),')
    assert relation_targets(state.model("line")) == {
        "order": ("shop.Purchase", None),
        "first": ("shop.Purchase", None),
        "other": ("billing.Order", None),
        "tags": ("shop.Tag", "shop.Purchase"),
    }


def test_rename_model_repoints_fields_read_back_from_the_cache() -> None:
    created: tuple[object, ...] = (
        (),
        None,
        frozenset(),
        frozenset(),
        frozenset(),
        frozenset(),
        True,
        False,
    )
    fields = (
        ("order", DeferredField("ForeignKey", "models.ForeignKey('shop.Order', models.CASCADE)")),
        ("note", DeferredField("TextField", "models.TextField()")),
    )
    state = replay(
        AppState("shop"),
        [
            StateOp("CreateModel", "order", created),
            StateOp("CreateModel", "line", (fields, *created[1:])),
            StateOp("RenameModel", "order", ("Order", "Purchase")),
        ],
    )
    line = state.model("line")
    assert relation_targets(line) == {"order": ("shop.Purchase", None)}
    assert line is not None
    assert line.fields["note"] is fields[1][1]


def test_timeline_is_kept_for_its_own_file_only() -> None:
    # The folder's summary and `FileStates` share the last file's timeline; another file,
    # even one read to the same text, has its own.
    def names(found: Migration) -> list[tuple[tuple[int, int], str, str | None]]:
        return [(key, op.name, op.model) for key, op in timeline(found)]

    first = migration('        migrations.DeleteModel("order"),')
    second = migration('        migrations.AddField("order", "memo", models.TextField()),')
    assert timeline(first) is timeline(first)
    assert names(second) == [((0, 1), "AddField", "order")]
    assert names(first) == [((0, 1), "DeleteModel", "order")]
    assert timeline(second) is not timeline(migration(ORDER))


def test_replace_copies_a_state_as_dataclasses_replace_does() -> None:
    order = state_after("").models["order"]
    assert state.replace(order, db_table="x", open_fields=True) == dataclasses.replace(
        order, db_table="x", open_fields=True
    )
    app = AppState("shop")
    assert state.replace(app, all_unknown=True) == dataclasses.replace(app, all_unknown=True)
    with pytest.raises(TypeError):
        state.replace(order, colour="red")


def test_timeline_is_not_kept_once_its_model_is_freed() -> None:
    found = migration('        migrations.DeleteModel("order"),')
    assert len(timeline(found)) == 1
    del found
    gc.collect()
    assert state._last_timeline == []
