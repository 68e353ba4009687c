"""Builders of people, recipients, agreements and consent for the sharing tests."""

from __future__ import annotations

from datetime import date, datetime

from haven.apps.people.models import Consent, Person
from haven.apps.sharing.models import DataSharingAgreement, Recipient

AGREED_FIELDS = ["registration_number", "given_name", "family_name", "date_of_birth"]


def person(number: int = 1, nationalities: list[str] | None = None) -> Person:
    return Person.objects.create(
        registration_number=f"HVN-S{number:06d}",
        given_name="Amira",
        family_name="Haddad",
        sex="F",
        date_of_birth=date(2003, 4, 1),
        nationalities=["SY"] if nationalities is None else nationalities,
        languages=["ar"],
        phone="+33 6 00 00 00 00",
        place_of_origin="Aleppo",
    )


def recipient(
    name: str = "Croix-Rouge française", kind: str = "humanitarian", country="FR"
) -> Recipient:
    return Recipient.objects.create(name=name, kind=kind, country=country)


def agreement(
    to: Recipient, reference: str = "DSA-2016-004", fields: list[str] | None = None
) -> DataSharingAgreement:
    return DataSharingAgreement.objects.create(
        reference=reference,
        recipient=to,
        fields=AGREED_FIELDS if fields is None else fields,
        valid_from=date(2016, 1, 1),
        valid_until=date(2017, 12, 31),
    )


def consent(of: Person, to: Recipient, at: datetime) -> Consent:
    return Consent.objects.create(
        person=of,
        purpose=Consent.Purpose.SHARING,
        recipient=to.name,
        given_at=at,
        given_by_recorder="caseworker-1",
    )
