"""
The transfer gate: disclose a person's data outside the agency only when it may go.

A disclosure needs a purpose, a legal basis, consent covering the recipient (or an
override with a written reason), a data-sharing agreement in force with that
recipient, and a field set inside both the allowlist and the agreement. Government
and law-enforcement recipients, and any recipient in the person's country of
origin, also need a second, different person's approval; the country of origin is
blocked outright unless an administrator records a policy override. Every failing
requirement is named in one ``DisclosureRefusedError``; every step is audited in its
own transaction, refusals included (specs/security.md R-14, T-S12; docs/adr/0021).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from haven.apps.accounts.roles import (
    may_approve_disclosure,
    may_disclose,
    may_override_policy,
)
from haven.apps.audit.models import AuditEvent
from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import (
    ApplicationError,
    ConflictError,
    InvalidInputError,
    PermissionDeniedError,
)
from haven.apps.operations.locking import for_update
from haven.apps.people.models import Consent, Person
from haven.apps.sharing.fields import DISCLOSABLE_FIELDS, JsonValue, field_values
from haven.apps.sharing.models import DataSharingAgreement, Disclosure, Recipient

SECOND_PERSON_KINDS = frozenset(
    {Recipient.Kind.GOVERNMENT, Recipient.Kind.LAW_ENFORCEMENT}
)
MIN_REASON = 10  # characters of a written reason for an override


class DisclosureRefusedError(ApplicationError):
    """A requirement of the transfer gate is not met; ``field_errors`` names each."""

    code = "disclosure_refused"
    status = 403


@dataclass(frozen=True, slots=True)
class DisclosurePayload:
    """What was sent: to whom, under which disclosure, and exactly these fields."""

    disclosure_id: int
    recipient: str
    values: dict[str, JsonValue]


def origin_countries(person: Person) -> frozenset[str]:
    """Return the person's countries of origin: nationalities, as any registry saw."""
    recorded = {str(code).upper() for code in person.nationalities if code}
    recorded |= {
        code.upper()
        for code in person.registrations.values_list("nationality", flat=True)
        if code
    }
    return frozenset(recorded)


def is_country_of_origin(person: Person, recipient: Recipient) -> bool:
    """Return True when the recipient is in one of the person's countries of origin."""
    return recipient.country.upper() in origin_countries(person)


def needs_second_person(person: Person, recipient: Recipient) -> bool:
    """Return True for government, law enforcement, or the country of origin."""
    return recipient.kind in SECOND_PERSON_KINDS or is_country_of_origin(
        person, recipient
    )


def active_consent(
    person: Person, recipient: Recipient, now: datetime
) -> Consent | None:
    """Return the person's standing consent to share with this recipient, if any."""
    wanted = recipient.name.strip().casefold()
    for consent in person.consents.filter(
        purpose=Consent.Purpose.SHARING, withdrawn_at__isnull=True, given_at__lte=now
    ):
        if consent.recipient.strip().casefold() == wanted:
            return consent
    return None


class _Problems:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, problem: str) -> None:
        self.by_field.setdefault(field, []).append(problem)


def _check_agreement(
    problems: _Problems,
    agreement: DataSharingAgreement | None,
    reference: str,
    recipient: Recipient,
    now: datetime,
) -> None:
    if not reference:
        problems.add("agreement", "name the data-sharing agreement")
    elif agreement is None:
        problems.add("agreement", f"no data-sharing agreement {reference!r}")
    elif agreement.recipient_id != recipient.pk:
        problems.add("agreement", f"{reference} is with another recipient")
    else:
        today = timezone.localdate(now)
        if not agreement.valid_from <= today <= agreement.valid_until:
            problems.add(
                "agreement",
                f"{reference} is in force from {agreement.valid_from} to "
                f"{agreement.valid_until}, not on {today}",
            )


def _check_fields(
    problems: _Problems, fields: Sequence[str], agreement: DataSharingAgreement | None
) -> None:
    if not fields:
        problems.add("fields", "name the fields to send, and only those needed")
        return
    unknown = [name for name in fields if name not in DISCLOSABLE_FIELDS]
    for name in unknown:
        problems.add("fields", f"{name!r} may not be disclosed")
    if agreement is not None:
        for name in fields:
            if name not in unknown and name not in agreement.fields:
                problems.add(
                    "fields", f"{name!r} is not covered by {agreement.reference}"
                )


