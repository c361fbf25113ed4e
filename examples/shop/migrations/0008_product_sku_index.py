# The safe way to index a busy table: concurrently, in a migration that is not atomic.
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("shop", "0007_product_slug_index")]

    operations = [
        AddIndexConcurrently(
            model_name="product",
            index=models.Index(fields=["sku", "is_active"], name="product_sku_active_idx"),
        ),
    ]
