"""Everyone starts in UTC; a data step in its own migration, reversible as a no-op."""

from django.db import migrations


def reset_timezones(apps, schema_editor):
    """Set every profile's time zone to UTC, in one UPDATE."""
    Profile = apps.get_model("accounts", "Profile")
    Profile.objects.using(schema_editor.connection.alias).update(timezone="UTC")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_profile_timezone")]

    operations = [
        migrations.RunPython(reset_timezones, migrations.RunPython.noop),
    ]
