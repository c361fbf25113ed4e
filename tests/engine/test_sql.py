"""The raw-SQL reader: tokens, statements, what statements do, literal SQL in a migration.

Hypothesis properties: the reader never raises on any text; whitespace and comments between
tokens do not change the statements read. (What the DJM3 rules make of the reader's work:
`tests/rules/test_sql_rules_reader.py`.)
"""

from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flake8_django_migrations import sql, sql_syntax
from flake8_django_migrations.migration import Migration, parse_migration
from tests import harness


def words(text: str) -> list[tuple[str, ...]]:
    return [statement.words for statement in sql_syntax.statements(text)]


def heads(text: str) -> list[str]:
    return [statement.head for statement in sql_syntax.statements(text)]


def one(text: str) -> sql_syntax.Statement:
    (statement,) = sql_syntax.statements(text)
    return statement


# ---------------------------------------------------------------------------------------------
# Tokenising and splitting


def test_statements_split_on_semicolons_and_drop_empty_ones() -> None:
    assert words("select 1;; SELECT a FROM t ;") == [("SELECT", "1"), ("SELECT", "A", "FROM", "T")]


def test_empty_and_blank_text_have_no_statements() -> None:
    assert sql_syntax.statements("") == []
    assert sql_syntax.statements("  ;\n -- only a comment\n ; /* and another */") == []


def test_line_and_nested_block_comments_are_skipped() -> None:
    text = "A -- B; C\nD /* E; /* F; */ G; */ H; I"
    assert words(text) == [("A", "D", "H"), ("I",)]


def test_string_constants_are_one_token_and_hide_semicolons() -> None:
    assert words("SELECT 'a;b', 'it''s; x'; B") == [("SELECT", "'", ",", "'"), ("B",)]


def test_escape_strings_read_backslash_escapes() -> None:
    assert words(r"SELECT E'a\';b', e'c\\'; B") == [("SELECT", "'", ",", "'"), ("B",)]
    # Without the E prefix a backslash is an ordinary character: the string ends at `\'`.
    assert words(r"SELECT 'a\'; B") == [("SELECT", "'"), ("B",)]


def test_prefixed_strings_are_strings() -> None:
    assert words("SELECT B'101', X'ff', N'x;y', U&'d\\0061t;a'") == [
        ("SELECT", "'", ",", "'", ",", "'", ",", "'")
    ]


def test_dollar_quoted_bodies_are_one_token() -> None:
    text = "CREATE FUNCTION f() AS $$ BEGIN; COMMIT; $$; DO $do$ a $$ b; $do$; C"
    assert words(text) == [
        ("CREATE", "FUNCTION", "F", "(", ")", "AS", "'"),
        ("DO", "'"),
        ("C",),
    ]


def test_dollar_signs_that_open_no_quote() -> None:
    assert words("SELECT $1, a$b, $ ; $2x") == [
        ("SELECT", "$1", ",", "A$B", ",", "$"),
        ("$2", "X"),
    ]


def test_quoted_identifiers_keep_case_and_never_match_keywords() -> None:
    statement = one('SELECT "Index", "a""b", U&"x;y" FROM "shop_Order"')
    assert statement.words == ("SELECT", '"Index', ",", '"a"b', ",", '"x;y', "FROM", '"shop_Order')
    assert [t.name for t in statement.tokens if t.is_name] == [
        "select",
        "Index",
        'a"b',
        "x;y",
        "from",
        "shop_Order",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT 1; SELECT 'open; DROP TABLE t", [("SELECT", "1"), ("SELECT",)]),
        ('SELECT 1; SELECT "open; DROP TABLE t', [("SELECT", "1"), ("SELECT",)]),
        ("SELECT 1; SELECT /* open; DROP TABLE t", [("SELECT", "1"), ("SELECT",)]),
        ("SELECT 1; SELECT /* a /* b */ DROP TABLE t", [("SELECT", "1"), ("SELECT",)]),
        ("SELECT 1; SELECT $x$ open; DROP TABLE t", [("SELECT", "1"), ("SELECT",)]),
        ("SELECT E'open\\'; DROP TABLE t", [("SELECT",)]),
    ],
)
def test_an_unterminated_construct_swallows_the_rest(
    text: str, expected: list[tuple[str, ...]]
) -> None:
    assert words(text) == expected


