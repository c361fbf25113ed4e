"""The DJM3 rules meet the SQL reader: every trigger statement reports, and the same text inside
a string constant, a comment, a dollar quote or a quoted identifier never does; the reader and
the rules never raise on SQL-like text."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flake8_django_migrations.plugin import check_file
from flake8_django_migrations.rules import RULES
from tests import harness

SQL_RULES = tuple(rule for rule in RULES if rule.code.startswith("DJM3"))


TRIGGERS = harness.SQL_TRIGGERS


SOURCE = """\
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunSQL({sql!r}, reverse_sql={sql!r}),
    ]
"""


def _sql_codes(text: str) -> list[str]:
    source = SOURCE.format(sql=text)
    found = check_file(
        ast.parse(source),
        "shop/migrations/0002_x.py",
        source.splitlines(True),
        harness.make_settings(),
        SQL_RULES,
    )
    return [v.code for v in found]


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_trigger_reports_when_it_is_a_statement(trigger: str) -> None:
    assert _sql_codes(trigger) != []


def _wrap_string(text: str) -> str:
    return "SELECT '" + text.replace("'", "''") + "'"


def _wrap_escape_string(text: str) -> str:
    return "SELECT E'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _wrap_line_comment(text: str) -> str:
    return "SELECT 1 -- " + text.replace("\n", " ") + "\n"


def _wrap_block_comment(text: str) -> str:
    return "/* " + text.replace("*/", "* /").replace("/*", "/ *") + " */ SELECT 1"


def _wrap_dollar(text: str) -> str:
    while "$x$" in text:
        text = text.replace("$x$", "")
    return "CREATE FUNCTION f() RETURNS void AS $x$ " + text + " $x$ LANGUAGE sql"


def _wrap_identifier(text: str) -> str:
    return 'SELECT 1 AS "' + text.replace('"', '""') + '"'


WRAPPERS = (
    _wrap_string,
    _wrap_escape_string,
    _wrap_line_comment,
    _wrap_block_comment,
    _wrap_dollar,
    _wrap_identifier,
)


@given(
    st.lists(st.sampled_from(TRIGGERS), min_size=1, max_size=3),
    st.sampled_from(WRAPPERS),
    st.text(alphabet=" ;'\"$*/-\\\nEabc", max_size=8),
)
def test_triggers_inside_strings_comments_and_dollar_quotes_never_report(
    triggers: list[str], wrap: object, noise: str
) -> None:
    assert callable(wrap)
    text = "; ".join(triggers) + ";" + noise
    assert _sql_codes(wrap(text)) == []


@given(st.text(alphabet="ACDEGILNORSTUVX(),;'\"$-/* \n", max_size=60))
def test_the_rules_never_raise_on_sql_like_text(text: str) -> None:
    assert set(_sql_codes(text)) <= {rule.code for rule in SQL_RULES}
