from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [migrations.AddField("subscriber", "email", models.TextField(null=True))]
