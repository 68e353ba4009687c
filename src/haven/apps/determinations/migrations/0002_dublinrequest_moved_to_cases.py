"""The Dublin requests moved into ``cases.DublinRequest`` (cases 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("determinations", "0001_initial"),
        ("cases", "0003_requests_moved_in"),
    ]

    operations = [
        migrations.DeleteModel(name="DublinRequest"),
    ]
