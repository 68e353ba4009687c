"""
Plan group moves, check each person out and in, raise and escalate alerts.

Every custody step goes through ``haven.engines.workflow.TRANSFER`` and is logged.
A person who is not checked in by the time set on the manifest is marked missing
by ``missing_sweep``, which raises an alert. Check-out and check-in also move the
person's case (accepted → transfer → arrived) and the reception centres' occupancy.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence
from datetime import datetime

from django.db import transaction
from django.db.models import F, Q

from haven.apps.audit.services import audit_record
from haven.apps.cases.models import Case, DublinRequest
from haven.apps.cases.services import (
    case_transition,
    request_transition,
    step_or_raise,
)
from haven.apps.core.actors import Actor
from haven.apps.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from haven.apps.people.models import Location, Person, PersonEvent
from haven.apps.transfers.checks import boarding_blocks_of
from haven.apps.transfers.models import (
    AlertEvent,
    CustodyEvent,
    Escort,
    Manifest,
    ManifestEntry,
    ManifestPrint,
    MissingPersonAlert,
)
from haven.engines.kernel.limits import TRANSFERRING_KINDS
from haven.engines.workflow import ALERT, SYSTEM, TRANSFER, check_in_due

# The overdue sweep acts as the system, under the application's name.
SWEEP = Actor(name="haven", role=SYSTEM)
# The kernel's one list: information and Art 17(2) requests are never followed
# by a transfer.
_LEADS_TO_TRANSFER = list(TRANSFERRING_KINDS)
# A person is on one movement at a time: a line in these states is still under way.
_UNDER_WAY = (
    ManifestEntry.State.PLANNED,
    ManifestEntry.State.CHECKED_OUT,
    ManifestEntry.State.IN_TRANSIT,
)
MAX_PEOPLE_AT_ONCE = 60


def _audit(actor: Actor, action: str, object_type: str, object_id: object) -> None:
    audit_record(
        action=action,
        actor_id=actor.user_id,
        actor_name=actor.name,
        object_type=object_type,
        object_id=object_id,
    )


def _in_scope(person_id: int, within: Q | None) -> bool:
    """Return whether a person is in the acting user's scope (None: everyone)."""
    if within is None:
        return True
    return Person.objects.filter(within, pk=person_id).exists()


def _entry_in_scope(entry: ManifestEntry, within: Q | None) -> None:
    # Outside the scope a line answers as if it did not exist.
    if not _in_scope(entry.person_id, within):
        raise NotFoundError("this manifest has no line with this id")


def manifest_outside_scope(manifest: Manifest, within: Q | None) -> int:
    """Return how many people on the manifest the acting user may not read."""
    if within is None:
        return 0
    # Read afresh: a manifest from ``manifest_get`` holds only the lines in scope.
    lines = ManifestEntry.objects.filter(manifest_id=manifest.pk)
    people = lines.values_list("person_id", flat=True)
    readable = Person.objects.filter(within, pk__in=people).count()
    return lines.count() - readable


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
        _audit(actor, "manifest.create", "manifest", manifest.pk)
    return manifest


def manifest_entry_add(
    *,
    manifest: Manifest,
    registration_number: str,
    destination_key: str,
    escort: Escort | None,
    actor: Actor,
    now: datetime,
    override_reason: str = "",
    within: Q | None = None,
) -> ManifestEntry:
    """Put one person, named by registration number, on a manifest."""
    people = Person.objects.filter(
        registration_number__iexact=registration_number.strip(),
        erased_at__isnull=True,
    )
    if within is not None:
        people = people.filter(within)
    person = people.first()
    if person is None:
        problems = {"registration_number": ["no person with this registration number"]}
        if not Location.objects.filter(key=destination_key).exists():
            problems["destination_key"] = [f"no place with key {destination_key!r}"]
        raise InvalidInputError("the person was not added", field_errors=problems)
    [entry] = manifest_entries_add(
        manifest=manifest,
        person_ids=[person.pk],
        destination_key=destination_key,
        escort=escort,
        override_reason=override_reason,
        actor=actor,
        now=now,
        within=within,
        field="registration_number",
    )
    return entry


