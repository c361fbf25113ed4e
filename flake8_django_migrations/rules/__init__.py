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
    djm400_runpython_model_import,
    djm401_runpython_bad_callable,
    djm402_runpython_query_in_loop,
    djm403_runpython_unbounded_iteration,
    djm404_runpython_bulk_without_batch_size,
    djm405_runpython_ignores_database_alias,
    djm406_runpython_lambda,
    djm407_runpython_instance_dict_copy,
    djm408_runpython_call_command,
    djm500_runpython_irreversible,
    djm501_runsql_irreversible,
    djm700_auto_generated_name,
    djm701_too_many_operations,
    djm702_undocumented_data_migration,
    djm703_index_together,
    djm704_empty_migration,
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
    Rule(djm400_runpython_model_import, default_on=True, added_in="0.1.0"),
    Rule(djm401_runpython_bad_callable, default_on=True, added_in="0.1.0"),
    Rule(djm402_runpython_query_in_loop, default_on=True, added_in="0.1.0"),
    Rule(djm403_runpython_unbounded_iteration, default_on=True, added_in="0.1.0"),
    Rule(djm404_runpython_bulk_without_batch_size, default_on=True, added_in="0.1.0"),
    Rule(djm405_runpython_ignores_database_alias, default_on=False, added_in="0.1.0"),
    Rule(djm406_runpython_lambda, default_on=True, added_in="0.1.0"),
    Rule(djm407_runpython_instance_dict_copy, default_on=True, added_in="0.1.0"),
    Rule(djm408_runpython_call_command, default_on=True, added_in="0.1.0"),
    Rule(djm500_runpython_irreversible, default_on=True, added_in="0.1.0"),
    Rule(djm501_runsql_irreversible, default_on=True, added_in="0.1.0"),
    Rule(djm700_auto_generated_name, default_on=True, added_in="0.1.0"),
    Rule(djm701_too_many_operations, default_on=False, added_in="0.1.0"),
    Rule(djm702_undocumented_data_migration, default_on=False, added_in="0.1.0"),
    Rule(djm703_index_together, default_on=True, added_in="0.1.0"),
    Rule(djm704_empty_migration, default_on=False, added_in="0.1.0"),
)

BY_CODE = {rule.code: rule for rule in RULES}