def test_semicolons_inside_parentheses_do_not_split() -> None:
    text = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); DELETE FROM b); C"
    assert [w[:3] for w in words(text)] == [("CREATE", "RULE", "R"), ("C",)]


def test_an_unbalanced_closing_parenthesis_does_not_stop_splitting() -> None:
    assert words("SELECT 1); SELECT 2") == [("SELECT", "1", ")"), ("SELECT", "2")]


def test_sql_standard_function_bodies_are_one_statement() -> None:
    text = (
        "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
        "SELECT CASE WHEN true THEN 2 END; END; COMMIT"
    )
    statements = sql_syntax.statements(text)
    assert [s.words[0] for s in statements] == ["CREATE", "COMMIT"]
    assert statements[0].words[-1] == "END"


def test_token_depth_counts_open_parentheses() -> None:
    statement = one("A (B (C) D) E")
    assert [(t.key, t.depth) for t in statement.tokens] == [
        ("A", 0),
        ("(", 0),
        ("B", 1),
        ("(", 1),
        ("C", 2),
        (")", 1),
        ("D", 1),
        (")", 0),
        ("E", 0),
    ]


def test_numbers_are_single_tokens() -> None:
    assert one("SELECT 1.5e-3, .5, 42").words == ("SELECT", "1.5e-3", ",", ".5", ",", "42")


# ---------------------------------------------------------------------------------------------
# Statement helpers


def test_clause_helpers() -> None:
    statement = one("ALTER TABLE t ADD CHECK (a IS NOT NULL) NOT VALID")
    assert statement.starts_with("ALTER", "TABLE")
    assert not statement.starts_with("TABLE")
    assert statement.has("CHECK")
    assert not statement.has("UNIQUE")
    assert statement.find("NOT") == 8
    assert statement.find("NOT", top=True) == 11
    assert statement.find("NOT", start=9) == 11
    assert statement.find("NOT", "NULL", top=True) == -1
    assert statement.has_sequence("NOT", "VALID", top=True)
    assert not statement.has_sequence("VALID", "NOT")
    assert statement.skip(0, "ALTER", "TABLE") == 2
    assert statement.skip(0, "TABLE") == 0


def test_name_at_reads_the_last_part_of_a_qualified_name() -> None:
    statement = one('DROP TABLE db.public."Shop" CASCADE')
    assert statement.name_at(2) == ("Shop", 7)
    assert statement.name_at(7) == ("cascade", 8)
    assert statement.name_at(8) == (None, 8)
    assert one("DROP TABLE (x)").name_at(2) == (None, 2)
    assert one("SELECT a.").name_at(1) == ("a", 2)


@pytest.mark.parametrize(
    ("text", "head"),
    [
        (
            "CREATE INDEX idx_order_user ON shop_order (user_id)",
            "CREATE INDEX idx_order_user ON shop_order ...",
        ),
        ("CREATE INDEX i ON t(a,b)", "CREATE INDEX i ON t (a, b)"),
        ("DROP TABLE IF EXISTS a", "DROP TABLE a"),
        (
            "CREATE INDEX IF NOT EXISTS load_staging_tileid ON load_staging (tileid)",
            "CREATE INDEX load_staging_tileid ON ...",
        ),
        ('ALTER TABLE public."Order" ADD x int', 'ALTER TABLE public."Order" ADD x int'),
        ("SELECT 'x', $$y$$", "SELECT '...', '...'"),
        ("SELECT `a`", "SELECT ' a '"),
        ("VACUUM", "VACUUM"),
        (
            "CREATE INDEX a_very_very_very_very_very_long_index_name ON t (a)",
            "CREATE INDEX ...",
        ),
    ],
)
def test_head_shows_the_first_words_as_written(text: str, head: str) -> None:
    assert heads(text) == [head]


def test_head_of_a_statement_of_skipped_words_is_empty() -> None:
    assert one("IF EXISTS").head == ""


