"""Meta-tests over the registry: every rule, including the ones added later, follows the rules."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

from flake8_django_migrations import docs, settings
from flake8_django_migrations import rules as rules_package
from flake8_django_migrations.plugin import _option_specs
from flake8_django_migrations.rules import BY_CODE, RULES
from flake8_django_migrations.rules.api import Rule
from tests import harness

ROOT = Path(__file__).resolve().parents[2]
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


def module_of(rule: Rule) -> ModuleType:
    """The rule's module, found by the file name its code and name give."""
    stem = f"djm{rule.code[3:]}_{rule.name.replace('-', '_')}"
    return importlib.import_module(f"flake8_django_migrations.rules.{stem}")


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_module_file_name_matches_code_and_name(rule: Rule) -> None:
    module = module_of(rule)
    assert getattr(module, "RULE", None) is rule
    assert rule.docstring == module.__doc__
    assert rule.check is getattr(module, "check", None)


def rule_files(folder: Path) -> list[str]:
    return sorted(path.stem for path in folder.glob("djm*.py"))


REGISTERED = [f"djm{r.code[3:]}_{r.name.replace('-', '_')}" for r in RULES]


def test_the_rule_files_on_disk_are_exactly_the_registry() -> None:
    """A rule module that is not registered, or a registered one without its file, fails here."""
    assert rule_files(Path(rules_package.__file__).parent) == REGISTERED


def test_a_rule_module_outside_the_registry_is_noticed(tmp_path: Path) -> None:
    for stem in [*REGISTERED, "djm111_new_rule"]:
        (tmp_path / f"{stem}.py").write_text("", encoding="utf-8")
    (tmp_path / "api.py").write_text("", encoding="utf-8")
    assert set(rule_files(tmp_path)) - set(REGISTERED) == {"djm111_new_rule"}


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_message_has_no_trailing_period(rule: Rule) -> None:
    message = rule.message
    assert message == message.strip()
    assert message[-1:] != "."


# Each message, with the `DJMNNN ` prefix, stays within 100 characters for names of usual
# length: a `model.field` like `product.price`, a 20-character model name, the opening of a
# statement on `shop_order` (`sql.Statement.head` cuts longer ones near 44 characters).
# Fields that take one of the rule's own phrases get the longest one it can show.
MAX_MESSAGE = 100
TYPICAL = {
    "app": "shop",
    "argument": "reverse_code",
    "callable": "stock_to_zero",
    "check": "`PositiveIntegerField` CHECK",
    "code": "fill_sku",
    "command": "'loaddata'",
    "count": "2",
    "data": "RunPython",
    "dependency": "shop.0014_product_slug_required",
    "error": "AttributeError",
    "field": "purchase.reviewer",
    "function": "prices_to_cents",
    "gone": "1",
    "how": "an f-string",
    "leaf": "0007_order_total",
    "limit": "10",
    "method": "bulk_update",
    "model": "customerloyaltycards",
    "module": "0009_fill_sku",
    "name": "0004_order_total",
    "named": "0005_order_status",
    "other": "0003_order_status",
    "others": "`0004_order_status`",
    "query": "Product.save()",
    "schema": "product.price",
    "source": "obj.__dict__",
    "sql": "ALTER TABLE shop_order ALTER COLUMN ...",
    "table": "catalogue_product",
    "target": "product.price",
    "total": "2",
    "what": "the field",
    "where": "DJM107",
}
# Per rule, the longest phrase a field can take.
LONGEST = {
    "DJM102": {"kept": "its join table", "option": "db_table"},
    "DJM106": {"work": "UPDATEs NULLs"},
    "DJM107": {"change": "`integer` to `bigint`", "also": " (+ referencing tables)"},
    "DJM109": {"fix": "add `null=True` first"},
    "DJM203": {"work": "index build and validation"},
    "DJM206": {"cause": "stored `GeneratedField`"},
    "DJM209": {"reason": "the database `on_delete` changes"},
    "DJM306": {"sql": "ALTER TABLE shop_order DROP COLUMN ..."},
    "DJM309": {"sql": "COMMIT"},
    "DJM401": {"argument": "code"},
    "DJM403": {"model": "CustomerLoyaltyCards"},
    "DJM407": {"model": "CustomerLoyaltyCards"},
    "DJM501": {"sql": '"UPDATE shop_product ..."'},
    "DJM604": {"how": "imported"},
    "DJM610": {"name": "RemoveField"},
    "DJM611": {"configured": "store", "used": "`shop`"},
}


def _messages(rule: Rule) -> list[str]:
    module = vars(module_of(rule))
    return [text for name, text in module.items() if name.endswith("MESSAGE")]


def _longest(rule: Rule, field: str) -> str:
    phrases: list[str] = [
        text for name, text in vars(module_of(rule)).items() if name.startswith("FIX_")
    ]
    if field == "fix" and phrases:
        return max(phrases, key=len)
    return LONGEST.get(rule.code, {}).get(field, TYPICAL.get(field, ""))


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_message_fits_in_100_characters_with_usual_names(rule: Rule) -> None:
    for message in _messages(rule):
        fields = {name: _longest(rule, name) for name in re.findall(r"\{([a-z_]+)\}", message)}
        rendered = f"{rule.code} {message.format(**fields)}"
        assert len(rendered) <= MAX_MESSAGE, rendered


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


@pytest.mark.parametrize("rule", RULES, ids=code_of)
def test_fix_kind_says_whether_the_rule_has_a_fixer(rule: Rule) -> None:
    assert rule.fix_kind in {"safe", "unsafe", "none"}
    assert (rule.fix is None) == (rule.fix_kind == "none")
