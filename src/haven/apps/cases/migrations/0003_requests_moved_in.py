"""
One request model, step 2 of 3: the former transfer requests get their regime,
events and reply; every ``determinations.DublinRequest`` row comes in
(docs/adr/0033). A request whose person had no case gets one, opened as
``cases.services.case_open`` does, with a transition saying why.

What step 3 (0004) drops, the stored limits an officer saw (request due, reply
due, accepted on, transfer due and the rules behind them), is written here into
a ``CaseTransition`` of each former transfer request first, so that an auditor
keeps them. The acceptance day stays an event where the new model has one: an
explicit acceptance keeps it as ``replied_on``; the day silence took effect (a
deemed acceptance) is not stored by the new model, which derives it from the
events and the table of limits, so the former day lives on in that transition.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.db import migrations
from django.utils import timezone

_MIGRATION = "migration"

# A take-back under the AMMR is a notification whose receipt is confirmed
# (AMMR Art 41(3)-(4)): its table has "confirmed" / "deemed_confirmed" where the
# others have "accepted" / "deemed_accepted". Applies to rows of both sources.
_AMMR_TAKE_BACK = ("take_back", "ammr")
_AGREED = {"accepted": "confirmed", "deemed_accepted": "deemed_confirmed"}


def _request_regime(regime: str) -> str:
    # The former code counted the requests of a s.67 ("dubs") case under Dublin
    # III (``_request_regime``: dubs -> dublin3); the table of limits has rows for
    # Dublin III and the AMMR only, so a request kept as "dubs" had no limits.
    return "ammr" if regime == "ammr" else "dublin3"


def _agreed(kind: str, regime: str, value: str) -> str:
    """Return the state or reply ``value`` as the table of ``kind``/``regime`` names it."""
    return _AGREED.get(value, value) if (kind, regime) == _AMMR_TAKE_BACK else value


def _day_of(transitions: Any, request_id: int, to_state: str) -> Any:
    row = (
        transitions.objects.filter(
            machine="request", subject_id=request_id, to_state=to_state
        )
        .order_by("at", "id")
        .first()
    )
    return timezone.localdate(row.at) if row is not None else None


def _iso(day: date | None) -> str:
    return day.isoformat() if day is not None else "none"


def _limits_before(request: Any) -> str:
    rules = json.dumps(request.rules or {}, sort_keys=True, default=str)
    parts = [
        f"request due {_iso(request.request_due)}",
        f"reply due {_iso(request.reply_due)}",
        f"accepted on {_iso(request.accepted_on)}",
        f"transfer due {_iso(request.transfer_due)}",
    ]
    if request.re_examination_request_due or request.re_examination_reply_due:
        parts += [
            f"re-examination request due {_iso(request.re_examination_request_due)}",
            f"re-examination reply due {_iso(request.re_examination_reply_due)}",
        ]
    return (
        "moved into the one request model; limits before the move: "
        f"{', '.join(parts)} (rules: {rules})"
    )


def convert_case_requests(apps: Any, schema_editor: Any) -> None:
    """Give former transfer requests their regime, events and reply."""
    request_model = apps.get_model("cases", "DublinRequest")
    transitions = apps.get_model("cases", "CaseTransition")
    now = timezone.now()

    def record(request: Any, from_state: str, to_state: str, at: Any, why: str) -> None:
        transitions.objects.create(
            case_id=request.case_id,
            machine="request",
            subject_id=request.pk,
            from_state=from_state,
            to_state=to_state,
            at=at,
            actor=_MIGRATION,
            role="system",
            reason=why,
        )

    for request in request_model.objects.select_related("case").order_by("pk"):
        old_state = request.state
        request.regime = _request_regime(request.case.regime)
        request.drafted_at = request.created_at
        request.received_on = _day_of(transitions, request.pk, "reply_due")
        # An explicit acceptance keeps its day as the reply's date.
        # (Only in state "accepted" is the acceptance known to be explicit; in a
        # later state it may have come by silence, whose day the new model
        # derives, so there the former day stays in the transition below.)
        if (
            old_state == "accepted"
            and request.replied_on is None
            and request.accepted_on is not None
        ):
            request.replied_on = request.accepted_on
        if old_state in ("accepted", "transfer_due", "transferred") or (
            old_state == "expired" and request.accepted_on is not None
        ):
            if request.replied_on is not None:
                request.reply = _agreed(request.kind, request.regime, "accepted")
        elif old_state == "refused" and request.replied_on is not None:
            request.reply = "refused"
        request.state = _agreed(request.kind, request.regime, old_state)
        limits = _limits_before(request)
        if old_state == "re_examination":
            # Re-examination is now a request of its own, referring to the refusal.
            request.state = "refused"
            request.reply = "refused"
            request.replied_on = request.replied_on or _day_of(
                transitions, request.pk, "refused"
            )
            request.save()
            record(
                request,
                "re_examination",
                "refused",
                now,
                "moved into the one request model: the refusal stands; the "
                "re-examination asked of it is now a request of its own",
            )
            record(request, "refused", "refused", now, limits)
            asked = _day_of(transitions, request.pk, "re_examination")
            follow_up = request_model.objects.create(
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
            record(
                follow_up,
                "",
                "sent",
                now,
                "moved into the one request model: the re-examination asked of "
                f"request no. {request.pk} on {_iso(follow_up.sent_on)}",
            )
            continue
        if request.reply and request.replied_on is None:
            request.reply = ""
        request.save()
        # The limits the officer saw, before 0004 drops them (same state: the move
        # itself changes nothing in the request's life).
        record(request, request.state, request.state, now, limits)


def _latest_determination(determinations: Any, old: Any) -> Any:
    return (
        determinations.objects.filter(
            person_id=old.person_id, determined_at__lte=old.created_at
        )
        .order_by("-determined_at", "-pk")
        .first()
    )


def _lodged_in(determination: Any, state: str, sent: date) -> date | None:
    """The day the application in ``state`` was lodged, per the facts, if known."""
    facts = determination.facts if determination is not None else None
    applications = facts.get("applications") if isinstance(facts, dict) else None
    days = []
    for item in applications if isinstance(applications, list) else []:
        if not isinstance(item, dict) or item.get("state") != state:
            continue
        try:
            day = date.fromisoformat(str(item.get("date")))
        except ValueError:
            continue
        if day <= sent:
            days.append(day)
    return max(days) if days else None


def import_determination_requests(apps: Any, schema_editor: Any) -> None:
    """Move every ``determinations.DublinRequest`` into the one model."""
    old_model = apps.get_model("determinations", "DublinRequest")
    determinations = apps.get_model("determinations", "Determination")
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
        regime = _request_regime(old.regime)
        if old.status == "open":
            state = "sent"
        else:
            state = _agreed(old.kind, regime, old.status)
        reply = _agreed(old.kind, regime, old.reply)
        withdrawn = old.status == "withdrawn"
        if withdrawn:
            # Withdrawn after it was sent: the new table lets only a draft be
            # withdrawn, but "withdrawn" is final in every table, so the row is
            # kept as recorded, its sending day included (a fact), with no reply.
            reply = ""
        determination = _latest_determination(determinations, old)
        request = request_model.objects.create(
            case=case,
            determination=determination,
            kind=old.kind,
            regime=regime,
            requesting_state=old.requesting_state,
            requested_state=old.requested_state,
            urgent=old.urgent,
            eurodac=old.eurodac_hit,
            lodged_on=_lodged_in(determination, old.requesting_state, old.sent),
            state=state,
            created_at=old.created_at,
            drafted_at=old.created_at,
            drafted_by_id=old.created_by_id,
            sent_on=old.sent,
            reply=reply if old.reply_date is not None else "",
            replied_on=old.reply_date,
            withdrawal_reason=(
                "withdrawn after it was sent, in the former list of Dublin "
                "requests (day of withdrawal not recorded there)"
                if withdrawn
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
