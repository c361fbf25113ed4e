"""The disk cache of file summaries: same results warm or cold, and nothing it reads can run
code, block, or change a diagnostic (real files in tmp_path, no mocked file system)."""

from __future__ import annotations

import ast
import dataclasses
import json
import os
import pickle
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.fields import DeferredField, FieldCall
from flake8_django_migrations.graph import FileSummary
from flake8_django_migrations.migration import parse_migration
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import Settings
from flake8_django_migrations.state import _READERS, OPAQUE, OPEN_FIELDS, UNREADABLE, StateOp
from tests import harness

SOURCE = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = {deps}

    operations = [
        migrations.CreateModel(
            "Order",
            [
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("note", models.CharField(max_length=20, null=True, db_column="remark")),
            ],
        ),
    ]
"""
NOT_NULL = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AlterField(
            "order", "note", models.CharField(max_length=20, db_column="remark")
        ),
    ]
"""
OTHER_LEAF = """
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AddField("order", "total", models.IntegerField(null=True)),
    ]
"""
# What the app of `leaves_app` reports with the cache off (checked by a test below).
LEAVES_REPORT = [
    ("0002_note_not_null.py", 5, "DJM600"),
    ("0002_note_not_null.py", 9, "DJM106"),
    ("0003_total.py", 5, "DJM600"),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(summary_cache.CACHE_ENV, str(folder))
    project.clear_cache()
    yield folder
    project.clear_cache()


@pytest.fixture
def deadline() -> Iterator[None]:
    """A read that blocks (a FIFO opened for reading) fails the test instead of hanging it."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("reading the cache blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(30)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def app(root: Path) -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_initial.py").write_text(SOURCE.format(deps="[]"), encoding="utf-8")
    (folder / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    (folder / "0002_broken.py").write_text("class Migration(:\n", encoding="utf-8")
    return folder


def leaves_app(root: Path) -> Path:
    """Two leaves (DJM600) and a nullable column made NOT NULL (DJM106)."""
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    (folder / "0001_initial.py").write_text(SOURCE.format(deps="[]"), encoding="utf-8")
    (folder / "0002_note_not_null.py").write_text(NOT_NULL, encoding="utf-8")
    (folder / "0003_total.py").write_text(OTHER_LEAF, encoding="utf-8")
    return folder


def model_fields(folder: Path) -> dict[str, object]:
    loaded = project.load_folder(folder, Settings())
    assert loaded is not None
    graph = loaded.graph("shop")
    order = loaded.state_after(graph, "0001_initial").model("order")
    assert order is not None
    note = order.field("note")
    assert note is not None
    return {
        "files": sorted(loaded.files),
        "broken": sorted(n for n, s in loaded.files.items() if s.broken),
        "fields": sorted(order.fields),
        "note": (note.kind, note.nullable, note.has("db_column")),
    }


def report(folder: Path) -> list[tuple[str, int, str]]:
    """Every diagnostic of every migration of the folder, as a fresh flake8 process sees it."""
    project.clear_cache()
    found: list[tuple[str, int, str]] = []
    for path in sorted(folder.glob("0*.py")):
        text = path.read_text(encoding="utf-8")
        violations = check_file(ast.parse(text), str(path), text.splitlines(True), Settings())
        found += [(path.name, v.line, v.code) for v in violations]
    return sorted(found)


def report_without_cache(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    with monkeypatch.context() as patch:
        patch.setenv(summary_cache.CACHE_ENV, "")
        return list(report(folder))


def entry_of(folder: Path) -> Path:
    path = summary_cache.cache_file(folder, "postgresql")
    assert path is not None
    return path


# ---------------------------------------------------------------------------------------------
# Warm and cold


def test_warm_cache_gives_what_the_files_give(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    cold = model_fields(folder)
    assert [p.relative_to(cache) for p in cache.glob("*/*.json")] == [
        entry_of(folder).relative_to(cache)
    ]
    project.clear_cache()
    warm = model_fields(folder)
    assert warm == cold
    assert cold == {
        "files": ["0001_initial", "0002_broken"],
        "broken": ["0002_broken"],
        "fields": ["id", "note"],
        "note": ("CharField", True, True),
    }


def test_edited_file_is_read_again(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    model_fields(folder)
    edited = SOURCE.format(deps="[]").replace('db_column="remark"', "db_index=True")
    (folder / "0001_initial.py").write_text(edited + "\n# edited\n", encoding="utf-8")
    project.clear_cache()
    assert model_fields(folder)["note"] == ("CharField", True, False)


def test_cached_fields_come_back_deferred_and_resolve(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    model_fields(folder)
    entries = summary_cache.load(entry_of(folder))
    assert sorted(entries) == ["0001_initial.py", "0002_broken.py", "helpers.py"]
    assert entries["helpers.py"][2] is None
    summary = entries["0001_initial.py"][2]
    assert summary is not None
    fields = dict(summary.state_ops[0].data[0])  # type: ignore[call-overload]
    assert fields["note"] == DeferredField(
        "CharField", "models.CharField(max_length=20, null=True, db_column='remark')"
    )
    resolved = fields["note"].resolve()
    assert isinstance(resolved, FieldCall)
    assert resolved.kind == "CharField"
    assert DeferredField("CharField", "models.CharField(").resolve() is None
    assert DeferredField("CharField", "name").resolve() is None


def test_entry_files_are_the_users_only(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    model_fields(folder)
    path = entry_of(folder)
    modes = [oct(p.stat().st_mode & 0o777) for p in (cache, path.parent, path)]
    assert modes == ["0o700", "0o700", "0o600"]
    assert list(path.parent.iterdir()) == [path]  # no temporary file left


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(summary_cache.CACHE_ENV, "")
    assert summary_cache.cache_dir() is None
    assert summary_cache.cache_file(tmp_path, "postgresql") is None
    project.clear_cache()
    folder = app(tmp_path)
    assert model_fields(folder)["fields"] == ["id", "note"]


def test_default_cache_folder_is_the_users(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(summary_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert summary_cache.cache_dir() == tmp_path / "flake8-djm"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert summary_cache.cache_dir() == Path.home() / ".cache" / "flake8-djm"


def test_relative_xdg_cache_home_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The XDG spec: a relative `XDG_CACHE_HOME` is invalid. It must not put the cache in the
    project the user runs flake8 from."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    folder = leaves_app(work)
    monkeypatch.delenv(summary_cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", "relcache")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    assert summary_cache.cache_dir() == home / ".cache" / "flake8-djm"
    assert report(folder) == LEAVES_REPORT
    assert sorted(p.name for p in work.iterdir()) == ["shop"]
    assert len(list((home / ".cache" / "flake8-djm").glob("*/*.json"))) == 1


def test_relative_djm_cache_dir_stays_the_users_choice(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(summary_cache.CACHE_ENV, "relcache")
    monkeypatch.chdir(tmp_path)
    assert summary_cache.cache_dir() == Path("relcache")
    report(leaves_app(tmp_path))
    assert len(list((tmp_path / "relcache").glob("*/*.json"))) == 1


def test_no_home_folder_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(summary_cache.CACHE_ENV)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", "relative-home")
    assert summary_cache.cache_dir() is None


def test_unwritable_cache_is_ignored(tmp_path: Path, cache: Path) -> None:
    cache.write_text("a file where the folder should be", encoding="utf-8")
    folder = app(tmp_path)
    assert model_fields(folder)["fields"] == ["id", "note"]
    assert list(tmp_path.glob("cache*")) == [cache]


def test_code_stamp_survives_a_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_cache, "_SUMMARY_CODE", ("no_such_module.py",))
    assert summary_cache._code_stamp() == "unknown"


# ---------------------------------------------------------------------------------------------
# Nothing read is ever run


MARKER = "pwned"


class Payload:
    """Pickles as a call of `os.system`: what a crafted pickle cache file would hold."""

    def __init__(self, command: bytes) -> None:
        self.command = command

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (self.command.decode(),))


def brief_poison(command: bytes) -> bytes:
    """The reported exploit: `getattr(summary_cache.os, "system")(command)`."""
    return (
        b"\x80\x02cbuiltins\ngetattr\ncflake8_django_migrations.summary_cache\nos\n"
        b"X\x06\x00\x00\x00system\x86RX"
        + len(command).to_bytes(4, "little")
        + command
        + b"\x85R0}."
    )


def global_poison(command: bytes) -> bytes:
    return b"cos\nsystem\n(S'" + command + b"'\ntR."


def pickle_poison(protocol: int) -> Callable[[bytes], bytes]:
    return lambda command: pickle.dumps(Payload(command), protocol=protocol)


POISONS = {
    "brief": brief_poison,
    "global-os-system": global_poison,
    **{f"protocol-{p}": pickle_poison(p) for p in (0, 2, 4, 5)},
}


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_the_poisons_do_run_under_pickle(tmp_path: Path, poison: str) -> None:
    """The payloads are live: were the cache unpickled, the tests below would see it."""
    marker = tmp_path / MARKER
    pickle.loads(POISONS[poison](f"touch {marker}".encode()))
    assert marker.exists()


@pytest.mark.parametrize("poison", sorted(POISONS))
def test_poisoned_cache_file_runs_nothing(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, poison: str
) -> None:
    folder = leaves_app(tmp_path / "project")
    expected = report_without_cache(folder, monkeypatch)
    marker = tmp_path / MARKER
    path = entry_of(folder)
    path.parent.mkdir(parents=True)
    path.write_bytes(POISONS[poison](f"touch {marker}".encode()))
    # The old file name too: a pickle left there by an earlier version.
    (path.parent.parent / path.name.replace(".json", ".pickle")).write_bytes(path.read_bytes())
    assert report(folder) == expected == LEAVES_REPORT
    assert not marker.exists()
    assert sorted(summary_cache.load(path)) == sorted(p.name for p in folder.glob("0*.py"))


def class_key_document(path: Path) -> object:
    document = json.loads(path.read_bytes())
    document["entries"]["0001_initial.py"][2] = {"__class__": "os.system", "args": ["true"]}
    return document


def class_key_top(path: Path) -> object:
    document = json.loads(path.read_bytes())
    document["__class__"] = "posix.system"
    return document


@pytest.mark.parametrize("tamper", [class_key_document, class_key_top])
def test_json_with_class_keys_is_a_miss(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, tamper: Callable[..., object]
) -> None:
    folder = leaves_app(tmp_path)
    report(folder)
    path = entry_of(folder)
    document = tamper(path)
    assert summary_cache.load(path) != {}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert summary_cache.load(path) == {}
    assert report(folder) == report_without_cache(folder, monkeypatch)
    assert len(summary_cache.load(path)) == 3


# ---------------------------------------------------------------------------------------------
# Bad entry files: each a miss, rewritten where it can be


def write_fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def write_directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def link_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 3)


Document = Any  # a cache file's JSON, to be damaged


def reshaped(change: Callable[[Document], object]) -> Callable[[Path], None]:
    def tamper(path: Path) -> None:
        document = json.loads(path.read_bytes())
        change(document)
        path.write_text(json.dumps(document), encoding="utf-8")

    return tamper


def summary(document: Document, name: str = "0001_initial.py") -> Document:
    return document["entries"][name][2]


def first_op_data(document: Document) -> Document:
    return summary(document)[-1][0][2]


# Each keeps valid JSON, only the shape is wrong: what used to be DJM000 TypeError forever.
WRONG_SHAPES: dict[str, Callable[[Document], object]] = {
    "create-model-arity": lambda d: first_op_data(d).pop(),
    "field-not-a-pair": lambda d: first_op_data(d).__setitem__(0, [["id", "BigAutoField"]]),
    "unknown-field-class": lambda d: first_op_data(d)[0][0][1].__setitem__(0, "Evil"),
    "unknown-operation": lambda d: summary(d)[-1][0].__setitem__(0, "RunShell"),
    "size-as-text": lambda d: d["entries"]["0001_initial.py"].__setitem__(0, "12"),
    "size-as-bool": lambda d: d["entries"]["0001_initial.py"].__setitem__(0, True),
    "broken-as-int": lambda d: summary(d).__setitem__(1, 0),
    "summary-of-another-file": lambda d: summary(d).__setitem__(0, "0003_total"),
    "summary-too-short": lambda d: summary(d).pop(),
    "extra-key": lambda d: d.__setitem__("extra", 1),
    "entries-a-list": lambda d: d.__setitem__("entries", []),
    "another-format": lambda d: d.__setitem__("format", summary_cache.FORMAT + 1),
    "another-version": lambda d: d.__setitem__("version", "v1-0123456789abcdef"),
    "dependency-triple": lambda d: summary(d, "0003_total.py")[
        summary_cache.SUMMARY_LAYOUT.index("dependencies")
    ].__setitem__(0, ["shop", "0001_initial", "x"]),
}
BAD_FILES: dict[str, Callable[[Path], object]] = {
    "fifo": write_fifo,
    "directory": write_directory,
    "symlink-to-dev-zero": link_dev_zero,
    "truncated": truncate,
    "random-bytes": random_bytes,
    "empty": lambda path: path.write_bytes(b""),
    "deeply-nested": lambda path: path.write_bytes(b"[" * 100_000),
    **{f"shape-{name}": reshaped(change) for name, change in WRONG_SHAPES.items()},
}


@pytest.mark.usefixtures("deadline")
@pytest.mark.parametrize("bad", sorted(BAD_FILES))
def test_bad_entry_file_is_a_miss(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, bad: str
) -> None:
    folder = leaves_app(tmp_path)
    assert report(folder) == report_without_cache(folder, monkeypatch) == LEAVES_REPORT
    path = entry_of(folder)
    BAD_FILES[bad](path)
    assert summary_cache.load(path) == {}
    assert report(folder) == LEAVES_REPORT
    rewritten = summary_cache.load(path)
    assert len(rewritten) == (0 if bad == "directory" else 3)  # a folder cannot be replaced


def test_entry_copied_from_another_version_folder_is_a_miss(tmp_path: Path, cache: Path) -> None:
    folder = leaves_app(tmp_path)
    report(folder)
    path = entry_of(folder)
    other = cache / "v1-0123456789abcdef" / path.name
    other.parent.mkdir()
    other.write_bytes(path.read_bytes())
    assert len(summary_cache.load(path)) == 3
    assert summary_cache.load(other) == {}


def test_entry_of_another_user_is_a_miss(tmp_path: Path, cache: Path) -> None:
    """Checked through `_trusted`, the part of the check that needs no second user account."""
    folder = leaves_app(tmp_path)
    report(folder)
    info = entry_of(folder).stat()
    assert summary_cache._trusted(info)
    foreign = os.stat_result((info.st_mode, 0, 0, 1, info.st_uid + 1, 0, 10, 0, 0, 0))
    assert not summary_cache._trusted(foreign)


def test_entry_larger_than_the_bound_is_a_miss(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = leaves_app(tmp_path)
    report(folder)
    path = entry_of(folder)
    monkeypatch.setattr(summary_cache, "MAX_BYTES", path.stat().st_size - 1)
    assert summary_cache.load(path) == {}
    path.unlink()
    assert report(folder) == LEAVES_REPORT
    assert not path.exists()  # too large to write


# ---------------------------------------------------------------------------------------------
# Bounded size


def tiny_entries(name: str) -> dict[str, summary_cache.Entry]:
    return {f"{name}.py": (1, 2, FileSummary(name))}


def test_entries_beyond_the_bound_go_least_recently_used_first(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(summary_cache, "MAX_ENTRIES", 8)
    paths = [entry_of(tmp_path / f"app{i}" / "migrations") for i in range(30)]
    for number, path in enumerate(paths):
        summary_cache.save(path, tiny_entries(f"000{number}"))
        os.utime(path, ns=(number * 10**9, number * 10**9))
        in_use = number * 10**9 + 5 * 10**8  # the first one is read between writes
        os.utime(paths[0], ns=(in_use, in_use))
        assert len(list(path.parent.iterdir())) <= 8
    # Past 8 the oldest go down to 6 (3/4): the 30th write left 6, the first among them.
    assert set(paths[0].parent.iterdir()) == {paths[0], *paths[25:]}


def test_a_hit_refreshes_an_old_entry(tmp_path: Path, cache: Path) -> None:
    folder = leaves_app(tmp_path)
    report(folder)
    path = entry_of(folder)
    os.utime(path, (0, 0))
    assert len(summary_cache.load(path)) == 3
    assert path.stat().st_mtime > summary_cache._TOUCH_SECONDS


def test_other_versions_go_when_a_new_entry_is_written(tmp_path: Path, cache: Path) -> None:
    older = cache / "v1-0123456789abcdef"
    older.mkdir(parents=True)
    (older / f"{'a' * 40}.json").write_text("{}", encoding="utf-8")
    (older / f"{'a' * 40}.json.x1y2.tmp").write_text("{}", encoding="utf-8")
    kept_with_foreign = cache / "v0-fedcba9876543210"
    kept_with_foreign.mkdir()
    (kept_with_foreign / "notes.txt").write_text("mine", encoding="utf-8")
    (kept_with_foreign / f"{'b' * 40}.json").write_text("{}", encoding="utf-8")
    (cache / f"{'c' * 40}.pickle").write_bytes(b"old")
    (cache / f"{'c' * 40}.pickle.123.tmp").write_bytes(b"old")
    (cache / "keep").mkdir()
    (cache / "notes.txt").write_text("mine", encoding="utf-8")
    folder = leaves_app(tmp_path)
    current = entry_of(folder).parent
    report(folder)
    assert sorted(p.name for p in cache.iterdir()) == sorted(
        ["keep", "notes.txt", "v0-fedcba9876543210", current.name]
    )
    assert [p.name for p in kept_with_foreign.iterdir()] == ["notes.txt"]


def test_hits_do_not_scan_the_cache(tmp_path: Path, cache: Path) -> None:
    folder = leaves_app(tmp_path)
    report(folder)
    older = cache / "v1-0123456789abcdef"
    older.mkdir()
    report(folder)
    assert older.exists()
    (folder / "0003_more.py").write_text(OTHER_LEAF, encoding="utf-8")
    report(folder)  # the entry is rewritten, not created
    assert older.exists()


# ---------------------------------------------------------------------------------------------
# The encoding


def test_every_state_reader_has_its_encoding() -> None:
    assert set(summary_cache.OP_DATA) == {*_READERS, OPAQUE, OPEN_FIELDS}


def test_every_summary_field_is_stored() -> None:
    fields = [field.name for field in dataclasses.fields(FileSummary)]
    assert sorted(summary_cache.SUMMARY_LAYOUT) == sorted(fields)


def stored(summary: FileSummary) -> FileSummary:
    """The summary as the cache gives it back: fields as source text."""
    ops = tuple(
        dataclasses.replace(op, data=tuple(as_stored(value) for value in op.data))
        for op in summary.state_ops
    )
    return dataclasses.replace(summary, state_ops=ops)


def as_stored(value: object) -> object:
    if isinstance(value, FieldCall):
        return DeferredField(value.kind, ast.unparse(value.call))
    if isinstance(value, tuple):
        return tuple(as_stored(item) for item in value)
    return value


def every_fixture_migration() -> list[Path]:
    examples = sorted(Path(__file__).parents[2].joinpath("examples").rglob("migrations/0*.py"))
    return [*harness.fixture_paths("migrations"), *harness.app_fixture_paths(), *examples]


def test_every_fixture_summary_survives_the_round_trip() -> None:
    entries: dict[str, summary_cache.Entry] = {}
    for number, path in enumerate(every_fixture_migration()):
        text = path.read_text(encoding="utf-8")
        migration = parse_migration(ast.parse(text), text.splitlines(True))
        if migration is not None:
            found = project.summarize(f"{number}", migration)
            entries[f"{number}.py"] = (len(text), number, found)
    ops = {op.name for _, _, found in entries.values() if found for op in found.state_ops}
    assert ops >= {*_READERS, OPAQUE, "Forget"}  # the fixtures exercise every encoding
    conditional = [op for _, _, found in entries.values() if found for op in found.state_ops]
    assert {op.name for op in conditional if op.conditional} >= {"AlterUniqueTogether"}
    document = json.loads(json.dumps(summary_cache.encode(entries, "v")))
    back = summary_cache.decode(document, "v")
    assert back == {name: (s, m, stored(f) if f else f) for name, (s, m, f) in entries.items()}
    assert [f.state_ops for _, _, f in back.values() if f] == [
        stored(f).state_ops for _, _, f in entries.values() if f
    ]


def test_unencodable_summary_is_not_written(tmp_path: Path, cache: Path) -> None:
    path = entry_of(tmp_path)
    odd = FileSummary("0001_x", state_ops=(StateOp("AddField", "order", ("note", 3)),))
    summary_cache.save(path, {"0001_x.py": (1, 2, odd)})
    assert not path.exists()


# ---------------------------------------------------------------------------------------------
# Whatever happens to the cache folder, the diagnostics are those without a cache


ACTIONS = ("run", "random", "truncate", "delete", "fifo", "shape", "touch-file")


@pytest.mark.usefixtures("deadline")
@settings(max_examples=25)
@given(
    st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=8),
    st.binary(max_size=64),
    st.sampled_from(sorted(WRONG_SHAPES)),
)
def test_any_damage_to_the_cache_leaves_the_diagnostics_alone(
    tmp_path_factory: pytest.TempPathFactory,
    actions: list[str],
    noise: bytes,
    shape: str,
) -> None:
    root = tmp_path_factory.mktemp("damage")
    folder = leaves_app(root)
    previous = os.environ.get(summary_cache.CACHE_ENV)
    try:
        os.environ[summary_cache.CACHE_ENV] = ""
        expected = report(folder)
        os.environ[summary_cache.CACHE_ENV] = str(root / "cache")
        for action in actions:
            damage(folder, entry_of(folder), action, noise, shape)
            if action in ("run", "touch-file"):
                assert report(folder) == expected
        assert report(folder) == expected == LEAVES_REPORT
    finally:
        project.clear_cache()
        os.environ[summary_cache.CACHE_ENV] = previous or ""


def damage(folder: Path, path: Path, action: str, noise: bytes, shape: str) -> None:
    if action in ("run", "touch-file"):
        if action == "touch-file":  # an edited migration: the entry must be rewritten
            (folder / "0001_initial.py").touch()
        return
    if not path.exists() and not path.is_symlink():
        return
    if path.is_fifo() or action == "delete":
        path.unlink()
    elif action == "fifo":
        write_fifo(path)
    elif action == "random":
        path.write_bytes(noise)
    elif action == "truncate":
        truncate(path)
    elif action == "shape" and summary_cache.load(path):
        reshaped(WRONG_SHAPES[shape])(path)


@pytest.mark.parametrize(
    "op",
    [
        StateOp("RenameIndex", "order", ("order_a_b_idx", "order_ab", ("a", "b"))),
        StateOp("RenameIndex", "order", (None, "order_ab", None)),
        StateOp("RenameIndex", "order", ("old", "new", UNREADABLE)),
        StateOp("AlterModelOptions", "order", (True, True, False)),
        StateOp("AlterModelOptions", "order", (None, False, None)),
        StateOp(OPEN_FIELDS, "page"),
        StateOp("AlterUniqueTogether", "emailaddress", (frozenset({("user", "email")}),), True),
    ],
)
def test_state_ops_of_every_shape_survive_the_round_trip(op: StateOp) -> None:
    stored = json.loads(json.dumps(summary_cache._encode_op(op)))
    assert summary_cache._decode_op(stored) == op
