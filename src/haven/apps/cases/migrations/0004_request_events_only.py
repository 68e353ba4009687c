"""
One request model, step 3 of 3: the stored deadlines go (they are computed from
the events whenever shown), and the constraints of the one model apply.

The values dropped here were first written by 0003 into a ``CaseTransition`` of
each former request ("limits before the move: ..."), so an auditor keeps what the
officers saw.
"""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_requests_moved_in"),
        ("determinations", "0002_dublinrequest_moved_to_cases"),
    ]

    operations = [
        migrations.RemoveField(model_name="dublinrequest", name="request_due"),
        migrations.RemoveField(model_name="dublinrequest", name="reply_due"),
        migrations.RemoveField(
            model_name="dublinrequest", name="re_examination_request_due"
        ),
        migrations.RemoveField(
            model_name="dublinrequest", name="re_examination_reply_due"
        ),
        migrations.RemoveField(model_name="dublinrequest", name="accepted_on"),
        migrations.RemoveField(model_name="dublinrequest", name="transfer_due"),
        migrations.RemoveField(model_name="dublinrequest", name="rules"),
        migrations.RemoveField(model_name="dublinrequest", name="created_at"),
        migrations.AlterField(
            model_name="dublinrequest",
            name="drafted_at",
            field=models.DateTimeField(verbose_name="drafted at"),
        ),
        migrations.AlterModelOptions(
            name="dublinrequest",
            options={
                "ordering": ["-drafted_at", "-id"],
                "verbose_name": "Dublin request",
            },
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="kind",
            field=models.CharField(
                choices=[
                    ("take_charge", "Take-charge request"),
                    ("take_back", "Take-back request"),
                    ("information", "Information request"),
                    ("humanitarian", "Humanitarian request (Art 17(2))"),
                    ("re_examination", "Re-examination request"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="replied_on",
            field=models.DateField(blank=True, null=True, verbose_name="reply dated"),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="reply",
            field=models.CharField(
                blank=True,
                choices=[
                    ("accepted", "Accepted"),
                    ("confirmed", "Receipt confirmed"),
                    ("refused", "Refused"),
                    ("answered", "Answered"),
                ],
                default="",
                max_length=10,
                verbose_name="reply",
            ),
        ),
        migrations.AlterField(
            model_name="dublinrequest",
            name="state",
            field=models.CharField(
                choices=[
                    ("drafted", "Drafted"),
                    ("withdrawn", "Withdrawn"),
                    ("sent", "Sent"),
                    ("reply_due", "Received, reply due"),
                    ("accepted", "Accepted"),
                    ("deemed_accepted", "Accepted by silence"),
                    ("confirmed", "Receipt confirmed"),
                    ("deemed_confirmed", "Confirmed by silence"),
                    ("refused", "Refused"),
                    ("answered", "Answered"),
                    ("lapsed", "Lapsed without reply"),
                    ("transfer_due", "Transfer due"),
                    ("transferred", "Transferred"),
                    ("expired", "Expired"),
                ],
                default="drafted",
                max_length=16,
                verbose_name="state",
            ),
        ),
        migrations.AddIndex(
            model_name="dublinrequest",
            index=models.Index(
                fields=["state", "sent_on"], name="cases_dubli_state_bd2a1d_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="dublinrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("requesting_state", models.F("requested_state")), _negated=True
                ),
                name="request_other_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="dublinrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reply", ""), ("replied_on__isnull", False), _connector="OR"
                ),
                name="request_reply_dated",
            ),
        ),
        migrations.AddConstraint(
            model_name="dublinrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "withdrawn"), _negated=True),
                    models.Q(("withdrawal_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="request_withdrawal_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="dublinrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        [
                            "take_charge",
                            "take_back",
                            "information",
                            "humanitarian",
                            "re_examination",
                        ],
                    )
                ),
                name="request_kind_valid",
            ),
        ),
        migrations.AddConstraint(
            model_name="dublinrequest",
            constraint=models.CheckConstraint(
                condition=models.Q(("regime__in", ["dublin3", "ammr", "dubs"])),
                name="request_regime_valid",
            ),
        ),
    ]
