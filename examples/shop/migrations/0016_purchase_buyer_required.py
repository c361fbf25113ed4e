# Edits that look small in a model and are not on a big table.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0015_purchase_reviewer")]

    operations = [
        # Unsafe: a third decimal place rewrites every row and index under lock.
        migrations.AlterField(
            "product", "price", models.DecimalField(max_digits=10, decimal_places=3)
        ),
        # Safe: a longer varchar is a catalog change only.
        migrations.AlterField("product", "name", models.CharField(max_length=300)),
        # Unsafe: the buyer becomes required: NOT NULL is checked by a scan, and Django drops
        # and re-creates the foreign key, validated while both tables are locked.
        migrations.AlterField(
            "purchase",
            "buyer",
            models.ForeignKey(on_delete=models.PROTECT, to="shop.customer"),
        ),
    ]
