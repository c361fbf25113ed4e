"""`field_call`, `FieldCall`, `Context.added_fields`: what a field construction says statically."""

from __future__ import annotations

import ast
import textwrap

import pytest

from flake8_django_migrations.context import Context
from flake8_django_migrations.fields import FieldCall, field_call
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.settings import Settings


def migration_with(imports: str, field: str) -> Migration:
    source = textwrap.dedent(
        f"""\
        from django.db import migrations
        {imports}

        class Migration(migrations.Migration):
            operations = [migrations.AddField("product", "value", {field})]
        """
    )
    migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
    assert migration is not None
    return migration


def read(field: str, imports: str = "from django.db import models") -> FieldCall | None:
    migration = migration_with(imports, field)
    return field_call(migration.operations[0].arg("field"), migration)


def known(field: str, imports: str = "from django.db import models") -> FieldCall:
    found = read(field, imports)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("imports", "field", "kind"),
    [
        ("from django.db import models", "models.CharField(max_length=20)", "CharField"),
        ("from django.db.models import CharField", "CharField(max_length=20)", "CharField"),
        ("from django.db import models as m", "m.IntegerField()", "IntegerField"),
        ("import django.db.models", "django.db.models.TextField()", "TextField"),
        ("import django", "django.db.models.fields.TextField()", "TextField"),
        ("from django.db.models.fields import SlugField", "SlugField()", "SlugField"),
        ("from django.db import models", "models.fields.BigIntegerField()", "BigIntegerField"),
        ("from django.db.models import *", "DecimalField(max_digits=5)", "DecimalField"),
        (
            "from django.db.models.fields.related import ForeignKey",
            'ForeignKey("shop.Product", on_delete=None)',
            "ForeignKey",
        ),
        ("from django.db.models.fields.json import JSONField", "JSONField()", "JSONField"),
        ("from django.contrib.gis.db import models", "models.CharField()", "CharField"),
        (
            "import django.contrib.postgres.fields.jsonb",
            "django.contrib.postgres.fields.jsonb.JSONField()",
            "JSONField",
        ),
        ("from django.db.models.fields.files import ImageField", "ImageField()", "ImageField"),
        (
            "from django.db.models.fields.generated import GeneratedField",
            "GeneratedField()",
            "GeneratedField",
        ),
        (
            "from django.contrib.postgres.fields import ArrayField",
            "ArrayField(base_field=None)",
            "ArrayField",
        ),
        ("from django.contrib.postgres import fields as pg", "pg.HStoreField()", "HStoreField"),
        (
            "from django.contrib.postgres.fields.citext import CICharField",
            "CICharField()",
            "CICharField",
        ),
        (
            "from django.contrib.postgres.search import SearchVectorField",
            "SearchVectorField()",
            "SearchVectorField",
        ),
    ],
)
def test_known_field_class_through_every_import_style(imports: str, field: str, kind: str) -> None:
    found = known(field, imports)
    assert found.kind == kind
    assert found.call.lineno == 5


@pytest.mark.parametrize(
    ("imports", "field"),
    [
        ("from django.db import models", "models.MoneyField()"),
        ("from django.db import models", "models.Index(fields=['a'])"),
        ("from django.db import models", "models.ForeignObject(from_fields=['a'])"),
        ("from django.db.models import *", "MoneyField()"),
        ("from django.db import models", "CharField(max_length=5)"),
        ("from django.db import models", "make_field()()"),
        ("from django.db import models", "FIELD"),
        ("from django.db import models", "None"),
        ("from shop.fields import MoneyField", "MoneyField(10, null=True)"),
        ("from django_cryptography.fields import encrypt", "encrypt(default=1)"),
    ],
)
def test_unreadable_field_gives_none(imports: str, field: str) -> None:
    assert read(field, imports) is None


