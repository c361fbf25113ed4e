"""`djm-app-labels` gives a folder a label that its own migrations do not use.

## What it does
For a migrations folder whose label comes from the `djm-app-labels` option, checks that the
folder's files do not contradict it: when their dependencies name their sibling migrations
only under other labels (and those siblings are not files of another app's folder), the
label is wrong. The plugin then treats the app's graph and state as unknown, so every graph
and state rule (DJM600 to DJM610, and the rules that read the replayed state) is silent for
the folder; this rule says why, once per folder, on the `class Migration` line of the
folder's first migration by name after the app's `djm-start-after` entry (`0001_initial.py`
without one). That file does not change as the app grows, and any flake8 run that includes it
shows the report.

## Why is this bad?
A wrong label does not fail loudly. Before this rule, the plugin read the folder as an app
whose migrations all depend on another app, and reported a dozen leaves on every file; now
it stays silent, and the checks the project counts on are off without a word. The label in
`djm-app-labels` must be the one Django uses (the `AppConfig.label`), which is the one
`makemigrations` writes into the dependencies of the app's migrations.

## Example
With `djm-app-labels = shop:store`, while the app's `AppConfig` has no `label` and its
migrations name each other `shop` (reported on `shop/migrations/0001_initial.py`):
```python
# shop/migrations/0002_order_total.py
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [migrations.AddField("order", "total", models.IntegerField(null=True))]
```

## Use instead
Give the label that the migrations use, `djm-app-labels = shop:shop`, or remove the entry:
the plugin finds a label from `apps.py` and the folder's files on its own.

## What it does not flag
- Labels the files agree with, and folders whose files name no sibling under any label.
- Folders that `djm-app-labels` does not name. A label read from `apps.py` that the files
  contradict is not reported: Django itself refuses to run such a project, and the
  `AppConfig` the plugin reads may not be the one in `INSTALLED_APPS`. A label the plugin
  guesses is not the user's setting either: both leave the graph and state rules silent.
- Files other than the folder's first migration by name, and folders whose files are all
  history (`djm-start-after`): no rule reports on history.

## Options
- `djm-app-labels`: the setting this rule checks.
- `djm-start-after`: the report moves to the first migration after the app's entry (looked up
  under the configured label, as for every rule).

## References
- [Django: `AppConfig.label`](https://docs.djangoproject.com/en/stable/ref/applications/#django.apps.AppConfig.label)
"""

from __future__ import annotations

from collections.abc import Iterator

from flake8_django_migrations.rules.api import Context, Migration, Rule, Violation, report

CODE = "DJM611"
NAME = "app-label-not-used"
MESSAGE = (
    "`djm-app-labels` says `{configured}`, but these migrations call it {used}: "
    "graph and state rules off"
)


def check(migration: Migration, ctx: Context) -> Iterator[Violation]:
    mismatch = ctx.label_mismatch
    if mismatch is None or not mismatch.used or ctx.stem != mismatch.first:
        return
    used = " or ".join(f"`{label}`" for label in mismatch.used)
    message = MESSAGE.format(configured=mismatch.configured, used=used)
    yield report(migration, CODE, message)


RULE = Rule(
    code=CODE,
    name=NAME,
    message=MESSAGE,
    docstring=__doc__,
    check=check,
    default_on=True,
    added_in="0.1.0",
)
