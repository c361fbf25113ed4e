"""Django as the oracle: the replayed state and the graph equal what Django itself computes.

A throw-away environment gets Django, hypothesis and a dozen real apps from PyPI; in it,
`tests/integration/django_oracle.py` imports Django and this package (from the working tree)
and prints the differences as JSON. Django is a test dependency only: without it these tests skip.

Where the plugin cannot resolve something from source (a field it cannot read, a model an
unknown call may change), the state says "unknown" and the comparison counts it apart: an
unknown value is silence, never a difference. The differences the plugin does not resolve yet
are listed in `KNOWN`, each with its reason; any other difference fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from tests.integration import oracle_histories

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tests" / "integration" / "django_oracle.py"
DJANGO = "django==5.2.19"
# Apps from the wheel corpus that install together quickly (no wagtail or oscar: each alone
# takes most of the time all of these take), with the Django contrib apps that have migrations.
REAL_APPS = {
    "django-taggit==6.1.0": ["taggit"],
    "django-reversion==6.4.0": ["reversion"],
    "django-guardian==3.5.2": ["guardian"],
    "django-celery-beat==2.9.0": ["django_celery_beat"],
    "django-celery-results==2.6.0": ["django_celery_results"],
    "django-allauth==65.21.1": ["allauth", "allauth.account", "allauth.socialaccount"],
    "django-axes==8.3.1": ["axes"],
    "django-otp==1.7.5": [
        "django_otp",
        "django_otp.plugins.otp_totp",
        "django_otp.plugins.otp_static",
    ],
    "django-waffle==5.0.0": ["waffle"],
    "django-constance==4.4.0": ["constance"],
    "django-auditlog==3.4.1": ["auditlog"],
    "django-post-office==3.12.0": ["post_office"],
    "django-oauth-toolkit==3.4.1": ["oauth2_provider"],
    "django-flags==5.2.0": ["flags"],
    "django-contrib-comments==2.2.0": ["django_comments"],
    "django-organizations==2.7.0": ["organizations"],
    "djangorestframework==3.18.3": ["rest_framework.authtoken"],
    # About 10 s more to install; wagtail (about 40 s) and django-oscar (about 30 s) are
    # left out, and were compared once by hand with no difference left.
    "django-cms==5.1.3": ["cms", "menus", "treebeard", "sekizai"],
    "packaging==26.4": [],  # django CMS imports it without requiring it
}
CONTRIB_APPS = [
    f"django.contrib.{app}"
    for app in ("admin", "auth", "contenttypes", "sessions", "sites", "flatpages", "redirects")
]
EXAMPLES = int(os.environ.get("DJM_ORACLE_EXAMPLES", "200"))

Difference = dict[str, Any]


def _where(difference: Difference) -> str:
    return str(difference["where"])


def _target_renamed(difference: Difference) -> bool:
    """Django's `RenameModel` repoints every relation to the model, in every app; the replay
    does it for the app's own models only, and a relation to another app's model keeps the
    name it was written with: which of that app's renames come before a node of this one
    depends on the project's whole plan, which the per-app replay does not see. Rules that
    look the old name up find no model and stay silent (DJM209's `_old_target_still_there`)."""
    if difference["what"] != "to" or difference.get("target renamed") is not True:
        return False
    app = _where(difference).split(" ", 1)[0]
    return str(difference["plugin"]).partition(".")[0] != app


def _merge_order(difference: Difference) -> bool:
    """Past a merge, Django's plan visits the parents from the last in name order
    (`iterative_dfs` pops a sorted stack); the plugin's from the first. The same nodes in
    another order (django-celery-beat 0009). Not fixed here: plan order at merges is being
    changed in `graph.py` separately."""
    theirs, ours = difference["django"], difference["plugin"]
    return difference["what"] == "plan" and sorted(theirs) == sorted(ours) and theirs != ours


# The differences left as they are, each with its reason (see the module docstring).
KNOWN: dict[str, Callable[[Difference], bool]] = {
    "relation to a model another app renamed": _target_renamed,
    "plan order past a merge": _merge_order,
}


def unexplained(differences: list[Difference]) -> list[Difference]:
    return [d for d in differences if not any(test(d) for test in KNOWN.values())]


@pytest.fixture(scope="module")
def django_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with Django, hypothesis and the real apps; the tests skip when pip cannot."""
    folder = tmp_path_factory.mktemp("oracle-env")
    try:
        venv.create(folder, with_pip=True)
    except (OSError, subprocess.CalledProcessError) as error:  # no ensurepip here
        pytest.skip(f"no virtual environment with pip can be made here: {error}")
    python = folder / "bin" / "python"
    hypothesis = f"hypothesis=={metadata.version('hypothesis')}"
    command = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    result = subprocess.run(
        [*command, DJANGO, hypothesis, *REAL_APPS],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.skip(f"Django and the apps cannot be installed here: {result.stderr[-500:]}")
    return python


def run_oracle(python: Path, *arguments: str) -> Any:
    result = subprocess.run(
        [str(python), str(SCRIPT), *arguments],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJM_CACHE_DIR": "", "PYTHONHASHSEED": "0"},
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def show(differences: list[Difference]) -> str:
    return json.dumps(differences[:5], indent=1)


@pytest.mark.installs
def test_generated_histories_match_django(django_python: Path, tmp_path: Path) -> None:
    report = run_oracle(django_python, "generated", str(tmp_path), str(EXAMPLES))
    counts = report["counts"]
    print(json.dumps(counts, sort_keys=True), file=sys.stderr)
    assert counts["histories"] == EXAMPLES + len(oracle_histories.SEEDS)
    # Enough was compared for the comparison to mean something.
    assert counts["nodes"] >= EXAMPLES
    assert counts["fields"] >= 2 * EXAMPLES
    assert counts.get("refused by Django", 0) <= EXAMPLES // 10, report["refusals"]
    assert unexplained(report["differences"]) == [], show(unexplained(report["differences"]))


@pytest.mark.installs
def test_real_apps_match_django(django_python: Path) -> None:
    apps = CONTRIB_APPS + [app for listed in REAL_APPS.values() for app in listed]
    report = run_oracle(django_python, "real", *apps)
    for app, found in sorted(report.items()):
        counts, differing = found["counts"], len(found["differences"])
        print(app, json.dumps(counts, sort_keys=True), differing, file=sys.stderr)
    assert len(report) >= 20
    assert sum(found["counts"].get("nodes", 0) for found in report.values()) >= 150
    differences = [d for found in report.values() for d in found["differences"]]
    assert unexplained(differences) == [], show(unexplained(differences))


# The list of known differences stays narrow: anything else still fails the comparison.
@pytest.mark.parametrize(
    ("difference", "known"),
    [
        (
            {"where": "b 0002 x.y", "what": "to", "django": "a.new", "plugin": "a.old"}
            | {"target renamed": True},
            True,
        ),
        (
            {"where": "a 0002 x.y", "what": "to", "django": "a.new", "plugin": "a.old"}
            | {"target renamed": True},
            False,
        ),
        (
            {"where": "b 0002 x.y", "what": "to", "django": "a.new", "plugin": "a.old"}
            | {"target renamed": False},
            False,
        ),
        ({"where": "b 0002 x.y", "what": "to", "django": "a.new", "plugin": "a.old"}, False),
        ({"what": "plan", "django": ["1", "2b", "2a"], "plugin": ["1", "2a", "2b"]}, True),
        ({"what": "plan", "django": ["1", "2b"], "plugin": ["1", "2a"]}, False),
        ({"what": "parents", "django": ["2b", "2a"], "plugin": ["2a", "2b"]}, False),
        ({"what": "default", "django": False, "plugin": True}, False),
    ],
)
def test_only_the_listed_differences_are_known(difference: Difference, known: bool) -> None:
    assert unexplained([difference]) == ([] if known else [difference])