@pytest.mark.parametrize(
    ("imports", "field", "kind"),
    [
        (
            "from djmoney.models.fields import MoneyField",
            "MoneyField(max_digits=10)",
            "djmoney.models.fields.MoneyField",
        ),
        (
            "from django_extensions.db.fields import AutoSlugField",
            "AutoSlugField()",
            "django_extensions.db.fields.AutoSlugField",
        ),
        ("from shop.fields import CharField", "CharField(max_length=5)", "shop.fields.CharField"),
        ("from shop.fields import *", "CharField(max_length=5)", "shop.fields.CharField"),
        ("import shop.fields", "shop.fields.NullCharField()", "shop.fields.NullCharField"),
        (
            "from django.contrib.gis.db import models",
            "models.PointField(srid=4326)",
            "django.contrib.gis.db.models.PointField",
        ),
    ],
)
def test_custom_field_class_is_read_with_its_qualified_name(
    imports: str, field: str, kind: str
) -> None:
    found = known(field, imports)
    assert (found.kind, found.custom, found.class_name) == (kind, True, kind.rpartition(".")[2])


@pytest.mark.parametrize(
    ("field", "column", "relation", "one_to_one"),
    [
        ("fields.TokenField(max_length=64, unique=True)", True, False, False),
        ("fields.ParentalKey(to='shop.product', on_delete=CASCADE)", True, True, False),
        ("fields.AutoOneToOneField(to='shop.product', on_delete=CASCADE)", True, True, True),
        # Before Django 2.0 `on_delete` was optional: a `to=` alone may be a many-to-many.
        ("fields.TreeForeignKey(to='shop.product')", False, False, False),
        ("fields.SortedManyToManyField(to='shop.product')", False, False, False),
        ("fields.TaggableManager(blank=True)", False, False, False),
        ("fields.GenericRelation(related_query_name='x')", False, False, False),
        (
            "fields.Tags(to='tag', through='shop.ProductTag', on_delete=CASCADE)",
            False,
            False,
            False,
        ),
        ("fields.Pair(from_fields=['a'], to_fields=['b'])", False, False, False),
    ],
)
def test_custom_field_shape(field: str, column: bool, relation: bool, one_to_one: bool) -> None:
    found = known(field, "from shop import fields")
    assert (found.has_column, found.is_relation, found.one_to_one) == (
        column,
        relation,
        one_to_one,
    )


@pytest.mark.parametrize(
    ("field", "nullable"),
    [
        ("fields.TokenField()", False),
        ("fields.TokenField(null=True)", True),
        ("fields.NullCharField()", None),
        ("fields.NullCharField(null=False)", False),
    ],
)
def test_custom_field_nullable(field: str, nullable: bool | None) -> None:
    assert known(field, "from shop import fields").nullable is nullable


@pytest.mark.parametrize(
    ("field", "has_db_default", "needs_fill"),
    [
        ("models.IntegerField(db_default=None)", False, True),
        ("models.IntegerField(db_default=0)", True, False),
        ("models.IntegerField(db_default=None, null=True)", False, False),
        ("models.IntegerField()", False, True),
    ],
)
def test_db_default_none_is_no_default(field: str, has_db_default: bool, needs_fill: bool) -> None:
    found = known(field)
    assert (found.has_db_default, found.needs_database_fill) == (has_db_default, needs_fill)


def test_missing_field_argument_gives_none() -> None:
    migration = migration_with("from django.db import models", "")
    assert migration.operations[0].arg("field") is None
    assert field_call(None, migration) is None


@pytest.mark.parametrize(
    "field",
    [
        "models.CharField(**OPTIONS)",
        "models.CharField(max_length=20, **OPTIONS)",
        "models.CharField(*ARGS)",
        "models.CharField('Name', *ARGS)",
        "models.ForeignKey('shop.Product', *ARGS)",
    ],
)
def test_star_arguments_give_none(field: str) -> None:
    assert read(field) is None


@pytest.mark.parametrize(
    ("field", "kind"),
    [
        ("models.CharField('Name')", "CharField"),
        ("models.CharField('Name', 'name', max_length=20)", "CharField"),
        ("models.ForeignKey('shop.Product', models.CASCADE, 'items')", "ForeignKey"),
        ("models.OneToOneField('shop.Product', models.CASCADE, 'item')", "OneToOneField"),
        ("models.ManyToManyField('shop.Tag', 'tags', 'a')", "ManyToManyField"),
    ],
)
def test_positional_arguments_that_can_be_read(field: str, kind: str) -> None:
    assert known(field).kind == kind