def manifest_entries_add(
    *,
    manifest: Manifest,
    person_ids: Sequence[int],
    destination_key: str,
    escort: Escort | None,
    actor: Actor,
    now: datetime,
    override_reason: str = "",
    within: Q | None = None,
    field: str = "people",
) -> list[ManifestEntry]:
    """
    Put several people on a manifest to one destination, all or none.

    Each person's case is checked first (``transfers.checks``): a person whose
    case blocks the move is added only with ``override_reason``, which their line
    keeps with the codes it overrode, and the audit trail records the override.
    ``within`` is the acting user's scope of people: anyone outside it is refused
    as if unknown. A person already on a movement under way is refused.
    """
    if not TRANSFER.targets(ManifestEntry.State.PLANNED, role=actor.role):
        raise PermissionDeniedError("your role may not plan transfers")
    problems: dict[str, list[str]] = {}
    wanted = list(dict.fromkeys(person_ids))
    if not wanted:
        problems[field] = ["choose at least one person"]
    elif len(wanted) > MAX_PEOPLE_AT_ONCE:
        problems[field] = [f"add at most {MAX_PEOPLE_AT_ONCE} people at once"]
    people_qs = Person.objects.select_related("housed_at").filter(
        pk__in=wanted, erased_at__isnull=True
    )
    if within is not None:
        people_qs = people_qs.filter(within)
    people = {p.pk: p for p in people_qs}
    unknown = [pk for pk in wanted if pk not in people]
    if wanted and unknown:
        problems.setdefault(field, []).append(
            f"{len(unknown)} of the people chosen cannot be found in your records"
        )
    destination = Location.objects.filter(key=destination_key).first()
    if destination is None:
        problems["destination_key"] = [f"no place with key {destination_key!r}"]
    if manifest.state != Manifest.State.PLANNED:
        problems["manifest"] = ["the group has already left"]
    if escort is not None and escort.manifest_id != manifest.pk:
        problems["escort"] = ["this escort travels on another manifest"]
    elif destination is not None and destination.pk == manifest.origin_id:
        problems["destination_key"] = ["the destination is the place they leave"]
    busy = (
        ManifestEntry.objects.filter(person_id__in=people, state__in=_UNDER_WAY)
        .select_related("manifest", "person")
        .order_by("person_id")
    )
    for line in busy:
        where = (
            "already on this manifest"
            if line.manifest_id == manifest.pk
            else f"already on manifest {line.manifest.reference}"
        )
        problems.setdefault(field, []).append(
            f"{line.person.registration_number}: {where}"
        )
    if problems or destination is None:
        raise InvalidInputError("nobody was added", field_errors=problems)
    blocked = boarding_blocks_of(
        people=list(people), destination=destination, origin=manifest.origin
    )
    reason = override_reason.strip()
    if any(blocked.values()) and not reason:
        raise InvalidInputError(
            "nobody was added: a case stage blocks the move",
            field_errors={
                "override_reason": [
                    f"{people[pk].registration_number}: {block.message}"
                    + (f" ({block.citation})" if block.citation else "")
                    for pk in wanted
                    for block in blocked[pk]
                ]
                + ["give a reason to override, or leave these people off"]
            },
        )
    entries = []
    with transaction.atomic():
        current = Manifest.objects.select_for_update().get(pk=manifest.pk)
        if current.state != Manifest.State.PLANNED:
            raise InvalidInputError(
                "nobody was added",
                field_errors={"manifest": ["the group has already left"]},
            )
        for pk in wanted:
            codes = [block.code for block in blocked[pk]]
            entry = ManifestEntry.objects.create(
                manifest=current,
                person_id=pk,
                destination=destination,
                escort=escort,
                override_codes=codes,
                override_reason=reason if codes else "",
                added_by=actor.name,
            )
            CustodyEvent.objects.create(
                entry=entry,
                from_state="",
                to_state=entry.state,
                at=now,
                actor=actor.name,
                role=actor.role,
                reason=f"to {destination.key}"
                + (f"; override of {', '.join(codes)}: {reason}" if codes else ""),
            )
            _audit(actor, "manifest.entry_add", "person", pk)
            if codes:
                _audit(actor, "manifest.entry_override", "manifest_entry", entry.pk)
            entries.append(entry)
    return entries


def manifest_entry_remove(
    *, entry: ManifestEntry, actor: Actor, now: datetime, within: Q | None = None
) -> None:
    """Take a person off a manifest that has not left (planned lines only)."""
    if not TRANSFER.targets(ManifestEntry.State.PLANNED, role=actor.role):
        raise PermissionDeniedError("your role may not plan transfers")
    _entry_in_scope(entry, within)
    with transaction.atomic():
        current = ManifestEntry.objects.select_for_update().get(pk=entry.pk)
        if current.state != ManifestEntry.State.PLANNED:
            raise InvalidInputError(
                "the person was not taken off",
                field_errors={"entry": ["only a person not yet checked out"]},
            )
        if current.alerts.exists():
            raise InvalidInputError(
                "the person was not taken off",
                field_errors={"entry": ["an alert was raised about this line"]},
            )
        _audit(actor, "manifest.entry_remove", "person", current.person_id)
        current.delete()


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
    *,
    entry: ManifestEntry,
    actor: Actor,
    reason: str,
    now: datetime,
    within: Q | None = None,
) -> ManifestEntry:
    """
    Check a person out at departure (they board); the check-in is due within the
    set hours.

    An accepted case moves to transfer, and its accepted request to transfer due.
    """
    _entry_in_scope(entry, within)
    with transaction.atomic():
        _audit(actor, "custody.check_out", "person", entry.person_id)
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


