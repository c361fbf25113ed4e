"""Django as the oracle: the plugin's graph and replayed state compared with Django's own.

Run inside a throw-away environment that has Django (and hypothesis, and this package)
installed; `tests/integration/test_oracle.py` creates it. Two commands, each printing one
JSON report:

- `generated WORKDIR EXAMPLES`: hypothesis builds random model histories over two apps that
  reference each other; for each step Django's autodetector and migration writer write the
  migration files (some wrapped as hand-made edits Django accepts, some squashed by
  `squashmigrations`), then every node of both apps is compared.
- `real`: the migrations of every installed app (the settings module names them).

Each compared value is a difference, a match, or "unknown" when the plugin cannot read it
(a field it does not know, a model it forgot): unknown is silence, never a difference.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import django
from django.conf import settings as django_settings

UNKNOWN = object()


class AtMost(list[Any]):
    """What may exist (`ModelState.unsure`): Django's value must be part of it."""


APPS = ("alpha", "beta")


# What each side says -------------------------------------------------------------------------


def django_field(name: str, field: Any) -> dict[str, Any]:
    from django.db.models import NOT_PROVIDED

    field = field.clone()
    field.set_attributes_from_name(name)
    remote = field.remote_field
    seen = {
        "kind": type(field).__name__,
        "column": None if field.many_to_many else field.column,
        "null": field.null,
        "unique": field.unique,
        "db_index": field.db_index,
        "default": field.default is not NOT_PROVIDED,
        "db_default": getattr(field, "db_default", NOT_PROVIDED) is not NOT_PROVIDED,
    }
    if remote is not None:
        target = remote.model if isinstance(remote.model, str) else remote.model._meta.label
        seen["to"] = target.lower()
        seen["to_field"] = getattr(remote, "field_name", None)
        seen["db_constraint"] = getattr(field, "db_constraint", None)
        if seen["db_constraint"] is None:  # a ManyToManyField keeps it on its relation
            seen["db_constraint"] = remote.db_constraint
    return seen


def django_model(app: str, model: Any) -> dict[str, Any]:
    options = model.options
    return {
        "table": options.get("db_table") or f"{app}_{model.name_lower}",
        "managed": options.get("managed", True) and not options.get("proxy", False),
        # A set: `RenameIndex(old_fields=...)` on an index added under its new name before
        # (django-taggit 0006) leaves the name twice in Django's list.
        "indexes": sorted({index.name for index in options.get("indexes", [])}),
        "constraints": sorted(c.name for c in options.get("constraints", [])),
        "unique_together": sorted(map(list, _together(options.get("unique_together")))),
        "index_together": sorted(map(list, _together(options.get("index_together")))),
        "fields": {name: django_field(name, field) for name, field in model.fields.items()},
    }


def _together(value: Any) -> set[tuple[str, ...]]:
    from django.db.models.options import normalize_together

    return {tuple(names) for names in normalize_together(value or ())}


def django_app_state(state: Any, app: str) -> dict[str, Any]:
    return {
        name: django_model(app, model)
        for (label, name), model in state.models.items()
        if label == app
    }


def plugin_field(name: str, call: Any) -> dict[str, Any]:
    from flake8_django_migrations import astutil
    from flake8_django_migrations.state import column_of

    def flag(option: str, otherwise: object) -> Any:
        if not call.has(option):
            return otherwise
        value = astutil.literal(call.arg(option), UNKNOWN)
        return value if isinstance(value, bool) else UNKNOWN

    if call.custom and not call.has_column:
        return _join_field(name, call)
    relation = call.is_relation
    unique = call.is_unique or (UNKNOWN if flag("unique", False) is UNKNOWN else False)
    seen = {
        # A project's field class is kept by its import path; Django names the class.
        "kind": call.kind.rpartition(".")[2],
        "column": column_of(name, call) if call.kind != "ManyToManyField" else None,
        "null": UNKNOWN if call.nullable is None else call.nullable,
        "unique": unique,
        # A project's class may index by default (a `SlugField` subclass): the rules judge
        # only an explicit `db_index` on it.
        "db_index": flag(
            "db_index", UNKNOWN if call.custom else relation or call.kind == "SlugField"
        ),
        "default": "default" in call.kwargs,
        "db_default": call.has("db_default"),
    }
    if relation or call.kind == "ManyToManyField":
        target = astutil.string_value(call.arg("to"))
        seen["to"] = target.lower() if target is not None else UNKNOWN
        to_field = call.arg("to_field")
        seen["to_field"] = None if to_field is None else astutil.string_value(to_field) or UNKNOWN
        seen["db_constraint"] = flag("db_constraint", True)
    return seen


