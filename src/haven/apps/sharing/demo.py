"""
Demo recipients and data-sharing agreements, so the disclosure pages can be tried.

Invented agreements with real kinds of recipient: a UK local authority's children's
services (government, so a second approver), the ICRC's Central Tracing Agency and
the British Red Cross (humanitarian), UNHCR (UN agency), and Sudanese and Eritrean
government bodies, which show the country-of-origin block. Some unaccompanied and
separated children with consent to tracing also consent to share with the tracing
services and the local authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from haven.apps.people.models import Consent, Person
from haven.apps.people.selectors import child_statuses_on
from haven.apps.sharing.models import DataSharingAgreement, Recipient

NAMES = ["registration_number", "given_name", "father_name", "family_name"]
BIRTH = ["sex", "date_of_birth", "dob_precision"]

# name, kind, country, agreement reference, fields, whether the agreement is current
DEMO_RECIPIENTS: tuple[tuple[str, str, str, str, list[str], bool], ...] = (
    (
        "Kent County Council Children's Services",
        Recipient.Kind.GOVERNMENT,
        "GB",
        "DSA-KCC-CS-01",
        [*NAMES, *BIRTH, "languages", "child_status"],
        True,
    ),
    (
        "ICRC Central Tracing Agency",
        Recipient.Kind.HUMANITARIAN,
        "CH",
        "DSA-ICRC-CTA-03",
        [*NAMES, "grandfather_name", "name_native", *BIRTH, "nationalities"],
        True,
    ),
    (
        "British Red Cross Family Tracing",
        Recipient.Kind.HUMANITARIAN,
        "GB",
        "DSA-BRC-FT-02",
        [*NAMES, "name_native", "sex", "date_of_birth", "languages"],
        True,
    ),
    (
        "UNHCR France",
        Recipient.Kind.UN_AGENCY,
        "FR",
        "DSA-UNHCR-FR-07",
        [*NAMES, *BIRTH, "nationalities", "languages", "child_status"],
        True,
    ),
    (
        "Sudan Commissioner for Refugees",
        Recipient.Kind.GOVERNMENT,
        "SD",
        "DSA-COR-SD-01",
        ["registration_number", "given_name", "family_name", "date_of_birth"],
        True,
    ),
    (
        "Eritrean Embassy, Consular Section",
        Recipient.Kind.GOVERNMENT,
        "ER",
        "DSA-ER-CONS-01",
        ["given_name", "family_name", "date_of_birth"],
        False,
    ),
)
CONSENTING_CHILDREN = 120
CONSENT_TO = ("ICRC Central Tracing Agency", "Kent County Council Children's Services")


@dataclass(frozen=True, slots=True)
class SharingDemoResult:
    """What the demo loader added."""

    recipients: int = 0
    agreements: int = 0
    consents: int = 0
    already_loaded: bool = False


def sharing_demo_load(*, today: date) -> SharingDemoResult:
    """Add the demo recipients, agreements and consents to share; idempotent."""
    if Recipient.objects.filter(name=DEMO_RECIPIENTS[0][0]).exists():
        return SharingDemoResult(already_loaded=True)
    with transaction.atomic():
        agreements = 0
        for name, kind, country, reference, fields, current in DEMO_RECIPIENTS:
            recipient = Recipient.objects.create(name=name, kind=kind, country=country)
            start = today - timedelta(days=365) if current else date(2014, 1, 1)
            end = today + timedelta(days=730) if current else date(2015, 12, 31)
            DataSharingAgreement.objects.create(
                reference=reference,
                recipient=recipient,
                fields=fields,
                valid_from=start,
                valid_until=end,
            )
            agreements += 1
        consents = _consents(today)
    return SharingDemoResult(
        recipients=len(DEMO_RECIPIENTS), agreements=agreements, consents=consents
    )


def _consents(today: date) -> int:
    # Children without an adult on the day (derived from age, not as recorded).
    consenting = list(
        Person.objects.filter(
            consents__purpose=Consent.Purpose.TRACING,
            consents__withdrawn_at__isnull=True,
        )
        .order_by("pk")
        .distinct()
    )
    statuses = child_statuses_on(consenting, on=today)
    children = [
        person for person in consenting if statuses[person.pk].without_responsible_adult
    ][:CONSENTING_CHILDREN]
    given = timezone.make_aware(datetime.combine(today - timedelta(days=7), time(10)))
    rows = [
        Consent(
            person=child,
            purpose=Consent.Purpose.SHARING,
            recipient=recipient,
            given_at=given,
            given_by_recorder="demo",
        )
        for child in children
        for recipient in CONSENT_TO
    ]
    Consent.objects.bulk_create(rows, batch_size=500)
    return len(rows)
