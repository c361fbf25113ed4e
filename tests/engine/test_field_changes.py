"""`field_changes`: what an `AlterField` does on PostgreSQL, case by case.

The cases are the `alter_*` rows of `docs/postgresql.md`."""

from __future__ import annotations

import ast
import dataclasses
import textwrap

import pytest

from flake8_django_migrations.field_changes import (
    NO_EFFECT,
    AlterEffect,
    alter_effect,
    column_type,
    type_conversion,
    value_key,
)
from flake8_django_migrations.fields import FieldCall, field_call
from flake8_django_migrations.migration import parse_migration

IMPORTS = """\
import django.db.models.deletion
from django.conf import settings
from django.contrib.postgres.fields import ArrayField, CICharField
from django.db import models
from django.db.models import CharField
"""


def make(field: str, imports: str = IMPORTS) -> FieldCall:
    """The `FieldCall` of a field written in a throw-away migration."""
    source = textwrap.dedent(
        f"""\
        from django.db import migrations
        {textwrap.indent(imports, " " * 8).strip()}

        class Migration(migrations.Migration):
            operations = [migrations.AlterField("book", "value", {field})]
        """
    )
    migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
    assert migration is not None
    found = field_call(migration.operations[0].arg("field"), migration)
    assert found is not None
    return found


def effect(**changes: object) -> AlterEffect:
    return dataclasses.replace(NO_EFFECT, **changes)  # type: ignore[arg-type]


SQL = effect(emits_sql=True)
UNKNOWN = effect(emits_sql=None)
FK = "models.ForeignKey('shop.Author', on_delete=models.CASCADE{})"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.CharField(max_length=100)", "varchar(100)"),
        ("CharField(max_length=20)", "varchar(20)"),
        ("models.CharField()", "varchar"),
        ("models.CharField(max_length=None)", "varchar"),
        ("models.CharField(max_length=MAX)", None),
        ("models.SlugField()", "varchar(50)"),
        ("models.SlugField(max_length=80)", "varchar(80)"),
        ("models.SlugField(max_length=None)", None),
        ("models.EmailField()", "varchar(254)"),
        ("models.URLField()", "varchar(200)"),
        ("models.FileField(upload_to='x')", "varchar(100)"),
        ("models.TextField()", "text"),
        ("models.IntegerField()", "integer"),
        ("models.BigIntegerField()", "bigint"),
        ("models.SmallIntegerField()", "smallint"),
        ("models.PositiveIntegerField()", "integer"),
        ("models.AutoField(primary_key=True)", "integer"),
        ("models.BigAutoField(primary_key=True)", "bigint"),
        ("models.DecimalField(max_digits=10, decimal_places=2)", "numeric(10, 2)"),
        ("models.DecimalField(max_digits=10)", None),
        ("models.DecimalField(max_digits=10, decimal_places=PLACES)", None),
        ("models.UUIDField()", "uuid"),
        ("models.BooleanField()", "boolean"),
        ("models.DateTimeField()", "timestamp with time zone"),
        ("models.DateField()", "date"),
        ("models.FloatField()", "double precision"),
        ("models.JSONField()", "jsonb"),
        ("CICharField(max_length=10)", "citext"),
        ("models.ForeignKey('shop.Author', models.CASCADE)", None),
        ("models.ManyToManyField('shop.Tag')", None),
        ("ArrayField(models.IntegerField())", None),
    ],
)
def test_column_type(field: str, expected: str | None) -> None:
    assert column_type(make(field)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("integer", "integer", "same"),
        ("varchar(100)", "varchar(200)", "safe"),
        ("varchar(100)", "varchar(100)", "same"),
        ("varchar(100)", "varchar", "safe"),
        ("varchar(100)", "varchar(50)", "rewrite"),
        ("varchar", "varchar(50)", "rewrite"),
        ("varchar(100)", "text", "safe"),
        ("varchar", "text", "safe"),
        ("text", "varchar", "safe"),
        ("text", "varchar(200)", "rewrite"),
        ("integer", "bigint", "rewrite"),
        ("smallint", "integer", "rewrite"),
        ("bigint", "integer", "rewrite"),
        ("numeric(10, 2)", "numeric(12, 2)", "safe"),
        ("numeric(12, 2)", "numeric(10, 2)", "rewrite"),
        ("numeric(12, 2)", "numeric(12, 3)", "rewrite"),
        ("double precision", "numeric(10, 2)", "rewrite"),
        ("varchar(32)", "uuid", "rewrite"),
        ("text", "citext", "unknown"),
    ],
)
def test_type_conversion(old: str, new: str, expected: str) -> None:
    assert type_conversion(old, new) == expected