@pytest.mark.parametrize(
    "field",
    [
        "models.CharField('Name', 'name', True)",
        "models.IntegerField('Count', 'count', False, None, False, False, True)",
        "models.OneToOneField('shop.Product', models.CASCADE, 'item', True)",
        "models.GeneratedField(F('a'))",
    ],
)
def test_more_positional_args_than_the_field_class_takes_gives_none(field: str) -> None:
    assert read(field) is None


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.IntegerField()", False),
        ("models.IntegerField(null=True)", True),
        ("models.IntegerField(null=False)", False),
        ("models.IntegerField(null=settings.NULLABLE)", None),
        ("models.IntegerField(null=1)", None),
        ("models.IntegerField(null=None)", None),
        ("models.NullBooleanField()", True),
        ("models.NullBooleanField(null=False)", True),
        ("models.BooleanField(null=True)", True),
    ],
)
def test_nullable(field: str, expected: bool | None) -> None:
    assert known(field).nullable is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.DateTimeField(auto_now=True)", True),
        ("models.DateField(auto_now_add=True)", True),
        ("models.TimeField(auto_now=True)", True),
        ("models.DateTimeField(auto_now=False)", False),
        ("models.DateTimeField(auto_now=USE_NOW)", False),
        ("models.DateTimeField()", False),
        ("models.IntegerField(auto_now=True)", False),
        ("models.CharField(max_length=10, blank=True)", True),
        ("models.TextField(blank=True)", True),
        ("models.SlugField(blank=True)", True),
        ("models.EmailField(blank=True)", True),
        ("models.CharField(max_length=10)", False),
        ("models.CharField(max_length=10, blank=False)", False),
        ("models.IntegerField(blank=True)", False),
        ("models.DateTimeField(blank=True)", False),
    ],
)
def test_implied_default(field: str, expected: bool) -> None:
    assert known(field).implied_default is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.IntegerField(default=0)", True),
        ("models.CharField(default='')", True),
        ("models.UUIDField(default=uuid.uuid4)", True),
        ("models.IntegerField(default=None)", False),
        ("models.IntegerField()", False),
        ("models.IntegerField(db_default=0)", False),
    ],
)
def test_has_default(field: str, expected: bool) -> None:
    assert known(field).has_default is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.OneToOneField('shop.Product', on_delete=None)", True),
        ("models.CharField(max_length=10, unique=True)", True),
        ("models.UUIDField(primary_key=True)", True),
        ("models.CharField(max_length=10, unique=False)", False),
        ("models.CharField(max_length=10, unique=UNIQUE)", False),
        ("models.ForeignKey('shop.Product', on_delete=None)", False),
        ("models.IntegerField()", False),
    ],
)
def test_is_unique(field: str, expected: bool) -> None:
    assert known(field).is_unique is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.ForeignKey('shop.Product', on_delete=None)", True),
        ("models.OneToOneField('shop.Product', on_delete=None)", True),
        ("models.ManyToManyField('shop.Tag')", False),
        ("models.IntegerField()", False),
    ],
)
def test_is_relation(field: str, expected: bool) -> None:
    assert known(field).is_relation is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("models.ForeignKey('shop.Product', on_delete=None)", True),
        ("models.OneToOneField('shop.Product', on_delete=None, db_constraint=True)", True),
        ("models.ForeignKey('shop.Product', on_delete=None, db_constraint=False)", False),
        ("models.ForeignKey('shop.Product', None, None, None, None, False, None, False)", False),
        ("models.ForeignKey('shop.Product', on_delete=None, db_constraint=FLAG)", None),
        ("models.ManyToManyField('shop.Tag')", False),
        ("models.IntegerField()", False),
    ],
)
def test_foreign_key_constraint(field: str, expected: bool | None) -> None:
    assert known(field).foreign_key_constraint is expected


def test_keyword_helpers() -> None:
    field = known("models.CharField(max_length=20, db_index=True, unique=False, null=NULL)")
    assert sorted(field.kwargs) == ["db_index", "max_length", "null", "unique"]
    assert [field.has(k) for k in ("max_length", "default")] == [True, False]
    assert [field.is_set(k) for k in ("db_index", "unique", "null", "default")] == [
        True,
        False,
        False,
        False,
    ]
    assert [field.is_unset(k) for k in ("db_index", "unique", "null", "default")] == [
        False,
        True,
        False,
        True,
    ]


