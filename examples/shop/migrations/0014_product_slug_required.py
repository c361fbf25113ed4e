# Two steps that look harmless and are not, next to one that is.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0013_drop_stock_column")]

    operations = [
        # NOT NULL is checked by a full scan under ACCESS EXCLUSIVE, and the running code
        # still writes NULL slugs.
        migrations.AlterField("product", "slug", models.SlugField()),
        # `sku` leaves the state, but its column stays NOT NULL with no database default:
        # the next release's INSERTs, which no longer send it, fail.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField("product", "sku")],
        ),
        # Safe: help_text lives in Python only; no SQL runs.
        migrations.AlterField(
            "product",
            "reorder_level",
            models.PositiveIntegerField(null=True, help_text="Units left before reordering"),
        ),
    ]
