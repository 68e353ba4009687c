"""Reads of the sharing app: disclosures, recipients, agreements, the gate's status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from haven.apps.people.models import Consent, Person
from haven.apps.sharing.models import DataSharingAgreement, Disclosure, Recipient
from haven.apps.sharing.services import (
    disclosure_send_problems,
    is_country_of_origin,
    needs_second_person,
)


def _with_relations(queryset: QuerySet[Disclosure]) -> QuerySet[Disclosure]:
    return queryset.select_related(
        "person",
        "recipient",
        "agreement",
        "consent",
        "requested_by",
        "approved_by",
        "origin_override_by",
        "sent_by",
    )


def disclosure_get(*, pk: int) -> Disclosure | None:
    """Return one disclosure with its people and parties, or None."""
    return _with_relations(Disclosure.objects.filter(pk=pk)).first()


def disclosure_list(*, person: Person) -> QuerySet[Disclosure]:
    """Return a person's disclosures, the latest first."""
    return _with_relations(Disclosure.objects.filter(person=person))


def disclosures_awaiting_approval(*, within: Q) -> QuerySet[Disclosure]:
    """Return the disclosures waiting for a second approver, the oldest first."""
    return _with_relations(
        Disclosure.objects.filter(within, state=Disclosure.State.AWAITING_APPROVAL)
    ).order_by("requested_at", "pk")


def disclosures_to_origin(*, within: Q) -> list[Disclosure]:
    """Return the unsent disclosures to a person's country of origin, oldest first."""
    pending = _with_relations(
        Disclosure.objects.filter(within).exclude(state=Disclosure.State.SENT)
    ).order_by("requested_at", "pk")
    return [
        item for item in pending if is_country_of_origin(item.person, item.recipient)
    ]


def recipient_list() -> QuerySet[Recipient]:
    """Return every recipient, by name."""
    return Recipient.objects.order_by("name")


def agreements_in_force(*, today: date) -> QuerySet[DataSharingAgreement]:
    """Return the agreements in force on ``today``, with their recipients."""
    return (
        DataSharingAgreement.objects.filter(
            valid_from__lte=today, valid_until__gte=today
        )
        .select_related("recipient")
        .order_by("recipient__name", "reference")
    )


def sharing_consents(*, person: Person) -> QuerySet[Consent]:
    """Return the person's standing consents to share, with whom they name."""
    return person.consents.filter(
        purpose=Consent.Purpose.SHARING, withdrawn_at__isnull=True
    ).order_by("recipient")


@dataclass(frozen=True, slots=True)
class GateStatus:
    """Where a disclosure stands at the transfer gate, for a page to show."""

    second_person_needed: bool
    country_of_origin: bool
    origin_overridden: bool
    consent_found: bool
    send_problems: dict[str, list[str]]

    @property
    def may_send(self) -> bool:
        return not self.send_problems


def gate_status(*, disclosure: Disclosure, now: datetime) -> GateStatus:
    """Return the gate's status of ``disclosure`` as it would be checked ``now``."""
    person, recipient = disclosure.person, disclosure.recipient
    origin = is_country_of_origin(person, recipient)
    return GateStatus(
        second_person_needed=needs_second_person(person, recipient),
        country_of_origin=origin,
        origin_overridden=disclosure.origin_override_by_id is not None
        and disclosure.origin_override_country == recipient.country.upper(),
        consent_found=disclosure.consent_id is not None,
        send_problems=disclosure_send_problems(disclosure=disclosure, now=now),
    )
