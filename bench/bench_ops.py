"""Does the plugin's cost per operation stay the same however many operations precede it?

    python bench/bench_ops.py [--small N] [--large N] [--runs R]

Generates, in a temporary folder, apps whose second migration holds `--small` or `--large`
operations (after a first migration that creates the models they change), in three shapes:

- **fields**: one `AddField` after another on the same model, so the model grows to N fields;
- **models**: one `CreateModel` after another, so the app grows to N models;
- **mixed**: `AddField`, `AlterField`, `RemoveField`, `RenameField`, `AddIndex`,
  `AddConstraint`, `RunSQL`, `RunPython` and `CreateModel` in turn over a dozen models.

For each shape it times the plugin in process on the big migration (the folder read with the
disk cache off, the replayed state and every rule; not flake8's own `ast.parse`), in CPU time
(steadier than wall time on a shared machine), and prints the ratio of the large file's time
to the small one's. Time that grows linearly with the number of operations gives `large /
small` (10 for the defaults); the target is at most 1.2 times that (12), and a ratio near 100
means each operation pays for all the operations before it.

Each shape is timed three ways. `as run`: as flake8 runs it, the plugin holding Python's
cyclic garbage collector off during its check (`plugin.collector_paused`). `collector on`: the
collector left running through the check, as before that pause. `gc off`: the collector off
for the whole measurement, the plugin's own work. While the collector runs, CPython makes a full
collection each time the number of live objects has grown by a quarter, and each one walks
every live object, flake8's syntax tree first: once the file's own objects come to outnumber
the interpreter's, that adds more than a linear share (compare `--small 10000 --large 20000`),
and frees nothing, as a checked file's objects die by reference counting. Medians of `--runs`
runs, the small and the large file timed in turn. No test asserts a time.
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flake8_django_migrations import project, summary_cache
from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import Settings

MODELS = 12
HEADER = "from django.db import migrations, models\n\n\n"
FORWARD = "def forward(apps, schema_editor):\n    apps.get_model('bench', 'Model0')\n\n\n"


def module(dependencies: str, operations: list[str]) -> str:
    body = "".join(f"        {op},\n" for op in operations)
    return (
        HEADER
        + FORWARD
        + "class Migration(migrations.Migration):\n"
        + f"    dependencies = [{dependencies}]\n\n"
        + f"    operations = [\n{body}    ]\n"
    )


def create(name: str) -> str:
    fields = '("id", models.BigAutoField(primary_key=True)), ("name", models.TextField())'
    return f'migrations.CreateModel("{name}", [{fields}])'


def fields_shape(count: int) -> list[str]:
    return [
        f'migrations.AddField("model0", "f{i}", models.IntegerField(null=True))'
        for i in range(count)
    ]


def models_shape(count: int) -> list[str]:
    return [create(f"New{i}") for i in range(count)]


def mixed_op(i: int) -> str:
    """Operation `i` of the mixed shape: each model gains a field, which is then changed."""
    model, step, name = f"model{i % MODELS}", i // MODELS % 9, f"f{i // MODELS // 9}"
    field = "models.IntegerField(null=True)"
    ops = (
        f'migrations.AddField("{model}", "{name}", {field})',
        f'migrations.AlterField("{model}", "{name}", models.BigIntegerField(null=True))',
        f'migrations.AddIndex("{model}", models.Index(fields=["{name}"], name="{model}_{name}"))',
        f'migrations.AddConstraint("{model}", models.CheckConstraint('
        f'condition=models.Q({name}__gte=0), name="{model}_{name}_c"))',
        f'migrations.RunSQL("UPDATE bench_{model} SET {name} = 1", migrations.RunSQL.noop)',
        f'migrations.RenameField("{model}", "{name}", "{name}_r")',
        "migrations.RunPython(forward, migrations.RunPython.noop)",
        f'migrations.RemoveField("{model}", "{name}_r")',
        create(f"New{i}"),
    )
    return ops[step]


def mixed_shape(count: int) -> list[str]:
    return [mixed_op(i) for i in range(count)]


SHAPES: dict[str, Callable[[int], list[str]]] = {
    "fields": fields_shape,
    "models": models_shape,
    "mixed": mixed_shape,
}


def make_app(root: Path, shape: str, count: int) -> Path:
    """An app whose `0002` migration holds `count` operations; returns that file."""
    folder = root / f"{shape}{count}" / "bench" / "migrations"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("", encoding="utf-8")
    initial = module("", [create(f"Model{n}") for n in range(MODELS)])
    (folder / "0001_initial.py").write_text(initial, encoding="utf-8")
    big = folder / "0002_many.py"
    ops = SHAPES[shape](count)
    big.write_text(module('("bench", "0001_initial")', ops), encoding="utf-8")
    return big


MODES = ("as run", "collector on", "gc off")


def seconds(path: Path, mode: str) -> float:
    """CPU seconds for the plugin on one file, the folder read afresh (as in a new process),
    in one of the `MODES`."""
    source = path.read_text(encoding="utf-8")
    tree, lines, settings = ast.parse(source), source.splitlines(True), Settings()
    project.clear_cache()
    gc.collect()
    if mode == "gc off":
        gc.disable()
    try:
        start = time.process_time()
        check_file(tree, str(path), lines, settings, pause_collector=mode == "as run")
        return time.process_time() - start
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    os.environ[summary_cache.CACHE_ENV] = ""  # in process: the algorithm, not the cache
    linear = options.large / options.small
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            small = make_app(Path(tmp), shape, options.small)
            large = make_app(Path(tmp), shape, options.large)
            for mode in MODES:
                # Small and large in turn, so a drift of the machine's speed hits both alike.
                pairs = [(seconds(small, mode), seconds(large, mode)) for _ in range(options.runs)]
                one_small = statistics.median(pair[0] for pair in pairs)
                one_large = statistics.median(pair[1] for pair in pairs)
                print(
                    f"{shape:>6}, {mode:<12}: {options.small} operations "
                    f"{one_small:.3f} s, {options.large} operations {one_large:.3f} s, ratio "
                    f"{one_large / one_small:.1f} (linear {linear:.0f}, "
                    f"target <= {linear * 1.2:.0f})"
                )


if __name__ == "__main__":
    main()
