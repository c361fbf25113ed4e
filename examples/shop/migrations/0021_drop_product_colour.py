"""The staged drop as django-safemigrate runs it: marked `Safe.after_deploy`, this migration
runs once the release that no longer has `Product.colour` is live, so the column can go and
the field leave the state in one step. Compare 0017, whose unmarked drop of `name` is reported.
"""

from django.db import migrations
from django_safemigrate import Safe


class Migration(migrations.Migration):
    safe = Safe.after_deploy

    dependencies = [("shop", "0020_placeholder")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE catalogue_product DROP COLUMN colour",
                    reverse_sql="ALTER TABLE catalogue_product ADD COLUMN colour varchar(20) NULL",
                ),
            ],
            state_operations=[migrations.RemoveField("product", "colour")],
        ),
        # Safe for the same reason: the new release no longer reads `weight`.
        migrations.RemoveField("product", "weight"),
    ]
