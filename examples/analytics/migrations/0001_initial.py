# Safe: an index built in the migration that creates its table (the table is empty).
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Event",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("kind", models.CharField(max_length=40)),
                ("user_id", models.IntegerField(null=True)),
                ("created_at", models.DateTimeField()),
            ],
        ),
        migrations.RunSQL(
            "CREATE INDEX analytics_event_kind_idx ON analytics_event (kind)",
            reverse_sql="DROP INDEX analytics_event_kind_idx",
        ),
    ]
