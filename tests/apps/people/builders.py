"""Builders of registration inputs for tests."""

from __future__ import annotations

from datetime import date

from haven.apps.core.actors import Actor
from haven.apps.people.inputs import (
    FamilyMemberInput,
    NameInput,
    PersonInput,
    RegistrationInput,
)
from tests.conftest import NOW

ACTOR = Actor(name="clerk-1", agency="Safe Passage", team="north")


def person_input(**overrides) -> PersonInput:
    values = {
        "name": NameInput("Ahmed", "Mohammed", "Hassan", "", "أحمد محمد حسن"),
        "sex": "M",
        "date_of_birth": date(1980, 3, 4),
        "dob_precision": "exact",
        "nationalities": ("SD",),
        "languages": ("ar",),
        "place_of_origin": "Nyala",
    }
    values.update(overrides)
    return PersonInput(**values)


def child_input(**overrides) -> PersonInput:
    values = {
        "name": NameInput("Yousef", "Ahmed", "Mohammed", "", "يوسف أحمد محمد"),
        "sex": "M",
        "date_of_birth": date(2002, 1, 1),
        "dob_precision": "year",
        "child_status": "accompanied",
        "nationalities": ("SD",),
        "languages": ("ar",),
    }
    values.update(overrides)
    return PersonInput(**values)


def registration_input(**overrides) -> RegistrationInput:
    values = {
        "source_kind": "state_authority",
        "source_name": "Préfecture du Pas-de-Calais",
        "registered_at": NOW,
        "registered_by": "clerk-1",
        "location_key": "",
        "external_id": "",
    }
    values.update(overrides)
    return RegistrationInput(**values)


def family(*members: tuple[PersonInput, str]) -> list[FamilyMemberInput]:
    return [FamilyMemberInput(person=p, relation_to_head=r) for p, r in members]