CASES = [
    # alter_varchar_increase, alter_varchar_unlimited: catalog-only.
    ("models.CharField(max_length=100)", "models.CharField(max_length=200)", SQL),
    ("models.CharField(max_length=100)", "models.CharField(max_length=None)", SQL),
    ("models.CharField(max_length=100)", "models.CharField()", SQL),
    # alter_varchar_decrease: rewrite.
    (
        "models.CharField(max_length=100)",
        "models.CharField(max_length=50)",
        effect(emits_sql=True, type_change="`varchar(100)` to `varchar(50)`"),
    ),
    # alter_char_to_text: catalog-only; alter_text_to_char: rewrite.
    ("models.CharField(max_length=100, null=True)", "models.TextField(null=True)", SQL),
    (
        "models.TextField()",
        "models.CharField(max_length=200)",
        effect(emits_sql=True, type_change="`text` to `varchar(200)`"),
    ),
    # alter_int_to_bigint; smallint -> integer by the same rule (PostgreSQL docs).
    (
        "models.IntegerField()",
        "models.BigIntegerField()",
        effect(emits_sql=True, type_change="`integer` to `bigint`"),
    ),
    (
        "models.SmallIntegerField()",
        "models.IntegerField()",
        effect(emits_sql=True, type_change="`smallint` to `integer`"),
    ),
    # alter_autofield_to_bigautofield: the referencing tables are rewritten too.
    (
        "models.AutoField(auto_created=True, primary_key=True, serialize=False)",
        "models.BigAutoField(auto_created=True, primary_key=True, serialize=False)",
        effect(
            emits_sql=True, type_change="`integer` to `bigint`", alters_referencing_columns=True
        ),
    ),
    (
        "models.CharField(max_length=10, primary_key=True)",
        "models.CharField(max_length=20, primary_key=True)",
        effect(emits_sql=True, alters_referencing_columns=True),
    ),
    (
        "models.CharField(max_length=32)",
        "models.UUIDField()",
        effect(emits_sql=True, type_change="`varchar(32)` to `uuid`"),
    ),
    (
        "models.FloatField()",
        "models.DecimalField(max_digits=10, decimal_places=2)",
        effect(emits_sql=True, type_change="`double precision` to `numeric(10, 2)`"),
    ),
    # alter_decimal_precision_increase: catalog-only; alter_decimal_scale_change: rewrite.
    (
        "models.DecimalField(max_digits=10, decimal_places=2)",
        "models.DecimalField(max_digits=12, decimal_places=2)",
        SQL,
    ),
    (
        "models.DecimalField(max_digits=12, decimal_places=2)",
        "models.DecimalField(max_digits=12, decimal_places=3)",
        effect(emits_sql=True, type_change="`numeric(12, 2)` to `numeric(12, 3)`"),
    ),
    (
        "models.DecimalField(max_digits=12, decimal_places=2)",
        "models.DecimalField(max_digits=10, decimal_places=2)",
        effect(emits_sql=True, type_change="`numeric(12, 2)` to `numeric(10, 2)`"),
    ),
    (
        "models.CharField(max_length=20)",
        "models.CharField(max_length=20, db_collation='C')",
        effect(emits_sql=True, type_change="collation `default` to `C`"),
    ),
    (
        "models.CharField(max_length=20, db_collation='C')",
        "models.CharField(max_length=20, db_collation=COLLATION)",
        UNKNOWN,
    ),
    # The same column type under another kind: no SQL.
    ("models.CharField(max_length=254)", "models.EmailField()", NO_EFFECT),
    ("models.CharField(max_length=200)", "models.URLField()", NO_EFFECT),
    ("models.EmailField()", "models.CharField(max_length=254)", NO_EFFECT),
    ("models.EmailField(max_length=254)", "models.EmailField()", NO_EFFECT),
    ("models.TextField(max_length=10)", "models.TextField(max_length=20)", NO_EFFECT),
    ("models.GenericIPAddressField()", "models.IPAddressField()", NO_EFFECT),
    # SlugField has an index by default (alter_add_db_index).
    (
        "models.CharField(max_length=50)",
        "models.SlugField()",
        effect(emits_sql=True, adds_index=True),
    ),
    ("models.CharField(max_length=50)", "models.SlugField(db_index=False)", NO_EFFECT),
    # alter_int_to_positive: a CHECK, not a type change.
    (
        "models.IntegerField()",
        "models.PositiveIntegerField()",
        effect(emits_sql=True, adds_check=True),
    ),
    (
        "models.SmallIntegerField()",
        "models.PositiveSmallIntegerField()",
        effect(emits_sql=True, adds_check=True),
    ),
    ("models.PositiveIntegerField()", "models.IntegerField()", SQL),
    ("models.PositiveIntegerField()", "models.PositiveIntegerField(help_text='n')", NO_EFFECT),
    # alter_add_db_index, alter_add_unique, and their removals.
    (
        "models.CharField(max_length=9)",
        "models.CharField(max_length=9, db_index=True)",
        effect(emits_sql=True, adds_index=True),
    ),
    ("models.CharField(max_length=9, db_index=True)", "models.CharField(max_length=9)", SQL),
    (
        "models.CharField(max_length=9, unique=True)",
        "models.CharField(max_length=9, db_index=True)",
        SQL,
    ),
    (
        "models.CharField(max_length=9)",
        "models.CharField(max_length=9, unique=True)",
        effect(emits_sql=True, adds_unique=True),
    ),
    (
        "models.CharField(max_length=9, db_index=True)",
        "models.CharField(max_length=9, unique=True)",
        effect(emits_sql=True, adds_unique=True),
    ),
    ("models.CharField(max_length=9, unique=True)", "models.CharField(max_length=9)", SQL),
    ("models.CharField(max_length=9)", "models.CharField(max_length=9, unique=UNIQUE)", UNKNOWN),
    (
        "models.CharField(max_length=9)",
        "models.CharField(max_length=9, db_index=INDEXED)",
        UNKNOWN,
    ),
    (
        "models.UUIDField()",
        "models.UUIDField(primary_key=True)",
        effect(emits_sql=True, adds_unique=True),
    ),
    # alter_null_to_notnull*, alter_notnull_to_null.
    (
        "models.TextField(null=True)",
        "models.TextField()",
        effect(emits_sql=True, sets_not_null=True),
    ),
    (
        "models.TextField(null=True)",
        "models.TextField(null=False, default='x')",
        effect(emits_sql=True, sets_not_null=True),
    ),
    ("models.IntegerField()", "models.IntegerField(null=True)", SQL),
    ("models.IntegerField(null=False)", "models.IntegerField()", NO_EFFECT),
    ("models.IntegerField(null=True)", "models.IntegerField(null=NULLABLE)", UNKNOWN),
    ("models.NullBooleanField()", "models.BooleanField(null=True)", NO_EFFECT),
    (
        "models.NullBooleanField()",
        "models.BooleanField(default=False)",
        effect(emits_sql=True, sets_not_null=True),
    ),
    # alter_add_db_default, alter_db_comment: SQL, no rewrite.
    ("models.IntegerField()", "models.IntegerField(db_default=3)", SQL),
    ("models.IntegerField(db_default=3)", "models.IntegerField(db_default=3)", NO_EFFECT),
    (
        "models.IntegerField(db_default=Now())",
        "models.IntegerField(db_default=models.functions.Now())",
        NO_EFFECT,
    ),
    (
        "models.IntegerField(db_default=F(x)[0])",
        "models.IntegerField(db_default=F(y)[0])",
        UNKNOWN,
    ),
    ("models.IntegerField()", "models.IntegerField(db_comment='page count')", SQL),
    # A column rename, or cannot tell without the field's name.
    ("models.IntegerField(db_column='a')", "models.IntegerField(db_column='b')", SQL),
    ("models.IntegerField()", "models.IntegerField(db_column='value')", UNKNOWN),
    (
        "models.IntegerField(db_column='a')",
        "models.IntegerField(db_column='a', help_text='x')",
        NO_EFFECT,
    ),
    # No SQL at all (alter_default_only, alter_choices_only, alter_cosmetic_attrs).
    ("models.IntegerField(default=1)", "models.IntegerField(default=2)", NO_EFFECT),
    ("models.UUIDField(default=uuid.uuid4)", "models.UUIDField(default=make_uuid)", NO_EFFECT),
    (
        "models.IntegerField(default=lambda: 1)",
        "models.IntegerField(default=lambda: 2)",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5)",
        "models.CharField(max_length=5, choices=[('a', 'A')])",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5, help_text='a')",
        "models.CharField(max_length=5, help_text='b')",
        NO_EFFECT,
    ),
    (
        "models.CharField('Name', max_length=5)",
        "models.CharField('Full name', max_length=5)",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5)",
        "models.CharField(max_length=5, verbose_name=_('x'))",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5)",
        "models.CharField(max_length=5, validators=[check])",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5)",
        "models.CharField(max_length=5, blank=True, editable=False)",
        NO_EFFECT,
    ),
    (
        "models.CharField(max_length=5)",
        "models.CharField(max_length=5, error_messages={'a': 'b'})",
        NO_EFFECT,
    ),
    ("models.DateField()", "models.DateField(unique_for_date='published')", NO_EFFECT),
    ("models.DateTimeField()", "models.DateTimeField(auto_now=True)", NO_EFFECT),
    ("models.DateTimeField(auto_now=True)", "models.DateTimeField(auto_now_add=True)", NO_EFFECT),
    (
        "models.FileField(upload_to='a')",
        "models.FileField(upload_to=path, storage=store)",
        NO_EFFECT,
    ),
    ("models.JSONField()", "models.JSONField(encoder=DjangoJSONEncoder)", NO_EFFECT),
    (
        "models.CharField(max_length=50, help_text='a')",
        "models.SlugField(help_text='b')",
        effect(emits_sql=True, adds_index=True),
    ),
    # An argument this module does not know: cannot tell.
    ("models.IntegerField()", "models.IntegerField(db_tablespace='fast')", UNKNOWN),
    ("models.IntegerField()", "models.IntegerField(custom=1)", UNKNOWN),
    ("models.IntegerField(custom=1)", "models.IntegerField(custom=1)", NO_EFFECT),
    ("models.CharField(max_length=MAX)", "models.CharField(max_length=MAX)", NO_EFFECT),
    (
        "models.CharField(max_length=MAX)",
        "models.CharField(max_length=MAX, help_text='x')",
        NO_EFFECT,
    ),
    ("models.CharField(max_length=MAX)", "models.CharField(max_length=OTHER)", UNKNOWN),
    ("models.CharField(max_length=MAX)", "models.TextField()", UNKNOWN),
    ("CICharField(max_length=10)", "models.TextField()", UNKNOWN),
    ("ArrayField(models.IntegerField())", "ArrayField(models.IntegerField(), size=3)", UNKNOWN),
    (
        "ArrayField(models.IntegerField())",
        "ArrayField(models.IntegerField(), help_text='x')",
        NO_EFFECT,
    ),
    ("ArrayField(models.IntegerField())", "ArrayField(models.BigIntegerField())", UNKNOWN),
]

