"""The Dublin requests moved into ``cases.DublinRequest`` (cases 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("determinations", "0001_initial"),
        ("cases", "0002_one_dublin_request"),
    ]

    operations = [
        migrations.DeleteModel(name="DublinRequest"),
    ]
