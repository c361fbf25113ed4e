"""The registry: every rule, by hand, sorted by code. Codes are never reused."""

from __future__ import annotations

from flake8_django_migrations.rules import (
    djm000_internal_error,
    djm100_remove_field,
    djm101_delete_model,
    djm102_rename_field,
    djm103_rename_model,
    djm104_alter_model_table,
    djm105_add_not_null_field_without_default,
    djm108_add_field_callable_default_unique,
    djm109_add_not_null_field_python_default,
    djm200_add_index_not_concurrently,
    djm201_concurrent_index_in_atomic_migration,
    djm202_add_unique_not_concurrently,
    djm203_add_foreign_key,
    djm204_add_check_constraint,
    djm205_remove_index_not_concurrently,
    djm206_add_field_rewrites_table,
    djm208_add_exclusion_constraint,
    djm300_sql_create_index_not_concurrently,
    djm301_sql_concurrently_in_atomic_migration,
    djm302_sql_constraint_validates,
    djm303_sql_set_not_null,
    djm304_sql_alter_column_type,
    djm305_sql_add_required_column,
    djm307_sql_unique_constraint,
    djm308_sql_exclusive_maintenance,
    djm309_sql_transaction_control,
    djm310_sql_string_formatting,
    djm500_runpython_irreversible,
    djm501_runsql_irreversible,
    djm700_auto_generated_name,
    djm703_index_together,
    djm705_non_atomic_without_need,
)
from flake8_django_migrations.rules._rule import Rule

RULES: tuple[Rule, ...] = (
    Rule(djm000_internal_error, default_on=True, added_in="0.1.0"),
    Rule(djm100_remove_field, default_on=True, added_in="0.1.0"),
    Rule(djm101_delete_model, default_on=True, added_in="0.1.0"),
    Rule(djm102_rename_field, default_on=True, added_in="0.1.0"),
    Rule(djm103_rename_model, default_on=True, added_in="0.1.0"),
    Rule(djm104_alter_model_table, default_on=True, added_in="0.1.0"),
    Rule(djm105_add_not_null_field_without_default, default_on=True, added_in="0.1.0"),
    Rule(djm108_add_field_callable_default_unique, default_on=True, added_in="0.1.0"),
    Rule(djm109_add_not_null_field_python_default, default_on=True, added_in="0.1.0"),
    Rule(
        djm200_add_index_not_concurrently, default_on=True, added_in="0.1.0", postgresql_only=True
    ),
    Rule(djm201_concurrent_index_in_atomic_migration, default_on=True, added_in="0.1.0"),
    Rule(
        djm202_add_unique_not_concurrently, default_on=True, added_in="0.1.0", postgresql_only=True
    ),
    Rule(djm203_add_foreign_key, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm204_add_check_constraint, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(
        djm205_remove_index_not_concurrently,
        default_on=False,
        added_in="0.1.0",
        postgresql_only=True,
    ),
    Rule(djm206_add_field_rewrites_table, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm208_add_exclusion_constraint, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(
        djm300_sql_create_index_not_concurrently,
        default_on=True,
        added_in="0.1.0",
        postgresql_only=True,
    ),
    Rule(djm301_sql_concurrently_in_atomic_migration, default_on=True, added_in="0.1.0"),
    Rule(djm302_sql_constraint_validates, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm303_sql_set_not_null, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm304_sql_alter_column_type, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm305_sql_add_required_column, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(djm307_sql_unique_constraint, default_on=True, added_in="0.1.0", postgresql_only=True),
    Rule(
        djm308_sql_exclusive_maintenance, default_on=True, added_in="0.1.0", postgresql_only=True
    ),
    Rule(djm309_sql_transaction_control, default_on=True, added_in="0.1.0"),
    Rule(djm310_sql_string_formatting, default_on=False, added_in="0.1.0"),
    Rule(djm500_runpython_irreversible, default_on=True, added_in="0.1.0"),
    Rule(djm501_runsql_irreversible, default_on=True, added_in="0.1.0"),
    Rule(djm700_auto_generated_name, default_on=True, added_in="0.1.0"),
    Rule(djm703_index_together, default_on=True, added_in="0.1.0"),
    Rule(djm705_non_atomic_without_need, default_on=False, added_in="0.1.0"),
)

BY_CODE = {rule.code: rule for rule in RULES}