def _join_field(name: str, call: Any) -> dict[str, Any]:
    """A class the plugin does not know that has no column (`TaggableManager`): the rules
    judge nothing of it but that; its relation and flags are unknown."""
    return {
        "kind": call.kind.rpartition(".")[2],
        "column": None,
        **dict.fromkeys(
            ("null", "unique", "db_index", "to", "to_field", "db_constraint"), UNKNOWN
        ),
        "default": "default" in call.kwargs,
        "db_default": call.has("db_default"),
    }


def plugin_model(app: str, model: Any) -> dict[str, Any]:
    def names(option: str, sort: Any = sorted) -> Any:
        value = getattr(model, option)
        if value is None:
            return UNKNOWN
        found = sort(value)
        return AtMost(found) if option in model.unsure else found

    return {
        "table": model.table(app) or UNKNOWN,
        "managed": UNKNOWN if model.managed is None else model.managed,
        "indexes": names("indexes"),
        "constraints": names("constraints"),
        "unique_together": names("unique_together", lambda v: sorted(map(list, v))),
        "index_together": names("index_together", lambda v: sorted(map(list, v))),
        "fields": {name: _plugin_field_or_unknown(name, model) for name in model.fields},
        # A custom operation or a conditional change may have added or removed fields.
        "open fields": model.open_fields,
    }


def _plugin_field_or_unknown(name: str, model: Any) -> Any:
    call = model.field(name)
    return UNKNOWN if call is None else plugin_field(name, call)


