"""`locks`: an index build after a step that holds ACCESS EXCLUSIVE on the same table blocks
reads too (DJM200, DJM300, DJM302 say "reads and writes")."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE
from tests import harness

HEADER = """\
from django.db import migrations, models


class Migration(migrations.Migration):
{attributes}
    dependencies = [("shop", "0011_order_tracking_code")]

    operations = [
{operations}
    ]
"""

ADD_INDEX = 'migrations.AddIndex("order", models.Index(fields=["paid_at"], name="o_paid"))'
INDEX_SQL = "CREATE INDEX o_paid ON shop_order (paid_at)"
FOREIGN_KEY = (
    "ALTER TABLE shop_order ADD CONSTRAINT o_user_fk FOREIGN KEY (user_id) "
    "REFERENCES auth_user (id)"
)


def _runsql(sql: str) -> str:
    return f"migrations.RunSQL({sql!r}, migrations.RunSQL.noop)"


@pytest.mark.parametrize(
    ("earlier", "blocked"),
    [
        ('migrations.RemoveIndex("order", "o_old")', "reads and writes"),
        ('migrations.RemoveField("order", "note")', "reads and writes"),
        ('migrations.AddField("order", "note", models.TextField(null=True))', "reads and writes"),
        ('migrations.RemoveConstraint("order", "o_check")', "reads and writes"),
        (
            'migrations.AddConstraint("order", models.CheckConstraint(condition=models.Q(a=1), '
            'name="c"))',
            "reads and writes",
        ),
        (
            'migrations.AddConstraint("order", models.UniqueConstraint(fields=["a"], name="u"))',
            "reads and writes",
        ),
        (
            'migrations.AlterOrderWithRespectTo("order", "shop")',
            "reads and writes",
        ),
        (_runsql("ALTER TABLE shop_order DROP CONSTRAINT o_old_fk"), "reads and writes"),
        (_runsql("LOCK TABLE shop_order"), "reads and writes"),
        # Weaker locks, another table, a field the plugin cannot read, an unknown model.
        ('migrations.AddField("order", "tags", models.ManyToManyField("shop.tag"))', "writes"),
        ('migrations.AddField("order", "geo", PointField(null=True))', "writes"),
        (
            'migrations.AddConstraint("order", models.UniqueConstraint(fields=["a"], name="u", '
            "condition=models.Q(a=1)))",
            "writes",
        ),
        ('migrations.RemoveIndex("cart", "c_old")', "writes"),
        ('migrations.RenameField("order", "note", "remark")', "writes"),
        ('migrations.AlterOrderWithRespectTo("order", None)', "writes"),
        (
            'migrations.AddField("order", "g", models.GeneratedField(expression=models.F("a"), '
            "output_field=models.IntegerField(), db_persist=True))",
            "reads and writes",
        ),
        (
            'migrations.AddField("order", "g", models.GeneratedField(expression=models.F("a"), '
            "output_field=models.IntegerField(), db_persist=False))",
            "writes",
        ),
        ('migrations.AddConstraint("order", CONSTRAINT)', "writes"),
        ('migrations.AddConstraint("order", models.UniqueConstraint("a", name="u"))', "writes"),
        ('migrations.AlterField("order", "note", models.TextField())', "writes"),
        ('migrations.AlterUniqueTogether("order", {("a", "b")})', "writes"),
        (_runsql("ALTER TABLE shop_order VALIDATE CONSTRAINT o_fk"), "writes"),
        (_runsql("LOCK TABLE shop_order IN SHARE MODE"), "writes"),
        (_runsql("ALTER TABLE shop_cart ADD COLUMN note text"), "writes"),
        (_runsql(FOREIGN_KEY + " NOT VALID"), "writes"),
        (_runsql("PRAGMA foreign_keys = OFF; ALTER TABLE shop_order ADD COLUMN x int"), "writes"),
    ],
)
def test_djm200_add_index_after_an_exclusive_lock(earlier: str, blocked: str) -> None:
    full = _full_messages("DJM200", [earlier, ADD_INDEX])
    assert full == [f"DJM200 `order`: index build blocks {blocked}; use `AddIndexConcurrently`"]


def _full_messages(code: str, operations: list[str], attributes: str = "") -> list[str]:
    body = "".join(f"        {operation},\n" for operation in operations)
    source = HEADER.format(operations=body.rstrip("\n"), attributes=attributes)
    found = check_file(
        ast.parse(source),
        "shop/migrations/0012_change.py",
        source.splitlines(keepends=True),
        harness.make_settings(),
        (BY_CODE[code],),
    )
    return [v.text for v in found]


def test_djm200_a_later_lock_or_a_non_atomic_migration_changes_nothing() -> None:
    remove = 'migrations.RemoveIndex("order", "o_old")'
    assert _full_messages("DJM200", [ADD_INDEX, remove]) == [
        "DJM200 `order`: index build blocks writes; use `AddIndexConcurrently`"
    ]
    assert _full_messages("DJM200", [remove, ADD_INDEX], "    atomic = False") == [
        "DJM200 `order`: index build blocks writes; use `AddIndexConcurrently`"
    ]


@pytest.mark.parametrize(
    ("sql", "blocked"),
    [
        (
            f"ALTER TABLE shop_order ADD COLUMN paid_at timestamptz; {INDEX_SQL}",
            "reads and writes",
        ),
        (
            f"ALTER TABLE public.shop_order ALTER paid_at SET NOT NULL; {INDEX_SQL}",
            "reads and writes",
        ),
        (f"TRUNCATE shop_cart, ONLY shop_order; {INDEX_SQL}", "reads and writes"),
        (f"LOCK shop_order IN ACCESS EXCLUSIVE MODE; {INDEX_SQL}", "reads and writes"),
        (
            "ALTER TABLE shop_purchase RENAME TO shop_order; " + INDEX_SQL,
            "reads and writes",
        ),
        (f"{INDEX_SQL}; ALTER TABLE shop_order ADD COLUMN x int", "writes"),
        (f"ALTER TABLE shop_order SET STATISTICS 100; {INDEX_SQL}", "writes"),
        (f"ALTER TABLE shop_order ALTER paid_at SET STATISTICS 100; {INDEX_SQL}", "writes"),
        (f"ALTER TABLE shop_order ENABLE TRIGGER t; {INDEX_SQL}", "writes"),
        (f"ALTER TABLE shop_order RENAME CONSTRAINT a TO b; {INDEX_SQL}", "writes"),
        (f"{FOREIGN_KEY} NOT VALID; {INDEX_SQL}", "writes"),
    ],
)
def test_djm300_index_after_an_exclusive_statement(sql: str, blocked: str) -> None:
    assert _full_messages("DJM300", [_runsql(sql)]) == [
        f"DJM300 `CREATE INDEX o_paid ON shop_order (paid_at)` blocks {blocked}: use "
        "`CONCURRENTLY`"
    ]


def test_djm300_lock_taken_by_an_earlier_runsql_or_operation() -> None:
    earlier = [
        _runsql("ALTER TABLE shop_order DROP COLUMN note"),
        'migrations.RemoveField("order", "a")',
    ]
    for step in earlier:
        assert _full_messages("DJM300", [step, _runsql(INDEX_SQL)]) == [
            "DJM300 `CREATE INDEX o_paid ON shop_order (paid_at)` blocks reads and writes: use "
            "`CONCURRENTLY`"
        ]
        assert _full_messages("DJM300", [step, _runsql(INDEX_SQL)], "    atomic = False") == [
            "DJM300 `CREATE INDEX o_paid ON shop_order (paid_at)` blocks writes: use "
            "`CONCURRENTLY`"
        ]


@pytest.mark.parametrize(
    ("operations", "blocked"),
    [
        ([_runsql(FOREIGN_KEY)], "writes"),
        (
            [
                _runsql(
                    "ALTER TABLE shop_order DROP CONSTRAINT o_old, ADD CONSTRAINT o_user_fk "
                    "FOREIGN KEY (user_id) REFERENCES auth_user (id)"
                )
            ],
            "reads and writes",
        ),
        (
            [_runsql("ALTER TABLE shop_order ALTER total SET DEFAULT 0; " + FOREIGN_KEY)],
            "reads and writes",
        ),
        (['migrations.RemoveIndex("order", "o_old")', _runsql(FOREIGN_KEY)], "reads and writes"),
        (['migrations.RemoveIndex("cart", "c_old")', _runsql(FOREIGN_KEY)], "writes"),
    ],
)
def test_djm302_foreign_key_after_an_exclusive_lock(operations: list[str], blocked: str) -> None:
    found = _full_messages("DJM302", operations)
    assert [message.split("` blocks ", 1)[1] for message in found] == [
        f"{blocked}: add `NOT VALID`"
    ]


def test_djm302_check_blocks_reads_and_writes_by_itself() -> None:
    found = _full_messages("DJM302", [_runsql("ALTER TABLE shop_order ADD CHECK (total > 0)")])
    assert found == [
        "DJM302 `ALTER TABLE shop_order ADD CHECK (total > 0)` blocks reads and writes: "
        "add `NOT VALID`"
    ]


INITIAL = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    operations = [
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("note", models.CharField(max_length=20, null=True)),
                ("code", models.CharField(max_length=20, db_column="ref", null=True)),
                ("paid_at", models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name="Cart",
            fields=[("id", models.BigAutoField(primary_key=True))],
            options={"db_table": "legacy_cart"},
        ),
    ]
"""


