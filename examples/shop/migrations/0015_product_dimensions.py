"""Many unrelated changes in one migration: hard to review and to roll back in part."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0014_product_data")]

    operations = [
        migrations.AddField("product", "weight", models.IntegerField(null=True)),
        migrations.AddField("product", "width", models.IntegerField(null=True)),
        migrations.AddField("product", "height", models.IntegerField(null=True)),
        migrations.AddField("product", "depth", models.IntegerField(null=True)),
        migrations.AddField("product", "colour", models.CharField(max_length=20, null=True)),
        migrations.AddField("product", "material", models.CharField(max_length=20, null=True)),
        migrations.AddField("order", "carrier", models.CharField(max_length=20, null=True)),
        migrations.AddField("order", "tracking", models.CharField(max_length=40, null=True)),
        migrations.AddField("order", "note", models.TextField(null=True)),
        migrations.AddField("order", "gift", models.BooleanField(null=True)),
        migrations.AddField("order", "gift_note", models.TextField(null=True)),
    ]
