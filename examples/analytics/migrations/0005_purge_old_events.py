# A data clean-up in raw SQL.
from django.db import migrations

RETENTION_DAYS = 400


class Migration(migrations.Migration):
    dependencies = [("analytics", "0004_event_constraints")]

    operations = [
        # Bad: COMMIT ends Django's transaction half way (DJM309, twice: BEGIN and COMMIT).
        migrations.RunSQL(
            "BEGIN; DELETE FROM analytics_event WHERE kind = 'debug'; COMMIT;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        # Bad (opt-in DJM310): a value pasted into the SQL text.
        migrations.RunSQL(
            f"DELETE FROM analytics_event WHERE created_at < now() - interval '{RETENTION_DAYS} days'",
            reverse_sql=migrations.RunSQL.noop,
        ),
        # Safe: the value goes in params.
        migrations.RunSQL(
            [("DELETE FROM analytics_event WHERE created_at < now() - %s * interval '1 day'", [RETENTION_DAYS])],
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
