"""Left behind by `makemigrations --empty`: the data step it was made for was never written."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0019_product_dimensions")]

    operations = []
