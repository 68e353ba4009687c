"""Builders of schemes, pledges, people and households for the ledger tests."""

from __future__ import annotations

from datetime import date

from haven.apps.core.actors import Actor
from haven.apps.people.models import Household, Person
from haven.apps.placements.models import Pledge, Scheme
from haven.apps.placements.services import pledge_create, scheme_create

PLACER = Actor(name="planner-1")
DAY = date(2016, 10, 20)


def scheme(key: str = "dubs", cap: int | None = 10) -> Scheme:
    return scheme_create(key=key, name=f"Scheme {key}", cap=cap)


def places_pledge(on: Scheme, places: int, pledger: str = "Kent") -> Pledge:
    return pledge_create(
        scheme=on,
        pledger_kind="local_authority",
        pledger=pledger,
        country="GB",
        kind="places",
        places=places,
        period_start=date(2016, 5, 12),
        period_end=date(2020, 12, 31),
        pledged_on=date(2016, 9, 5),
    )


def person(number: int, **fields) -> Person:
    values = {
        "registration_number": f"HVN-T{number:06d}",
        "given_name": f"Child{number}",
        "sex": "M",
        "languages": ["ar"],
        "child_status": "unaccompanied",
    }
    values.update(fields)
    return Person.objects.create(**values)


def household(reference: str, size: int, start: int, **fields) -> Household:
    home = Household.objects.create(reference=reference)
    for offset in range(size):
        person(start + offset, household=home, child_status="not_a_child", **fields)
    return home
