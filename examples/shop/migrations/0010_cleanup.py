# A clean-up done in one go while the old code is still serving requests.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0009_fill_sku")]

    operations = [
        migrations.RemoveField(model_name="product", name="legacy_code"),
        migrations.DeleteModel(name="Basket"),
        migrations.RenameField(model_name="order", old_name="placed_at", new_name="created_at"),
        migrations.RenameModel(old_name="Order", new_name="Purchase"),
        migrations.AlterModelTable(name="product", table="catalogue_product"),
    ]
