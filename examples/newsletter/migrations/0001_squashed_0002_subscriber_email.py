# A squash of 0001 and 0002: 0001_initial was deleted but 0002 was kept (DJM603).
from django.db import migrations, models


class Migration(migrations.Migration):
    replaces = [
        ("newsletter", "0001_initial"),
        ("newsletter", "0002_subscriber_email"),
    ]

    initial = True

    operations = [
        migrations.CreateModel(
            name="Subscriber",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("email", models.EmailField(max_length=254, null=True)),
            ],
        ),
    ]