# ---------------------------------------------------------------------------------------------
# What statements do


def test_alter_table_splits_actions_on_top_level_commas() -> None:
    altered = sql.alter_table(
        one("ALTER TABLE IF EXISTS ONLY s.t * ADD c numeric(10, 2), DROP d,, ALTER e SET NOT NULL")
    )
    assert altered is not None
    assert altered.table == "t"
    assert [a.words for a in altered.actions] == [
        ("ADD", "C", "NUMERIC", "(", "10", ",", "2", ")"),
        ("DROP", "D"),
        ("ALTER", "E", "SET", "NOT", "NULL"),
    ]


def test_alter_table_needs_a_table_name() -> None:
    assert sql.alter_table(one("ALTER TABLE (x)")) is None
    assert sql.alter_table(one("ALTER INDEX i RENAME TO j")) is None
    altered = sql.alter_table(one("ALTER TABLE t"))
    assert altered == sql.AlterTable("t", ())


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("CREATE TABLE a (id int)", "a"),
        ("CREATE TEMPORARY TABLE IF NOT EXISTS s.b (id int)", "b"),
        ("CREATE GLOBAL TEMP TABLE c (id int)", "c"),
        ("CREATE UNLOGGED TABLE d AS SELECT 1", "d"),
        ('CREATE MATERIALIZED VIEW "E" AS SELECT 1', "E"),
        ("CREATE OR REPLACE VIEW f AS SELECT 1", None),
        ("CREATE INDEX g ON h (id)", None),
        ("CREATE", None),
        ("SELECT 1", None),
    ],
)
def test_created_table(text: str, table: str | None) -> None:
    assert sql.created_table(one(text)) == table


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("CREATE INDEX i ON t (a)", "t"),
        ("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t USING gin (a)", "t"),
        ("CREATE INDEX ON t (a)", "t"),
        ("CREATE INDEX i", None),
        ("CREATE TABLE t (a int CHECK (a > 0)) ON COMMIT DROP", None),
    ],
)
def test_index_table(text: str, table: str | None) -> None:
    assert sql.index_table(one(text)) == table


TC = sql.TableColumn


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "DROP TABLE IF EXISTS a, public.b CASCADE",
            [TC("a", None, "drop table"), TC("b", None, "drop table")],
        ),
        ("DROP TABLE (x)", []),
        (
            "ALTER TABLE IF EXISTS ONLY t DROP COLUMN IF EXISTS a CASCADE, DROP b, "
            "DROP CONSTRAINT c",
            [TC("t", "a", "drop column"), TC("t", "b", "drop column")],
        ),
        ("ALTER TABLE t DROP COLUMN (x)", []),
        ("ALTER TABLE t DROP INDEX `i`, DROP KEY k, DROP PRIMARY KEY, DROP FOREIGN KEY f", []),
        ("ALTER TABLE t DROP", []),
        (
            'ALTER TABLE t RENAME COLUMN a TO "B"',
            [TC("t", "a", "rename column", "B")],
        ),
        ("ALTER TABLE t RENAME a TO b", [TC("t", "a", "rename column", "b")]),
        ("ALTER TABLE t RENAME a", []),
        ("ALTER TABLE t RENAME (a)", []),
        ("ALTER TABLE t RENAME CONSTRAINT a TO b", []),
        ("ALTER TABLE s.t RENAME TO u", [TC("t", None, "rename table", "u")]),
        ("ALTER TABLE t ADD COLUMN a int", []),
        ("ALTER INDEX i RENAME TO j", []),
        ("DROP INDEX i", []),
        ("SELECT 1", []),
    ],
)
def test_dropped_or_renamed(text: str, expected: list[sql.TableColumn]) -> None:
    assert sql.dropped_or_renamed(one(text)) == expected


