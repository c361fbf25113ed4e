"""The disk cache of file summaries: same results warm or cold, safe against bad files."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.fields import DeferredField, FieldCall
from flake8_django_migrations.settings import Settings

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


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv(summary_cache.CACHE_ENV, str(folder))
    project.clear_cache()
    yield folder
    project.clear_cache()


def app(root: Path) -> Path:
    folder = root / "shop" / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_initial.py").write_text(SOURCE.format(deps="[]"), encoding="utf-8")
    (folder / "helpers.py").write_text("X = 1\n", encoding="utf-8")
    (folder / "0002_broken.py").write_text("class Migration(:\n", encoding="utf-8")
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


def test_warm_cache_gives_what_the_files_give(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    cold = model_fields(folder)
    assert len(list(cache.glob("*.pickle"))) == 1
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
    (path,) = cache.glob("*.pickle")
    entries = summary_cache.load(path)
    summary = entries["0001_initial.py"][2]
    assert summary is not None
    fields = dict(summary.state_ops[0].data[0])  # type: ignore[call-overload]
    assert isinstance(fields["note"], DeferredField)
    resolved = fields["note"].resolve()
    assert isinstance(resolved, FieldCall)
    assert resolved.kind == "CharField"
    assert DeferredField("CharField", "models.CharField(").resolve() is None
    assert DeferredField("CharField", "name").resolve() is None


def test_tampered_cache_is_ignored(tmp_path: Path, cache: Path) -> None:
    folder = app(tmp_path)
    cold = model_fields(folder)
    (path,) = cache.glob("*.pickle")
    path.write_bytes(pickle.dumps({"x": (1, 2, __import__("os").getcwd)}))
    assert summary_cache.load(path) == {}
    path.write_bytes(pickle.dumps(["not", "a", "dict"]))
    assert summary_cache.load(path) == {}
    path.write_bytes(b"not a pickle")
    assert summary_cache.load(path) == {}
    project.clear_cache()
    assert model_fields(folder) == cold


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
    assert summary_cache.cache_dir() == tmp_path / "flake8-django-migrations"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert summary_cache.cache_dir() == Path.home() / ".cache" / "flake8-django-migrations"


def test_unwritable_cache_is_ignored(tmp_path: Path, cache: Path) -> None:
    cache.write_text("a file where the folder should be", encoding="utf-8")
    folder = app(tmp_path)
    assert model_fields(folder)["fields"] == ["id", "note"]
    assert list(tmp_path.glob("cache*")) == [cache]


def test_code_stamp_survives_a_missing_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(summary_cache, "_SUMMARY_CODE", ("no_such_module.py",))
    assert summary_cache._code_stamp() == "unknown"
