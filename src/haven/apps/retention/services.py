"""
Place and release legal holds; erase a person; run the retention job.

An erasure refused because of a hold is an outcome, not an error: it comes back as
a value naming every hold, and the audit records the refusal and one event per hold
(the hold's own record by id, never its text). A role that may not erase gets a
``PermissionDeniedError``, and the attempt is audited as denied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.sessions.models import Session
from django.db import transaction

from haven.apps.accounts.models import UserSession
from haven.apps.accounts.roles import may_erase, may_hold
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, InvalidInputError, PermissionDeniedError
from haven.apps.exports.services import purge_expired_exports
from haven.apps.operations.idempotency import idempotency_keys_expire
from haven.apps.people.models import Person
from haven.apps.retention.erasure import erasure_apply
from haven.apps.retention.models import LegalHold
from haven.apps.retention.policy import Category, Hold, retention_due
from haven.apps.retention.selectors import (
    erasure_people_get,
    erasure_survivor_get,
    legal_holds_get,
    record_status_get,
    records_due_list,
)

# The name the retention job acts under in the audit trail.
RETENTION_JOB = "retention-job"


class Ground:
    """Why a person is erased."""

    REQUEST = "request"
    RETENTION = "retention"


def _actor(actor: Actor | None) -> tuple[int | None, str]:
    if actor is None:
        return None, RETENTION_JOB
    return actor.user_id, actor.name


def _deny(actor: Actor, action: str, object_type: str, object_id: object) -> None:
    with transaction.atomic():
        audit_record(
            action=action,
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type=object_type,
            object_id=object_id,
            outcome=AuditEvent.Outcome.DENIED,
        )


def legal_hold_place(
    *,
    person: Person,
    kind: str,
    reason: str,
    until: datetime | None,
    actor: Actor,
    now: datetime,
) -> LegalHold:
    """Put a statutory or manual hold on a person's record, with its reason."""
    if not may_hold(actor):
        _deny(actor, "retention.hold_place", "person", person.pk)
        raise PermissionDeniedError("your role may not place legal holds")
    problems: dict[str, list[str]] = {}
    if kind not in LegalHold.Kind.values:
        problems["kind"] = [f"must be one of {', '.join(LegalHold.Kind.values)}"]
    if not reason.strip():
        problems["reason"] = ["say why the record must be kept"]
    if until is not None and until <= now:
        problems["until"] = ["must be later than now"]
    if person.erased_at is not None:
        problems["person"] = ["this person's record was erased"]
    if problems:
        raise InvalidInputError(
            "the legal hold cannot be placed", field_errors=problems
        )
    with transaction.atomic():
        hold = LegalHold.objects.create(
            person=person,
            kind=kind,
            reason=reason.strip(),
            until=until,
            placed_at=now,
            placed_by_id=actor.user_id,
        )
        audit_record(
            action="retention.hold_place",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type="legal_hold",
            object_id=hold.pk,
        )
    return hold


def legal_hold_release(*, hold: LegalHold, actor: Actor, now: datetime) -> LegalHold:
    """Release a hold; the row stays, so the hold's history can be read."""
    if not may_hold(actor):
        _deny(actor, "retention.hold_release", "legal_hold", hold.pk)
        raise PermissionDeniedError("your role may not release legal holds")
    with transaction.atomic():
        updated = LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
            released_at=now, released_by_id=actor.user_id
        )
        if not updated:
            raise ConflictError("this hold was already released")
        audit_record(
            action="retention.hold_release",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type="legal_hold",
            object_id=hold.pk,
        )
    hold.refresh_from_db()
    return hold


@dataclass(frozen=True, slots=True)
class ErasureOutcome:
    """An erasure done, or refused with every hold that stopped it."""

    person_id: int
    erased: bool
    holds: tuple[Hold, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)