def disclosure_refusal_record(
    *, actor: Actor, object_type: str, object_id: object
) -> None:
    """Record one refusal by the gate, in its own transaction."""
    with transaction.atomic():
        audit_record(
            action="disclosure.refused",
            actor_id=actor.user_id,
            actor_name=actor.name,
            object_type=object_type,
            object_id=object_id,
            outcome=AuditEvent.Outcome.DENIED,
        )


def _refuse(
    problems: _Problems, *, actor: Actor, object_type: str, object_id: object
) -> DisclosureRefusedError:
    """Record the refusal in its own transaction and return the error to raise."""
    disclosure_refusal_record(actor=actor, object_type=object_type, object_id=object_id)
    return DisclosureRefusedError(
        "the disclosure was refused", field_errors=problems.by_field
    )


def disclosure_request(
    *,
    person: Person,
    recipient: Recipient,
    purpose: str,
    legal_basis: str,
    agreement_reference: str,
    fields: Sequence[str],
    requested_by: Actor,
    now: datetime,
    consent_override_reason: str = "",
) -> Disclosure:
    """
    Record a request to disclose ``fields`` of ``person`` to ``recipient``.

    Approved at once unless a second person must approve. Refused, naming every
    failing requirement, when any of purpose, legal basis, consent, agreement or
    field set is missing or wrong.
    """
    if not may_disclose(requested_by):
        raise PermissionDeniedError("your role may not disclose data")
    problems = _Problems()
    purpose = purpose.strip()
    if not purpose:
        problems.add("purpose", "state why the recipient needs the data")
    if not legal_basis:
        problems.add("legal_basis", "choose the legal basis")
    elif legal_basis not in Disclosure.LegalBasis.values:
        problems.add("legal_basis", f"unknown legal basis {legal_basis!r}")
    consent = active_consent(person, recipient, now)
    override = consent_override_reason.strip()
    if consent is None and not override:
        problems.add(
            "consent",
            "no standing consent to share with this recipient; record an override "
            "with its reason",
        )
    elif consent is None and len(override) < MIN_REASON:
        problems.add("consent", f"write the override's reason ({MIN_REASON}+ chars)")
    if legal_basis == Disclosure.LegalBasis.CONSENT and consent is None:
        problems.add("legal_basis", "consent is the basis, but there is no consent")
    reference = agreement_reference.strip()
    agreement = DataSharingAgreement.objects.filter(reference=reference).first()
    _check_agreement(problems, agreement, reference, recipient, now)
    names = list(dict.fromkeys(fields))
    _check_fields(
        problems, names, agreement if "agreement" not in problems.by_field else None
    )
    if problems.by_field or agreement is None:
        raise _refuse(
            problems, actor=requested_by, object_type="person", object_id=person.pk
        )
    second = needs_second_person(person, recipient)
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            person=person,
            recipient=recipient,
            agreement=agreement,
            purpose=purpose,
            legal_basis=legal_basis,
            fields=names,
            consent=consent,
            consent_override_reason="" if consent is not None else override,
            state=(
                Disclosure.State.AWAITING_APPROVAL
                if second
                else Disclosure.State.APPROVED
            ),
            requested_by_id=_user_id(requested_by),
            requested_at=now,
        )
        _audit(requested_by, "disclosure.request", disclosure.pk)
    return disclosure


def disclosure_approve(
    *, disclosure: Disclosure, approver: Actor, now: datetime
) -> Disclosure:
    """Record the second person's approval; the requester may not approve."""
    if not may_approve_disclosure(approver):
        raise PermissionDeniedError("your role may not approve disclosures")
    if approver.user_id == disclosure.requested_by_id:
        problems = _Problems()
        problems.add("approval", "a second, different person must approve")
        raise _refuse(
            problems, actor=approver, object_type="disclosure", object_id=disclosure.pk
        )
    with transaction.atomic():
        current = for_update(Disclosure.objects.filter(pk=disclosure.pk)).get()
        # Approved at once, but the person's countries of origin changed since:
        # it now needs the second person it did not need at the request.
        late = (
            current.state == Disclosure.State.APPROVED
            and current.approved_by_id is None
            and needs_second_person(current.person, current.recipient)
        )
        if current.state != Disclosure.State.AWAITING_APPROVAL and not late:
            raise ConflictError(
                f"the disclosure is {current.state}, not awaiting approval"
            )
        current.approved_by_id = approver.user_id
        current.approved_at = now
        current.state = Disclosure.State.APPROVED
        current.save(update_fields=["approved_by", "approved_at", "state"])
        _audit(approver, "disclosure.approve", current.pk)
    return current


