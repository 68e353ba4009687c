"""
Plan group moves, check each person out and in, raise and escalate alerts.

Every custody step goes through ``haven.engines.workflow.TRANSFER`` and is logged.
A person who is not checked in by the time set on the manifest is marked missing
by ``missing_sweep``, which raises an alert. Check-out and check-in also move the
person's case (accepted → transfer → arrived) and the reception centres' occupancy.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from haven.apps.cases.models import Case, DublinRequest
from haven.apps.cases.services import (
    case_transition,
    request_transition,
    step_or_raise,
)
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, PermissionDeniedError
from haven.apps.people.models import Location, Person, PersonEvent
from haven.apps.transfers.models import (
    AlertEvent,
    CustodyEvent,
    Escort,
    Manifest,
    ManifestEntry,
    MissingPersonAlert,
)
from haven.engines.kernel.limits import TRANSFERRING_KINDS
from haven.engines.workflow import ALERT, SYSTEM, TRANSFER, check_in_due

# The overdue sweep acts as the system, under the application's name.
SWEEP = Actor(name="haven", role=SYSTEM)
# The kernel's one list: information and Art 17(2) requests are never followed
# by a transfer.
_LEADS_TO_TRANSFER = list(TRANSFERRING_KINDS)


def manifest_create(
    *,
    mode: str,
    origin_key: str,
    departure_planned: datetime,
    check_in_within_hours: int,
    escorts: Sequence[tuple[str, str]],
    actor: Actor,
    now: datetime,
) -> Manifest:
    """Plan a group move with its escorts; people are added line by line."""
    if not TRANSFER.targets(ManifestEntry.State.PLANNED, role=actor.role):
        raise PermissionDeniedError("your role may not plan transfers")
    problems: dict[str, list[str]] = {}
    if mode not in Manifest.Mode.values:
        problems["mode"] = [f"unknown mode {mode!r}"]
    origin = Location.objects.filter(key=origin_key).first()
    if origin is None:
        problems["origin_key"] = [f"no location with key {origin_key!r}"]
    if not 1 <= check_in_within_hours <= 96:
        problems["check_in_within_hours"] = ["give between 1 and 96 hours"]
    named = [(n.strip(), a.strip()) for n, a in escorts if n.strip()]
    if not named:
        problems["escorts"] = ["name at least one escort"]
    if problems or origin is None:
        raise InvalidInputError("the manifest was not saved", field_errors=problems)
    with transaction.atomic():
        number = Manifest.objects.count() + 1
        for attempt in itertools.count(number):
            reference = f"MAN-{now:%Y}-{attempt:04d}"
            if not Manifest.objects.filter(reference=reference).exists():
                break
        manifest = Manifest.objects.create(
            reference=reference,
            mode=mode,
            origin=origin,
            departure_planned=departure_planned,
            check_in_within_hours=check_in_within_hours,
            created_at=now,
            created_by=actor.name,
        )
        Escort.objects.bulk_create(
            [Escort(manifest=manifest, name=n, agency=a) for n, a in named]
        )
    return manifest


def manifest_entry_add(
    *,
    manifest: Manifest,
    registration_number: str,
    destination_key: str,
    escort: Escort | None,
    actor: Actor,
    now: datetime,
) -> ManifestEntry:
    """Put a person on a manifest with their destination."""
    if not TRANSFER.targets(ManifestEntry.State.PLANNED, role=actor.role):
        raise PermissionDeniedError("your role may not plan transfers")
    problems: dict[str, list[str]] = {}
    person = Person.objects.filter(
        registration_number__iexact=registration_number.strip()
    ).first()
    if person is None:
        problems["registration_number"] = ["no person with this registration number"]
    destination = Location.objects.filter(key=destination_key).first()
    if destination is None:
        problems["destination_key"] = [f"no location with key {destination_key!r}"]
    if manifest.state != Manifest.State.PLANNED:
        problems["manifest"] = ["the group has already left"]
    if escort is not None and escort.manifest_id != manifest.pk:
        problems["escort"] = ["this escort travels on another manifest"]
    if problems or person is None or destination is None:
        raise InvalidInputError("the person was not added", field_errors=problems)
    try:
        with transaction.atomic():
            entry = ManifestEntry.objects.create(
                manifest=manifest, person=person, destination=destination, escort=escort
            )
            CustodyEvent.objects.create(
                entry=entry,
                from_state="",
                to_state=entry.state,
                at=now,
                actor=actor.name,
                role=actor.role,
                reason=f"to {destination.key}",
            )
    except IntegrityError as error:
        raise InvalidInputError(
            "the person was not added",
            field_errors={"registration_number": ["already on this manifest"]},
        ) from error
    return entry


def _custody_step(
    entry: ManifestEntry,
    target: str,
    *,
    actor: Actor,
    reason: str,
    now: datetime,
) -> ManifestEntry:
    current = ManifestEntry.objects.select_for_update().get(pk=entry.pk)
    step = step_or_raise(
        TRANSFER,
        current.state,
        target,
        actor=actor,
        reason=reason,
        today=now.date(),
        facts={},
    )
    CustodyEvent.objects.create(
        entry=current,
        from_state=step.source,
        to_state=step.target,
        at=now,
        actor=actor.name,
        role=actor.role,
        reason=step.reason,
    )
    current.state = target
    return current


def custody_check_out(
    *, entry: ManifestEntry, actor: Actor, reason: str, now: datetime
) -> ManifestEntry:
    """
    Check a person out at departure; the check-in is due within the set hours.

    An accepted case moves to transfer, and its accepted request to transfer due.
    """
    with transaction.atomic():
        current = _custody_step(
            entry,
            ManifestEntry.State.CHECKED_OUT,
            actor=actor,
            reason=reason,
            now=now,
        )
        current.checked_out_at = now
        current.check_in_due = check_in_due(
            checked_out_at=now, within_hours=current.manifest.check_in_within_hours
        )
        current.save()
        case = Case.objects.filter(person_id=current.person_id).first()
        if case is not None and case.state == Case.State.ACCEPTED:
            case_transition(
                case=case,
                target=Case.State.TRANSFER,
                actor=actor,
                reason=f"checked out on {current.manifest.reference}",
                now=now,
                facts={"checked_out": True},
            )
            for request in case.requests.filter(
                kind__in=_LEADS_TO_TRANSFER,
                state__in=[
                    DublinRequest.State.ACCEPTED,
                    DublinRequest.State.DEEMED_ACCEPTED,
                    DublinRequest.State.CONFIRMED,
                    DublinRequest.State.DEEMED_CONFIRMED,
                ],
            ):
                request_transition(
                    request=request,
                    target=DublinRequest.State.TRANSFER_DUE,
                    actor=actor,
                    reason=f"transfer under way on {current.manifest.reference}",
                    now=now,
                )
    return current


def _alert_raise(
    entry: ManifestEntry, *, actor: Actor, reason: str, now: datetime
) -> MissingPersonAlert:
    alert = MissingPersonAlert.objects.create(
        entry=entry, person_id=entry.person_id, raised_at=now, raised_by=actor.name
    )
    AlertEvent.objects.create(
        alert=alert,
        from_state="",
        to_state=alert.state,
        at=now,
        actor=actor.name,
        role=actor.role,
        reason=reason,
    )
    return alert


def manifest_depart(*, manifest: Manifest, actor: Actor, now: datetime) -> Manifest:
    """
    Record the departure: those checked out are in transit; anyone not checked out
    did not board and is reported missing at once.
    """
    with transaction.atomic():
        current = Manifest.objects.select_for_update().get(pk=manifest.pk)
        if current.state != Manifest.State.PLANNED:
            raise InvalidInputError(
                "the departure was not recorded",
                field_errors={"manifest": ["the group has already left"]},
            )
        if not current.entries.exists():
            raise InvalidInputError(
                "the departure was not recorded",
                field_errors={"manifest": ["nobody is on this manifest"]},
            )
        for entry in current.entries.all():
            if entry.state == ManifestEntry.State.CHECKED_OUT:
                _custody_step(
                    entry,
                    ManifestEntry.State.IN_TRANSIT,
                    actor=actor,
                    reason="departed",
                    now=now,
                ).save()
            elif entry.state == ManifestEntry.State.PLANNED:
                _custody_step(
                    entry,
                    ManifestEntry.State.MISSING,
                    actor=actor,
                    reason="not checked out at departure",
                    now=now,
                ).save()
                _alert_raise(
                    entry,
                    actor=actor,
                    reason="did not board at departure",
                    now=now,
                )
        current.state = Manifest.State.DEPARTED
        current.departed_at = now
        current.save(update_fields=["state", "departed_at"])
    return current


def custody_check_in(
    *, entry: ManifestEntry, actor: Actor, reason: str, now: datetime
) -> ManifestEntry:
    """
    Check a person in at the destination: they are housed there, their case
    arrives, and an open alert about them is marked found.
    """
    with transaction.atomic():
        current = _custody_step(
            entry,
            ManifestEntry.State.CHECKED_IN,
            actor=actor,
            reason=reason,
            now=now,
        )
        current.checked_in_at = now
        current.save()
        destination = current.destination
        Person.objects.filter(pk=current.person_id).update(
            housed_at=destination if destination.capacity > 0 else None,
            version=F("version") + 1,
        )
        PersonEvent.objects.create(
            person_id=current.person_id,
            at=now,
            actor=actor.name,
            action="moved",
            fields=["housed_at"],
            detail=destination.key,
        )
        for alert in current.alerts.exclude(
            state__in=[MissingPersonAlert.State.FOUND, MissingPersonAlert.State.CLOSED]
        ):
            alert_escalate(
                alert=alert,
                target=MissingPersonAlert.State.FOUND,
                reference="",
                actor=actor,
                reason=f"checked in at {destination.key}",
                now=now,
            )
        case = Case.objects.filter(person_id=current.person_id).first()
        if case is not None and case.state == Case.State.TRANSFER:
            case_transition(
                case=case,
                target=Case.State.ARRIVED,
                actor=actor,
                reason=f"checked in at {destination.key}",
                now=now,
                facts={"checked_in": True},
            )
            for request in case.requests.filter(
                kind__in=_LEADS_TO_TRANSFER, state=DublinRequest.State.TRANSFER_DUE
            ):
                request_transition(
                    request=request,
                    target=DublinRequest.State.TRANSFERRED,
                    actor=actor,
                    reason=f"arrived at {destination.key}",
                    now=now,
                    facts={"arrived": True},
                )
    return current


def custody_report_missing(
    *, entry: ManifestEntry, actor: Actor, reason: str, now: datetime
) -> MissingPersonAlert:
    """Report a person on a manifest missing and raise the alert."""
    with transaction.atomic():
        current = _custody_step(
            entry,
            ManifestEntry.State.MISSING,
            actor=actor,
            reason=reason,
            now=now,
        )
        current.save()
        return _alert_raise(current, actor=actor, reason=reason, now=now)


def missing_sweep(*, now: datetime) -> list[MissingPersonAlert]:
    """Mark missing everybody whose check-in time has passed; raise their alerts."""
    raised = []
    overdue = ManifestEntry.objects.filter(
        state__in=[ManifestEntry.State.CHECKED_OUT, ManifestEntry.State.IN_TRANSIT],
        check_in_due__lt=now,
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            entry = ManifestEntry.objects.select_for_update().get(pk=pk)
            if entry.state not in (
                ManifestEntry.State.CHECKED_OUT,
                ManifestEntry.State.IN_TRANSIT,
            ):
                continue
            reason = "not checked in by " + (
                entry.check_in_due.isoformat(timespec="minutes")
                if entry.check_in_due
                else "the set time"
            )
            current = _custody_step(
                entry,
                ManifestEntry.State.MISSING,
                actor=SWEEP,
                reason=reason,
                now=now,
            )
            current.save()
            raised.append(_alert_raise(current, actor=SWEEP, reason=reason, now=now))
    return raised


def alert_escalate(
    *,
    alert: MissingPersonAlert,
    target: str,
    reference: str,
    actor: Actor,
    reason: str,
    now: datetime,
) -> MissingPersonAlert:
    """
    Move an alert on its escalation path (police, trafficking referral) or close it.

    Notifying the police or making a referral needs the reference it was given.
    """
    needs_reference = target in (
        MissingPersonAlert.State.POLICE_NOTIFIED,
        MissingPersonAlert.State.TRAFFICKING_REFERRED,
    )
    if needs_reference and not reference.strip():
        raise InvalidInputError(
            "the alert was not updated",
            field_errors={"reference": ["give the reference of the report"]},
        )
    with transaction.atomic():
        current = MissingPersonAlert.objects.select_for_update().get(pk=alert.pk)
        step = step_or_raise(
            ALERT,
            current.state,
            target,
            actor=actor,
            reason=reason,
            today=now.date(),
            facts={},
        )
        if target == MissingPersonAlert.State.POLICE_NOTIFIED:
            current.police_reference = reference.strip()[:64]
        elif target == MissingPersonAlert.State.TRAFFICKING_REFERRED:
            current.referral_reference = reference.strip()[:64]
        elif target in (
            MissingPersonAlert.State.FOUND,
            MissingPersonAlert.State.CLOSED,
        ):
            current.closed_at = now
        current.state = target
        current.save()
        AlertEvent.objects.create(
            alert=current,
            from_state=step.source,
            to_state=step.target,
            at=now,
            actor=actor.name,
            role=actor.role,
            reason=step.reason,
        )
    return current
