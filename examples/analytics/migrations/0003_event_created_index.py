# Safe: the concurrent build, alone in a non-atomic migration.
from django.db import migrations


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("analytics", "0002_event_user_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS analytics_event_created_idx "
            "ON analytics_event (created_at)",
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS analytics_event_created_idx",
        ),
    ]
