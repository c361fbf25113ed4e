"""What a check leaves behind in memory, and the garbage collector around it."""

from __future__ import annotations

import ast
import gc
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from flake8_django_migrations import project
from flake8_django_migrations.migration import Migration
from flake8_django_migrations.plugin import RAISE_ENV, check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.rules.api import Context, Rule, Violation
from flake8_django_migrations.settings import Settings

INITIAL = """
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    operations = [
        migrations.CreateModel(
            "Order",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("total", models.IntegerField()),
                ("note", models.CharField(max_length=20)),
            ],
        ),
    ]
"""
# One file that builds every shared analysis: a field alteration, locks, SQL, and RunPython
# bodies with a helper that a star import could shadow.
BUSY = """
from django.db import migrations, models
from shop.helpers import *


def total_of(order):
    return order.total


def forward(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.all():
        order.note = str(total_of(order))
        order.save()


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [
        migrations.AlterField("order", "total", models.BigIntegerField()),
        migrations.AddField("order", "paid", models.BooleanField(default=False)),
        migrations.AddIndex("order", models.Index(fields=["paid"], name="order_paid")),
        migrations.RunSQL("UPDATE shop_order SET paid = true"),
        migrations.RunPython(forward),
        migrations.RemoveField("order", "note"),
    ]
"""


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    project.clear_cache()
    yield
    project.clear_cache()


@pytest.fixture
def busy_file(tmp_path: Path) -> Path:
    folder = tmp_path / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "0001_initial.py").write_text(textwrap.dedent(INITIAL), encoding="utf-8")
    path = folder / "0002_busy.py"
    path.write_text(textwrap.dedent(BUSY), encoding="utf-8")
    return path


def check(path: Path, rules: tuple[Rule, ...] = RULES, pause: bool = True) -> list[Violation]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(True)
    return check_file(ast.parse(text), str(path), lines, Settings(), rules, pause_collector=pause)


def plugin_garbage() -> list[str]:
    """The names of the plugin's own types among what only the collector can free."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [type(o) for o in gc.garbage]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    return sorted(t.__qualname__ for t in found if t.__module__.startswith("flake8_django_"))


@pytest.fixture
def no_collection() -> Iterator[None]:
    """No automatic collection until the probe runs: it would free the cycles unseen."""
    plugin_garbage()  # whatever earlier tests left
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("no_collection")
def test_a_checked_file_leaves_no_cycle_of_the_plugins_objects(busy_file: Path) -> None:
    found = check(busy_file)
    assert {v.code for v in found} >= {"DJM100", "DJM200", "DJM402"}  # the analyses ran
    assert plugin_garbage() == []


@pytest.mark.usefixtures("no_collection")
def test_the_garbage_probe_sees_a_cycle_of_the_plugins_objects() -> None:
    cycle = Settings()
    holder = [cycle]
    holder.append(holder)  # type: ignore[arg-type]
    object.__setattr__(cycle, "_probe", holder)  # a frozen dataclass, pointing back
    del cycle, holder
    assert plugin_garbage() == ["Settings"]


def probe(seen: list[bool], fail: bool = False) -> Rule:
    def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("probe")
        yield from ()

    return Rule("DJM999", "probe", "probe", None, check, True, "0.1.0")


def test_the_collector_is_off_during_a_check_and_back_on_after(busy_file: Path) -> None:
    seen: list[bool] = []
    check(busy_file, (probe(seen),))
    assert (seen, gc.isenabled()) == ([False], True)


def test_the_benchmarks_can_leave_the_collector_running(busy_file: Path) -> None:
    seen: list[bool] = []
    check(busy_file, (probe(seen),), pause=False)
    assert (seen, gc.isenabled()) == ([True], True)


def test_a_collector_the_host_turned_off_stays_off(busy_file: Path) -> None:
    seen: list[bool] = []
    gc.disable()
    try:
        check(busy_file, (probe(seen),))
        assert (seen, gc.isenabled()) == ([False], False)
    finally:
        gc.enable()


def test_the_collector_is_back_on_when_a_rule_raises(
    busy_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(RAISE_ENV, "1")
    with pytest.raises(RuntimeError, match="probe"):
        check(busy_file, (probe([], fail=True),))
    assert gc.isenabled()


def test_outside_a_migrations_folder_the_collector_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "shop" / "models.py"
    path.parent.mkdir()
    path.write_text("x = 1\n", encoding="utf-8")
    seen: list[bool] = []
    assert check(path, (probe(seen),)) == []
    assert seen == []
