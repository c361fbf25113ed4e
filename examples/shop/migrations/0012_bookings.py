# Bookings arrive; old index and index_together habits leave.
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0011_product_public_id")]

    operations = [
        migrations.CreateModel(
            name="Booking",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("product", models.ForeignKey(on_delete=models.CASCADE, to="shop.product")),
                ("during", DateTimeRangeField()),
            ],
        ),
        # Safe: the table is created in this same migration.
        migrations.AddConstraint(
            model_name="booking",
            constraint=ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[("product", RangeOperators.EQUAL), ("during", RangeOperators.OVERLAPS)],
            ),
        ),
        migrations.AddConstraint(
            model_name="purchase",
            constraint=ExclusionConstraint(
                name="purchase_one_per_buyer",
                expressions=[("buyer", RangeOperators.EQUAL)],
            ),
        ),
        migrations.RemoveIndex(model_name="product", name="product_name_idx"),
        migrations.AlterIndexTogether(name="purchase", index_together={("buyer", "created_at")}),
    ]