FOREIGN_KEY_CASES = [
    # alter_fk_on_delete_python, alter_fk_related_name: no SQL.
    (FK.format(""), "models.ForeignKey('shop.Author', on_delete=models.PROTECT)", NO_EFFECT),
    (
        FK.format(""),
        "models.ForeignKey('shop.Author', models.SET_NULL, null=True)",
        effect(emits_sql=True, rebuilds_foreign_key="`null` changes"),
    ),
    (FK.format(""), FK.format(", related_name='books'"), NO_EFFECT),
    (
        FK.format(""),
        FK.format(", related_query_name='book', limit_choices_to={'a': 1}"),
        NO_EFFECT,
    ),
    (FK.format(""), "models.ForeignKey('shop.Author', models.DO_NOTHING)", NO_EFFECT),
    (
        FK.format(""),
        "models.ForeignKey(to='shop.author', on_delete=django.db.models.deletion.CASCADE)",
        NO_EFFECT,
    ),
    (FK.format(""), "models.ForeignKey('shop.Author', models.SET(get_sentinel))", NO_EFFECT),
    (FK.format(""), "models.ForeignKey('shop.Author')", NO_EFFECT),
    (FK.format(""), "models.ForeignKey('shop.Author', on_delete=HANDLERS[0])", UNKNOWN),
    (
        FK.format(""),
        "models.OneToOneField('shop.Author', on_delete=models.CASCADE)",
        effect(emits_sql=True, adds_unique=True),
    ),
    # alter_fk_on_delete_db (Django 6): the constraint is re-created and validated.
    (
        FK.format(""),
        "models.ForeignKey('shop.Author', on_delete=models.DB_CASCADE)",
        effect(emits_sql=True, rebuilds_foreign_key="the database `on_delete` changes"),
    ),
    (
        "models.ForeignKey('shop.Author', on_delete=models.DB_SET_NULL, null=True)",
        "models.ForeignKey('shop.Author', on_delete=models.SET_NULL, null=True)",
        effect(emits_sql=True, rebuilds_foreign_key="the database `on_delete` changes"),
    ),
    # alter_fk_null: the constraint is re-created.
    (
        FK.format(", null=True"),
        FK.format(""),
        effect(emits_sql=True, sets_not_null=True, rebuilds_foreign_key="`null` changes"),
    ),
    # alter_fk_db_constraint_on; the constraint dropped (alter_fk_db_constraint_off).
    (
        FK.format(", db_constraint=False"),
        FK.format(""),
        effect(emits_sql=True, rebuilds_foreign_key="`db_constraint` is turned on"),
    ),
    (FK.format(""), FK.format(", db_constraint=False"), SQL),
    (FK.format(", db_constraint=FLAG"), FK.format(""), UNKNOWN),
    (
        "models.IntegerField(db_index=True)",
        FK.format(""),
        effect(emits_sql=True, rebuilds_foreign_key="the column becomes a foreign key"),
    ),
    # Another target.
    (
        FK.format(""),
        "models.ForeignKey('shop.Editor', on_delete=models.CASCADE)",
        effect(emits_sql=True, rebuilds_foreign_key="the target changes"),
    ),
    (
        FK.format(", to_field='id'"),
        FK.format(", to_field='code'"),
        effect(emits_sql=True, rebuilds_foreign_key="the target changes"),
    ),
    # `to_field` on one side only may name the primary key, as makemigrations once wrote it.
    (FK.format(""), FK.format(", to_field='code'"), UNKNOWN),
    (FK.format(", to_field='id'"), FK.format(""), UNKNOWN),
    (FK.format(""), "models.ForeignKey('Author', on_delete=models.CASCADE)", UNKNOWN),
    (
        FK.format(""),
        "models.ForeignKey('Editor', on_delete=models.CASCADE)",
        effect(emits_sql=True, rebuilds_foreign_key="the target changes"),
    ),
    (FK.format(""), "models.ForeignKey('self', on_delete=models.CASCADE)", UNKNOWN),
    (
        FK.format(""),
        "models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)",
        UNKNOWN,
    ),
    (
        "models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)",
        "models.ForeignKey(to=settings.AUTH_USER_MODEL, on_delete=models.PROTECT)",
        NO_EFFECT,
    ),
    (FK.format(""), "models.ForeignKey(on_delete=models.CASCADE)", UNKNOWN),
    # The index of a foreign key (on by default).
    (FK.format(", db_index=False"), FK.format(""), effect(emits_sql=True, adds_index=True)),
    # A Python `default` on a foreign key: Django re-creates the constraint (not measured).
    (FK.format(""), FK.format(", default=1"), UNKNOWN),
    (FK.format(", db_constraint=False"), FK.format(", db_constraint=False, default=1"), NO_EFFECT),
    # Many-to-many fields have no column here.
    (
        "models.ManyToManyField('shop.Tag')",
        "models.ManyToManyField('shop.Tag', related_name='x')",
        NO_EFFECT,
    ),
    (
        "models.ManyToManyField('shop.Tag')",
        "models.ManyToManyField('shop.Tag', 'x', blank=True)",
        NO_EFFECT,
    ),
    ("models.ManyToManyField('shop.Tag')", "models.ManyToManyField('shop.Label')", UNKNOWN),
    (
        "models.ManyToManyField('shop.Tag')",
        "models.ManyToManyField('shop.Tag', through='shop.BookTag')",
        UNKNOWN,
    ),
    (
        "models.ManyToManyField('shop.Tag')",
        "models.ManyToManyField('shop.Tag', db_constraint=False)",
        UNKNOWN,
    ),
]


