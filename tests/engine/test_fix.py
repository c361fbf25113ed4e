"""The engine of `fix`: positions, spans, encodings, the re-lint, history and the options."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from flake8_django_migrations import fix
from flake8_django_migrations.diagnostics import Violation
from flake8_django_migrations.rules import BY_CODE
from flake8_django_migrations.rules.api import Context as RuleContext
from flake8_django_migrations.rules.api import Edit, Fix, Fixer, Migration, Rule
from flake8_django_migrations.settings import OptionError
from tests import harness
from tests.rules.test_fixes import make_app

SETTINGS = harness.make_settings()
SAFE = fix.select_rules(None, unsafe=False, configured=())
LAMBDA = """\
from django.db import migrations


def fill(apps, schema_editor):
    apps.get_model("shop", "Product").objects.filter(sku="").update(sku="-")


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RunPython(fill, lambda apps, schema_editor: None),
    ]
"""
LAMBDA_FIXED = LAMBDA.replace("lambda apps, schema_editor: None", "migrations.RunPython.noop")


def with_fixer(code: str, fixer: Fixer) -> fix.Selection:
    rule = dataclasses.replace(BY_CODE[code], fix=fixer, fix_kind="safe")
    return fix.Selection((rule,))


# --- positions and spans ---------------------------------------------------------------------


def test_lines_keep_their_own_endings() -> None:
    assert fix.split_lines("a\r\nb\rc\nd") == ["a\r\n", "b\r", "c\n", "d"]
    assert fix.flake8_lines("a\r\nb\rc") == ["a\n", "b\n", "c"]


def test_byte_columns_become_character_offsets() -> None:
    lines = fix.split_lines("é = 'ü'\r\nx = 1\r\n")
    starts = fix.line_starts(lines)
    # "é" is two bytes in UTF-8: column 5 is the quote, character 4.
    assert [fix.to_offset(lines, starts, 1, col) for col in (0, 2, 5, 9)] == [0, 1, 4, 7]
    assert fix.to_offset(lines, starts, 2, 4) == 13
    assert fix.to_offset(lines, starts, 3, 0) == 16


@pytest.mark.parametrize(("line", "col"), [(0, 0), (4, 0), (1, 99), (2, -1)])
def test_a_position_outside_the_file_is_an_error(line: int, col: int) -> None:
    lines = fix.split_lines("x = 1\ny = 2\n")
    with pytest.raises(ValueError, match="no "):
        fix.to_offset(lines, fix.line_starts(lines), line, col)


def test_an_edit_that_ends_before_it_starts_is_an_error() -> None:
    with pytest.raises(ValueError, match="an edit ends before it starts on line 1"):
        fix.to_spans(["abc\n"], [Edit(1, 2, 1, 1, "x")])


def test_spans_apply_from_the_end() -> None:
    spans = [fix.Span(0, 1, "AB"), fix.Span(4, 4, "!"), fix.Span(2, 3, "")]
    assert fix.apply_spans("abcd", spans) == "ABbd!"


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [
        ((0, 3, "x"), (2, 5, "y"), True),
        ((0, 3, "x"), (0, 3, "x"), False),
        ((0, 3, "x"), (3, 3, "y"), False),
        ((3, 3, "x"), (3, 3, "y"), True),
        ((0, 3, "x"), (1, 1, "y"), True),
        ((0, 3, "x"), (0, 0, "y"), True),
    ],
)
def test_spans_clash_when_they_overlap_or_share_a_start(
    a: tuple[int, int, str], b: tuple[int, int, str], clash: bool
) -> None:
    assert (fix.Span(*a).clashes(fix.Span(*b)), fix.Span(*b).clashes(fix.Span(*a))) == (
        clash,
        clash,
    )


def test_a_pass_keeps_the_first_of_overlapping_fixes_and_equal_edits_once() -> None:
    lines = ["abcdef\n"]
    first, second, same = (Violation(1, 0, "DJM406", text) for text in "abc")
    plan = fix._Pass()
    plan.add(lines, first, Fix((Edit(1, 0, 1, 3, "X"),)))
    plan.add(lines, second, Fix((Edit(1, 2, 1, 5, "Y"),)))
    plan.add(lines, same, Fix((Edit(1, 0, 1, 3, "X"),)))
    assert (plan.spans, plan.fixed, plan.held_back) == (
        [fix.Span(0, 3, "X")],
        [first, same],
        [second],
    )


def test_a_pass_notes_an_edit_outside_the_file() -> None:
    plan = fix._Pass()
    plan.add(["x\n"], Violation(1, 0, "DJM406", "m"), Fix((Edit(7, 0, 7, 1, "y"),)))
    assert (plan.spans, plan.notes) == ([], ["DJM406 on line 1: bad edit (no line 7 in the file)"])


# --- files -------------------------------------------------------------------------------------


def test_a_latin_1_file_keeps_its_cookie_and_bytes(tmp_path: Path) -> None:
    source = (
        "# -*- coding: latin-1 -*-\n"
        "# Données de départ.\n"
        "from django.db import migrations\n\n\n"
        "def fill(apps, schema_editor):\n"
        '    Product = apps.get_model("shop", "Product")\n'
        '    Product.objects.bulk_update(list(Product.objects.all()), ["é", "ü"])  # été\n\n\n'
        "class Migration(migrations.Migration):\n"
        '    dependencies = [("shop", "0001_initial")]\n\n'
        "    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]\n"
    )
    path = make_app(tmp_path, source.encode("latin-1"))
    outcome, data = fix.fix_file(path, SETTINGS, SAFE)
    fixed = source.replace('["é", "ü"])', '["é", "ü"], batch_size=1000)')
    assert (data, outcome.fixed) == (fixed.encode("latin-1"), Counter({"DJM404": 1}))


def test_a_bom_and_crlf_line_endings_stay(tmp_path: Path) -> None:
    source = (
        "from django.contrib.postgres.operations import AddIndexConcurrently\r\n"
        "from django.db import migrations, models\r\n\r\n\r\n"
        "class Migration(migrations.Migration):\r\n"
        '    dependencies = [("shop", "0001_initial")]\r\n'
        '    operations = [AddIndexConcurrently("order", models.Index(fields=["id"], name="i"))]'
        "\r\n"
    )
    path = make_app(tmp_path, b"\xef\xbb\xbf" + source.encode())
    outcome, data = fix.fix_file(path, SETTINGS, SAFE)
    fixed = source.replace("Migration):\r\n", "Migration):\r\n    atomic = False\r\n\r\n")
    assert (data, outcome.fixed) == (b"\xef\xbb\xbf" + fixed.encode(), Counter({"DJM201": 1}))


def test_every_finding_asking_for_the_same_edit_is_fixed_by_it(tmp_path: Path) -> None:
    case = harness.FIXTURES / "fix" / "djm301_two_statements.py"
    outcome, _ = fix.fix_file(make_app(tmp_path, case.read_bytes()), SETTINGS, SAFE)
    assert outcome.fixed == Counter({"DJM301": 3})


def test_a_fix_the_encoding_cannot_hold_leaves_the_file(tmp_path: Path) -> None:
    def accented(migration: Migration, ctx: RuleContext, violation: Violation) -> Fix:
        return Fix((Edit(13, 35, 13, 67, "migrations.RunPython.noop"), Edit(1, 23, 1, 23, " é")))

    source = "# -*- coding: ascii -*-\n" + LAMBDA
    path = make_app(tmp_path, source.encode())
    outcome, data = fix.fix_file(path, SETTINGS, with_fixer("DJM406", accented))
    assert (data, outcome.changed, outcome.fixed, outcome.notes) == (
        source.encode(),
        False,
        Counter(),
        ["the fix cannot be written in the file's encoding (ascii)"],
    )


def test_an_undecodable_file_is_an_error(tmp_path: Path) -> None:
    path = make_app(tmp_path, b"# -*- coding: utf-8 -*-\nx = '\xff'\n")
    with pytest.raises(fix.FixError, match="cannot decode"):
        fix.fix_file(path, SETTINGS, SAFE)


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(fix.FixError, match="cannot read: No such file or directory"):
        fix.fix_file(tmp_path / "shop" / "migrations" / "0002_x.py", SETTINGS, SAFE)


def test_a_file_that_does_not_parse_is_left_with_the_reason(tmp_path: Path) -> None:
    path = make_app(tmp_path, b"class Migration(:\n")
    outcome, data = fix.fix_file(path, SETTINGS, SAFE)
    assert (data, outcome.notes) == (
        b"class Migration(:\n",
        ["does not parse (invalid syntax on line 1)"],
    )


def test_history_is_never_fixed(tmp_path: Path) -> None:
    path = make_app(tmp_path, LAMBDA.encode())
    settings = harness.make_settings(start_after="shop.0002")
    outcome, data = fix.fix_file(path, settings, SAFE)
    assert (data, outcome.changed, outcome.notes) == (LAMBDA.encode(), False, [])
    assert fix.fix_file(path, SETTINGS, SAFE)[1] == LAMBDA_FIXED.encode()


def test_files_outside_migrations_folders_are_never_fixed(tmp_path: Path) -> None:
    path = tmp_path / "shop" / "0002_x.py"
    path.parent.mkdir()
    path.write_text(LAMBDA)
    outcome, data = fix.fix_file(path, SETTINGS, SAFE)
    assert (data, outcome.notes) == (LAMBDA.encode(), ["not a file in a migrations folder"])


def test_a_file_silenced_for_flake8_is_not_fixed(tmp_path: Path) -> None:
    source = "# flake8: noqa\n" + LAMBDA
    outcome, data = fix.fix_file(make_app(tmp_path, source.encode()), SETTINGS, SAFE)
    assert (data, outcome.changed) == (source.encode(), False)


def test_a_noqa_for_another_code_does_not_stop_the_fix(tmp_path: Path) -> None:
    source = LAMBDA.replace("None),\n", "None),  # noqa: E501\n")
    _, data = fix.fix_file(make_app(tmp_path, source.encode()), SETTINGS, SAFE)
    assert data.decode() == LAMBDA_FIXED.replace("noop),\n", "noop),  # noqa: E501\n")


# --- the re-lint -------------------------------------------------------------------------------


def _replace_lambda(text: str, also: tuple[Edit, ...] = ()) -> object:
    def fixer(migration: Migration, ctx: RuleContext, violation: Violation) -> Fix:
        return Fix((Edit(12, 35, 12, 67, text), *also))

    return fixer


@pytest.mark.parametrize(
    ("fixer", "why"),
    [
        (
            _replace_lambda("(("),
            "the fixed text would not parse (",
        ),
        (
            _replace_lambda("lambda apps, schema_editor:None"),
            "DJM406 '`RunPython` `reverse_code` is a lambda `squashmigrations` cannot copy:"
            " use a function' would remain after its fix",
        ),
        (
            _replace_lambda(
                "migrations.RunPython.noop", (Edit(12, 29, 12, 33, "lambda a, b: 1"),)
            ),
            "the fix would add DJM406 '`RunPython` `code` is a lambda `squashmigrations` cannot"
            " copy: use a function'",
        ),
    ],
)
def test_a_fix_that_breaks_the_file_is_refused(tmp_path: Path, fixer: Fixer, why: str) -> None:
    path = make_app(tmp_path, LAMBDA.encode())
    outcome, data = fix.fix_file(path, SETTINGS, with_fixer("DJM406", fixer))
    assert (data, len(outcome.notes), outcome.notes[0].startswith(why)) == (
        LAMBDA.encode(),
        1,
        True,
    )


def test_a_failing_fixer_is_noted_and_raises_under_djm_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(migration: Migration, ctx: RuleContext, violation: Violation) -> Fix:
        raise KeyError(violation.code)

    path = make_app(tmp_path, LAMBDA.encode())
    monkeypatch.delenv("DJM_RAISE", raising=False)
    outcome, _ = fix.fix_file(path, SETTINGS, with_fixer("DJM406", broken))
    assert outcome.notes == ["DJM406 fixer failed (KeyError)"]
    monkeypatch.setenv("DJM_RAISE", "1")
    with pytest.raises(KeyError):
        fix.fix_file(path, SETTINGS, with_fixer("DJM406", broken))


def test_an_unsafe_fix_needs_unsafe(tmp_path: Path) -> None:
    def unsafe(migration: Migration, ctx: RuleContext, violation: Violation) -> Fix:
        return Fix((Edit(12, 35, 12, 67, "migrations.RunPython.noop"),), safe=False)

    path = make_app(tmp_path, LAMBDA.encode())
    rule = dataclasses.replace(BY_CODE["DJM406"], fix=unsafe)
    assert fix.fix_file(path, SETTINGS, fix.Selection((rule,)))[1] == LAMBDA.encode()
    assert fix.fix_file(path, SETTINGS, fix.Selection((rule,), True))[1] == LAMBDA_FIXED.encode()


# --- options -------------------------------------------------------------------------------------


def _fake_rules() -> tuple[Rule, ...]:
    def nothing(migration: Migration, ctx: RuleContext, violation: Violation) -> None:
        return None

    base = BY_CODE["DJM406"]
    return (
        dataclasses.replace(base, code="DJM901", fix=nothing, fix_kind="safe"),
        dataclasses.replace(base, code="DJM902", fix=nothing, fix_kind="unsafe"),
        dataclasses.replace(base, code="DJM903", fix=nothing, fix_kind="safe", default_on=False),
        dataclasses.replace(base, code="DJM904", fix=None),
    )


@pytest.mark.parametrize(
    ("select", "unsafe", "configured", "codes"),
    [
        (None, False, (), ["DJM901"]),
        (None, True, (), ["DJM901", "DJM902"]),
        (None, False, ("DJM9",), ["DJM901", "DJM903"]),
        ("djm903, DJM902", False, (), ["DJM903"]),
        ("DJM903,DJM902", True, (), ["DJM902", "DJM903"]),
        ("DJM904", True, (), []),
    ],
)
def test_select_rules(
    monkeypatch: pytest.MonkeyPatch,
    select: str | None,
    unsafe: bool,
    configured: tuple[str, ...],
    codes: list[str],
) -> None:
    monkeypatch.setattr(fix, "RULES", _fake_rules())
    chosen = fix.select_rules(select, unsafe, configured)
    assert [rule.code for rule in chosen.rules] == codes


@pytest.mark.parametrize(("select", "bad"), [("DJM201,DJM999", "DJM999"), (" , ", " , ")])
def test_select_rejects_unknown_codes(select: str, bad: str) -> None:
    with pytest.raises(fix.FixError) as raised:
        fix.select_rules(select, unsafe=False, configured=())
    assert str(raised.value) == f"--select: unknown code {bad!r}"


def test_the_fix_rules_of_the_registry() -> None:
    # Opt-in DJM205 only when configured on; unsafe ones only with `unsafe`.
    assert [rule.code for rule in fix.select_rules(None, True, ()).rules] == [
        "DJM109",
        "DJM200",
        "DJM201",
        "DJM301",
        "DJM404",
        "DJM406",
        "DJM500",
        "DJM501",
        "DJM606",
        "DJM607",
    ]
    assert [rule.code for rule in fix.select_rules(None, False, ("DJM205",)).rules] == [
        "DJM109",
        "DJM200",
        "DJM201",
        "DJM205",
        "DJM301",
        "DJM404",
        "DJM406",
        "DJM606",
    ]


def test_configuration_is_read_as_flake8_reads_it(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[flake8]\nmax-line-length = 99\ndjm-fix-batch-size = 50\n"
        "djm_database = sqlite\nextend-select = DJM7, E\n"
    )
    settings, configured, _ = fix.read_configuration(tmp_path)
    assert (settings.fix_batch_size, settings.database, configured) == (
        50,
        "sqlite",
        ["DJM7", "E"],
    )


def test_no_configuration_gives_the_defaults(tmp_path: Path) -> None:
    settings, configured, _ = fix.read_configuration(tmp_path)
    assert (settings.fix_batch_size, settings.max_operations, configured) == (1000, 10, [])


def test_a_bad_configured_value_names_the_option(tmp_path: Path) -> None:
    (tmp_path / "tox.ini").write_text("[flake8]\ndjm-fix-batch-size = lots\n")
    with pytest.raises(OptionError, match="djm-fix-batch-size: 'lots'"):
        fix.read_configuration(tmp_path)


def test_a_broken_configuration_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text("[flake8]\ndjm-database = sqlite\ndjm-database = mysql\n")
    with pytest.raises(fix.FixError, match="cannot read the flake8 configuration"):
        fix.read_configuration(tmp_path)


def test_folders_are_walked_for_migration_files(tmp_path: Path) -> None:
    make_app(tmp_path, b"")
    for extra in ("shop/models.py", ".git/migrations/0001_x.py", "shop/migrations/notes.txt"):
        (tmp_path / extra).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / extra).write_text("")
    named = tmp_path / "shop" / "models.py"
    found = list(fix.migration_files([tmp_path, named], SETTINGS))
    migrations = tmp_path / "shop" / "migrations"
    assert found == [migrations / "0001_initial.py", migrations / "0002_x.py", named]


def test_the_summary_line_says_what_was_fixed_and_what_was_left() -> None:
    outcome = fix.Outcome(Path("a/migrations/0002_x.py"), "x = 1\n", "x = 2\n")
    outcome.fixed.update(["DJM404", "DJM404", "DJM201"])
    assert (
        fix.summary(outcome, dry_run=True)
        == "a/migrations/0002_x.py: would fix DJM201 x1, DJM404 x2"
    )
    outcome.notes.append("DJM406 fixer failed (KeyError)")
    assert fix.summary(outcome, dry_run=False) == (
        "a/migrations/0002_x.py: fixed DJM201 x1, DJM404 x2; left the rest: DJM406 fixer failed"
        " (KeyError)"
    )
    assert fix.summary(fix.Outcome(Path("b.py"), "", ""), dry_run=False) is None
