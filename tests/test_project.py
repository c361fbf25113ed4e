"""App-level knowledge on real folders: discovery, labels, messy folders, the cache, buffers."""

from __future__ import annotations

import ast
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from flake8_django_migrations import project
from flake8_django_migrations.context import make_context
from flake8_django_migrations.migration import Migration, parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.settings import Settings, parse_app_labels

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
    return not ctx.app.state_before.all_unknown


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
    assert summary == project.FileSummary("0001_initial", broken=True)


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