# Comparing -------------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.differences: list[dict[str, Any]] = []
        self.refusals: list[str] = []

    def differ(self, where: str, what: str, django_says: Any, plugin_says: Any) -> None:
        self.differences.append(
            {"where": where, "what": what, "django": django_says, "plugin": plugin_says}
        )

    def compare_state(self, where: str, theirs: dict[str, Any], ours: Any) -> None:
        """Django's models of the app against the plugin's `AppState`."""
        self.counts["states"] += 1
        if ours.all_unknown:
            self.counts["unknown states"] += 1
            return
        names = set(theirs) | {name for name in ours.models if ours.knows(name)}
        for name in sorted(names):
            if not ours.knows(name):
                self.counts["unknown models"] += 1
                continue
            model = ours.model(name)
            if (name in theirs) != (model is not None):
                self.differ(f"{where} {name}", "exists", name in theirs, model is not None)
                continue
            self.compare_model(f"{where} {name}", theirs[name], plugin_model(ours.label, model))

    def compare_model(self, where: str, theirs: dict[str, Any], ours: dict[str, Any]) -> None:
        self.counts["models"] += 1
        options = ("table", "managed", "indexes", "constraints")
        for key in (*options, "unique_together", "index_together"):
            self.compare_value(where, key, theirs[key], ours[key])
        if ours["open fields"]:
            self.counts["open models"] += 1
        elif sorted(theirs["fields"]) != sorted(ours["fields"]):
            self.differ(where, "field names", sorted(theirs["fields"]), sorted(ours["fields"]))
        for name in sorted(set(theirs["fields"]) & set(ours["fields"])):
            self.compare_field(f"{where}.{name}", theirs["fields"][name], ours["fields"][name])

    def compare_field(self, where: str, theirs: dict[str, Any], ours: Any) -> None:
        self.counts["fields"] += 1
        if ours is UNKNOWN:
            self.counts["unknown fields"] += 1
            return
        for key, value in theirs.items():
            self.compare_value(where, key, value, ours.get(key, "<missing>"))

    def compare_value(self, where: str, what: str, theirs: Any, ours: Any) -> None:
        if ours is UNKNOWN:
            self.counts["unknown values"] += 1
        elif isinstance(ours, AtMost) and all(item in ours for item in theirs):
            self.counts["unsure values"] += 1
        elif theirs != ours:
            self.differ(where, what, theirs, ours)

    def compare_graph(self, app: str, loader: Any, graph: Any) -> list[str]:
        """Leaves, parents and plan order; returns the nodes both sides have."""
        theirs = sorted(name for label, name in loader.graph.nodes if label == app)
        if theirs != list(graph.nodes):
            self.differ(app, "nodes", theirs, list(graph.nodes))
        leaves = sorted(name for _, name in loader.graph.leaf_nodes(app))
        if leaves != sorted(graph.leaves):
            self.differ(app, "leaves", leaves, sorted(graph.leaves))
        for name in theirs:
            self.counts["nodes"] += 1
            node = loader.graph.node_map[(app, name)]
            parents = sorted(p.key[1] for p in node.parents if p.key[0] == app)
            if name in graph.parents and parents != list(graph.parents[name]):
                self.differ(f"{app} {name}", "parents", parents, list(graph.parents[name]))
        for leaf in leaves:
            plan = [n for a, n in loader.graph.forwards_plan((app, leaf)) if a == app]
            if plan != graph.plan([leaf]):
                self.differ(f"{app} {leaf}", "plan", plan, graph.plan([leaf]))
        return [name for name in theirs if name in graph.parents]

    def compare_app(self, app: str, directory: Path, loader: Any) -> None:
        from flake8_django_migrations import project
        from flake8_django_migrations.settings import Settings

        # Django runs on SQLite here: the plugin takes the same `connection.vendor` branches.
        folder = project.load_folder(directory, Settings(database="sqlite"))
        if folder is None:
            self.differ(app, "folder", str(directory), None)
            return
        graph = folder.graph(app)
        first = len(self.differences)
        for name in self.compare_graph(app, loader, graph):
            theirs = django_app_state(loader.project_state((app, name), at_end=False), app)
            ours = folder.replayed_state(graph, graph.parents[name], name)
            self.compare_state(f"{app} {name}", theirs, ours)
        theirs = django_app_state(loader.project_state(), app)
        self.compare_state(
            f"{app} <leaves>", theirs, folder.replayed_state(graph, graph.leaves, "")
        )
        renamed = renamed_models(loader)
        for difference in self.differences[first:]:
            if difference["what"] == "to":
                difference["target renamed"] = difference["plugin"] in renamed

    def report(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "differences": self.differences,
            "refusals": sorted(set(self.refusals)),
        }


def renamed_models(loader: Any) -> set[str]:
    """`app.model` of every model a `RenameModel` renames (state operations included)."""
    from django.db.migrations import RenameModel

    found = set()
    for (app, _), migration in loader.disk_migrations.items():
        todo = list(migration.operations)
        while todo:
            operation = todo.pop()
            todo += getattr(operation, "state_operations", None) or []
            if isinstance(operation, RenameModel):
                found.add(f"{app}.{operation.old_name_lower}")
    return found


def _jsonable(value: Any) -> Any:
    return "<unknown>" if value is UNKNOWN else repr(value)


# Django setup ----------------------------------------------------------------------------------


def setup_generated(workdir: Path) -> None:
    for app in APPS:
        package = workdir / "oracle_apps" / app
        package.mkdir(parents=True, exist_ok=True)
        (package.parent / "__init__.py").write_text("", encoding="utf-8")
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "models.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(workdir))
    django_settings.configure(
        INSTALLED_APPS=[f"oracle_apps.{app}" for app in APPS],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        MIGRATION_MODULES={},
        USE_TZ=True,
    )
    django.setup()


