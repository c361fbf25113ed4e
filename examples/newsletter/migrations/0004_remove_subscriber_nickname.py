# `nickname` never existed on `subscriber` (it was `name`): Django would stop with a KeyError
# at migrate time (DJM610).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0003_subscriber_name")]

    operations = [migrations.RemoveField("subscriber", "nickname")]
