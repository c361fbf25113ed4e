# Written on another branch: a second leaf (DJM600), and a dependency on a migration that
# was renamed there and never arrived here (DJM601).
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_merge"),
        ("blog", "0003_post_body"),
    ]

    operations = [migrations.AddField("post", "rating", models.IntegerField(null=True))]