@pytest.mark.parametrize(
    ("text", "dml", "ddl"),
    [
        ("UPDATE t SET a = 1", True, False),
        ("insert into t values (1)", True, False),
        ("DELETE FROM t", True, False),
        ("MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE", True, False),
        ("WITH x AS (SELECT 1) UPDATE t SET a = 1", True, False),
        ("WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", True, False),
        ("WITH x AS (SELECT * FROM t FOR UPDATE) SELECT * FROM x", False, False),
        ("WITH x AS (SELECT * FROM t FOR NO KEY UPDATE) SELECT 1", False, False),
        ("SELECT * FROM t FOR UPDATE", False, False),
        ("CREATE TABLE t (a int REFERENCES u ON DELETE CASCADE)", False, True),
        ("ALTER TABLE t ADD a int", False, True),
        ("DROP VIEW v", False, True),
        ("TRUNCATE t", False, True),
        ("COMMENT ON TABLE t IS 'x'", False, False),
        ("GRANT SELECT ON t TO u", False, False),
        ("VACUUM t", False, False),
    ],
)
def test_is_dml_and_is_ddl(text: str, dml: bool, ddl: bool) -> None:
    statement = one(text)
    assert (sql.is_dml(statement), sql.is_ddl(statement)) == (dml, ddl)


def test_is_dml_and_is_ddl_of_an_empty_clause() -> None:
    empty = sql_syntax.Clause(())
    assert (sql.is_dml(empty), sql.is_ddl(empty)) == (False, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("VACUUM", True),
        ("vacuum (analyze) t", True),
        ("CREATE INDEX CONCURRENTLY i ON t (a)", True),
        ("CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)", True),
        ("CREATE INDEX i ON t (a)", False),
        ("DROP INDEX CONCURRENTLY IF EXISTS i", True),
        ("DROP INDEX i", False),
        ("REINDEX (CONCURRENTLY) TABLE t", True),
        ("REINDEX TABLE t", False),
        ("ALTER TABLE t DETACH PARTITION p CONCURRENTLY", True),
        ("ALTER TABLE t DETACH PARTITION p", False),
        ("ALTER TABLE t ADD a int", False),
        ("REFRESH MATERIALIZED VIEW CONCURRENTLY v", False),
    ],
)
def test_runs_outside_transaction(text: str, expected: bool) -> None:
    assert sql.runs_outside_transaction(one(text)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEGIN", True),
        ("begin transaction isolation level serializable", True),
        ("START TRANSACTION", True),
        ("COMMIT", True),
        ("END", True),
        ("ROLLBACK", True),
        ("ABORT", True),
        ("ROLLBACK TO SAVEPOINT s", False),
        ("ROLLBACK TRANSACTION TO s", False),
        ("COMMIT PREPARED 'x'", False),
        ("ROLLBACK PREPARED 'x'", False),
        ("SAVEPOINT s", False),
        ("START a", False),
        ("DO $$ BEGIN COMMIT; END $$", False),
    ],
)
def test_is_transaction_control(text: str, expected: bool) -> None:
    assert sql.is_transaction_control(one(text)) is expected


def test_added_constraint_and_column() -> None:
    altered = sql.alter_table(
        one(
            "ALTER TABLE t ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES u, ADD CHECK (b > 0), "
            'ADD COLUMN IF NOT EXISTS d int, ADD e int, ADD "check" int, ADD CONSTRAINT f, ADD, '
            "ADD COLUMN, ADD CONSTRAINT"
        )
    )
    assert altered is not None
    kinds = [sql.added_constraint(a) for a in altered.actions]
    assert kinds == ["FOREIGN", "CHECK", None, None, None, None, None, None, None]
    columns = [sql.added_column(a) for a in altered.actions]
    assert [c.words if c else None for c in columns] == [
        None,
        None,
        ("D", "INT"),
        ("E", "INT"),
        ('"check', "INT"),
        ("CONSTRAINT", "F"),
        None,
        None,
        ("CONSTRAINT",),
    ]


def test_altered_column() -> None:
    altered = sql.alter_table(
        one(
            "ALTER TABLE t ALTER COLUMN a TYPE int, ALTER b SET NOT NULL, ALTER CONSTRAINT c, "
            "ALTER COLUMN (x), DROP d"
        )
    )
    assert altered is not None
    rests = [sql.altered_column(a) for a in altered.actions]
    assert [r.words if r else None for r in rests] == [
        ("TYPE", "INT"),
        ("SET", "NOT", "NULL"),
        None,
        None,
        None,
    ]


