"""
Add recipients and their data-sharing agreements, each checked and audited.

Errors name every field at fault in one ``InvalidInputError``, so the console and
any page can show them all at once (docs/adr/0004).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Model

from haven.apps.audit.services import audit_record
from haven.apps.errors import InvalidInputError
from haven.apps.people.codes import COUNTRIES
from haven.apps.sharing.fields import DISCLOSABLE_FIELDS
from haven.apps.sharing.models import DataSharingAgreement, Recipient
from haven.engines.kernel import normalise_state_code


def recipient_create(
    *, name: str, kind: str, country: str, actor_name: str
) -> Recipient:
    """Add an organisation outside the agency that may receive people's data."""
    name, country = name.strip(), normalise_state_code(country)
    problems: dict[str, list[str]] = {}
    if not name:
        problems["name"] = ["name the organisation"]
    elif len(name) > _longest(Recipient, "name"):
        problems["name"] = [f"at most {_longest(Recipient, 'name')} characters"]
    elif Recipient.objects.filter(name__iexact=name).exists():
        problems["name"] = [f"a recipient named {name!r} exists already"]
    if kind not in Recipient.Kind.values:
        problems["kind"] = [f"use one of {', '.join(Recipient.Kind.values)}"]
    if country not in COUNTRIES or country == "XX":  # XX is "stateless"
        problems["country"] = [f"{country!r} is not a known two-letter country code"]
    if problems:
        raise InvalidInputError("the recipient was not added", field_errors=problems)
    with transaction.atomic():
        recipient = Recipient.objects.create(name=name, kind=kind, country=country)
        audit_record(
            action="recipient.create",
            actor_id=None,
            actor_name=actor_name,
            object_type="recipient",
            object_id=recipient.pk,
        )
    return recipient


def _longest(model: type[Model], field: str) -> int:
    """Return the column's length, so a longer value is refused by name."""
    return int(getattr(model._meta.get_field(field), "max_length", 0) or 0)


def agreement_create(
    *,
    reference: str,
    recipient_name: str,
    fields: Sequence[str],
    valid_from: date,
    valid_until: date,
    actor_name: str,
) -> DataSharingAgreement:
    """Add a signed data-sharing agreement: its reference, recipient, fields, term."""
    reference = reference.strip()
    problems: dict[str, list[str]] = {}
    if not reference:
        problems["reference"] = ["give the agreement's reference"]
    elif len(reference) > _longest(DataSharingAgreement, "reference"):
        problems["reference"] = [
            f"at most {_longest(DataSharingAgreement, 'reference')} characters"
        ]
    elif DataSharingAgreement.objects.filter(reference=reference).exists():
        problems["reference"] = [f"an agreement {reference!r} exists already"]
    recipient = Recipient.objects.filter(name__iexact=recipient_name.strip()).first()
    if recipient is None:
        problems["recipient"] = [
            f"no recipient named {recipient_name.strip()!r}; add it first"
        ]
    names = list(dict.fromkeys(name.strip() for name in fields if name.strip()))
    if not names:
        problems["fields"] = ["name the fields the agreement covers"]
    for name in names:
        if name not in DISCLOSABLE_FIELDS:
            problems.setdefault("fields", []).append(
                f"{name!r} may not be disclosed; use some of "
                f"{', '.join(DISCLOSABLE_FIELDS)}"
            )
    if valid_until < valid_from:
        problems["valid_until"] = [f"ends before it starts ({valid_from})"]
    if problems or recipient is None:
        raise InvalidInputError("the agreement was not added", field_errors=problems)
    with transaction.atomic():
        agreement = DataSharingAgreement.objects.create(
            reference=reference,
            recipient=recipient,
            fields=names,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        audit_record(
            action="agreement.create",
            actor_id=None,
            actor_name=actor_name,
            object_type="agreement",
            object_id=agreement.pk,
        )
    return agreement