def _app_messages(
    tmp_path: Path, code: str, operations: list[str], initial: str = INITIAL
) -> list[str]:
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "0001_initial.py").write_text(initial)
    body = "".join(f"        {operation},\n" for operation in operations)
    source = textwrap.dedent(HEADER).format(operations=body.rstrip("\n"), attributes="")
    source = source.replace("0011_order_tracking_code", "0001_initial")
    path = folder / "0002_change.py"
    path.write_text(source)
    found = check_file(
        ast.parse(source),
        str(path),
        source.splitlines(keepends=True),
        harness.make_settings(),
        (BY_CODE[code],),
    )
    return [v.text for v in found]


@pytest.mark.parametrize(
    ("earlier", "blocked"),
    [
        (
            'migrations.AlterField("order", "note", models.CharField(max_length=10, null=True))',
            "reads and writes",
        ),
        (
            'migrations.AlterField("order", "note", models.CharField(max_length=20))',
            "reads and writes",
        ),
        ('migrations.RenameField("order", "note", "remark")', "reads and writes"),
        (
            'migrations.AlterField("order", "note", '
            'models.CharField(max_length=20, null=True, help_text="x"))',
            "writes",
        ),
        ('migrations.RenameField("order", "code", "reference")', "writes"),
        ('migrations.AlterUniqueTogether("order", {("note", "code")})', "reads and writes"),
        ('migrations.AlterUniqueTogether("order", set())', "writes"),
    ],
)
def test_djm200_earlier_field_change_read_from_the_state(
    tmp_path: Path, earlier: str, blocked: str
) -> None:
    assert _app_messages(tmp_path, "DJM200", [earlier, ADD_INDEX]) == [
        f"DJM200 `order`: index build blocks {blocked}; use `AddIndexConcurrently`"
    ]