# Generated histories ---------------------------------------------------------------------------

FIELD_KINDS = (
    "CharField",
    "TextField",
    "IntegerField",
    "BigIntegerField",
    "BooleanField",
    "DateTimeField",
    "DecimalField",
    "UUIDField",
    "JSONField",
)


def build_field(spec: dict[str, Any]) -> Any:
    """A Django field from the generated description (plain data, so hypothesis can show it)."""
    from django.db import models

    options = dict(spec["options"])
    kind = spec["kind"]
    if kind in ("ForeignKey", "OneToOneField"):
        options["on_delete"] = models.CASCADE
    if kind in ("CharField", "SlugField"):
        options.setdefault("max_length", 20)
    if kind == "DecimalField":
        options.update(max_digits=8, decimal_places=2)
    if "db_default" in options:
        from django.db.models import Value

        options["db_default"] = Value(options["db_default"])
    return getattr(models, kind)(**options)


def build_state(project: dict[tuple[str, str], Any]) -> Any:
    from django.db import models
    from django.db.migrations.state import ModelState, ProjectState

    state = ProjectState()
    for (app, name), model in sorted(project.items()):
        options = dict(model["options"])
        bases: tuple[Any, ...] = (models.Model,)
        if model.get("proxy_of"):
            options["proxy"] = True
            bases = (model["proxy_of"],)
        options["indexes"] = [
            models.Index(fields=list(fields), name=index) for index, fields in model["indexes"]
        ]
        options["constraints"] = [
            models.UniqueConstraint(fields=list(fields), name=constraint)
            for constraint, fields in model["constraints"]
        ]
        fields = [(n, build_field(spec)) for n, spec in model["fields"].items()]
        if not model.get("proxy_of"):
            fields.insert(0, ("id", models.BigAutoField(primary_key=True)))
        state.add_model(ModelState(app, name, fields, options, bases))
    return state


def write_step(workdir: Path, project: dict[tuple[str, str], Any], edit: str, number: int) -> None:
    """Django's makemigrations for the project as described, written to the apps' folders."""
    from django.db import migrations
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import MigrationQuestioner
    from django.db.migrations.writer import MigrationWriter

    loader = MigrationLoader(None, ignore_no_migrations=True)
    questioner = MigrationQuestioner(defaults={"ask_rename": True, "ask_rename_model": True})
    detector = MigrationAutodetector(loader.project_state(), build_state(project), questioner)
    changes = detector.changes(graph=loader.graph, migration_name=f"step{number}")
    for found in changes.values():
        for migration in found:
            operations = migration.operations
            if edit == "separate":
                migration.operations = [
                    migrations.SeparateDatabaseAndState(state_operations=operations)
                ]
            elif edit == "database":  # and the next step's autodetector catches up
                migration.operations = [
                    migrations.SeparateDatabaseAndState(database_operations=operations)
                ]
            elif edit == "runsql":
                migration.operations = [migrations.RunSQL("SELECT 1", "", operations)]
            writer = MigrationWriter(migration)
            text = writer.as_string()
            if edit in CHOSEN_BY_SETTING:
                text = chosen_by_setting(text, CHOSEN_BY_SETTING[edit])
            Path(writer.path).write_text(text, encoding="utf-8")
            importlib.invalidate_caches()


# The edits that make the operations a list chosen by a setting, as django-allauth writes
# them: with the setting unset, Django runs them (`chosen`) or not (`skipped`).
CHOSEN_BY_SETTING = {"chosen": True, "skipped": False}


def chosen_by_setting(text: str, default: bool) -> str:
    test = f"getattr(settings, 'DJM_ORACLE_FLAG', {default})"
    text = text.replace("\n    operations = [\n", f"\n    operations = [] if not {test} else [\n")
    return text.replace(
        "from django.db import", "from django.conf import settings\nfrom django.db import", 1
    )


