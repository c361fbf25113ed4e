"""What a contributor or a user needs is in the repository: nothing shipped cites a file outside
it, and every citation of `docs/terms.md` or `docs/postgresql.md` points at a heading there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# The notes the project was built from, which live outside the repository.
OUTSIDE = ("RULES.md", "pg-truth")
CITATION = re.compile(r"\b(terms|postgresql)\.md#([a-z0-9-]+)")


def shipped_files() -> list[Path]:
    """The package, the docs, the example project, the scripts and the top-level pages."""
    found = [ROOT / name for name in ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")]
    for folder in ("flake8_django_migrations", "docs", "examples", "scripts"):
        found += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file() and _text(p))
    # Not recursive: `bench/.envs/` holds the benchmarks' virtual environments.
    found += sorted(p for p in (ROOT / "bench").glob("*") if p.is_file() and _text(p))
    return [path for path in found if path.exists()]


def _text(path: Path) -> bool:
    return path.suffix in {".py", ".md", ".txt", ".cfg", ".toml", ".ini"}


def anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lstrip("#").strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    lines = page.read_text(encoding="utf-8").splitlines()
    return {anchor(line) for line in lines if line.startswith("#")}


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", shipped_files(), ids=_relative)
def test_no_shipped_file_cites_a_file_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert [name for name in OUTSIDE if name in text] == []


def test_shipped_files_include_the_package_docs_and_rule_pages() -> None:
    names = {_relative(path) for path in shipped_files()}
    expected = {"flake8_django_migrations/context.py", "docs/terms.md", "docs/rules/DJM304.md"}
    assert expected - names == set()


def citations() -> list[tuple[str, str, str]]:
    found = []
    for path in [*shipped_files(), *sorted((ROOT / "tests").glob("*.py"))]:
        for page, name in CITATION.findall(path.read_text(encoding="utf-8")):
            found.append((_relative(path), page, name))
    return sorted(set(found))


@pytest.mark.parametrize(("path", "page", "name"), citations(), ids=str)
def test_citation_points_at_a_heading(path: str, page: str, name: str) -> None:
    assert name in anchors(DOCS / f"{page}.md"), f"{path}: {page}.md#{name}"


def test_the_code_cites_both_pages() -> None:
    pages = {page for _, page, _ in citations()}
    assert pages == {"terms", "postgresql"}


def test_anchor_follows_github() -> None:
    assert anchor("## Column, table and column type") == "column-table-and-column-type"
    assert anchor("### Raw SQL in `RunSQL`") == "raw-sql-in-runsql"
    assert anchor("## After-deploy migration") == "after-deploy-migration"


CONTRIBUTING = ROOT / "CONTRIBUTING.md"
# A group of module names in parentheses: "(`state`, `graph`, `project`)".
MODULE_GROUP = re.compile(r"\(((?:`[^`]+`(?:, )?)+)\)")


def layer_modules() -> set[str]:
    """The modules the layers section of CONTRIBUTING.md names in parentheses."""
    text = CONTRIBUTING.read_text(encoding="utf-8")
    section = text.partition("\n## The layers")[2].partition("\n## ")[0]
    names = {
        name for group in MODULE_GROUP.findall(section) for name in re.findall(r"`([^`]+)`", group)
    }
    return {name for name in names if name == name.lower() or name.startswith("rules/djm")}


def package_modules() -> set[str]:
    package = ROOT / "flake8_django_migrations"
    found = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    return found | {"rules/api", "rules/__init__", "rules/djmNNN_<slug>"}


def test_contributing_layers_name_every_module_and_only_those() -> None:
    """A module added, renamed or removed shows up here until the picture is updated."""
    assert sorted(layer_modules() ^ package_modules()) == []


def test_contributing_and_readme_point_at_each_other() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    contributing = CONTRIBUTING.read_text(encoding="utf-8")
    assert "(CONTRIBUTING.md)" in readme.partition("## Contributing")[2].partition("\n## ")[0]
    assert "python scripts/new_rule.py DJM111 some-slug" in contributing