def disclosure_override_origin(
    *, disclosure: Disclosure, administrator: Actor, reason: str, now: datetime
) -> Disclosure:
    """Record an administrator's policy override for a country-of-origin recipient."""
    if not may_override_policy(administrator):
        raise PermissionDeniedError("only an administrator may override this policy")
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise InvalidInputError(
            "the override was not recorded",
            field_errors={"reason": [f"write the reason ({MIN_REASON}+ chars)"]},
        )
    with transaction.atomic():
        current = for_update(
            Disclosure.objects.select_related("person", "recipient").filter(
                pk=disclosure.pk
            )
        ).get()
        if current.state == Disclosure.State.SENT:
            raise ConflictError("the disclosure was already sent")
        if not is_country_of_origin(current.person, current.recipient):
            raise ConflictError(
                "the override was not recorded",
                field_errors={
                    "country_of_origin": [
                        "the recipient is not in the person's country of origin: "
                        "there is nothing to override"
                    ]
                },
            )
        current.origin_override_by_id = administrator.user_id
        current.origin_override_reason = reason
        current.origin_override_country = current.recipient.country.upper()
        current.save(
            update_fields=[
                "origin_override_by",
                "origin_override_reason",
                "origin_override_country",
            ]
        )
        _audit(administrator, "disclosure.override_origin", current.pk)
    return current


def disclose(
    *, disclosure: Disclosure, sent_by: Actor, now: datetime
) -> DisclosurePayload:
    """
    Send an approved disclosure: return exactly its fields, and mark it sent.

    The gate is checked again at sending, so consent withdrawn or an agreement
    ended since the request stops it.
    """
    if not may_disclose(sent_by):
        raise PermissionDeniedError("your role may not disclose data")
    problems = _Problems()
    with transaction.atomic():
        current = for_update(
            Disclosure.objects.select_related(
                "person", "recipient", "agreement"
            ).filter(pk=disclosure.pk)
        ).get()
        if current.state == Disclosure.State.SENT:
            raise ConflictError("the disclosure was already sent")
        _recheck(problems, current, now)
        if not problems.by_field:
            payload = DisclosurePayload(
                disclosure_id=current.pk,
                recipient=current.recipient.name,
                values=field_values(current.person, list(current.fields)),
            )
            current.state = Disclosure.State.SENT
            current.sent_by_id = sent_by.user_id
            current.sent_at = now
            current.save(update_fields=["state", "sent_by", "sent_at"])
            _audit(sent_by, "disclosure.send", current.pk)
            return payload
    raise _refuse(
        problems, actor=sent_by, object_type="disclosure", object_id=disclosure.pk
    )


def disclosure_send_problems(
    *, disclosure: Disclosure, now: datetime
) -> dict[str, list[str]]:
    """
    Return what would stop ``disclosure`` from being sent now, by requirement.

    Empty when it may be sent. Reads only: pages use it to say why sending waits.
    """
    problems = _Problems()
    if disclosure.state == Disclosure.State.SENT:
        problems.add("state", "the disclosure was already sent")
    else:
        _recheck(problems, disclosure, now)
    return problems.by_field


def _recheck(problems: _Problems, current: Disclosure, now: datetime) -> None:
    person, recipient = current.person, current.recipient
    if current.consent_id is not None:
        consent = Consent.objects.get(pk=current.consent_id)
        if consent.withdrawn_at is not None and consent.withdrawn_at <= now:
            problems.add("consent", "the person withdrew consent since the request")
    _check_agreement(
        problems, current.agreement, current.agreement.reference, recipient, now
    )
    _check_fields(problems, list(current.fields), current.agreement)
    if current.state != Disclosure.State.APPROVED or (
        needs_second_person(person, recipient) and current.approved_by_id is None
    ):
        problems.add("approval", "a second, different person must approve first")
    if is_country_of_origin(person, recipient) and not (
        current.origin_override_by_id is not None
        and current.origin_override_country == recipient.country.upper()
    ):
        problems.add(
            "country_of_origin",
            "the recipient is in the person's country of origin; blocked unless an "
            "administrator records a policy override",
        )


def _audit(actor: Actor, action: str, disclosure_id: int) -> None:
    audit_record(
        action=action,
        actor_id=actor.user_id,
        actor_name=actor.name,
        object_type="disclosure",
        object_id=disclosure_id,
    )


def _user_id(actor: Actor) -> int:
    if actor.user_id is None:
        raise PermissionDeniedError("a disclosure is requested by a staff user")
    return actor.user_id
