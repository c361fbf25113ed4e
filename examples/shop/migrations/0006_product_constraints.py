# Business rules move into the database, validated under the strongest lock.
from django.db import migrations, models
from django.contrib.postgres.operations import AddConstraintNotValid


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_order_buyer")]

    operations = [
        migrations.AddConstraint(
            model_name="product",
            constraint=models.UniqueConstraint(fields=["sku"], name="product_sku_unique"),
        ),
        migrations.AddConstraint(
            model_name="product",
            constraint=models.CheckConstraint(
                condition=models.Q(price__gte=0), name="product_price_gte_0"
            ),
        ),
        migrations.AddField("product", "reorder_level", models.PositiveIntegerField(null=True)),
        # Safe: NOT VALID skips the scan; a later migration runs ValidateConstraint.
        AddConstraintNotValid(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(placed_at__isnull=False), name="order_placed_at_set"
            ),
        ),
    ]