def manifest_depart(
    *,
    manifest: Manifest,
    did_not_board: Collection[int],
    actor: Actor,
    now: datetime,
    within: Q | None = None,
) -> Manifest:
    """
    Record the departure of a group as the escort confirmed it.

    Those checked out (boarded) are in transit. ``did_not_board`` names the lines
    of this manifest confirmed as not boarding: exactly its lines still planned,
    or nothing is recorded (the confirmation was made on another state of the
    manifest). Only those people are reported missing, each with one alert;
    nobody on another manifest, or on none, is touched.
    """
    confirmed = set(did_not_board)
    with transaction.atomic():
        current = Manifest.objects.select_for_update().get(pk=manifest.pk)
        if current.state != Manifest.State.PLANNED:
            raise InvalidInputError(
                "the departure was not recorded",
                field_errors={"manifest": ["the group has already left"]},
            )
        entries = list(current.entries.select_related("person").order_by("pk"))
        if not entries:
            raise InvalidInputError(
                "the departure was not recorded",
                field_errors={"manifest": ["nobody is on this manifest"]},
            )
        if manifest_outside_scope(current, within):
            raise PermissionDeniedError(
                "people on this manifest are outside your records"
            )
        planned = {e.pk for e in entries if e.state == ManifestEntry.State.PLANNED}
        problems = []
        foreign = confirmed - {e.pk for e in entries}
        if foreign:
            problems.append(f"{len(foreign)} of the lines are not on this manifest")
        boarded = (confirmed - foreign) - planned
        if boarded:
            problems.append(
                f"{len(boarded)} of the people confirmed as not boarding "
                "are checked out"
            )
        unconfirmed = planned - confirmed
        if unconfirmed:
            problems.append(
                f"{len(unconfirmed)} people are neither checked out nor "
                "confirmed as not boarding"
            )
        if problems:
            raise InvalidInputError(
                "the departure was not recorded",
                field_errors={"did_not_board": problems},
            )
        for entry in entries:
            if entry.state == ManifestEntry.State.CHECKED_OUT:
                _custody_step(
                    entry,
                    ManifestEntry.State.IN_TRANSIT,
                    actor=actor,
                    reason="departed",
                    now=now,
                ).save()
            elif entry.pk in planned:
                _custody_step(
                    entry,
                    ManifestEntry.State.MISSING,
                    actor=actor,
                    reason="did not board at departure",
                    now=now,
                ).save()
                _alert_raise(
                    entry,
                    actor=actor,
                    reason="did not board at departure",
                    now=now,
                )
                _audit(actor, "custody.missing", "person", entry.person_id)
        current.state = Manifest.State.DEPARTED
        current.departed_at = now
        current.save(update_fields=["state", "departed_at"])
        _audit(actor, "manifest.depart", "manifest", current.pk)
    return current


def manifest_print(
    *, manifest: Manifest, actor: Actor, now: datetime, within: Q | None = None
) -> ManifestPrint:
    """
    Record one printing of a manifest for the escort and audit it.

    Only roles that run transfers print, and only a manifest whose people they
    may all read: a paper that leaves someone out is worse than none.
    """
    if not TRANSFER.targets(ManifestEntry.State.PLANNED, role=actor.role):
        raise PermissionDeniedError("your role may not print manifests")
    if manifest_outside_scope(manifest, within):
        raise PermissionDeniedError("people on this manifest are outside your records")
    with transaction.atomic():
        people = list(
            ManifestEntry.objects.filter(manifest_id=manifest.pk)
            .order_by("pk")
            .values_list("person_id", flat=True)
        )
        printed = ManifestPrint.objects.create(
            manifest=manifest, printed_at=now, printed_by=actor.name, people=people
        )
        _audit(actor, "manifest.print", "manifest_print", printed.pk)
    return printed


def custody_check_in(
    *,
    entry: ManifestEntry,
    actor: Actor,
    reason: str,
    now: datetime,
    within: Q | None = None,
) -> ManifestEntry:
    """
    Check a person in at the destination: they are housed there, their case
    arrives, and an open alert about them is marked found.
    """
    _entry_in_scope(entry, within)
    with transaction.atomic():
        _audit(actor, "custody.check_in", "person", entry.person_id)
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
    *,
    entry: ManifestEntry,
    actor: Actor,
    reason: str,
    now: datetime,
    within: Q | None = None,
) -> MissingPersonAlert:
    """Report a person on a manifest missing and raise the alert."""
    _entry_in_scope(entry, within)
    with transaction.atomic():
        _audit(actor, "custody.missing", "person", entry.person_id)
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
            _audit(SWEEP, "custody.missing", "person", current.person_id)
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
        _audit(actor, f"alert.{target}", "missing_person_alert", current.pk)
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
