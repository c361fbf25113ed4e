# Raw-SQL constraints and column changes on a table that already has rows.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("analytics", "0003_event_created_index")]

    operations = [
        # Bad: validates every row while writes wait (DJM302). Safe: NOT VALID, validated later.
        migrations.RunSQL(
            "ALTER TABLE analytics_event ADD CONSTRAINT analytics_event_user_fk "
            "FOREIGN KEY (user_id) REFERENCES auth_user (id)",
            reverse_sql="ALTER TABLE analytics_event DROP CONSTRAINT analytics_event_user_fk",
        ),
        migrations.RunSQL(
            "ALTER TABLE analytics_event ADD CONSTRAINT analytics_event_kind_not_empty "
            "CHECK (kind <> '') NOT VALID",
            reverse_sql="ALTER TABLE analytics_event DROP CONSTRAINT analytics_event_kind_not_empty",
        ),
        # Bad: the unique index is built under ACCESS EXCLUSIVE (DJM307).
        migrations.RunSQL(
            "ALTER TABLE analytics_event ADD CONSTRAINT analytics_event_uniq UNIQUE (kind, created_at)",
            reverse_sql="ALTER TABLE analytics_event DROP CONSTRAINT analytics_event_uniq",
        ),
        # Bad: a full scan under ACCESS EXCLUSIVE (DJM303), a rewrite (DJM304), a column that
        # fails on existing rows (DJM305), a table-wide REINDEX (DJM308).
        migrations.RunSQL(
            "ALTER TABLE analytics_event ALTER COLUMN user_id SET NOT NULL",
            reverse_sql="ALTER TABLE analytics_event ALTER COLUMN user_id DROP NOT NULL",
        ),
        migrations.RunSQL(
            "ALTER TABLE analytics_event ALTER COLUMN user_id TYPE bigint",
            reverse_sql="ALTER TABLE analytics_event ALTER COLUMN user_id TYPE integer",
        ),
        migrations.RunSQL(
            "ALTER TABLE analytics_event ADD COLUMN source varchar(20) NOT NULL",
            reverse_sql="ALTER TABLE analytics_event DROP COLUMN source",
        ),
        migrations.RunSQL("REINDEX TABLE analytics_event", reverse_sql=migrations.RunSQL.noop),
        # Safe: a constant default fills the existing rows without a rewrite.
        migrations.RunSQL(
            "ALTER TABLE analytics_event ADD COLUMN channel varchar(20) NOT NULL DEFAULT 'web'",
            reverse_sql="ALTER TABLE analytics_event DROP COLUMN channel",
        ),
    ]
