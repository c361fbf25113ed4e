"""Random model histories of two apps for `tests/integration/django_oracle.py` (plain data,
no Django).

A project is `{(app, model): {"fields": {name: spec}, "options", "indexes", "constraints",
"proxy_of"}}`; a history is the project after each step, each step with the way its migration
is written (`plain`, or wrapped by hand: `separate` state-only, `runsql` state_operations,
`chosen`/`skipped` a list chosen by a setting that Django runs or not),
and the app whose migrations are squashed at the end (or None).
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

APPS = ("alpha", "beta")
MODELS = ("Author", "Book", "Shelf", "Tag")
FIELDS = ("title", "count", "flag", "owner", "peers", "code", "stamp")
SIMPLE = {
    "CharField": ("x", "y"),
    "TextField": ("",),
    "IntegerField": (0, 7),
    "BigIntegerField": (5,),
    "BooleanField": (False, True),
    "DateTimeField": (None,),
    "DecimalField": ("1.50",),
    "UUIDField": (),
    "JSONField": (),
    "SlugField": ("s",),
    "FloatField": (1.5,),
    "DateField": (None,),
    "PositiveIntegerField": (3,),
}
DB_DEFAULT_KINDS = ("CharField", "IntegerField", "BooleanField")
EDITS = ("plain", "plain", "plain", "plain", "separate", "database", "runsql", "chosen", "skipped")

Project = dict[tuple[str, str], dict[str, Any]]
Draw = st.DrawFn


def concrete(project: Project) -> list[tuple[str, str]]:
    return sorted(key for key, model in project.items() if not model["proxy_of"])


def referenced(project: Project, key: tuple[str, str]) -> bool:
    target = f"{key[0]}.{key[1]}".lower()
    for model in project.values():
        if (model["proxy_of"] or "").lower() == target:
            return True
        targets = (spec["options"].get("to", "").lower() for spec in model["fields"].values())
        if target in targets:
            return True
    return False


def simple_options(draw: Draw, kind: str, name: str) -> dict[str, Any]:
    options: dict[str, Any] = {}
    for option in ("null", "unique", "db_index"):
        if draw(st.booleans()):
            options[option] = draw(st.booleans())
    has_defaults = bool(SIMPLE[kind])
    if has_defaults and draw(st.booleans()):
        options["default"] = draw(st.sampled_from(SIMPLE[kind]))
    if kind == "JSONField" and draw(st.booleans()):
        options["default"] = dict
    if kind in DB_DEFAULT_KINDS and draw(st.integers(0, 3)) == 0:
        options["db_default"] = SIMPLE[kind][0]
    if draw(st.integers(0, 3)) == 0:
        options["db_column"] = f"col_{name}"
    return options


def field_spec(draw: Draw, project: Project, name: str) -> dict[str, Any]:
    targets = concrete(project)
    kinds = list(SIMPLE) + (["ForeignKey", "OneToOneField", "ManyToManyField"] if targets else [])
    kind = draw(st.sampled_from(kinds))
    if kind in SIMPLE:
        return {"kind": kind, "options": simple_options(draw, kind, name)}
    app, model = draw(st.sampled_from(targets))
    options: dict[str, Any] = {"to": f"{app}.{model}"}
    if kind != "ManyToManyField":
        for option in ("null", "db_index", "db_constraint", "unique"):
            if draw(st.integers(0, 2)) == 0:
                options[option] = draw(st.booleans())
        if draw(st.integers(0, 3)) == 0:
            options["db_column"] = f"col_{name}"
    options["related_name"] = "+"
    return {"kind": kind, "options": options}


def new_model(draw: Draw, project: Project) -> None:
    app = draw(st.sampled_from(APPS))
    name = draw(st.sampled_from(MODELS))
    if (app, name) in project:
        return
    model: dict[str, Any] = {
        "fields": {},
        "options": {},
        "indexes": [],
        "constraints": [],
        "proxy_of": None,
    }
    bases = [key for key in concrete(project) if key[0] == app]
    if bases and draw(st.integers(0, 5)) == 0:
        model["proxy_of"] = "{}.{}".format(*draw(st.sampled_from(bases)))
    else:
        for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
            model["fields"][field] = field_spec(draw, project, field)
        if draw(st.integers(0, 5)) == 0:
            model["options"]["managed"] = False
        if draw(st.integers(0, 4)) == 0:
            model["options"]["db_table"] = f"tbl_{app}_{name.lower()}"
    project[(app, name)] = model


def pick(draw: Draw, project: Project, proxies: bool = False) -> tuple[str, str] | None:
    keys = sorted(project) if proxies else concrete(project)
    return draw(st.sampled_from(keys)) if keys else None


def delete_model(draw: Draw, project: Project) -> None:
    key = pick(draw, project, proxies=True)
    if key is not None and not referenced(project, key):
        del project[key]


def rename_model(draw: Draw, project: Project) -> None:
    key = pick(draw, project, proxies=True)
    if key is not None:
        rename(draw, project, key)


def rename_referenced(draw: Draw, project: Project) -> None:
    """Rename a model a relation points to: Django repoints the relation."""
    keys = [key for key in concrete(project) if referenced(project, key)]
    if keys:
        rename(draw, project, draw(st.sampled_from(keys)))


def rename(draw: Draw, project: Project, key: tuple[str, str]) -> None:
    new = draw(st.sampled_from(MODELS))
    if (key[0], new) in project:
        return
    old_label, new_label = f"{key[0]}.{key[1]}".lower(), f"{key[0]}.{new}"
    project[(key[0], new)] = project.pop(key)
    for model in project.values():
        if (model["proxy_of"] or "").lower() == old_label:
            model["proxy_of"] = new_label
        for spec in model["fields"].values():
            if spec["options"].get("to", "").lower() == old_label:
                spec["options"]["to"] = new_label


def add_field(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    name = draw(st.sampled_from(FIELDS))
    if key is not None and name not in project[key]["fields"]:
        project[key]["fields"][name] = field_spec(draw, project, name)


def _uses(model: dict[str, Any], name: str) -> None:
    """Forget the indexes, constraints and unique_together that use field `name`."""
    model["indexes"] = [i for i in model["indexes"] if name not in i[1]]
    model["constraints"] = [c for c in model["constraints"] if name not in c[1]]
    together = model["options"].get("unique_together", ())
    if any(name in names for names in together):
        model["options"].pop("unique_together")


def remove_field(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    if key is None or not project[key]["fields"]:
        return
    name = draw(st.sampled_from(sorted(project[key]["fields"])))
    _uses(project[key], name)
    del project[key]["fields"][name]


def rename_field(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    new = draw(st.sampled_from(FIELDS))
    if key is None or not project[key]["fields"] or new in project[key]["fields"]:
        return
    model = project[key]
    old = draw(st.sampled_from(sorted(model["fields"])))
    model["fields"] = {new if n == old else n: spec for n, spec in model["fields"].items()}

    def rename(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(new if n == old else n for n in names)

    model["indexes"] = [(i, rename(names)) for i, names in model["indexes"]]
    model["constraints"] = [(c, rename(names)) for c, names in model["constraints"]]
    together = model["options"].get("unique_together")
    if together:
        model["options"]["unique_together"] = [rename(names) for names in together]


def alter_field(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    if key is None or not project[key]["fields"]:
        return
    name = draw(st.sampled_from(sorted(project[key]["fields"])))
    spec = project[key]["fields"][name]
    if spec["kind"] in SIMPLE:
        kind = draw(st.sampled_from([spec["kind"], "IntegerField", "BigIntegerField"]))
        project[key]["fields"][name] = {"kind": kind, "options": simple_options(draw, kind, name)}
    elif spec["kind"] != "ManyToManyField":
        options = spec["options"]
        option = draw(st.sampled_from(["null", "db_index", "db_constraint", "db_column"]))
        if option in options:
            del options[option]
        else:
            options[option] = f"col_{name}" if option == "db_column" else draw(st.booleans())


def indexable(model: dict[str, Any]) -> list[str]:
    return sorted(n for n, spec in model["fields"].items() if spec["kind"] != "ManyToManyField")


def add_index(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    if key is None or not indexable(project[key]):
        return
    model = project[key]
    fields = tuple(draw(st.lists(st.sampled_from(indexable(model)), min_size=1, max_size=2)))
    kind = draw(st.sampled_from(["indexes", "constraints", "unique_together"]))
    number = draw(st.integers(1, 3))
    if kind == "unique_together":
        model["options"]["unique_together"] = [tuple(dict.fromkeys(fields))]
        return
    name = f"{key[1].lower()}_{kind[0]}{number}"
    if name not in {n for n, _ in model[kind]}:
        model[kind].append((name, tuple(dict.fromkeys(fields))))


def remove_index(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    if key is None:
        return
    model = project[key]
    kind = draw(st.sampled_from(["indexes", "constraints"]))
    if model[kind]:
        model[kind].pop(draw(st.integers(0, len(model[kind]) - 1)))
    else:
        model["options"].pop("unique_together", None)


def alter_options(draw: Draw, project: Project) -> None:
    key = pick(draw, project)
    if key is None:
        return
    options = project[key]["options"]
    option = draw(st.sampled_from(["db_table", "managed"]))
    if option in options:
        del options[option]
    else:
        options[option] = f"tbl_{key[0]}_{key[1].lower()}_2" if option == "db_table" else False


MUTATIONS = (
    new_model,
    new_model,
    delete_model,
    rename_model,
    rename_referenced,
    add_field,
    add_field,
    remove_field,
    rename_field,
    alter_field,
    alter_field,
    add_index,
    remove_index,
    alter_options,
)


@st.composite
def histories(draw: Draw) -> dict[str, Any]:
    project: Project = {}
    steps = []
    for _ in range(draw(st.integers(1, 6))):
        for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=4)):
            mutation(draw, project)
        steps.append((copy.deepcopy(project), draw(st.sampled_from(EDITS))))
    return {"steps": steps, "squash": draw(st.sampled_from((None, None, *APPS)))}


def _model(fields: dict[str, Any]) -> dict[str, Any]:
    return {"fields": fields, "options": {}, "indexes": [], "constraints": [], "proxy_of": None}


def _relation(target: str) -> dict[str, Any]:
    return {"kind": "ForeignKey", "options": {"to": target, "related_name": "+"}}


def _renamed_target() -> dict[str, Any]:
    """A model that relations of both apps point to, renamed alone in a later step: Django
    writes only the `RenameModel` and repoints the relations itself."""
    before: Project = {
        ("alpha", "Author"): _model({"title": {"kind": "CharField", "options": {}}}),
        ("alpha", "Book"): _model({"owner": _relation("alpha.Author")}),
        ("beta", "Shelf"): _model({"owner": _relation("alpha.Author")}),
    }
    after = copy.deepcopy(before)
    after[("alpha", "Writer")] = after.pop(("alpha", "Author"))
    for key in (("alpha", "Book"), ("beta", "Shelf")):
        after[key]["fields"]["owner"]["options"]["to"] = "alpha.Writer"
    return {"steps": [(before, "plain"), (after, "plain")], "squash": None}


# Histories run before the generated ones: cases the strategy reaches too rarely.
SEEDS = (_renamed_target(),)