CUSTOM_CASES = [
    # A custom class: `null`, `unique` and `db_index` read as for any field.
    (
        "shop_fields.TokenField(null=True, max_length=64)",
        "shop_fields.TokenField(max_length=64, unique=True, db_index=True)",
        effect(emits_sql=True, sets_not_null=True, adds_unique=True),
    ),
    (
        "shop_fields.TokenField(max_length=64)",
        "shop_fields.TokenField(max_length=64, db_index=True)",
        effect(emits_sql=True, adds_index=True),
    ),
    # Its column type is unknown: another of its own arguments, or another class.
    ("shop_fields.TokenField(max_length=64)", "shop_fields.TokenField(max_length=32)", UNKNOWN),
    ("models.CharField(max_length=64)", "shop_fields.TokenField(max_length=64)", UNKNOWN),
    # `NullCharField` may force `null=True`: NOT NULL cannot be told.
    ("models.CharField(null=True)", "shop_fields.NullCharField()", UNKNOWN),
    # A custom relation may keep or drop `ForeignKey`'s index.
    (
        "shop_fields.ParentalKey(to='shop.Author', on_delete=models.CASCADE)",
        FK.format(""),
        UNKNOWN,
    ),
    # No column, or cannot tell: nothing judged.
    (
        "shop_fields.TaggableManager(blank=True)",
        "shop_fields.TaggableManager(null=False)",
        UNKNOWN,
    ),
    ("shop_fields.TreeForeignKey(to='shop.Author')", FK.format(""), UNKNOWN),
]


