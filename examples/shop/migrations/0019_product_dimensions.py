"""Many unrelated changes in one migration: hard to review and to roll back in part."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0018_product_data")]

    operations = [
        migrations.AddField("product", "weight", models.IntegerField(null=True)),
        migrations.AddField("product", "width", models.IntegerField(null=True)),
        migrations.AddField("product", "height", models.IntegerField(null=True)),
        migrations.AddField("product", "depth", models.IntegerField(null=True)),
        migrations.AddField("product", "colour", models.CharField(max_length=20, null=True)),
        migrations.AddField("product", "material", models.CharField(max_length=20, null=True)),
        migrations.AddField("purchase", "carrier", models.CharField(max_length=20, null=True)),
        migrations.AddField("purchase", "tracking", models.CharField(max_length=40, null=True)),
        migrations.AddField("purchase", "note", models.TextField(null=True)),
        migrations.AddField("purchase", "gift", models.BooleanField(null=True)),
        migrations.AddField("purchase", "gift_note", models.TextField(null=True)),
    ]
