from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_squashed_0002_subscriber_email")]

    operations = [migrations.AddField("subscriber", "name", models.TextField(null=True))]
