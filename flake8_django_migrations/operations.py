"""The Django operation vocabulary: names, signatures and where they are imported from."""

from __future__ import annotations

from types import MappingProxyType

# Positional parameter names of each operation, in Django's order: `op.arg("field")` finds
# the argument whether it was passed by keyword or by position.
SIGNATURES = MappingProxyType(
    {
        "CreateModel": ("name", "fields", "options", "bases", "managers"),
        "DeleteModel": ("name",),
        "RenameModel": ("old_name", "new_name"),
        "AlterModelTable": ("name", "table"),
        "AlterModelTableComment": ("name", "table_comment"),
        "AlterUniqueTogether": ("name", "unique_together"),
        "AlterIndexTogether": ("name", "index_together"),
        "AlterOrderWithRespectTo": ("name", "order_with_respect_to"),
        "AlterModelOptions": ("name", "options"),
        "AlterModelManagers": ("name", "managers"),
        "AddIndex": ("model_name", "index"),
        "RemoveIndex": ("model_name", "name"),
        "RenameIndex": ("model_name", "new_name", "old_name", "old_fields"),
        "AddConstraint": ("model_name", "constraint"),
        "RemoveConstraint": ("model_name", "name"),
        "AlterConstraint": ("model_name", "name", "constraint"),
        "AddField": ("model_name", "name", "field", "preserve_default"),
        "RemoveField": ("model_name", "name"),
        "AlterField": ("model_name", "name", "field", "preserve_default"),
        "RenameField": ("model_name", "old_name", "new_name"),
        "RunSQL": ("sql", "reverse_sql", "state_operations", "hints", "elidable"),
        "RunPython": ("code", "reverse_code", "atomic", "hints", "elidable"),
        "SeparateDatabaseAndState": ("database_operations", "state_operations"),
        # django.contrib.postgres.operations
        "AddIndexConcurrently": ("model_name", "index"),
        "RemoveIndexConcurrently": ("model_name", "name"),
        "AddConstraintNotValid": ("model_name", "constraint"),
        "ValidateConstraint": ("model_name", "name"),
        "CreateExtension": ("name",),
        "BloomExtension": (),
        "BtreeGinExtension": (),
        "BtreeGistExtension": (),
        "CITextExtension": (),
        "CryptoExtension": (),
        "HStoreExtension": (),
        "TrigramExtension": (),
        "UnaccentExtension": (),
        "CreateCollation": ("name", "locale", "provider", "deterministic"),
        "RemoveCollation": ("name", "locale", "provider", "deterministic"),
    }
)

# The parameter that names the model an operation works on.
MODEL_PARAMETER = MappingProxyType(
    {
        name: ("old_name" if name == "RenameModel" else params[0])
        for name, params in SIGNATURES.items()
        if params
        and params[0] in ("name", "model_name", "old_name")
        and name not in ("CreateExtension", "CreateCollation", "RemoveCollation")
    }
)

OPERATION_MODULES = frozenset(
    {
        "django.db.migrations",
        "django.db.migrations.operations",
        "django.db.migrations.operations.fields",
        "django.db.migrations.operations.models",
        "django.db.migrations.operations.special",
        "django.contrib.postgres.operations",
    }
)

MIGRATION_BASES = frozenset(
    {"django.db.migrations.Migration", "django.db.migrations.migration.Migration"}
)
