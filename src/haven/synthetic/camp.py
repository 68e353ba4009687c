"""
The seeded demo-camp generator: ``generate_camp`` and its streaming twin.

One ``random.Random(seed)`` drives everything, so the same (size, seed, profile)
gives the same camp, byte for byte. Arrival groups are generated one at a time,
so ``iter_registrations`` can stream a million people in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from random import Random

from haven.synthetic.arrivals import ArrivalGenerator
from haven.synthetic.model import (
    SyntheticCamp,
    SyntheticPerson,
    SyntheticRegistration,
    SyntheticRelationship,
)
from haven.synthetic.places import camp_locations
from haven.synthetic.profile import CampProfile, check_profile
from haven.synthetic.shift import CAMP_REFERENCE_DATE, shift_camp, shift_of, shift_value
from haven.synthetic.twins import plant_twins

GENERATOR_VERSION = "haven.synthetic/1.0"


def generate_camp(
    size: int,
    seed: int,
    *,
    profile: CampProfile | None = None,
    reference_date: date = CAMP_REFERENCE_DATE,
    twins: int = 0,
) -> SyntheticCamp:
    """
    Return a seeded, Calais-like camp of ``size`` residents, plus relatives abroad.

    The same arguments always give the same camp. The camp is counted on
    ``reference_date`` (1 October 2016 unless given): every date in it is moved by
    the same number of days (``haven.synthetic.shift``), so the demo loaded today
    has live limits while a test or benchmark pins its own day. ``twins`` residents
    are registered a second time as new people (``haven.synthetic.twins``), listed
    in ``planted_twins``, before the dates move; the rest of the camp does not
    change with it.

    >>> camp = generate_camp(300, seed=7)
    >>> sum(not p.lives_abroad for p in camp.people)
    300
    """
    chosen = profile or CampProfile()
    check_profile(chosen, seed)
    generator = ArrivalGenerator(size, seed, chosen)
    people: list[SyntheticPerson] = []
    relationships: list[SyntheticRelationship] = []
    registrations: list[SyntheticRegistration] = []
    for batch in generator.batches():
        people.extend(batch.people)
        relationships.extend(batch.relationships)
        registrations.extend(batch.registrations)
    planted = plant_twins(tuple(people), tuple(registrations), twins, seed)
    people.extend(planted.people)
    registrations.extend(planted.registrations)
    registrations.sort(key=lambda r: (r.registered_at, r.record_id))
    camp = SyntheticCamp(
        seed=seed,
        generator_version=GENERATOR_VERSION,
        locations=camp_locations(size),
        people=tuple(people),
        relationships=tuple(relationships),
        registrations=tuple(registrations),
        metadata={
            "size": str(size),
            "split": chosen.split.value,
            "test_rules": str(chosen.test_rules).lower(),
            "reference_date": CAMP_REFERENCE_DATE.isoformat(),
        }
        | ({"twins": str(twins)} if twins else {}),
        planted_twins=planted.pairs,
    )
    return shift_camp(camp, reference_date)


def iter_registrations(
    size: int,
    seed: int,
    *,
    profile: CampProfile | None = None,
    window: int = 20_000,
    reference_date: date = CAMP_REFERENCE_DATE,
) -> Iterator[SyntheticRegistration]:
    """
    Yield the registrations of ``generate_camp(size, seed)`` without holding the camp.

    Records are shuffled within windows of about ``window`` records, so that
    neighbours in the stream are not the same person; the order differs from
    ``generate_camp``'s, the records do not.
    """
    chosen = profile or CampProfile()
    check_profile(chosen, seed)
    generator = ArrivalGenerator(size, seed, chosen)
    shuffler = Random(seed ^ 0x5EED)  # noqa: S311  (a seeded simulation, not a secret)
    shift = shift_of(reference_date)
    moving = reference_date != CAMP_REFERENCE_DATE
    pending: list[SyntheticRegistration] = []
    for batch in generator.batches():
        pending.extend(batch.registrations)
        if len(pending) >= window:
            shuffler.shuffle(pending)
            yield from (shift_value(r, shift) for r in pending) if moving else pending
            pending = []
    shuffler.shuffle(pending)
    yield from (shift_value(r, shift) for r in pending) if moving else pending