@pytest.mark.parametrize(("old", "new", "expected"), CUSTOM_CASES)
def test_alter_effect_of_custom_classes(old: str, new: str, expected: AlterEffect) -> None:
    imports = IMPORTS + "from shop import fields as shop_fields\n"
    assert alter_effect(make(old, imports), make(new, imports)) == expected


@pytest.mark.parametrize(
    ("old", "new", "types", "expected"),
    [
        (
            FK.format(""),
            "models.CharField(max_length=20)",
            ("integer", None),
            "`integer` to `varchar(20)`",
        ),
        (FK.format(""), "models.IntegerField()", ("integer", None), None),
        (FK.format(""), "models.CharField(max_length=20)", (None, None), None),
        ("models.UUIDField()", FK.format(""), (None, "uuid"), None),
        ("models.TextField()", FK.format(""), (None, "uuid"), "`text` to `uuid`"),
    ],
)
def test_relation_column_types_given_by_the_state(
    old: str, new: str, types: tuple[str | None, str | None], expected: str | None
) -> None:
    assert alter_effect(make(old), make(new), types).type_change == expected


@pytest.mark.parametrize(("old", "new", "expected"), CASES + FOREIGN_KEY_CASES)
def test_alter_effect(old: str, new: str, expected: AlterEffect) -> None:
    assert alter_effect(make(old), make(new)) == expected


