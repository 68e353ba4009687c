"""
Load a generated camp (``haven.synthetic``) into the database quickly.

Rows are created in bulk inside one transaction: a demo camp of thousands of people
loads in seconds. Loading the same seed twice adds nothing.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from django.db import connection, transaction

from haven.apps.people.inputs import NameInput
from haven.apps.people.models import (
    Consent,
    Household,
    Location,
    NameKey,
    Person,
    PersonEvent,
    PersonName,
    Registration,
    Relationship,
    Vulnerability,
)
from haven.apps.people.services import person_keys, priority_of
from haven.synthetic.model import SyntheticCamp, SyntheticName, SyntheticRegistration

_LANGUAGES = {"ku": "ckb"}


@dataclass(frozen=True, slots=True)
class DemoLoadResult:
    """How much was loaded, or that the camp was there already."""

    people: int = 0
    registrations: int = 0
    households: int = 0
    locations: int = 0
    already_loaded: bool = False


def _name_input(name: SyntheticName) -> NameInput:
    return NameInput(
        name.given_name,
        name.father_name,
        name.grandfather_name,
        name.family_name,
        name.native_script,
    )


def demo_camp_load(camp: SyntheticCamp) -> DemoLoadResult:
    """Store every place, person, family link and registration of ``camp``."""
    first_ids = [r.record_id for r in camp.registrations[:50]]
    if Registration.objects.filter(external_id__in=first_ids).exists():
        return DemoLoadResult(already_loaded=True)
    with transaction.atomic():
        locations = _locations(camp)
        households = {
            key: Household(reference=f"D{camp.seed}-{index:06d}")
            for index, key in enumerate(
                sorted({p.household_key for p in camp.people if p.household_key})
            )
        }
        Household.objects.bulk_create(households.values())
        people_rows = {}
        for index, p in enumerate(camp.people):
            name = p.name
            agency, team = _holder(p.household_key or p.person_key)
            people_rows[p.person_key] = Person(
                registration_number=f"D{camp.seed}-{index:07d}",
                given_name=name.given_name,
                father_name=name.father_name,
                grandfather_name=name.grandfather_name,
                family_name=name.family_name,
                name_native=name.native_script,
                sex=p.sex,
                date_of_birth=p.date_of_birth,
                dob_precision=_precision(p.date_of_birth, p.dob_precision),
                age_dispute=p.age_dispute,
                nationalities=[p.nationality] if p.nationality else [],
                languages=[_LANGUAGES.get(code, code) for code in p.languages],
                phone=p.phone,
                place_of_origin=p.place_of_origin,
                household=households.get(p.household_key),
                child_status=p.child_status,
                housed_at=locations.get(p.housed_at) if p.housed_at else None,
                priority=priority_of(
                    (v.code for v in p.vulnerabilities), p.child_status
                ),
                agency=agency,
                team=team,
            )
        Person.objects.bulk_create(people_rows.values(), batch_size=500)
        spellings: dict[str, set[NameInput]] = defaultdict(set)
        registrations = []
        for r in camp.registrations:
            person = people_rows[r.person_key]
            spellings[r.person_key].add(_name_input(r.name))
            registrations.append(
                Registration(
                    person=person,
                    source_kind=r.source,
                    source_name=r.source_name,
                    external_id=r.record_id,
                    location=locations.get(r.location_key),
                    registered_at=r.registered_at,
                    registered_by=r.registered_by,
                    given_name=r.name.given_name,
                    father_name=r.name.father_name,
                    grandfather_name=r.name.grandfather_name,
                    family_name=r.name.family_name,
                    name_native=r.name.native_script,
                    sex=r.sex,
                    date_of_birth=r.date_of_birth,
                    dob_precision=r.dob_precision,
                    nationality=r.nationality,
                    phone=r.phone,
                    place_of_origin=r.place_of_origin,
                    # The synthetic prefecture registers asylum applications: its
                    # registrations are lodgings on their day (Art 20(2)); an NGO's
                    # census is never one.
                    asylum_lodged_on=r.registered_at.date()
                    if r.source == "state_authority"
                    else None,
                )
            )
        Registration.objects.bulk_create(registrations, batch_size=500)
        _names_and_keys(camp, people_rows, spellings)
        _links_needs_consents(camp, people_rows)
    _refresh_statistics()
    return DemoLoadResult(
        people=len(people_rows),
        registrations=len(registrations),
        households=len(households),
        locations=len(locations),
    )


# The demo's case-holding agencies and their teams: a family is held by one of them,
# so that the demo accounts of two agencies see different caseloads.
DEMO_HOLDERS: tuple[tuple[str, str], ...] = (
    ("Safe Passage", "north"),
    ("Safe Passage", "south"),
    ("France terre d'asile", "east"),
)


def _holder(key: str) -> tuple[str, str]:
    digest = hashlib.sha256(key.encode()).digest()
    return DEMO_HOLDERS[digest[0] % len(DEMO_HOLDERS)]


def _locations(camp: SyntheticCamp) -> dict[str, Location]:
    existing = {
        loc.key: loc
        for loc in Location.objects.filter(key__in=[loc.key for loc in camp.locations])
    }
    created: dict[str, Location] = dict(existing)
    pending = [loc for loc in camp.locations if loc.key not in existing]
    # Parents before children: a place's parent is created first.
    while pending:
        progress = False
        rest = []
        for loc in pending:
            if loc.parent_key and loc.parent_key not in created:
                rest.append(loc)
                continue
            created[loc.key] = Location.objects.create(
                key=loc.key,
                name=loc.name,
                kind=loc.kind,
                parent=created.get(loc.parent_key) if loc.parent_key else None,
                country=loc.country,
                capacity=loc.capacity,
            )
            progress = True
        if not progress:
            missing = ", ".join(sorted({loc.parent_key for loc in rest}))
            raise ValueError(f"locations: unknown parent keys {missing}")
        pending = rest
    return created


def _names_and_keys(
    camp: SyntheticCamp,
    people_rows: dict[str, Person],
    spellings: dict[str, set[NameInput]],
) -> None:
    names = []
    keys = []
    for p in camp.people:
        person = people_rows[p.person_key]
        canonical = _name_input(p.name)
        variants = spellings.get(p.person_key, set()) - {canonical}
        for variant in sorted(variants, key=lambda n: n.parts_and_native()):
            names.append(
                PersonName(
                    person=person,
                    given_name=variant.given_name,
                    father_name=variant.father_name,
                    grandfather_name=variant.grandfather_name,
                    family_name=variant.family_name,
                    native=variant.native,
                    source="registration",
                )
            )
        for key in sorted(person_keys([canonical, *variants])):
            keys.append(NameKey(person=person, key=key))
    PersonName.objects.bulk_create(names, batch_size=1000)
    NameKey.objects.bulk_create(keys, batch_size=2000)


def _links_needs_consents(camp: SyntheticCamp, people_rows: dict[str, Person]) -> None:
    relationships = [
        Relationship(
            person=people_rows[link.from_key],
            relative=people_rows[link.to_key],
            relation=link.relation,
        )
        for link in camp.relationships
        if link.from_key in people_rows and link.to_key in people_rows
    ]
    Relationship.objects.bulk_create(
        relationships, batch_size=1000, ignore_conflicts=True
    )
    needs = []
    consents = []
    events = []
    first_registration: dict[str, SyntheticRegistration] = {}
    for r in camp.registrations:
        first_registration.setdefault(r.person_key, r)
    for p in camp.people:
        person = people_rows[p.person_key]
        registered = first_registration.get(p.person_key)
        when = registered.registered_at if registered else None
        by = registered.registered_by if registered else "demo"
        for need in p.vulnerabilities:
            needs.append(
                Vulnerability(
                    person=person,
                    code=need.code,
                    note=need.note,
                    recorded_at=when or _midnight(need.recorded_on),
                    recorded_by=by,
                )
            )
        if p.consent_tracing and when is not None:
            consents.append(
                Consent(
                    person=person,
                    purpose=Consent.Purpose.TRACING,
                    given_at=when,
                    given_by_recorder=by,
                )
            )
        if when is not None:
            events.append(
                PersonEvent(
                    person=person,
                    at=when,
                    actor=by,
                    action="registered",
                    detail="demo camp",
                )
            )
    Vulnerability.objects.bulk_create(needs, batch_size=1000)
    Consent.objects.bulk_create(consents, batch_size=1000)
    PersonEvent.objects.bulk_create(events, batch_size=1000)


def _precision(born: date | None, precision: str) -> str:
    # A date with unknown precision is a date someone estimated; no date is unknown.
    if born is None:
        return "unknown"
    return "estimated" if precision == "unknown" else precision


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _refresh_statistics() -> None:
    """
    Tell PostgreSQL what a bulk load changed, before autovacuum gets round to it.

    Search plans depend on how common each name key is; with the statistics of an
    empty table the first searches after a load walk the whole register. Outside
    a transaction the tables are also vacuumed: until the visibility map marks the
    new pages all-visible, the name-key index cannot answer a search alone and
    every key it finds costs a visit to the table.
    """
    if connection.vendor == "postgresql":
        tables = "people_person, people_namekey, people_personname, people_household"
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {tables}")
