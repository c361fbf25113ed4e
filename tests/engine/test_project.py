"""App-level knowledge on real folders: discovery, labels, messy folders, the cache, buffers."""

from __future__ import annotations

import ast
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.context import make_context
from flake8_django_migrations.fields import FieldCall
from flake8_django_migrations.graph import FileSummary
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.settings import NEWEST_KNOWN_DJANGO, Settings, parse_app_labels
from tests.engine.test_summary_cache import every_fixture_migration

MODEL = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = {deps}

    operations = [{ops}]
"""
DEFAULT_RULES = tuple(rule for rule in RULES if rule.default_on)
CREATE = (
    'migrations.CreateModel("{name}", '
    '[("id", models.BigAutoField(primary_key=True, serialize=False))])'
)


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    project.clear_cache()
    yield
    project.clear_cache()


def write(folder: Path, name: str, deps: str = "[]", ops: str = "", text: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(text or MODEL.format(deps=deps, ops=ops), encoding="utf-8")
    return path


def parsed(path: Path, source: str | None = None) -> Migration:
    text = path.read_text(encoding="utf-8") if source is None else source
    found = parse_migration(ast.parse(text), text.splitlines(True))
    assert found is not None
    return found


def codes(path: Path, settings: Settings | None = None, source: str | None = None) -> list[str]:
    """What the default rules report on `path` (or on `source`, as an editor buffer of it)."""
    text = path.read_text(encoding="utf-8") if source is None else source
    lines = text.splitlines(True)
    found = check_file(ast.parse(text), str(path), lines, settings or Settings(), DEFAULT_RULES)
    return [v.code for v in found]


def test_messy_folder_gives_no_graph_or_state_false_alarm(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    deps = '[("shop", "0001_initial"), ("payments", "0003_x"), ("auth", "0012_y")]'
    write(
        folder,
        "0002_order_note",
        deps,
        'migrations.AddField("order", "note", models.TextField(null=True))',
    )
    write(folder, "0002_order_total", '[("shop", "0001_initial")]')
    merge = '[("shop", "0002_order_note"), ("shop", "0002_order_total")]'
    write(folder, "0003_merge", merge)
    squash = MODEL.format(deps="[]", ops=CREATE.format(name="Order")).replace(
        "    dependencies",
        '    replaces = [("shop", "0001_initial"), ("shop", "0002_order_note")]\n    dependencies',
    )
    write(folder, "0001_squashed_0002", text=squash)
    write(folder, "10000_five_digits", '[("shop", "0003_merge")]')
    write(folder, "latest", '[("shop", "10000_five_digits")]')
    write(folder, "helpers", text="def forwards(apps, schema_editor):\n    pass\n")
    (folder / "__init__.py").write_text("VALUE = compute()\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not python", encoding="utf-8")
    found = {path.name: codes(path) for path in folder.glob("*.py")}
    assert found == {
        "0001_initial.py": [],
        "0002_order_note.py": [],
        "0002_order_total.py": [],
        "0003_merge.py": [],
        "0001_squashed_0002.py": [],
        "10000_five_digits.py": [],
        "latest.py": [],
        "helpers.py": [],
        "__init__.py": [],
    }


def test_unparsable_sibling_makes_only_its_descendants_unknown(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    first = write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    write(folder, "0002_broken", text="class Migration(:\n")
    before = write(folder, "0003_before", '[("shop", "0001_initial")]')
    after = write(folder, "0004_after", '[("shop", "0002_broken")]')
    assert known(before) is True
    assert known(after) is False
    assert known(first) is True


def known(path: Path) -> bool:
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    return not ctx.app.state_at_file_start.all_unknown


@pytest.mark.parametrize(
    ("deps", "label"),
    [
        ('[("pretixbase", "0001_initial")]', "pretixbase"),
        ('[("base", "0001_initial")]', "base"),
        ('[("pretixbase", "0001_initial"), ("other", "0001_initial")]', "base"),
        ('[("pretixbase", "0001_initial"), ("pretixbase", "0001_initial")]', "pretixbase"),
    ],
)
def test_app_label_is_the_one_the_files_use_for_their_siblings(
    tmp_path: Path, deps: str, label: str
) -> None:
    folder = tmp_path / "pretix" / "base" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Event"))
    path = write(folder, "0002_event_name", deps)
    assert make_context(str(path), Settings(), parsed(path)).app_label == label


def test_app_label_ignores_labels_of_other_app_folders(tmp_path: Path) -> None:
    folder = tmp_path / "wiki" / "plugins" / "images" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Image"))
    path = write(folder, "0002_image_alt", '[("wiki", "0001_initial")]')
    write(tmp_path / "wiki" / "plugins" / "wiki" / "migrations", "0001_initial")
    assert make_context(str(path), Settings(), parsed(path)).app_label == "images"


def test_configured_label_wins(tmp_path: Path) -> None:
    folder = tmp_path / "pretix" / "base" / "migrations"
    path = write(folder, "0001_initial", ops=CREATE.format(name="Event"))
    settings = Settings(app_labels=parse_app_labels("pretix/base:core"))
    assert make_context(str(path), settings, parsed(path)).app_label == "core"


APPS_PY = 'from django.apps import AppConfig\n\n\nclass C(AppConfig):\n    label = "{label}"\n'
ALTER_NOTE = 'migrations.AlterField("payment", "note", models.TextField(null=True, blank=True))'


def every_code(path: Path, settings: Settings | None = None) -> list[str]:
    """What all rules, the opt-in ones too, report on `path`."""
    text = path.read_text(encoding="utf-8")
    found = check_file(
        ast.parse(text), str(path), text.splitlines(True), settings or Settings(), RULES
    )
    return [v.code for v in found]


def billing_payments(root: Path, apps_py: bool, third_party: bool) -> Path:
    """`billing/payments`, the app `billing_payments`, which depends on the app `payments`."""
    (root / "manage.py").write_text("", encoding="utf-8")
    app = root / "billing" / "payments"
    folder = app / "migrations"
    write(folder, "0001_initial", '[("payments", "0003_refund")]', CREATE.format(name="Payment"))
    note = 'migrations.AddField("payment", "note", models.TextField(null=True))'
    write(folder, "0002_payment_note", '[("billing_payments", "0001_initial")]', note)
    write(folder, "0003_alter_note", '[("billing_payments", "0002_payment_note")]', ALTER_NOTE)
    if apps_py:
        (app / "apps.py").write_text(APPS_PY.format(label="billing_payments"), encoding="utf-8")
    if third_party:
        other = root / "payments" / "migrations"
        write(other, "0001_initial", ops=CREATE.format(name="Refund"))
        write(other, "0002_refund_note", '[("payments", "0001_initial")]')
        write(other, "0003_refund", '[("payments", "0002_refund_note")]')
    return folder


@pytest.mark.parametrize("third_party", [True, False], ids=["with-payments", "no-payments"])
@pytest.mark.parametrize("apps_py", [True, False], ids=["apps-py", "guessed"])
def test_label_apart_from_a_dependency_on_the_app_named_like_the_folder(
    tmp_path: Path, apps_py: bool, third_party: bool
) -> None:
    folder = billing_payments(tmp_path, apps_py, third_party)
    found = {path.stem: every_code(path) for path in sorted(folder.glob("*.py"))}
    assert found == {"0001_initial": [], "0002_payment_note": [], "0003_alter_note": []}
    path = folder / "0003_alter_note.py"
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app_label == "billing_payments"
    assert ctx.app is not None
    assert sorted(ctx.app.state_at_file_start.models["payment"].fields) == ["id", "note"]


def test_missing_migration_of_the_app_named_like_the_folder_is_reported(tmp_path: Path) -> None:
    folder = billing_payments(tmp_path, apps_py=True, third_party=True)
    (tmp_path / "payments" / "migrations" / "0003_refund.py").unlink()
    assert every_code(folder / "0001_initial.py") == ["DJM601"]
    assert every_code(folder / "0002_payment_note.py") == []


def test_label_from_apps_py_wins_over_the_guess(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    write(tmp_path / "base" / "migrations", "0001_initial")  # another app, `base`
    app = tmp_path / "pretix" / "base"
    write(app / "migrations", "0001_initial", ops=CREATE.format(name="Event"))
    write(app / "migrations", "0002_event_name", '[("pretixbase", "0001_initial")]')
    deps = '[("pretixbase", "0002_event_name"), ("base", "0001_initial")]'
    path = write(app / "migrations", "0003_event_slug", deps)
    assert make_context(str(path), Settings(), parsed(path)).app_label == "base"
    project.clear_cache()
    (app / "apps.py").write_text(APPS_PY.format(label="pretixbase"), encoding="utf-8")
    ctx = make_context(str(path), Settings(), parsed(path))
    assert (ctx.app_label, ctx.app is not None) == ("pretixbase", True)
    assert every_code(path) == []
    settings = Settings(app_labels=parse_app_labels("pretix/base:core"))
    assert make_context(str(path), settings, parsed(path)).app_label == "core"


@pytest.mark.parametrize(
    "apps_py",
    [
        'from django.apps import AppConfig\n\n\nclass C(AppConfig):\n    label = PREFIX + "x"\n',
        APPS_PY.format(label="one") + '\n\nclass D(AppConfig):\n    label = "two"\n',
    ],
    ids=["not-literal", "two-configs"],
)
def test_label_falls_back_to_the_guess(tmp_path: Path, apps_py: str) -> None:
    app = tmp_path / "pretix" / "base"
    write(app / "migrations", "0001_initial", ops=CREATE.format(name="Event"))
    path = write(app / "migrations", "0002_event_name", '[("pretixbase", "0001_initial")]')
    (app / "apps.py").write_text(apps_py, encoding="utf-8")
    ctx = make_context(str(path), Settings(), parsed(path))
    assert (ctx.app_label, ctx.app is not None) == ("pretixbase", True)


def test_label_of_an_unreadable_folder_comes_from_apps_py(tmp_path: Path) -> None:
    app = tmp_path / "billing" / "payments"
    app.mkdir(parents=True)
    (app / "apps.py").write_text(APPS_PY.format(label="billing_payments"), encoding="utf-8")
    path = app / "migrations" / "0001_initial.py"
    source = MODEL.format(deps="[]", ops="")
    found = parse_migration(ast.parse(source), source.splitlines(True))
    assert found is not None
    assert make_context(str(path), Settings(), found).app_label == "billing_payments"


def messy_history(folder: Path, sibling_label: str) -> list[Path]:
    """Two leaves, a shared number and a change of a missing field, were the label right."""
    return [
        write(folder, "0001_initial", ops=CREATE.format(name="Payment")),
        write(folder, "0002_a", f'[("{sibling_label}", "0001_initial")]', ALTER_NOTE),
        write(folder, "0002_b", f'[("{sibling_label}", "0001_initial")]'),
    ]


@pytest.mark.parametrize(
    ("apps_py", "settings", "first"),
    [
        ("", Settings(), []),
        (APPS_PY.format(label="payments_app"), Settings(), []),
        # Only the option's label is reported, once, on the folder's first migration.
        ("", Settings(app_labels=parse_app_labels("payments:payments_app")), ["DJM611"]),
    ],
    ids=["other-folder-of-that-label", "apps-py", "configured"],
)
def test_files_that_contradict_the_label_make_graph_and_state_unknown(
    tmp_path: Path, apps_py: str, settings: Settings, first: list[str]
) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    # The files name their siblings `billing`, but `billing/` is another app without them.
    write(tmp_path / "billing" / "migrations", "0001_other")
    paths = messy_history(tmp_path / "payments" / "migrations", "billing")
    if apps_py:
        (tmp_path / "payments" / "apps.py").write_text(apps_py, encoding="utf-8")
    assert [every_code(path, settings) for path in paths] == [first, [], []]
    ctx = make_context(str(paths[1]), settings, parsed(paths[1]))
    assert (ctx.app_label, ctx.app, ctx.states) == (
        "payments_app" if apps_py or settings.app_labels else "payments",
        None,
        None,
    )


def test_tied_sibling_labels_make_graph_and_state_unknown(tmp_path: Path) -> None:
    folder = tmp_path / "payments" / "migrations"
    paths = messy_history(folder, "billing")
    write(folder, "0003_c", '[("ledger", "0002_a"), ("ledger", "0002_b")]')
    assert [every_code(path) for path in paths] == [[], [], []]
    assert make_context(str(paths[1]), Settings(), parsed(paths[1])).app is None


def test_sibling_names_of_another_app_that_has_them_do_not_contradict(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    write(tmp_path / "blog" / "migrations", "0001_initial", ops=CREATE.format(name="Post"))
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    path = write(folder, "0002_order_note", '[("blog", "0001_initial")]')
    assert every_code(path) == ["DJM600"]


def test_other_app_whose_files_contradict_its_label_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    blog = tmp_path / "blog"
    write(blog / "migrations", "0001_initial", ops=CREATE.format(name="Post"))
    write(blog / "migrations", "0002_post_title", '[("weblog", "0001_initial")]')
    (blog / "apps.py").write_text(APPS_PY.format(label="blog"), encoding="utf-8")
    path = write(tmp_path / "shop" / "migrations", "0001_initial", '[("blog", "0009_gone")]')
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.other_app("blog") is None
    assert every_code(path) == []
    (blog / "apps.py").unlink()
    project.clear_cache()
    assert every_code(path) == []  # `blog/` is the app `weblog`, as its files say


def test_missing_dependency_in_another_app_found_up_the_tree(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    write(tmp_path / "blog" / "migrations", "0001_initial", ops=CREATE.format(name="Post"))
    deps = '[("blog", "0001_initial"), ("blog", "0009_gone"), ("payments", "0009_gone")]'
    path = write(tmp_path / "shop" / "migrations", "0001_initial", deps)
    lines = path.read_text(encoding="utf-8").splitlines()
    reported = check_file(ast.parse("\n".join(lines)), str(path), lines, Settings(), DEFAULT_RULES)
    assert [(v.code, lines[v.line - 1].strip()) for v in reported] == [
        (
            "DJM601",
            'dependencies = [("blog", "0001_initial"), ("blog", "0009_gone"), '
            '("payments", "0009_gone")]',
        ),
    ]
    assert "`blog.0009_gone`" in reported[0].message


def test_other_app_under_configured_path(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("", encoding="utf-8")
    write(tmp_path / "src" / "core" / "migrations", "0001_initial")
    path = write(tmp_path / "shop" / "migrations", "0001_initial", '[("pretixcore", "0002_x")]')
    settings = Settings(app_labels=parse_app_labels("src/core:pretixcore"))
    assert codes(path, settings) == ["DJM601"]
    assert codes(path) == []


def test_other_app_latest_state(tmp_path: Path) -> None:
    write(tmp_path / "blog" / "migrations", "0001_initial", ops=CREATE.format(name="Post"))
    path = write(tmp_path / "shop" / "migrations", "0001_initial")
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    blog = ctx.app.other_app("blog")
    assert blog is not None
    assert sorted(blog.latest_state.models) == ["post"]
    assert ctx.app.other_app("payments") is None


def test_buffer_replaces_the_disk_copy_of_the_checked_file(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    write(folder, "0002_a", '[("shop", "0001_initial")]')
    merge = write(folder, "0003_b", '[("shop", "0001_initial")]')
    assert codes(merge) == ["DJM600"]
    buffer = MODEL.format(deps='[("shop", "0001_initial"), ("shop", "0002_a")]', ops="")
    assert codes(merge, source=buffer) == []


def test_cache_is_rechecked_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    path = write(folder, "0002_a", '[("shop", "0001_initial")]')
    settings = Settings()
    first = project.load_folder(folder, settings)
    assert first is not None
    assert project.load_folder(folder, settings) is first
    monkeypatch.setattr(project, "RECHECK_SECONDS", 0.0)
    assert project.load_folder(folder, settings) is first
    write(folder, "0003_b", '[("shop", "0001_initial")]')
    again = project.load_folder(folder, settings)
    assert again is not first
    assert again is not None
    assert sorted(again.files) == ["0001_initial", "0002_a", "0003_b"]
    assert codes(path) == ["DJM600"]


def test_unreadable_folder_gives_no_knowledge(tmp_path: Path) -> None:
    assert project.load_folder(tmp_path / "missing", Settings()) is None
    source = MODEL.format(deps='[("shop", "0009_x")]', ops="")
    path = tmp_path / "gone" / "migrations" / "0010_y.py"
    migration = parsed(path, source)
    assert make_context(str(path), Settings(), migration).app is None
    assert codes(path, source=source) == []


def test_max_migration_file_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    path = write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    (folder / "max_migration.txt").write_text("0001_initial\n", encoding="utf-8")
    assert codes(path) == []
    (folder / "max_migration.txt").write_bytes(b"\xff\xfe")
    project.clear_cache()
    assert codes(path) == []


def test_source_that_reads_but_breaks_the_reader_is_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "shop" / "migrations", "0001_initial")

    def explode(*args: object) -> None:
        raise RuntimeError("reader bug")

    monkeypatch.setattr(project, "parse_migration", explode)
    summary = project.read_summary(path, "postgresql")
    assert summary == FileSummary("0001_initial", broken=True)


def test_summary_of_a_module_without_migration_is_none(tmp_path: Path) -> None:
    path = tmp_path / "helpers.py"
    path.write_text(textwrap.dedent("X = 1\n"), encoding="utf-8")
    assert project.read_summary(path, "postgresql") is None


def test_other_app_folder_whose_files_use_another_label_is_not_that_app(tmp_path: Path) -> None:
    (tmp_path / "manage.py").write_text("", encoding="utf-8")
    # `images/` here is the app `wiki_images`: its files say so.
    images = tmp_path / "images" / "migrations"
    write(images, "0001_initial", ops=CREATE.format(name="Image"))
    write(images, "0002_image_alt", '[("wiki_images", "0001_initial")]')
    path = write(tmp_path / "shop" / "migrations", "0001_initial", '[("images", "0009_gone")]')
    assert codes(path) == []
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.other_app("images") is None
    assert ctx.app.other_app("wiki_images") is None


@pytest.mark.parametrize(
    "attribute",
    [
        'dependencies = [*BASE, ("shop", "0001_initial")]',
        'run_before = [*LATER]\n    dependencies = [("shop", "0001_initial")]',
        'replaces = [*OLD, ("shop", "0001_initial")]\n    dependencies = []',
    ],
)
def test_starred_entries_make_the_graph_uncertain(tmp_path: Path, attribute: str) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    source = MODEL.format(deps="[]", ops="").replace("    dependencies = []", f"    {attribute}")
    path = write(folder, "0002_more", text=source)
    write(folder, "0002_other", '[("shop", "0001_initial")]')
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.graph.certain is False
    assert codes(path) == []


def test_backslashed_display_name_finds_the_same_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Order"))
    write(folder, "0002_a", '[("shop", "0001_initial")]')
    path = write(folder, "0003_b", '[("shop", "0001_initial")]')
    text = path.read_text(encoding="utf-8")
    windows_style = str(path).replace("/", "\\")
    assert codes(path) == ["DJM600"]
    assert codes(Path(windows_style), source=text) == ["DJM600"]


def generated(version: str, deps: str = "[]", ops: str = "") -> str:
    header = f"# Generated by Django {version} on 2024-01-02 03:04\n"
    return header + MODEL.format(deps=deps, ops=ops)


def test_summary_keeps_the_header_version(tmp_path: Path) -> None:
    path = write(tmp_path / "shop" / "migrations", "0001_initial", text=generated("3.2.25"))
    summary = project.read_summary(path, "postgresql")
    assert summary is not None
    assert summary.django_version == "3.2.25"


def django_version_of(path: Path, settings: Settings) -> tuple[int, int]:
    return make_context(str(path), settings, parsed(path)).django_version


def test_django_version_is_the_newest_header_of_the_app(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", text=generated("1.11.29"))
    write(folder, "0002_a", text=generated("3.2.25", '[("shop", "0001_initial")]'))
    path = write(folder, "0003_b", '[("shop", "0002_a")]')
    write(tmp_path / "blog" / "migrations", "0001_initial", text=generated("5.1"))
    assert django_version_of(path, Settings()) == (3, 2)
    # The option, or the installed Django, comes first.
    assert django_version_of(path, Settings(django_version=(5, 0))) == (5, 0)


def test_django_version_without_headers_is_the_newest_known(tmp_path: Path) -> None:
    path = write(tmp_path / "shop" / "migrations", "0001_initial")
    assert django_version_of(path, Settings()) == NEWEST_KNOWN_DJANGO


def test_django_version_without_a_folder_is_the_file_header() -> None:
    text = generated("2.2")
    found = parse_migration(ast.parse(text), text.splitlines(True))
    assert found is not None
    ctx = make_context("nowhere/migrations/0001_initial.py", Settings(), found)
    assert (ctx.app, ctx.django_version) == (None, (2, 2))


ADD_CREATED = 'migrations.AddField("order", "note", models.TextField(default=""))'


@pytest.mark.parametrize(
    ("version", "fix"), [("3.2.25", "add `null=True` first"), ("5.0.4", "use `db_default`")]
)
def test_djm109_advice_follows_the_app_headers(tmp_path: Path, version: str, fix: str) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", text=generated(version, ops=CREATE.format(name="Order")))
    path = write(folder, "0002_order_note", '[("shop", "0001_initial")]', ADD_CREATED)
    text = path.read_text(encoding="utf-8")
    rules = (BY_CODE["DJM109"],)
    found = check_file(ast.parse(text), str(path), text.splitlines(True), Settings(), rules)
    assert [v.text for v in found] == [f"DJM109 `order.note` breaks old code's INSERTs: {fix}"]


def test_module_names_are_the_files_directly_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial")
    write(folder, "helpers", text="X = 1\n")
    write(folder, "__init__", text="")
    write(folder / "tasks", "__init__", text="")
    write(folder / "tasks", "backfill", text="X = 1\n")
    loaded = project.load_folder(folder, Settings())
    assert loaded is not None
    assert loaded.module_names == frozenset({"0001_initial", "helpers"})


# Folders an editor is working in: lock links, backups, links that lead nowhere.

NULLABLE = "models.CharField(max_length=20, null=True)"
NOT_NULL_OPS = 'migrations.AlterField("order", "note", models.CharField(max_length=20))'


def two_leaves(tmp_path: Path) -> tuple[Path, Path, Path]:
    """0001 creates `order.note` nullable; 0002 makes it NOT NULL; 0003 is a second leaf."""
    folder = tmp_path / "shop" / "migrations"
    create = CREATE.format(name="Order").replace("])", f', ("note", {NULLABLE})])')
    write(folder, "0001_initial", ops=create)
    alter = write(folder, "0002_note_not_null", '[("shop", "0001_initial")]', NOT_NULL_OPS)
    other = write(folder, "0003_other", '[("shop", "0001_initial")]')
    return folder, alter, other


def test_two_leaves_and_a_not_null_column_are_reported(tmp_path: Path) -> None:
    _, alter, other = two_leaves(tmp_path)
    assert (codes(alter), codes(other)) == (["DJM600", "DJM106"], ["DJM600"])


def test_files_django_would_not_load_are_not_siblings(tmp_path: Path) -> None:
    folder, alter, other = two_leaves(tmp_path)
    (folder / ".#0002_note_not_null.py").symlink_to("someone@host.1234:1764000000")
    (folder / ".#loop.py").symlink_to(".#loop.py")
    (folder / "_old.py").symlink_to("nowhere")
    # Copies Django skips: a dot in the module name, a leading `~` or `_`.
    for name in ("0004_copy.orig.py", "~0004_copy.py", "_0004_copy.py"):
        write(folder, name.removesuffix(".py"), '[("shop", "0003_other")]')
    loaded = project.load_folder(folder, Settings())
    assert loaded is not None
    assert sorted(loaded.files) == ["0001_initial", "0002_note_not_null", "0003_other"]
    assert (codes(alter), codes(other)) == (["DJM600", "DJM106"], ["DJM600"])


@pytest.mark.parametrize("kind", ["dangling", "loop", "fifo", "folder"])
def test_unreadable_sibling_is_one_broken_migration(tmp_path: Path, kind: str) -> None:
    """Not an unknown folder: the state rules still see the rest (the graph is uncertain, so
    DJM600 stays silent, as its docs say of a folder with a file that cannot be read)."""
    folder, alter, other = two_leaves(tmp_path)
    gone = folder / "0004_gone.py"
    if kind == "dangling":
        gone.symlink_to("0004_deleted.py")
    elif kind == "loop":
        gone.symlink_to(gone.name)
    elif kind == "fifo":
        os.mkfifo(gone)  # reading it would block
    else:
        gone.mkdir()
    loaded = project.load_folder(folder, Settings())
    assert loaded is not None
    assert {n: s.broken for n, s in loaded.files.items()} == {
        "0001_initial": False,
        "0002_note_not_null": False,
        "0003_other": False,
        "0004_gone": True,
    }
    assert (codes(alter), codes(other)) == (["DJM106"], [])


def test_unreadable_max_migration_file_is_ignored(tmp_path: Path) -> None:
    folder, alter, _ = two_leaves(tmp_path)
    os.mkfifo(folder / "max_migration.txt")
    loaded = project.load_folder(folder, Settings())
    assert loaded is not None
    assert loaded.max_migration is None
    assert codes(alter) == ["DJM600", "DJM106"]


NOTE = 'migrations.AlterField("order", "note", models.TextField({args}))'


def test_merge_replays_its_parents_in_django_plan_order(tmp_path: Path) -> None:
    """Django applies the parent sorted last first (`forwards_plan` pops it off its stack):
    before `0004`, `0002_a_relax` (null=True) ran after `0002_b_require` (NOT NULL)."""
    folder = tmp_path / "shop" / "migrations"
    create = CREATE.format(name="Order").replace(
        "serialize=False))", 'serialize=False)), ("note", models.TextField(null=True))'
    )
    write(folder, "0001_initial", ops=create)
    first = '[("shop", "0001_initial")]'
    write(folder, "0002_a_relax", first, NOTE.format(args="null=True, blank=True"))
    require = write(folder, "0002_b_require", first, NOTE.format(args='default=""'))
    write(folder, "0003_merge", '[("shop", "0002_a_relax"), ("shop", "0002_b_require")]')
    path = write(folder, "0004_note", '[("shop", "0003_merge")]', NOTE.format(args='default=""'))
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.graph.plan(["0004_note"]) == [
        "0001_initial",
        "0002_b_require",
        "0002_a_relax",
        "0003_merge",
        "0004_note",
    ]
    note = ctx.app.state_at_file_start.field("order", "note")
    assert note is not None
    assert ast.unparse(note.call) == "models.TextField(null=True, blank=True)"
    assert codes(require) == ["DJM106"]
    assert codes(path) == ["DJM106"]


def test_latest_state_of_several_leaves_follows_the_sorted_leaves(tmp_path: Path) -> None:
    """`make_state` over the leaves plans the first leaf whole, then what the next adds."""
    path = write(tmp_path / "shop" / "migrations", "0001_initial")
    blog = tmp_path / "blog" / "migrations"
    create = CREATE.format(name="Post").replace(
        "serialize=False))", 'serialize=False)), ("body", models.TextField())'
    )
    write(blog, "0001_initial", ops=create)
    body = 'migrations.AlterField("post", "body", models.TextField({args}))'
    write(blog, "0002_a", '[("blog", "0001_initial")]', body.format(args="null=True"))
    write(blog, "0002_b", '[("blog", "0001_initial")]', body.format(args="blank=True"))
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    other = ctx.app.other_app("blog")
    assert other is not None
    found = other.latest_state.field("post", "body")
    assert found is not None
    assert ast.unparse(found.call) == "models.TextField(blank=True)"


def test_dependencies_with_a_part_built_at_run_time_keep_the_state(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    create = CREATE.format(name="Order").replace(
        "serialize=False))", 'serialize=False)), ("note", models.TextField(null=True))'
    )
    write(folder, "0001_initial", ops=create)
    source = MODEL.format(deps='[("shop", "0001_initial")] + settings.EXTRA', ops="")
    write(folder, "0002_extra", text=source)
    path = write(
        folder,
        "0003_note",
        '[("shop", "0002_extra")]',
        'migrations.AlterField("order", "note", models.TextField())',
    )
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.graph.certain is False
    assert ctx.app.state_at_file_start.knows("order") is True
    assert codes(path) == ["DJM106"]


@pytest.mark.parametrize(
    "deps",
    [
        # No same-app parent can be read, an entry cannot be read, or `run_before` is hidden.
        "settings.EXTRA",
        '[("shop", "0001_initial"), EXTRA_ENTRY]',
        '[("shop", "0001_initial")] + settings.EXTRA\n    run_before = [*LATER]',
    ],
)
def test_dependencies_hiding_more_leave_the_state_unknown(tmp_path: Path, deps: str) -> None:
    folder = tmp_path / "shop" / "migrations"
    create = CREATE.format(name="Order").replace(
        "serialize=False))", 'serialize=False)), ("note", models.TextField(null=True))'
    )
    write(folder, "0001_initial", ops=create)
    alter = 'migrations.AlterField("order", "note", models.TextField())'
    path = write(folder, "0002_extra", deps, alter)
    ctx = make_context(str(path), Settings(), parsed(path))
    assert ctx.app is not None
    assert ctx.app.state_at_file_start.all_unknown is True
    assert codes(path) == []


def _encoded(summary: FileSummary | None) -> object:
    """A summary in the disk cache's data form: state operations compared by their text."""
    return summary_cache.encode({"x.py": (0, 0, summary)}, "v") if summary else None


