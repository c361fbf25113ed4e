# Bad (opt-in DJM705): non-atomic for no reason; a failure would leave it half applied.
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("analytics", "0005_purge_old_events")]

    operations = [
        migrations.AddField("event", "archived_at", models.DateTimeField(null=True)),
        migrations.AddField("event", "archived_by", models.IntegerField(null=True)),
    ]
