"""
One request model: ``cases.TransferRequest`` becomes ``cases.DublinRequest`` and
takes in every row of ``determinations.DublinRequest`` (docs/adr/0033).

Stored deadlines go: they are computed from the events whenever shown. A request
whose person had no case gets one, opened as ``cases.services.case_open`` does.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone

_MIGRATION = "migration 0002"

# A take-back under the AMMR is a notification whose receipt is confirmed.
_AGREED = {("take_back", "ammr"): "confirmed"}


def _regime(case: Any) -> str:
    return case.regime if case.regime in ("dublin3", "ammr", "dubs") else "dublin3"


def _day_of(transitions: Any, request_id: int, to_state: str) -> Any:
    row = (
        transitions.filter(machine="request", subject_id=request_id, to_state=to_state)
        .order_by("at", "id")
        .first()
    )
    return timezone.localdate(row.at) if row is not None else None


def convert_case_requests(apps: Any, schema_editor: Any) -> None:
    """Give former transfer requests their regime, events and reply."""
    request_model = apps.get_model("cases", "DublinRequest")
    transitions = apps.get_model("cases", "CaseTransition")
    for request in request_model.objects.select_related("case").order_by("pk"):
        request.regime = _regime(request.case)
        request.drafted_at = request.created_at
        request.received_on = _day_of(transitions, request.pk, "reply_due")
        if request.state in ("accepted", "transfer_due", "transferred") or (
            request.state == "expired" and request.accepted_on is not None
        ):
            if request.replied_on is not None:
                request.reply = "accepted"
        elif request.state == "refused" and request.replied_on is not None:
            request.reply = "refused"
        if request.state == "re_examination":
            # Re-examination is now a request of its own, referring to the refusal.
            request.state = "refused"
            request.reply = "refused"
            request.replied_on = request.replied_on or _day_of(
                transitions, request.pk, "refused"
            )
            request.save()
            asked = _day_of(transitions, request.pk, "re_examination")
            request_model.objects.create(
                case=request.case,
                refers_to=request,
                kind="re_examination",
                regime=request.regime,
                requesting_state=request.requesting_state,
                requested_state=request.requested_state,
                legal_basis=request.legal_basis,
                lodged_on=request.lodged_on,
                state="sent",
                created_at=request.created_at,
                drafted_at=request.created_at,
                sent_on=asked or request.replied_on,
                request_due=request.request_due,
            )
            continue
        if request.reply and request.replied_on is None:
            request.reply = ""
        request.save()


def import_determination_requests(apps: Any, schema_editor: Any) -> None:
    """Move every ``determinations.DublinRequest`` into the one model."""
    old_model = apps.get_model("determinations", "DublinRequest")
    request_model = apps.get_model("cases", "DublinRequest")
    case_model = apps.get_model("cases", "Case")
    transitions = apps.get_model("cases", "CaseTransition")
    registrations = apps.get_model("people", "Registration")
    now = timezone.now()
    for old in old_model.objects.select_related("person").order_by("pk"):
        case = case_model.objects.filter(person_id=old.person_id).first()
        if case is None:
            first = (
                registrations.filter(person_id=old.person_id)
                .order_by("registered_at")
                .first()
            )
            case = case_model.objects.create(
                person_id=old.person_id,
                state="registered",
                state_since=now,
                identified_at=first.registered_at if first else old.created_at,
                regime=old.regime,
                contact="",
            )
            transitions.create(
                case=case,
                machine="case",
                from_state="",
                to_state="registered",
                at=case.identified_at,
                actor=_MIGRATION,
                role="system",
                reason="case opened to hold the person's Dublin requests",
            )
        if old.status == "open":
            state = "sent"
        elif old.status == "accepted":
            state = _AGREED.get((old.kind, old.regime), "accepted")
        else:
            state = old.status
        reply = old.reply
        if reply == "accepted":
            reply = _AGREED.get((old.kind, old.regime), "accepted")
        request = request_model.objects.create(
            case=case,
            kind=old.kind,
            regime=old.regime,
            requesting_state=old.requesting_state,
            requested_state=old.requested_state,
            urgent=old.urgent,
            eurodac=old.eurodac_hit,
            state=state,
            created_at=old.created_at,
            drafted_at=old.created_at,
            drafted_by_id=old.created_by_id,
            sent_on=old.sent,
            reply=reply if old.reply_date is not None else "",
            replied_on=old.reply_date,
            withdrawal_reason=(
                "withdrawn in the former list of Dublin requests"
                if old.status == "withdrawn"
                else ""
            ),
            request_due=old.sent,
        )
        transitions.create(
            case=case,
            machine="request",
            subject_id=request.pk,
            from_state="",
            to_state=state,
            at=old.created_at,
            actor=_MIGRATION,
            role="system",
            reason=f"moved from the former list of Dublin requests (no. {old.pk})",
        )


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
        migrations.RunPython(convert_case_requests, migrations.RunPython.noop),
        migrations.RunPython(import_determination_requests, migrations.RunPython.noop),
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
