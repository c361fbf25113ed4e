# An app whose migrations are all safe: the plugin says nothing about it.
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="Profile",
            fields=[
                ("id", models.BigAutoField(primary_key=True)),
                ("bio", models.TextField(blank=True)),
                (
                    "user",
                    models.OneToOneField(on_delete=models.CASCADE, to=settings.AUTH_USER_MODEL),
                ),
            ],
        ),
    ]
