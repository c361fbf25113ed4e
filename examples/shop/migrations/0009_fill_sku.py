# Data fixes with no way back.
from django.db import migrations


def fill_sku(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(sku="").update(sku="UNSET")


def fill_stock(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    Product.objects.filter(stock__isnull=True).update(stock=0)


class Migration(migrations.Migration):
    dependencies = [("shop", "0008_product_sku_index")]

    operations = [
        migrations.RunPython(fill_sku),
        migrations.RunSQL("UPDATE shop_product SET name = trim(name)"),
        # Safe: reversible as a no-op, which is honest here (the old code ignores the column).
        migrations.RunPython(fill_stock, migrations.RunPython.noop),
    ]