def person_erase(
    *,
    person: Person,
    actor: Actor | None,
    now: datetime,
    ground: str = Ground.REQUEST,
) -> ErasureOutcome:
    """
    Erase a person, and everyone merged into them, unless a legal hold stops it.

    ``actor`` is None only for the retention job. The erasure and its one audit
    event commit together; a refusal commits only its audit events.
    """
    if actor is not None and not may_erase(actor):
        _deny(actor, "person.erase", "person", person.pk)
        raise PermissionDeniedError("your role may not erase people's records")
    if ground not in (Ground.REQUEST, Ground.RETENTION):
        raise InvalidInputError(
            "the erasure cannot be done",
            field_errors={"ground": ["must be 'request' or 'retention'"]},
        )
    actor_id, actor_name = _actor(actor)
    with transaction.atomic():
        person = erasure_survivor_get(person=person)
        Person.objects.select_for_update().filter(pk=person.pk).first()
        people = erasure_people_get(person=person)
        if Person.objects.filter(pk__in=people, erased_at__isnull=True).count() == 0:
            raise ConflictError("this person's record was already erased")
        if ground == Ground.RETENTION:
            status, since = record_status_get(person=person)
            due = retention_due(
                category=Category.PERSON_RECORD, status=status, since=since
            )
            if due is None or due > now:
                return ErasureOutcome(person.pk, erased=False)
        holds = legal_holds_get(people=people, now=now)
        if holds:
            audit_record(
                action="person.erase",
                actor_id=actor_id,
                actor_name=actor_name,
                object_type="person",
                object_id=person.pk,
                outcome=AuditEvent.Outcome.DENIED,
            )
            for hold in holds:
                audit_record(
                    action=f"person.erase_held.{hold.kind}",
                    actor_id=actor_id,
                    actor_name=actor_name,
                    object_type=hold.source_type,
                    object_id=hold.source_id,
                    outcome=AuditEvent.Outcome.DENIED,
                )
            return ErasureOutcome(person.pk, erased=False, holds=holds)
        rows = erasure_apply(people=people, now=now)
        audit_record(
            action=f"person.erase.{ground}",
            actor_id=actor_id,
            actor_name=actor_name,
            object_type="person",
            object_id=person.pk,
        )
    return ErasureOutcome(person.pk, erased=True, rows=rows)


@dataclass(frozen=True, slots=True)
class RetentionReport:
    """What one run of the retention job did, and what is still overdue."""

    now: datetime
    erased: tuple[int, ...]
    held: tuple[tuple[int, tuple[Hold, ...]], ...]
    overdue: tuple[int, ...]
    sessions_deleted: int
    idempotency_keys_deleted: int
    exports_deleted: int

    @property
    def ok(self) -> bool:
        """Return True when nothing past its retention date is left unheld."""
        return not self.overdue


def retention_run(*, now: datetime) -> RetentionReport:
    """
    Erase every record past its retention date and not held; report the rest.

    Each person is erased in their own transaction, so one failure leaves the
    others done; whatever is still due and unheld afterwards is overdue.
    """
    erased: list[int] = []
    for record in records_due_list(now=now):
        if record.verdict.holds:
            continue
        person = Person.objects.get(pk=record.person_id)
        outcome = person_erase(
            person=person, actor=None, now=now, ground=Ground.RETENTION
        )
        if outcome.erased:
            erased.append(outcome.person_id)
    with transaction.atomic():
        sessions, _ = Session.objects.filter(expire_date__lte=now).delete()
        UserSession.objects.exclude(
            session_key__in=Session.objects.values("session_key")
        ).delete()
    keys = idempotency_keys_expire(now=now)
    exports = purge_expired_exports(now=now, actor_name=RETENTION_JOB)
    remaining = records_due_list(now=now)
    held = tuple((r.person_id, r.verdict.holds) for r in remaining if r.verdict.holds)
    overdue = tuple(r.person_id for r in remaining if not r.verdict.holds)
    with transaction.atomic():
        audit_record(
            action="retention.run",
            actor_id=None,
            actor_name=RETENTION_JOB,
            outcome=(
                AuditEvent.Outcome.SUCCESS
                if not overdue
                else AuditEvent.Outcome.FAILURE
            ),
        )
    return RetentionReport(
        now=now,
        erased=tuple(erased),
        held=held,
        overdue=overdue,
        sessions_deleted=sessions,
        idempotency_keys_deleted=keys,
        exports_deleted=exports,
    )