def test_djm200_unique_together_a_branch_may_have_set_is_not_known_to_change(
    tmp_path: Path,
) -> None:
    # 0001 sets the group only when a setting says so: emptying it later may drop a
    # constraint or change nothing, so only what both cases block is claimed.
    initial = (
        "from django.conf import settings\n"
        + INITIAL
        + (
            "\n    if settings.UNIQUE_NOTE:\n"
            '        operations += [migrations.AlterUniqueTogether("order", {("note", "code")})]\n'
        )
    )
    earlier = 'migrations.AlterUniqueTogether("order", set())'
    assert _app_messages(tmp_path, "DJM200", [earlier, ADD_INDEX], initial) == [
        "DJM200 `order`: index build blocks writes; use `AddIndexConcurrently`"
    ]


def test_djm300_renamed_model_is_locked_under_both_names(tmp_path: Path) -> None:
    operations = [
        'migrations.RenameModel("Order", "Purchase")',
        _runsql("CREATE INDEX p_paid ON shop_purchase (paid_at)"),
        'migrations.AlterModelTable("cart", "shop_cart")',
        _runsql("CREATE INDEX c_id ON shop_cart (id)"),
        _runsql("CREATE INDEX l_id ON legacy_cart (id)"),
        # `db_table` keeps the name: Django runs no SQL.
        'migrations.RenameModel("Cart", "Basket")',
        _runsql("CREATE INDEX b_id ON shop_basket (id)"),
    ]
    found = _app_messages(tmp_path, "DJM300", operations)
    assert [message.split("` blocks ", 1)[1] for message in found] == [
        "reads and writes: use `CONCURRENTLY`"
    ] * 3 + ["writes: use `CONCURRENTLY`"]
