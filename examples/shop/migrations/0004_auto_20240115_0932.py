# A name makemigrations chose, and an index built while the table takes no writes.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0003_product_flags")]

    operations = [
        migrations.AddIndex(
            model_name="order",
            index=models.Index(fields=["placed_at"], name="order_placed_at_idx"),
        ),
        migrations.AddField("product", "slug", models.SlugField(null=True)),
    ]
