from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            "profile", "timezone", models.CharField(max_length=64, db_default="UTC")
        ),
        migrations.AddField("profile", "website", models.URLField(null=True)),
    ]
