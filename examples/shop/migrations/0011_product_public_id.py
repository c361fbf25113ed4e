# Public identifiers for products: two ways to get them wrong.
import uuid

from django.contrib.postgres.functions import RandomUUID
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0010_cleanup")]

    operations = [
        # uuid.uuid4 is called once: every existing row gets the same value, the unique index fails.
        migrations.AddField(
            "product", "public_id", models.UUIDField(default=uuid.uuid4, unique=True)
        ),
        # A volatile database default rewrites the whole table under ACCESS EXCLUSIVE.
        migrations.AddField(
            "product", "token", models.UUIDField(db_default=RandomUUID(), null=True)
        ),
    ]
