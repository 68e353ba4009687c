"""
One request model, step 1 of 3: ``cases.TransferRequest`` becomes
``cases.DublinRequest`` and gains the event fields (docs/adr/0033).

Steps 2 (0003, the rows) and 3 (0004, the stored deadlines go) are separate
migrations, so that PostgreSQL never alters a table with pending row triggers.
"""

from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("determinations", "0001_initial"),
        ("people", "0003_vulnerability_note_encrypted"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("TransferRequest", "DublinRequest"),
        migrations.AddField(
            model_name="dublinrequest",
            name="determination",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="requests",
                to="determinations.determination",
            ),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="refers_to",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="re_examinations",
                to="cases.dublinrequest",
            ),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="regime",
            field=models.CharField(
                choices=[
                    ("dublin3", "Dublin III"),
                    ("ammr", "AMMR"),
                    ("dubs", "UK s.67"),
                ],
                default="dublin3",
                max_length=8,
                verbose_name="regime",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="eurodac_hit_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="Eurodac hit on"
            ),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="drafted_at",
            field=models.DateTimeField(null=True, verbose_name="drafted at"),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="drafted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="received on"),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="reply",
            field=models.CharField(
                blank=True, default="", max_length=10, verbose_name="reply"
            ),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="withdrawn_on",
            field=models.DateField(blank=True, null=True, verbose_name="withdrawn on"),
        ),
        migrations.AddField(
            model_name="dublinrequest",
            name="withdrawal_reason",
            field=models.TextField(blank=True, verbose_name="reason for withdrawal"),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="kind",
            field=models.CharField(max_length=16, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="lodged_on",
            field=models.DateField(
                blank=True, null=True, verbose_name="application lodged on"
            ),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="legal_basis",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="legal basis"
            ),
        ),
    ]
