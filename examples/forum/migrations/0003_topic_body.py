from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_topic_title")]

    operations = [migrations.AddField("topic", "body", models.TextField(null=True))]
