# Two branches each added a 0002: this merge joins them (DJM609 still notes the shared number).
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("blog", "0002_post_author"), ("blog", "0002_post_title")]

    operations = []
