"""
Planted twin registrations: one resident registered a second time as a new person.

A clerk at another desk, not finding the person, registers them again. The second
registration starts from one of the person's own registrations and changes what
such clerks change: a name transliterated differently, a typo, the name order
swapped, a date of birth off by a day or a month or kept only as a year, and
another registry (source). The camp then holds two people who are one; the list of
planted pairs is ground truth, exported for tests and benchmarks and never read by
a matcher (tracing.md §5.2).

Planting draws from its own ``Random``, seeded from the camp's seed, so the rest of
the camp is the same with or without twins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from random import Random

from haven.synthetic.draws import below, between, one_of
from haven.synthetic.errors import SyntheticError
from haven.synthetic.model import (
    DobPrecision,
    PlantedTwin,
    SyntheticCamp,
    SyntheticName,
    SyntheticPerson,
    SyntheticRegistration,
)
from haven.synthetic.registrations import RecordIds
from haven.synthetic.sources import CAMP_SOURCES, Source
from haven.synthetic.spelling import RULES, apply_rule, recase, typo

# The demo camp (``haven demo``, ``make run``) carries this many, fewer when small.
DEMO_TWINS = 50
TWIN_SALT = 0x7E1E5
TWIN_SUFFIX = "~twin"

# What a second clerk changes; each twin gets two or three of these: one or two
# to the name and, most often, one to the date of birth.
NAME_VARIATIONS: tuple[str, ...] = ("transliteration", "typo", "swapped_order")
DOB_VARIATIONS: tuple[str, ...] = ("dob_day", "dob_month", "dob_year_only")
VARIATIONS: tuple[str, ...] = NAME_VARIATIONS + DOB_VARIATIONS
DOB_CHANGED_P = 0.8


def demo_twins(size: int) -> int:
    """Return how many twins a demo camp of ``size`` residents carries."""
    return min(DEMO_TWINS, size // 20)


@dataclass(frozen=True, slots=True)
class Twins:
    """The people and registrations to add to a camp, and the list of pairs."""

    people: tuple[SyntheticPerson, ...]
    registrations: tuple[SyntheticRegistration, ...]
    pairs: tuple[PlantedTwin, ...]


def plant_twins(
    people: tuple[SyntheticPerson, ...],
    registrations: tuple[SyntheticRegistration, ...],
    count: int,
    seed: int,
) -> Twins:
    """
    Return ``count`` residents registered a second time, as new people.

    >>> from haven.synthetic import generate_camp
    >>> camp = generate_camp(400, seed=3, twins=5)
    >>> len(camp.planted_twins)
    5
    """
    if count < 0:
        raise SyntheticError("twins: the count cannot be negative")
    rng = Random(seed ^ TWIN_SALT)  # noqa: S311  (a seeded simulation, not a secret)
    by_person: dict[str, list[SyntheticRegistration]] = {}
    for registration in registrations:
        if registration.source != "relative_declared":
            by_person.setdefault(registration.person_key, []).append(registration)
    residents = [p for p in people if not p.lives_abroad and p.person_key in by_person]
    if count > len(residents):
        raise SyntheticError(
            f"twins: {count} asked but the camp has {len(residents)} residents"
        )
    chosen = sorted(rng.sample(residents, count), key=lambda p: p.person_key)
    taken = {r.record_id for r in registrations}
    ids = RecordIds(seed ^ TWIN_SALT)
    new_people: list[SyntheticPerson] = []
    new_registrations: list[SyntheticRegistration] = []
    pairs: list[PlantedTwin] = []
    for person in chosen:
        record_id = ids.next()
        while record_id in taken:
            record_id = ids.next()
        taken.add(record_id)
        own = by_person[person.person_key]
        start = own[below(rng, len(own))]
        registration, variations = _second_registration(
            rng, start, record_id, child=person.child_status != "not_a_child"
        )
        twin_key = person.person_key + TWIN_SUFFIX
        registration = replace(registration, person_key=twin_key)
        new_registrations.append(registration)
        new_people.append(
            replace(
                person,
                person_key=twin_key,
                name=registration.name,
                date_of_birth=registration.date_of_birth,
                dob_precision=registration.dob_precision,
                phone=registration.phone,
                household_key="",
                vulnerabilities=(),
                consent_tracing=False,
            )
        )
        pairs.append(
            PlantedTwin(
                person_key=person.person_key,
                twin_key=twin_key,
                record_id=record_id,
                copied_from=start.record_id,
                source_name=registration.source_name,
                variations=variations,
            )
        )
    return Twins(tuple(new_people), tuple(new_registrations), tuple(pairs))


def _second_registration(
    rng: Random, start: SyntheticRegistration, record_id: str, *, child: bool
) -> tuple[SyntheticRegistration, tuple[str, ...]]:
    names = rng.sample(NAME_VARIATIONS, between(rng, 1, 2))
    dates = [one_of(rng, DOB_VARIATIONS)] if rng.random() < DOB_CHANGED_P else []
    if len(names) + len(dates) < 2:
        names.append(one_of(rng, [v for v in NAME_VARIATIONS if v not in names]))
    chosen = (*names, *dates)
    name = start.name
    dob, precision = start.date_of_birth, start.dob_precision
    for variation in chosen:
        if variation == "transliteration":
            name = _respell(name, rng, lambda text: _transliterate(text, rng))
        elif variation == "typo":
            name = _respell(name, rng, lambda text: recase(typo(text.lower(), rng)))
        elif variation == "swapped_order":
            name = _swapped(name)
        elif dob is not None:
            dob, precision = _shifted(rng, dob, precision, variation)
    source = _other_source(rng, start, child=child)
    clerk = f"{source.abbreviation.lower()}-{between(rng, 1, 20):02d}"
    phone = start.phone if rng.random() < 0.6 else ""
    registration = replace(
        start,
        record_id=record_id,
        source=source.kind,
        source_name=source.name,
        name=name,
        date_of_birth=dob,
        dob_precision=precision,
        phone=phone,
        registered_at=start.registered_at
        + timedelta(days=between(rng, 2, 60), seconds=between(rng, 0, 30_000)),
        registered_by=clerk,
    )
    return registration, tuple(sorted(chosen))


def _respell(
    name: SyntheticName, rng: Random, change: Callable[[str], str]
) -> SyntheticName:
    fields = [
        f
        for f in ("given_name", "father_name", "family_name")
        if len(getattr(name, f)) >= 4
    ]
    if not fields:
        return name
    field = one_of(rng, fields)
    return replace(name, **{field: change(getattr(name, field))})


def _transliterate(text: str, rng: Random) -> str:
    lower = text.lower()
    usable = [rule for rule in RULES if rule.pattern.search(lower)]
    if not usable:
        return recase(typo(lower, rng))
    return recase(apply_rule(one_of(rng, usable), lower, rng))


def _swapped(name: SyntheticName) -> SyntheticName:
    if name.family_name:
        return replace(name, given_name=name.family_name, family_name=name.given_name)
    if name.father_name:
        return replace(name, given_name=name.father_name, father_name=name.given_name)
    return name


def _shifted(
    rng: Random, dob: date, precision: DobPrecision, variation: str
) -> tuple[date, DobPrecision]:
    if variation == "dob_year_only":
        return date(dob.year, 1, 1), "year"
    if variation == "dob_day":
        return dob + timedelta(days=one_of(rng, (-1, 1))), "exact"
    month = dob.month + one_of(rng, (-1, 1))
    month = 2 if month in (0, 13) else month
    return date(dob.year, month, min(dob.day, 28)), "exact"


def _other_source(rng: Random, start: SyntheticRegistration, *, child: bool) -> Source:
    usable = [
        s
        for s in CAMP_SOURCES
        if s.name != start.source_name and (child or not s.children_only)
    ]
    return usable[below(rng, len(usable))]


def twins_found(
    camp: SyntheticCamp, pairs: Iterable[tuple[str, str]]
) -> tuple[PlantedTwin, ...]:
    """
    Return the planted twins that ``pairs`` of record ids join, for scoring a scan.

    A twin is found when some pair holds its second registration and any of the
    person's own registrations. Ground truth: for tests and benchmarks only.
    """
    owner = {r.record_id: r.person_key for r in camp.registrations}
    joined = {
        frozenset((owner[left], owner[right]))
        for left, right in pairs
        if left in owner and right in owner
    }
    return tuple(
        twin
        for twin in camp.planted_twins
        if frozenset((twin.person_key, twin.twin_key)) in joined
    )
