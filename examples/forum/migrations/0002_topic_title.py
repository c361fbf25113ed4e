from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial"), ("forum", "0003_topic_body")]

    operations = [migrations.AddField("topic", "title", models.TextField(null=True))]
