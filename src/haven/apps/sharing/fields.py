"""
The fields of a person that may ever leave the agency, and how each is sent.

An allowlist: a disclosure names a subset, an agreement bounds it further. Left out
on purpose: needs and their notes (special categories), phone, place of origin and
where the person sleeps, which could put them or their family in danger.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from haven.apps.people.models import Person

JsonValue = str | int | list[str] | None


def _date_of_birth(person: Person) -> JsonValue:
    return None if person.date_of_birth is None else person.date_of_birth.isoformat()


DISCLOSABLE_FIELDS: Final[dict[str, Callable[[Person], JsonValue]]] = {
    "registration_number": lambda p: p.registration_number,
    "given_name": lambda p: p.given_name,
    "father_name": lambda p: p.father_name,
    "grandfather_name": lambda p: p.grandfather_name,
    "family_name": lambda p: p.family_name,
    "name_native": lambda p: p.name_native,
    "sex": lambda p: p.sex,
    "date_of_birth": _date_of_birth,
    "dob_precision": lambda p: p.dob_precision,
    "nationalities": lambda p: list(p.nationalities),
    "languages": lambda p: list(p.languages),
    "child_status": lambda p: p.child_status,
}


def field_values(person: Person, fields: list[str]) -> dict[str, JsonValue]:
    """Return exactly ``fields`` of ``person``, each from the allowlist."""
    return {name: DISCLOSABLE_FIELDS[name](person) for name in fields}
