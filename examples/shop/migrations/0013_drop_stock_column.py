# The staged drop done right: the state forgets the field now, the column goes in a later deploy.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("shop", "0012_bookings")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="product", name="stock")],
        ),
    ]
