"""A separated child in Calais whose brother is in the United Kingdom."""

from __future__ import annotations

from datetime import UTC, date, datetime

from haven.apps.people.models import Location, Person, Registration, Relationship

# What the caseworker adds to the record's facts: the best-interests assessment and
# the brother's lawful presence, which the record does not hold.
EDITS = {
    "best_interests": {"assessed_on": "2016-10-15"},
    "family_members": [
        {
            "relation": "sibling",
            "state": "GB",
            "legally_present": True,
            "date_of_birth": "1995-04-01",
        }
    ],
}


def _person(number: str, **values) -> Person:
    defaults = {
        "given_name": "Yonas",
        "sex": "M",
        "nationalities": ["ER"],
        "dob_precision": "exact",
        "agency": "Safe Passage",
        "team": "north",
    }
    return Person.objects.create(registration_number=number, **{**defaults, **values})


def _registered(person, location, *, kind, when, external_id):
    # The state authority's registration lodges the asylum application that day.
    lodged = when.date() if kind == Registration.SourceKind.STATE_AUTHORITY else None
    return Registration.objects.create(
        person=person,
        source_kind=kind,
        source_name="test registry",
        external_id=external_id,
        location=location,
        registered_at=when,
        registered_by="clerk-1",
        asylum_lodged_on=lodged,
    )


def child_with_brother_in_the_uk(camp, number: str = "HVN-T0001") -> Person:
    """Return a child with an application in France and a brother in London."""
    _jungle, sector = camp
    london, _ = Location.objects.get_or_create(
        key="london", defaults={"name": "London", "kind": "city", "country": "GB"}
    )
    child = _person(
        number,
        date_of_birth=date(2001, 1, 1),
        child_status=Person.ChildStatus.SEPARATED,
    )
    brother = _person(f"{number}-B", given_name="Dawit", date_of_birth=date(1995, 4, 1))
    _registered(
        child,
        sector,
        kind=Registration.SourceKind.NGO_CENSUS,
        when=datetime(2016, 9, 1, 10, tzinfo=UTC),
        external_id=f"{number}-census",
    )
    _registered(
        child,
        sector,
        kind=Registration.SourceKind.STATE_AUTHORITY,
        when=datetime(2016, 10, 1, 10, tzinfo=UTC),
        external_id=f"{number}-prefecture",
    )
    _registered(
        brother,
        london,
        kind=Registration.SourceKind.RELATIVE_DECLARED,
        when=datetime(2016, 9, 20, 10, tzinfo=UTC),
        external_id=f"{number}-brother",
    )
    Relationship.objects.create(person=brother, relative=child, relation="sibling")
    Relationship.objects.create(person=child, relative=brother, relation="sibling")
    return child
