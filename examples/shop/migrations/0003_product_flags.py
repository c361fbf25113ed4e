# Flags and counters for products: one is safe for the code still running, one is not.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku")]

    operations = [
        # The old code does not send `is_active`: its INSERTs fail once Django drops the default.
        migrations.AddField("product", "is_active", models.BooleanField(default=True)),
        # Safe: the default lives in the database, so the old code's INSERTs still work.
        migrations.AddField("product", "is_featured", models.BooleanField(db_default=False)),
        # Safe: nullable.
        migrations.AddField("product", "stock", models.IntegerField(null=True)),
    ]
