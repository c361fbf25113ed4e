from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("blog", "0003_merge")]

    operations = [migrations.AddField("post", "summary", models.TextField(null=True))]
