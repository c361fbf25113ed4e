# The first migration creates every table: nothing here can lock or break anything.
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Customer",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("email", models.EmailField(max_length=254, unique=True)),
            ],
        ),
        migrations.CreateModel(
            name="Product",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("name", models.CharField(max_length=200)),
                ("legacy_code", models.CharField(max_length=20)),
            ],
        ),
        migrations.AddField("product", "price", models.DecimalField(max_digits=10, decimal_places=2)),
        migrations.AddIndex("product", models.Index(fields=["name"], name="product_name_idx")),
        migrations.CreateModel(
            name="Order",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("placed_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name="Basket",
            fields=[("id", models.BigAutoField(primary_key=True))],
        ),
    ]
