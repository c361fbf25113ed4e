# Orders get a buyer: the foreign key's index is built while the table cannot even be read.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0004_auto_20240115_0932")]

    operations = [
        migrations.AddField(
            model_name="order",
            name="buyer",
            field=models.ForeignKey(null=True, on_delete=models.PROTECT, to="shop.customer"),
        ),
        # Safe: no index, nullable: PostgreSQL neither scans nor validates.
        migrations.AddField(
            model_name="order",
            name="coupon",
            field=models.ForeignKey(
                null=True, db_index=False, on_delete=models.SET_NULL, to="shop.customer"
            ),
        ),
    ]
