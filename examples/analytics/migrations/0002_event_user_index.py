# Raw-SQL index builds in an atomic migration.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial")]

    operations = [
        # Bad: blocks writes to the table while the index builds (DJM300).
        migrations.RunSQL(
            "CREATE INDEX analytics_event_user_idx ON analytics_event (user_id)",
            reverse_sql="DROP INDEX analytics_event_user_idx",
        ),
        # Bad: PostgreSQL refuses CONCURRENTLY inside the migration's transaction (DJM301).
        migrations.RunSQL(
            "CREATE INDEX CONCURRENTLY analytics_event_created_idx ON analytics_event (created_at)",
            reverse_sql="DROP INDEX CONCURRENTLY analytics_event_created_idx",
        ),
    ]