# ---------------------------------------------------------------------------------------------
# Literal SQL in a migration

MODULE = """\
from django.db import migrations
from django.db.migrations import RunSQL

ONE = "SELECT 1"
TWO = ONE + "; SELECT 2"
TWICE = "a"
TWICE = "b"
PAIR = ("SELECT %s", [1])
LOOP_A = LOOP_B
LOOP_B = LOOP_A
{module}


class Migration(migrations.Migration):
    CLASS_SQL = "SELECT 3"
    if FLAG:
        MAYBE = "SELECT 4"
    operations = [migrations.RunSQL({argument})]
"""


def _migration(argument: str, module: str = "") -> Migration:
    source = MODULE.format(argument=argument, module=module)
    migration = parse_migration(ast.parse(source), source.splitlines(True))
    assert migration is not None
    return migration


def _literal(argument: str, module: str = "") -> list[str] | None:
    migration = _migration(argument, module)
    return sql.literal_sql(migration.operations[0].arg("sql"), migration)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ('"SELECT 1"', ["SELECT 1"]),
        ('"SELECT " "1"', ["SELECT 1"]),
        ('"SELECT " + "1"', ["SELECT 1"]),
        ("ONE", ["SELECT 1"]),
        ("TWO", ["SELECT 1; SELECT 2"]),
        ("CLASS_SQL", ["SELECT 3"]),
        ('[ONE, "x", ("y", [1]), ["z", {}], PAIR]', ["SELECT 1", "x", "y", "z", "SELECT %s"]),
        ('("a", "b")', ["a", "b"]),
        ("[]", []),
        ("migrations.RunSQL.noop", []),
        ("RunSQL.noop", []),
        ("sql=''", [""]),
    ],
)
def test_literal_sql_reads_literals(argument: str, expected: list[str]) -> None:
    assert _literal(argument) == expected


@pytest.mark.parametrize(
    "argument",
    [
        'f"SELECT {ONE}"',
        '"SELECT %s" % ONE',
        '"SELECT {}".format(ONE)',
        "load()",
        "TWICE",
        "MAYBE",
        "UNKNOWN",
        "LOOP_A",
        "ONE + load()",
        "[ONE, load()]",
        '[("a", [1], "b")]',
        "None",
        "1",
        "noop",
    ],
)
def test_literal_sql_refuses_anything_else(argument: str) -> None:
    assert _literal(argument) is None


def test_literal_sql_of_a_missing_argument_is_none() -> None:
    migration = _migration("*ARGS")
    assert sql.literal_sql(migration.operations[0].arg("sql"), migration) is None
    assert sql.SqlFile(migration, "shop").statements(migration.operations[0]) is None


def test_a_long_chain_of_names_is_not_followed() -> None:
    module = "\n".join(f"N{i} = N{i + 1}" for i in range(12)) + '\nN12 = "SELECT 1"'
    assert _literal("N0", module) is None
    assert _literal("N6", module) == ["SELECT 1"]
    followed = sql.follow_constant(ast.Name("N0"), _migration("N0", module))
    assert isinstance(followed, ast.Name)
    assert followed.id == "N8"


def test_runsql_statements_reads_sql_and_reverse_sql() -> None:
    migration = _migration('"SELECT 1; SELECT 2", reverse_sql=["SELECT 3", "SELECT 4; X"]')
    op = migration.operations[0]
    assert [s.words for s in sql.SqlFile(migration, "shop").statements(op) or ()] == [
        ("SELECT", "1"),
        ("SELECT", "2"),
    ]
    assert [
        s.head for s in sql.SqlFile(migration, "shop").statements(op, "reverse_sql") or ()
    ] == [
        "SELECT 3",
        "SELECT 4",
        "X",
    ]


# ---------------------------------------------------------------------------------------------
# Tables created earlier in the migration

NEW_TABLES = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    operations = [
        migrations.CreateModel("Order", [], {options}),
        migrations.RunSQL("CREATE TABLE shop_note (id int); SELECT 1"),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.CreateModel("Ghost", [])],
        ),
        migrations.RunSQL("SELECT 2"),
        migrations.RunSQL(load()),
    ]
