"""`docs/postgresql.md`: its rows are well formed, the cases the code cites are there, and (with
`DJM_PG_MEASUREMENTS` naming the CSV a measuring run writes) its numbers are the measured ones."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from flake8_django_migrations.rules import BY_CODE

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "postgresql.md"
PACKAGE = ROOT / "flake8_django_migrations"
MEASUREMENTS = os.environ.get("DJM_PG_MEASUREMENTS", "")
# A case row: | `case`: operation | SQL | locks | work | s 200k | s 2M | rules |
ROW = re.compile(r"^\| `([a-z0-9_]+)`: (.+)$", re.MULTILINE)
SECONDS = re.compile(r"—|(?:fails after )?\d+(?:\.\d+)?")
CITED = re.compile(r"`((?:add|alter|remove|rename|create|delete|validate)_[a-z0-9_]+)\*?`")


def rows() -> dict[str, list[str]]:
    text = PAGE.read_text(encoding="utf-8")
    return {case: [c.strip() for c in rest.split(" | ")] for case, rest in ROW.findall(text)}


def test_every_case_row_has_seven_cells_times_and_known_rules() -> None:
    bad = []
    for case, cells in rows().items():
        times_ok = all(SECONDS.fullmatch(cell) for cell in cells[4:6])
        codes = re.findall(r"DJM\d{3}", cells[6]) if len(cells) == 7 else ["?"]
        if len(cells) != 7 or not times_ok or any(code not in BY_CODE for code in codes):
            bad.append(case)
    assert (len(rows()), bad) == (88, [])


def _defined_names(text: str) -> set[str]:
    names = set(re.findall(r"(?:def|class)\s+(\w+)", text))
    return names | set(re.findall(r"^\s*(\w+)\s*[:=]", text, flags=re.MULTILINE))


def test_every_case_the_code_cites_is_a_row() -> None:
    texts = [path.read_text(encoding="utf-8") for path in sorted(PACKAGE.rglob("*.py"))]
    cited = {name for text in texts for name in CITED.findall(text)}
    defined = set().union(*(_defined_names(text) for text in texts))
    assert "alter_db_comment" in cited
    assert sorted(cited - defined - set(rows())) == []


@pytest.mark.skipif(not MEASUREMENTS, reason="DJM_PG_MEASUREMENTS does not name a CSV")
def test_the_times_are_the_measured_ones() -> None:
    with open(MEASUREMENTS, encoding="utf-8", newline="") as file:
        measured = {row["case_id"]: row for row in csv.DictReader(file)}
    page = rows()
    assert sorted(page) == sorted(measured)
    wrong = []
    for case, cells in page.items():
        row = measured[case]
        expected = ["—", "—"]
        if row["emits_sql"] == "True":
            expected = [row["seconds_200000_rows"], row["seconds_2000000_rows"]]
        if [cell.removeprefix("fails after ") for cell in cells[4:6]] != expected:
            wrong.append(case)
    assert wrong == []
