# The second step of the staged drop (0013 took `stock` out of the state; 0010 renamed the
# table to catalogue_product), next to a drop of a column the running code still reads.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0016_purchase_buyer_required")]

    operations = [
        # Safe: no model has `stock` any more.
        migrations.RunSQL(
            "ALTER TABLE catalogue_product DROP COLUMN stock",
            reverse_sql="ALTER TABLE catalogue_product ADD COLUMN stock integer NULL",
        ),
        # Unsafe: `Product.name` is still in the state, so the running code selects it
        # (0021 shows the same drop in an after-deploy migration, which is fine).
        migrations.RunSQL(
            "ALTER TABLE catalogue_product DROP COLUMN name",
            reverse_sql="ALTER TABLE catalogue_product ADD COLUMN name varchar(300) NULL",
        ),
    ]
