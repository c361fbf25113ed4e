# A migration that leans on another one, a moving dependency, and the user model written out.
from importlib import import_module

from django.conf import settings
from django.db import migrations, models

# Unsafe: reuses an old migration's code; the squash that deletes 0009 breaks this file.
fill_sku = import_module("shop.migrations.0009_fill_sku").fill_sku


class Migration(migrations.Migration):
    # Unsafe: not where the app's schema starts, yet `migrate --fake-initial` may skip it.
    initial = True

    dependencies = [
        ("shop", "0014_product_slug_required"),
        # Unsafe: moves with every new accounts migration.
        ("accounts", "__latest__"),
        # Safe: the user model's app, through the setting.
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="purchase",
            name="reviewer",
            # Unsafe: the default user model written out.
            field=models.ForeignKey(
                "auth.User", null=True, db_index=False, on_delete=models.SET_NULL
            ),
        ),
        migrations.AddField(
            model_name="purchase",
            name="approver",
            # Safe: follows AUTH_USER_MODEL.
            field=models.ForeignKey(
                settings.AUTH_USER_MODEL, null=True, db_index=False, on_delete=models.SET_NULL
            ),
        ),
        migrations.RunPython(fill_sku, migrations.RunPython.noop),
    ]
