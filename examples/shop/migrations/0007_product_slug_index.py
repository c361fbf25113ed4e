# Someone knew about CONCURRENTLY but forgot that it cannot run in a transaction.
from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0006_product_constraints")]

    operations = [
        AddIndexConcurrently(
            model_name="product",
            index=models.Index(fields=["slug"], name="product_slug_idx"),
        ),
    ]
