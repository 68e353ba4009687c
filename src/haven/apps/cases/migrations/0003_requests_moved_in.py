"""
One request model, step 2 of 3: the former transfer requests get their regime,
events and reply; every ``determinations.DublinRequest`` row comes in
(docs/adr/0033). A request whose person had no case gets one, opened as
``cases.services.case_open`` does, with a transition saying why.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone

_MIGRATION = "migration cases 0003"

# A take-back under the AMMR is a notification whose receipt is confirmed.
_AGREED = {("take_back", "ammr"): "confirmed"}


def _regime(case: Any) -> str:
    return case.regime if case.regime in ("dublin3", "ammr", "dubs") else "dublin3"


def _day_of(transitions: Any, request_id: int, to_state: str) -> Any:
    row = (
        transitions.objects.filter(
            machine="request", subject_id=request_id, to_state=to_state
        )
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
                registrations.objects.filter(person_id=old.person_id)
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
            transitions.objects.create(
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
        transitions.objects.create(
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
        ("cases", "0002_one_dublin_request"),
        ("determinations", "0001_initial"),
        ("people", "0003_vulnerability_note_encrypted"),
    ]

    operations = [
        migrations.RunPython(convert_case_requests, migrations.RunPython.noop),
        migrations.RunPython(import_determination_requests, migrations.RunPython.noop),
    ]