def test_added_fields_are_database_addfields_on_existing_tables() -> None:
    source = textwrap.dedent(
        """\
        from django.db import migrations, models
        from djmoney.models.fields import MoneyField

        class Migration(migrations.Migration):
            operations = [
                migrations.AddField("product", "sku", models.CharField(max_length=8)),
                migrations.CreateModel("Tag", []),
                migrations.AddField("tag", "label", models.CharField(max_length=8)),
                migrations.AddField("product", "price", MoneyField(max_digits=5)),
                migrations.AddField("product", "extra", models.IntegerField(**EXTRA)),
                migrations.SeparateDatabaseAndState(
                    database_operations=[
                        migrations.AddField("order", "total", models.IntegerField()),
                    ],
                    state_operations=[
                        migrations.AddField("order", "state", models.IntegerField()),
                    ],
                ),
                migrations.AlterField("product", "sku", models.CharField(max_length=9)),
                migrations.AddField(model_name="Order", name="n", field=models.IntegerField()),
            ]
        """
    )
    migration = parse_migration(ast.parse(source), source.splitlines(keepends=True))
    assert migration is not None
    ctx = Context(Settings(), "shop/migrations/0002_x.py", "shop", migration=migration)
    found = [(op.target, op.line, field.kind) for op, field in ctx.added_fields()]
    assert found == [
        ("product.sku", 6, "CharField"),
        ("product.price", 9, "djmoney.models.fields.MoneyField"),
        ("order.total", 13, "IntegerField"),
        ("order.n", 20, "IntegerField"),
    ]


@pytest.mark.parametrize(
    ("field", "needs_fill", "python_default"),
    [
        ("models.IntegerField()", True, False),
        ("models.IntegerField(default=0)", True, True),
        ("models.IntegerField(default=None)", True, False),
        ("models.DateTimeField(auto_now_add=True)", True, True),
        ("models.CharField(max_length=3, blank=True)", True, True),
        ("models.IntegerField(default=0, db_default=0)", False, True),
        ("models.IntegerField(null=True)", False, False),
        ("models.IntegerField(null=NULLABLE, default=1)", False, True),
        ("models.NullBooleanField(default=False)", False, True),
        ("models.BigAutoField(primary_key=True)", False, False),
        ("models.ManyToManyField('shop.Tag')", False, False),
    ],
)
def test_needs_database_fill_and_python_default(
    field: str, needs_fill: bool, python_default: bool
) -> None:
    call = known(field)
    assert (call.needs_database_fill, call.python_default) == (needs_fill, python_default)


@pytest.mark.parametrize(
    ("field", "name", "expected"),
    [
        ("models.ForeignKey('shop.Product', models.CASCADE)", "to", "'shop.Product'"),
        ("models.ForeignKey('shop.Product', models.CASCADE)", "on_delete", "models.CASCADE"),
        ("models.ForeignKey(to='shop.Product', on_delete=models.CASCADE)", "to", "'shop.Product'"),
        (
            "models.ForeignKey('shop.Item', models.CASCADE, 'a', 'b', None, False, 'sku', False)",
            "db_constraint",
            "False",
        ),
        ("models.OneToOneField('shop.Product', models.CASCADE, 'sku')", "to_field", "'sku'"),
        ("models.ManyToManyField('shop.Tag', 'tags')", "related_name", "'tags'"),
        ("models.CharField('Name', max_length=20)", "verbose_name", "'Name'"),
        ("models.CharField('Name', max_length=20)", "max_length", "20"),
        ("models.CharField('Name', max_length=20)", "null", None),
        ("models.ForeignKey('shop.Product', on_delete=models.CASCADE)", "to_field", None),
    ],
)
def test_arg_reads_keyword_or_position(field: str, name: str, expected: str | None) -> None:
    found = known(field).arg(name)
    assert (ast.unparse(found) if found is not None else None) == expected


def test_arguments_by_position_count_for_the_flag_helpers() -> None:
    positional = known("models.ForeignKey('shop.Product', models.CASCADE, 'a', 'b', None, True)")
    assert (positional.has("parent_link"), positional.is_set("parent_link")) == (True, True)
    assert positional.is_unset("db_constraint") is True
    assert sorted(positional.arguments) == [
        "limit_choices_to",
        "on_delete",
        "parent_link",
        "related_name",
        "related_query_name",
        "to",
    ]
    assert known("models.ArrayField(models.IntegerField(), 3)").arg("size") is not None