@pytest.mark.parametrize(("old", "new", "expected"), CASES + FOREIGN_KEY_CASES)
def test_a_field_altered_into_itself_does_nothing(old: str, new: str, expected: object) -> None:
    assert (alter_effect(make(old), make(old)), alter_effect(make(new), make(new))) == (
        NO_EFFECT,
        NO_EFFECT,
    )


def test_fields_from_files_with_other_imports_compare_by_value() -> None:
    old = make(
        "CharField(max_length=100, db_default='a')",
        "from django.db.models import CharField",
    )
    new = make(
        "fields.CharField(max_length=100, db_default='a', help_text='x')",
        "from django.db.models import fields",
    )
    assert alter_effect(old, new) == NO_EFFECT


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1", ("value", "int", 1)),
        ("-1", ("value", "int", -1)),
        ("True", ("value", "bool", True)),
        ("models.CASCADE", ("name", "CASCADE")),
        ("django.db.models.deletion.CASCADE", ("name", "CASCADE")),
        ("[1, 'a']", ("sequence", (("value", "int", 1), ("value", "str", "a")))),
        ("{'a': 1}", ("dict", ((("value", "str", "a"), ("value", "int", 1)),))),
        (
            "Now(x, b=1)",
            ("call", ("name", "Now"), (("name", "x"),), (("b", ("value", "int", 1)),)),
        ),
        ("-x", None),
        ("-'a'", None),
        ("{**a}", None),
        ("f(**a)", None),
        ("lambda: 1", None),
        ("a[0]", None),
    ],
)
def test_value_key(source: str, expected: object) -> None:
    node = ast.parse(source, mode="eval").body
    assert value_key(node) == expected
