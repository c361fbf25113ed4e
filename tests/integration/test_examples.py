"""The bundled example project shows every rule, and its safe files stay silent."""

from __future__ import annotations

import ast
from pathlib import Path

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from flake8_django_migrations.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


# Reported only under a wrong `djm-app-labels`, which the examples' plain run does not set.
NEEDS_AN_OPTION = {"DJM611"}


def _report(settings: Settings | None = None) -> list[str]:
    lines: list[str] = []
    for path in sorted(EXAMPLES.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        found = check_file(
            ast.parse(source), name, source.splitlines(True), settings or Settings()
        )
        lines.extend(f"{name}:{v.line}:{v.col + 1}: {v.text}" for v in found)
    return sorted(lines)


def test_examples_report_exactly_the_recorded_output() -> None:
    expected = (EXAMPLES / "expected-output.txt").read_text(encoding="utf-8").splitlines()
    assert _report() == expected


def test_examples_show_every_rule() -> None:
    shown = {line.split(": ")[1].split()[0] for line in _report()}
    assert shown == {rule.code for rule in RULES if rule.check is not None} - NEEDS_AN_OPTION


def test_examples_with_a_wrong_app_label_say_so_once_and_lose_the_shop_graph_rules() -> None:
    plain = _report()
    wrong = _report(Settings(app_labels=((("examples", "shop"), "store"),)))
    shop = [line for line in plain if line.startswith("examples/shop/")]
    kept = [line for line in wrong if line.startswith("examples/shop/")]
    assert [line for line in wrong if " DJM611 " in line] == [
        "examples/shop/migrations/0001_initial.py:5:1: DJM611 `djm-app-labels` says `store`,"
        " but these migrations call it `shop`: graph and state rules off"
    ]
    assert (len(shop), len(kept)) == (53, 43)
    assert [line for line in wrong if not line.startswith("examples/shop/")] == [
        line for line in plain if not line.startswith("examples/shop/")
    ]


def test_examples_safe_app_is_silent() -> None:
    assert [line for line in _report() if line.startswith("examples/accounts/")] == []


def test_examples_after_deploy_migration_is_silent_only_because_of_its_marker() -> None:
    path = EXAMPLES / "shop" / "migrations" / "0021_drop_product_colour.py"
    name = path.relative_to(ROOT).as_posix()
    marked = path.read_text(encoding="utf-8")
    unmarked = marked.replace("    safe = Safe.after_deploy\n", "")
    found = {
        source: [(v.line, v.code) for v in check_file(ast.parse(source), name, [], Settings())]
        for source in (marked, unmarked)
    }
    assert (found[marked], found[unmarked]) == ([], [(17, "DJM306"), (25, "DJM100")])
