"""Meta-tests over the registry: every rule, including the ones added later, follows the rules."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from flake8_django_migrations import docs, settings
from flake8_django_migrations.plugin import _option_specs
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules._rule import Rule
from tests import harness

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CHANGELOG = ROOT / "CHANGELOG.md"
CODE = re.compile(r"^DJM\d{3}$")
KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
OPTION = re.compile(r"\bdjm-[a-z][a-z-]*[a-z]\b")
CHECKED = [rule for rule in RULES if rule.code != "DJM000"]
PG_FIXTURES = [
    (rule, path)
    for rule in RULES
    if rule.postgresql_only
    for path in harness.fixture_paths("migrations") + harness.app_fixture_paths()
    if harness.load(path).rule == rule and harness.load(path).expected
]


def code_of(rule: Rule) -> str:
    return rule.code


def section(rule: Rule, heading: str) -> str:
    """The text of one `## ` section of the rule's docstring."""
    after = rule.doc.partition(f"\n{heading}\n")[2]
    return re.split(r"^## ", after, maxsplit=1, flags=re.MULTILINE)[0]


def test_codes_are_unique_and_sorted() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == sorted(set(codes))
    assert list(BY_CODE) == codes


def test_djm000_is_the_first_rule_and_has_no_check() -> None:
    assert (RULES[0].code, RULES[0].name, RULES[0].check) == ("DJM000", "internal-error", None)


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_code_and_name_shape(rule: Rule) -> None:
    assert CODE.match(rule.code) is not None, rule.code
    assert KEBAB.match(rule.name) is not None, rule.name


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_module_file_name_matches_code_and_name(rule: Rule) -> None:
    assert rule.module.__file__ is not None
    expected = f"djm{rule.code[3:]}_{rule.name.replace('-', '_')}"
    assert Path(rule.module.__file__).stem == expected
    assert rule.module.__name__ == f"flake8_django_migrations.rules.{expected}"


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_message_has_no_trailing_period(rule: Rule) -> None:
    message = rule.module.MESSAGE
    assert isinstance(message, str)
    assert message == message.strip()
    assert message[-1:] != "."


# Messages stay under 90 characters with real names: the fixed words leave room for a
# `model.field` of about 25 characters.
MAX_FIXED_MESSAGE = 64


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_message_leaves_room_for_names(rule: Rule) -> None:
    fixed = re.sub(r"\{[a-z_]+\}", "", rule.module.MESSAGE)
    assert len(fixed) <= MAX_FIXED_MESSAGE


@pytest.mark.parametrize("rule", CHECKED, ids=code_of)
def test_every_rule_but_djm000_has_a_check(rule: Rule) -> None:
    assert callable(rule.check)


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_added_in_is_a_version(rule: Rule) -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", rule.added_in) is not None, rule.added_in


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_docstring_has_a_summary_and_every_section_in_order(rule: Rule) -> None:
    lines = rule.doc.splitlines()
    assert lines[0].strip() != ""
    assert lines[0] == rule.summary
    assert lines[1] == ""
    headings = [line for line in lines if line.startswith("## ")]
    assert [h for h in headings if h in docs.SECTIONS] == list(docs.SECTIONS)
    assert len(headings) == len(set(headings))


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_docs_page_is_generated_from_the_docstring(rule: Rule) -> None:
    page = ROOT / "docs" / "rules" / f"{rule.code}.md"
    assert page.exists(), f"run `python -m flake8_django_migrations.docs` ({page} is missing)"
    assert page.read_text(encoding="utf-8") == docs.rule_page(rule)


def test_readme_rules_table_is_generated() -> None:
    text = README.read_text(encoding="utf-8")
    table = text.partition(docs.TABLE_START)[2].partition(docs.TABLE_END)[0]
    assert table == f"\n{docs.readme_table()}\n"


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_changelog_mentions_the_rule(rule: Rule) -> None:
    lines = CHANGELOG.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith(f"- {rule.code}:")] != []


def _known_options() -> set[str]:
    flags = {flag.removeprefix("--") for flag, _, _ in _option_specs()}
    fields = {f"djm-{f.name.replace('_', '-')}" for f in dataclasses.fields(settings.Settings)}
    return flags & fields


def test_every_plugin_option_is_a_settings_field() -> None:
    assert _known_options() == {flag.removeprefix("--") for flag, _, _ in _option_specs()}


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_options_named_in_the_docs_exist(rule: Rule) -> None:
    named = set(OPTION.findall(section(rule, "## Options")))
    assert named - _known_options() == set()


@pytest.mark.parametrize(("rule", "path"), PG_FIXTURES, ids=[path.stem for _, path in PG_FIXTURES])
def test_postgresql_only_fixtures_report_nothing_on_sqlite(rule: Rule, path: Path) -> None:
    fixture = harness.load(path)
    # The same file does report on PostgreSQL: the silence below comes from the database.
    assert fixture.settings.database == "postgresql"
    assert sorted({code for _, _, code in harness.run(fixture, (rule,))}) == [rule.code]
    on_sqlite = dataclasses.replace(
        fixture, settings=dataclasses.replace(fixture.settings, database="sqlite")
    )
    assert harness.run(on_sqlite, (rule,)) == []


def test_postgresql_only_rules_have_fixtures() -> None:
    covered = {rule.code for rule, _ in PG_FIXTURES}
    assert covered == {rule.code for rule in RULES if rule.postgresql_only}