def squash(app: str) -> None:
    from django.core.management import CommandError, call_command
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = loader.graph.leaf_nodes(app)
    if len(leaves) != 1:
        return
    plan = [n for a, n in loader.graph.forwards_plan(leaves[0]) if a == app]
    if len(plan) < 2:
        return
    try:
        with redirect_stdout(io.StringIO()):
            call_command("squashmigrations", app, plan[-1], interactive=False, verbosity=0)
    except CommandError:
        return  # Django refuses this squash (a migration it cannot serialize, say)
    importlib.invalidate_caches()


def run_history(workdir: Path, number: int, history: dict[str, Any], tally: Tally) -> None:
    from django.db.migrations.loader import MigrationLoader

    root = workdir / f"h{number}"
    modules = {}
    for app in APPS:
        folder = root / app / "migrations"
        folder.mkdir(parents=True)
        (root / "__init__.py").write_text("", encoding="utf-8")
        (root / app / "__init__.py").write_text("", encoding="utf-8")
        (folder / "__init__.py").write_text("", encoding="utf-8")
        modules[app] = f"h{number}.{app}.migrations"
    django_settings.MIGRATION_MODULES = modules
    importlib.invalidate_caches()
    try:
        for step, (project, edit) in enumerate(history["steps"], start=1):
            write_step(workdir, project, edit, step)
        if history["squash"]:
            squash(history["squash"])
    except Exception as error:  # a history Django itself refuses: not the plugin's business
        tally.counts["refused by Django"] += 1
        tally.refusals.append(f"{type(error).__name__}: {error}"[:300])
    loader = MigrationLoader(None, ignore_no_migrations=True)
    before = len(tally.differences)
    for app in APPS:
        tally.compare_app(app, root / app / "migrations", loader)
    for difference in tally.differences[before:]:
        difference["history"] = number
        difference["files"] = _files(root)


def _files(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(root.glob("*/migrations/0*.py"))
    }


def generated(workdir: Path, examples: int) -> dict[str, Any]:
    from hypothesis import HealthCheck, given, settings

    from tests.integration import oracle_histories

    setup_generated(workdir)
    tally = Tally()
    numbers = iter(range(10**9))

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(oracle_histories.histories())
    def check(history: dict[str, Any]) -> None:
        tally.counts["histories"] += 1
        run_history(workdir, next(numbers), history, tally)

    for history in oracle_histories.SEEDS:
        tally.counts["histories"] += 1
        run_history(workdir, next(numbers), history, tally)
    check()
    return tally.report()


# Real apps ---------------------------------------------------------------------------------------


def setup_real(apps: list[str]) -> None:
    django_settings.configure(
        INSTALLED_APPS=apps,
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        SITE_ID=1,
        STATIC_URL="/static/",
        MIDDLEWARE=["allauth.account.middleware.AccountMiddleware"],
        USE_TZ=True,
        # What django CMS checks at start-up.
        CMS_CONFIRM_VERSION4=True,
        LANGUAGES=[("en", "English")],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
            }
        ],
    )
    django.setup()


def real(apps: list[str]) -> dict[str, Any]:
    from django.db.migrations.loader import MigrationLoader

    setup_real(apps)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = {}
    for app in sorted(loader.migrated_apps):
        module_name, _ = MigrationLoader.migrations_module(app)
        module = importlib.import_module(module_name)
        assert module.__file__ is not None, f"{module_name} is a namespace package"
        tally = Tally()
        tally.compare_app(app, Path(module.__file__).parent, loader)
        found[app] = tally.report()
    return found


def _dump(report: Any) -> str:
    return json.dumps(report, default=_jsonable, indent=1, sort_keys=True)


def _differences_jsonable(report: Any) -> Any:
    return json.loads(json.dumps(report, default=lambda v: _jsonable(v)))


def main(arguments: list[str]) -> Iterator[str]:
    os.environ["DJM_CACHE_DIR"] = ""
    command = arguments[0]
    if command == "generated":
        yield _dump(generated(Path(arguments[1]), int(arguments[2])))
    else:
        yield _dump(real(arguments[1:]))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for line in main(sys.argv[1:]):
        print(line)