def test_summary_from_the_given_model_equals_a_fresh_parse() -> None:
    for path in every_fixture_migration():
        text = path.read_text(encoding="utf-8")
        given = parse_migration(ast.parse(text), text.splitlines(True))
        if given is None:
            continue
        reused = project.read_summary(path, "postgresql", given)
        assert _encoded(reused) == _encoded(project.read_summary(path, "postgresql")), path


def _added_field(path: Path, given: Migration) -> tuple[str, ast.Call]:
    """The name and field node of the one `AddField` in the summary of `path`."""
    summary = project.read_summary(path, "postgresql", given)
    assert summary is not None
    (op,) = summary.state_ops
    name, field = op.data
    assert isinstance(name, str)
    assert isinstance(field, FieldCall)
    return name, field.call


def test_summary_reuses_the_given_tree_only_for_the_same_text(tmp_path: Path) -> None:
    field = '("order", "note", models.TextField(null=True))'
    path = write(tmp_path / "shop" / "migrations", "0002_note", ops=f"migrations.AddField{field}")
    same = parsed(path)
    assert _added_field(path, same) == ("note", same.operations[0].arg("field"))
    buffer = parsed(path, path.read_text(encoding="utf-8").replace("note", "memo"))
    assert _added_field(path, buffer)[0] == "note"  # the disk's text, parsed again
    path.write_bytes(path.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"))
    assert _added_field(path, same)[1] is not same.operations[0].arg("field")


OLD_SPLIT_ADD = (
    'migrations.AddField("line", "order", '
    'models.ForeignKey(to="shop.Order", on_delete=models.CASCADE))'
)


@pytest.mark.parametrize(
    ("first_extra", "second_ops", "reported"),
    [
        ("", OLD_SPLIT_ADD, False),  # Django 1.7/1.8's second half: new tables
        ("", OLD_SPLIT_ADD + ', migrations.AlterField("line", "id", models.BigAutoField())', True),
        ("    initial = True\n", OLD_SPLIT_ADD, True),  # 1.9 and later mark both halves
        ("", OLD_SPLIT_ADD.replace("on_delete", "null=True, on_delete"), True),
        ("", OLD_SPLIT_ADD.replace("on_delete", "default=1, on_delete"), True),
    ],
    ids=["split", "also-alters", "first-is-initial", "nullable-only", "with-default"],
)
def test_the_second_half_of_a_first_migration_split_before_django_1_9(
    tmp_path: Path, first_extra: str, second_ops: str, reported: bool
) -> None:
    folder = tmp_path / "shop" / "migrations"
    first = MODEL.format(
        deps="[]", ops=f"{CREATE.format(name='Order')}, {CREATE.format(name='Line')}"
    )
    write(
        folder,
        "0001_initial",
        text=first.replace(
            "class Migration(migrations.Migration):\n",
            "class Migration(migrations.Migration):\n" + first_extra,
        ),
    )
    path = write(
        folder, "0002_auto_20140827_1705", deps='[("shop", "0001_initial")]', ops=second_ops
    )
    assert ("DJM203" in codes(path)) is reported


def test_a_later_migration_of_the_split_shape_is_on_existing_tables(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    ops = f"{CREATE.format(name='Order')}, {CREATE.format(name='Line')}"
    write(folder, "0001_initial", ops=ops)
    write(folder, "0002_order_note", deps='[("shop", "0001_initial")]', ops="")
    path = write(folder, "0003_auto", deps='[("shop", "0002_order_note")]', ops=OLD_SPLIT_ADD)
    assert {"DJM105", "DJM203"} <= set(codes(path))


def test_a_header_marks_a_later_change(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(
        folder, "0001_initial", ops=f"{CREATE.format(name='Order')}, {CREATE.format(name='Line')}"
    )
    text = "# Generated by Django 1.11 on 2018-03-02 10:20\n" + MODEL.format(
        deps='[("shop", "0001_initial")]', ops=OLD_SPLIT_ADD
    )
    assert {"DJM105", "DJM203"} <= set(codes(write(folder, "0002_auto", text=text)))


REFUSING = """
from django.db import migrations
{imports}

{base}

class Migration({parent}):
    dependencies = [("shop", "0001_initial")]
{body}
    operations = [migrations.RunPython(print)]
"""
RAISES = (
    "    def unapply(self, project_state, schema_editor, collect_sql=False):\n        raise X\n"
)
LOGS = (
    "    def unapply(self, project_state, schema_editor, collect_sql=False):\n"
    "        print(1)\n        raise X\n"
)


@pytest.mark.parametrize(
    ("imports", "base", "parent", "body", "refused"),
    [
        ("", "", "migrations.Migration", RAISES, True),
        ("", "", "migrations.Migration", LOGS, False),  # may unapply before raising
        ("", f"class OneWay(migrations.Migration):\n{RAISES}", "OneWay", "", True),
        ("", "class Plain(migrations.Migration):\n    pass", "Plain", "", False),
        ("from . import OneWay", "", "OneWay", "", True),
        ("from . import TwoWay", "", "TwoWay", "", False),
        ("from shop.elsewhere import OneWay", "", "OneWay", "", False),  # not the package
    ],
)
def test_a_migration_that_refuses_to_be_unapplied(
    tmp_path: Path, imports: str, base: str, parent: str, body: str, refused: bool
) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Page"))
    package = f"from django.db import migrations\n\nclass OneWay(migrations.Migration):\n{RAISES}"
    (folder / "__init__.py").write_text(
        package + "\nclass TwoWay(migrations.Migration):\n    pass\n"
    )
    text = REFUSING.format(imports=imports, base=base, parent=parent, body=body)
    path = write(folder, "0002_one_way", text=text)
    ctx = make_context(str(path), Settings(), parsed(path))
    assert (ctx.refuses_unapply, "DJM500" in codes(path)) == (refused, not refused)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_place_of_the_package_file_is_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Page"))
    os.mkfifo(folder / "__init__.py")  # reading it would block forever
    text = REFUSING.format(imports="from . import OneWay", base="", parent="OneWay", body="")
    path = write(folder, "0002_one_way", text=text)
    assert "DJM500" in codes(path)


@pytest.mark.parametrize("package", [None, "class OneWay(:\n", "#" * 1_000_001 + "\n"])
def test_a_package_file_that_cannot_be_read_names_no_base(
    tmp_path: Path, package: str | None
) -> None:
    folder = tmp_path / "shop" / "migrations"
    write(folder, "0001_initial", ops=CREATE.format(name="Page"))
    if package is not None:  # missing, not Python, too large to read
        (folder / "__init__.py").write_text(package)
    text = REFUSING.format(imports="from . import OneWay", base="", parent="OneWay", body="")
    path = write(folder, "0002_one_way", text=text)
    assert "DJM500" in codes(path)
