"""How app-level work scales with the number of migrations in an app.

    python bench/bench_app.py [--small N] [--large N] [--editor-small N] [--runs R]

Generates apps of synthetic migrations (a linear history with models, fields, alterations,
indexes, data steps and merges) in a temporary folder, then prints two ratios measured in
this run:

1. **per file, whole app**: the plugin run in process over every file of an app of `--large`
   migrations, divided by the number of files, against the same for `--small`, with the disk
   cache off (target: at most 1.2, which means the app-level work is linear, not quadratic);
2. **editor latency**: one `flake8` process checking the app's last migration, as an editor
   does on save, in an app of `--large` migrations against one of `--editor-small` (target:
   at most 2), with the summary cache warm (the usual case: only the edited file changed),
   and cold (the first run after a checkout or an upgrade; every sibling is parsed).

Medians of `--runs` runs. The cache lives in a temporary folder. No test asserts a time.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import Settings

HEADER = "from django.db import migrations, models\n\n\n"
FIELD_KINDS = (
    "models.CharField(max_length=40, null=True)",
    "models.IntegerField(null=True)",
    "models.BooleanField(default=False)",
    "models.DateTimeField(null=True)",
)


def migration_source(number: int, parents: list[str]) -> str:
    """Migration `number`: every 10th creates a model, the others change the latest ones."""
    model = f"Model{number // 10}"
    deps = ", ".join(f'("bench", "{parent}")' for parent in parents)
    if number % 10 == 0:
        fields = '("id", models.BigAutoField(primary_key=True, serialize=False))'
        ops = f'migrations.CreateModel("{model}", [{fields}])'
    elif number % 10 == 5:
        index = f'models.Index(fields=["f1"], name="i{number}")'
        ops = f'migrations.AddIndex("{model.lower()}", {index})'
    elif number % 10 == 7:
        ops = "migrations.RunPython(forward, migrations.RunPython.noop)"
    else:
        kind = FIELD_KINDS[number % len(FIELD_KINDS)]
        ops = f'migrations.AddField("{model.lower()}", "f{number % 10}", {kind})'
    body = (
        "def forward(apps, schema_editor):\n"
        f'    Model = apps.get_model("bench", "{model}")\n'
        "    Model.objects.using(schema_editor.connection.alias).update()\n\n\n"
    )
    return (
        HEADER
        + body
        + "class Migration(migrations.Migration):\n"
        + f"    dependencies = [{deps}]\n\n"
        + f"    operations = [\n        {ops},\n    ]\n"
    )


def make_app(root: Path, count: int) -> list[Path]:
    folder = root / f"app{count}" / "bench" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    paths = []
    previous: list[str] = []
    for number in range(1, count + 1):
        name = f"{number:04d}_step"
        path = folder / f"{name}.py"
        path.write_text(migration_source(number, previous), encoding="utf-8")
        paths.append(path)
        previous = [name]
    return paths


def whole_app_per_file(paths: list[Path]) -> float:
    """Seconds per file for the plugin over every file of the app, in one process."""
    project.clear_cache()
    settings = Settings()
    sources = [(str(p), p.read_text(encoding="utf-8")) for p in paths]
    trees = [(name, ast.parse(text), text.splitlines(True)) for name, text in sources]
    start = time.perf_counter()
    for name, tree, lines in trees:
        check_file(tree, name, lines, settings)
    return (time.perf_counter() - start) / len(paths)


def editor_run(path: Path, cache: Path, cold: bool = False) -> float:
    """Seconds for one flake8 process checking one migration, as an editor does on save."""
    if cold:
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, summary_cache.CACHE_ENV: str(cache)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", "--select", "DJM", str(path)],
        capture_output=True,
        check=False,
        env=env,
    )
    return time.perf_counter() - start


def median(runs: int, measure: object, *args: object) -> float:
    assert callable(measure)
    return statistics.median(measure(*args) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--editor-small", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    os.environ[summary_cache.CACHE_ENV] = ""  # in process: the algorithm, not the cache
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cache = root / "cache"
        small = make_app(root, options.small)
        large = make_app(root, options.large)
        tiny = make_app(root, options.editor_small)
        per_small = median(options.runs, whole_app_per_file, small)
        per_large = median(options.runs, whole_app_per_file, large)
        print(
            f"whole app, per file: {options.small} migrations {per_small * 1e3:.3f} ms, "
            f"{options.large} migrations {per_large * 1e3:.3f} ms, "
            f"ratio {per_large / per_small:.2f} (target <= 1.2)"
        )
        for cold in (False, True):
            editor_run(tiny[-1], cache)  # warm the interpreter's own files
            one_tiny = median(options.runs, editor_run, tiny[-1], cache, cold)
            editor_run(large[-1], cache)
            one_large = median(options.runs, editor_run, large[-1], cache, cold)
            print(
                f"editor, one file, {'cold' if cold else 'warm'} cache: "
                f"{options.editor_small} migrations {one_tiny:.3f} s, "
                f"{options.large} migrations {one_large:.3f} s, "
                f"ratio {one_large / one_tiny:.2f} (target <= 2)"
            )


if __name__ == "__main__":
    main()
