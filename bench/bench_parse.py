"""Does the plugin's cost grow linearly with the size of a migration?

Times the plugin's whole work on one file (path gate, `parse_migration`, every rule; not
flake8's own `ast.parse`) on a generated squashed migration of about 4 KB and one of about
400 KB, and prints the time per KB of each and their ratio. Linear work gives a ratio near 1;
work that replays the state from the start for every operation shows up as a ratio near 100.

    python bench/bench_parse.py [--small KB] [--large KB]
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
import time

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.settings import Settings

DISPLAY_NAME = "bench_app/migrations/0001_squashed_0999_everything.py"

HEADER = '''\
"""Squashed: every migration of the app up to 0999."""

from django.conf import settings
from django.db import migrations, models


def forwards(apps, schema_editor):
    Product = apps.get_model("bench_app", "Model0")
    for product in Product.objects.all():
        product.save()


class Migration(migrations.Migration):
    replaces = [("bench_app", "0001_initial"), ("bench_app", "0999_everything")]

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
'''
FOOTER = "    ]\n"

# One model's history, the way squashmigrations writes it: created, then changed.
BLOCK = """\
        migrations.CreateModel(
            name="Model{n}",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True)),
                ("name", models.CharField(max_length=100)),
                ("slug", models.SlugField(unique=True)),
                ("price", models.DecimalField(decimal_places=2, max_digits=10)),
                ("created", models.DateTimeField(auto_now_add=True)),
            ],
            options={{"ordering": ["name"]}},
        ),
        migrations.AddField(
            model_name="model{n}",
            name="owner",
            field=models.ForeignKey(
                null=True, on_delete=models.CASCADE, to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AlterField(
            model_name="model{n}",
            name="name",
            field=models.CharField(max_length=200),
        ),
        migrations.AddIndex(
            model_name="model{n}",
            index=models.Index(fields=["name"], name="model{n}_name_idx"),
        ),
        migrations.RunSQL("UPDATE bench_app_model{n} SET name = ''", migrations.RunSQL.noop),
        migrations.RunPython(forwards, migrations.RunPython.noop),
"""


def squashed_migration(kilobytes: int) -> str:
    """A squashed migration of about `kilobytes` KB, made of whole model histories."""
    blocks = []
    size = len(HEADER) + len(FOOTER)
    while size < kilobytes * 1024:
        blocks.append(BLOCK.format(n=len(blocks)))
        size += len(blocks[-1])
    return HEADER + "".join(blocks) + FOOTER


def seconds_per_run(source: str, budget: float = 1.0) -> float:
    """The median time of one check over repeats that fill about `budget` seconds."""
    tree, lines, config = ast.parse(source), source.splitlines(True), Settings()
    times: list[float] = []
    deadline = time.perf_counter() + budget
    while len(times) < 3 or time.perf_counter() < deadline:
        start = time.perf_counter()
        check_file(tree, DISPLAY_NAME, lines, config)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=4, help="size of the small file, KB")
    parser.add_argument("--large", type=int, default=400, help="size of the large file, KB")
    options = parser.parse_args(argv)
    per_kb = []
    for kilobytes in (options.small, options.large):
        source = squashed_migration(kilobytes)
        size = len(source.encode()) / 1024
        seconds = seconds_per_run(source)
        per_kb.append(seconds / size)
        print(f"{size:8.1f} KB: {seconds * 1000:9.2f} ms per run, {per_kb[-1] * 1e6:7.1f} us/KB")
    print(f"per-KB ratio (large / small): {per_kb[1] / per_kb[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