"""


def _new_tables(options: str) -> list[tuple[str, set[str], bool]]:
    source = NEW_TABLES.format(options=options)
    migration = parse_migration(ast.parse(source), source.splitlines(True))
    assert migration is not None
    return [
        (statement.head, set(new.names), new.unknown)
        for _, statement, new in sql.SqlFile(migration, "shop").statements_with_new_tables()
    ]


@pytest.mark.parametrize(
    ("options", "names", "unknown"),
    [
        ("", {"shop_order"}, False),
        ("{}", {"shop_order"}, False),
        ('{"db_table": "Sales_Order", "ordering": ["id"]}', {"Sales_Order"}, False),
        ('{"db_table": TABLE}', {""}, True),
        ('{"db_table": ""}', {""}, True),
        ("{**OPTIONS}", {"shop_order"}, True),
        ("OPTIONS", set(), True),
    ],
)
def test_statements_with_new_tables(options: str, names: set[str], unknown: bool) -> None:
    found = _new_tables(options)
    assert [head for head, _, _ in found] == [
        "CREATE TABLE shop_note (id int)",
        "SELECT 1",
        "SELECT 2",
    ]
    after = names | {"shop_note"}
    assert [(n, u) for _, n, u in found] == [(names, unknown), (after, unknown), (after, unknown)]


def test_a_create_model_without_a_readable_name_makes_every_table_possibly_new() -> None:
    source = NEW_TABLES.format(options="").replace('CreateModel("Order"', "CreateModel(NAME")
    migration = parse_migration(ast.parse(source), source.splitlines(True))
    assert migration is not None
    new = next(iter(sql.SqlFile(migration, "shop").statements_with_new_tables()))[2]
    assert (new.unknown, new.is_existing("shop_order"), new.is_existing(None)) == (
        True,
        False,
        False,
    )


def test_new_tables_is_existing() -> None:
    new = sql.NewTables()
    new.names.add("shop_note")
    assert [new.is_existing(t) for t in ("shop_order", "shop_note", None)] == [True, False, False]


# ---------------------------------------------------------------------------------------------
# Properties


_LEXEME = re.compile(r"'[^']*'|\"[^\"]*\"|\w+|[^\w\s]")


@given(
    st.sampled_from(
        (*harness.SQL_TRIGGERS, "SELECT 'a;b', \"x y\" FROM t; DELETE FROM t WHERE a = (1)")
    ),
    st.lists(
        st.sampled_from([" ", "\n", "\t", " /* c; */ ", " -- c; \n", "/**/", " /* a /* b */ */ "]),
        min_size=1,
        max_size=40,
    ),
)
def test_whitespace_and_comments_between_tokens_change_nothing(
    text: str, separators: list[str]
) -> None:
    lexemes = _LEXEME.findall(text)
    spaced = "".join(
        lexeme + separators[index % len(separators)] for index, lexeme in enumerate(lexemes)
    )
    assert words(spaced) == words(text)


def _read_everything(text: str) -> None:
    for statement in sql_syntax.statements(text):
        assert statement.head == statement.head.strip()
        sql.dropped_or_renamed(statement)
        sql.is_dml(statement)
        sql.is_ddl(statement)
        sql.runs_outside_transaction(statement)
        sql.is_transaction_control(statement)
        sql.created_table(statement)
        sql.index_table(statement)
        altered = sql.alter_table(statement)
        for action in altered.actions if altered else ():
            sql.added_column(action)
            sql.added_constraint(action)
            sql.altered_column(action)


@given(st.text())
def test_the_reader_never_raises(text: str) -> None:
    _read_everything(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PRAGMA foreign_keys = OFF", True),
        ("CREATE INDEX `a` ON `t` (`b`)", True),
        ("CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT)", True),
        ("CREATE TABLE t (id int AUTO_INCREMENT)", True),
        ("CREATE TABLE t (id int) ENGINE=InnoDB", True),
        ("ALTER TABLE t ENGINE = InnoDB", True),
        ("UPDATE t SET a = ? WHERE b IN (?, ?)", True),
        ("UPDATE t SET a = ?", True),
        # Not another dialect.
        ("UPDATE t SET a = %s", False),
        ("SELECT '?', '`' -- ? `", False),
        ("SELECT * FROM t WHERE data ? 'key' AND data ?| array['a'] AND data ?& b", False),
        ("UPDATE car SET engine = 'v8'", False),
        ("CREATE TABLE car (engine int)", False),
        ('SELECT "engine" = 1', False),
    ],
)
def test_other_dialect(text: str, expected: bool) -> None:
    assert [sql.other_dialect(s) for s in sql_syntax.statements(text)] == [expected]


@pytest.mark.parametrize(
    ("text", "tables"),
    [
        ("ALTER TABLE t ADD COLUMN a int", ["t"]),
        ("ALTER TABLE t ADD a int", ["t"]),
        ("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID", ["t"]),
        ("ALTER TABLE t ADD UNIQUE (a)", ["t"]),
        ("ALTER TABLE t DROP CONSTRAINT c", ["t"]),
        ("ALTER TABLE t DROP COLUMN a", ["t"]),
        ("ALTER TABLE t DROP a", ["t"]),
        ("ALTER TABLE t RENAME COLUMN a TO b", ["t"]),
        ("ALTER TABLE t RENAME TO u", ["t", "u"]),
        ("ALTER TABLE t ALTER COLUMN a TYPE bigint", ["t"]),
        ("ALTER TABLE t ALTER a SET DATA TYPE bigint", ["t"]),
        ("ALTER TABLE t ALTER a DROP NOT NULL", ["t"]),
        ("ALTER TABLE t ALTER a SET DEFAULT 0", ["t"]),
        ("ALTER TABLE t VALIDATE CONSTRAINT c, ALTER a DROP DEFAULT", ["t"]),
        ("LOCK t", ["t"]),
        ("LOCK TABLE ONLY public.t, u IN ACCESS EXCLUSIVE MODE NOWAIT", ["t", "u"]),
        ("TRUNCATE TABLE t, ONLY u RESTART IDENTITY CASCADE", ["t", "u"]),
        # Weaker locks, or nothing read.
        ("ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (id)", []),
        ("ALTER TABLE t VALIDATE CONSTRAINT c", []),
        ("ALTER TABLE t ALTER a SET STATISTICS 100", []),
        ("ALTER TABLE t ENABLE TRIGGER x", []),
        ("ALTER TABLE t RENAME CONSTRAINT a TO b", []),
        ("ALTER TABLE t DROP INDEX i", []),
        ("LOCK t IN SHARE MODE", []),
        ("CREATE INDEX i ON t (a)", []),
        ("DROP TABLE t", []),
    ],
)
def test_exclusive_tables(text: str, tables: list[str]) -> None:
    (statement,) = sql_syntax.statements(text)
    assert sorted(sql.exclusive_tables(statement)) == tables


@pytest.mark.parametrize(
    ("atomic", "text", "new"),
    [
        (True, "CREATE TABLE a (id int); ALTER TABLE a RENAME TO b", ["b"]),
        (True, "CREATE TABLE a (id int); DROP TABLE b; ALTER TABLE a RENAME TO b", ["b"]),
        (False, "CREATE TABLE a (id int); DROP TABLE b; ALTER TABLE a RENAME TO b", []),
        (
            False,
            "CREATE TABLE a (id int); ALTER TABLE b RENAME TO c; ALTER TABLE a RENAME TO b",
            [],
        ),
        (False, "CREATE TABLE a (id int); ALTER TABLE a RENAME TO b", ["b"]),
        (True, "ALTER TABLE a RENAME TO b", []),
        (True, "CREATE TABLE a (id int); DROP TABLE a", []),
        (True, "CREATE TABLE a (id int); ALTER TABLE a DROP COLUMN id", ["a"]),
    ],
)
def test_new_tables_follow_renames(atomic: bool, text: str, new: list[str]) -> None:
    tables = sql.NewTables(atomic)
    for statement in sql_syntax.statements(text):
        tables.follow(statement)
    assert sorted(tables.names) == new
