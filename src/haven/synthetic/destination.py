"""
Registry B (tracing.md §5.2, task T2): a destination-side registry.

People who leave the camp are registered again where they arrive, by clerks who
never saw the camp's records: English spelling habits, the name in its own script
more often (an interpreter writes it down), one record per person most of the
time. Registry B holds a share (``overlap``) of the camp registry's people, each
registered afresh, plus every record of the relatives and others abroad, whom
the camp registry never holds. Ground truth stays in ``person_key``, which a
matcher must never read.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from random import Random

from haven.synthetic.draws import below
from haven.synthetic.errors import SyntheticError
from haven.synthetic.model import (
    SyntheticCamp,
    SyntheticName,
    SyntheticPerson,
    SyntheticRegistration,
)
from haven.synthetic.names.lexicon import NameEntry
from haven.synthetic.populations import POPULATIONS, pools
from haven.synthetic.registrations import (
    ARTICLE_P,
    DROP_FAMILY_P,
    DROP_GRANDFATHER_P,
    SWAP_P,
    RecordIds,
    article_noise,
    noisy_dob,
)
from haven.synthetic.sources import Clerk, Source
from haven.synthetic.spelling import Speller

__all__ = ["DESTINATION_SOURCE", "registry_b"]

DESTINATION_SOURCE = Source(
    "state_authority",
    "Home Office asylum intake, Croydon",
    "HOC",
    (("en", 1.0),),
    1.0,
)
NATIVE_SCRIPT_P = 0.3  # §5.2: 0.2-0.4 of registry B's records carry the own script
SECOND_RECORD_P = 0.1  # a destination registry deduplicates at intake, mostly
CLERKS = 12
ARRIVAL_DELAY_DAYS = (20, 200)  # from the last camp registration to the intake
ARAB_CODES = frozenset({"sudanese", "syrian"})


@cache
def _entries(nationality: str) -> tuple[dict[str, NameEntry], bool]:
    """Return a nationality's name entries by canonical spelling, and if Arab."""
    index: dict[str, NameEntry] = {}
    arab = False
    for population in POPULATIONS:
        if population.nationality != nationality:
            continue
        arab = arab or population.code in ARAB_CODES
        name_pools = pools(population.code)
        for pool in (
            name_pools.male,
            name_pools.female,
            name_pools.family,
            name_pools.compound,
        ):
            if pool is not None:
                for entry in pool.entries:
                    index.setdefault(entry.latin, entry)
    return index, arab


def _spell(
    token: str, entries: dict[str, NameEntry], speller: Speller, rng: Random
) -> str:
    if not token:
        return ""
    entry = entries.get(token)
    return speller.spell(entry, rng) if entry is not None else speller.noise(token, rng)


def _name(person: SyntheticPerson, speller: Speller, rng: Random) -> SyntheticName:
    """Return the person's name as a destination clerk writes it down."""
    entries, arab = _entries(person.nationality)
    true = person.name
    given = _spell(true.given_name, entries, speller, rng)
    father = _spell(true.father_name, entries, speller, rng)
    grandfather = _spell(true.grandfather_name, entries, speller, rng)
    family = _spell(true.family_name, entries, speller, rng)
    if arab and grandfather and rng.random() < ARTICLE_P:
        grandfather = article_noise(grandfather, rng)
    if grandfather and rng.random() < SWAP_P:
        father, grandfather = grandfather, father
    if rng.random() < DROP_GRANDFATHER_P:
        grandfather = ""
    if rng.random() < DROP_FAMILY_P:
        family = ""
    native = true.native_script if rng.random() < NATIVE_SCRIPT_P else ""
    return SyntheticName(given, father, grandfather, family, native)


def _register(
    rng: Random,
    person: SyntheticPerson,
    after: SyntheticRegistration,
    clerk: Clerk,
    speller: Speller,
    record_id: str,
) -> SyntheticRegistration:
    dob, precision = noisy_dob(rng, person.date_of_birth, person.dob_precision)
    low, high = ARRIVAL_DELAY_DAYS
    delay = timedelta(days=low + below(rng, high - low), seconds=below(rng, 36_000))
    return SyntheticRegistration(
        record_id=record_id,
        person_key=person.person_key,
        source=DESTINATION_SOURCE.kind,
        source_name=DESTINATION_SOURCE.name,
        name=_name(person, speller, rng),
        sex=person.sex,
        date_of_birth=dob,
        dob_precision=precision,
        nationality=person.nationality,
        place_of_origin=after.place_of_origin,
        phone="" if rng.random() < 0.5 else person.phone,
        registered_at=after.registered_at + delay,
        registered_by=clerk.pseudonym,
        location_key="city-london",
        clerk_style=speller.style,
    )


def registry_b(
    camp: SyntheticCamp, seed: int, *, overlap: float = 0.5
) -> tuple[SyntheticRegistration, ...]:
    """
    Return a destination registry holding ``overlap`` of the camp registry's people.

    The camp registry (registry A) is every registration that is not
    ``relative_declared``. Each chosen person is registered afresh (once, or
    twice with probability 0.1); every ``relative_declared`` record of the camp
    is added as it is, so registry B also holds people that A does not. The same
    camp, seed and overlap always give the same registry.

    >>> from haven.synthetic import generate_camp
    >>> camp = generate_camp(300, seed=5)
    >>> b = registry_b(camp, seed=5, overlap=0.5)
    >>> a = {r.person_key for r in camp.registrations
    ...      if r.source != "relative_declared"}
    >>> round(len(a & {r.person_key for r in b}) / len(a), 1)
    0.5
    """
    if not 0.3 <= overlap <= 0.7:
        raise SyntheticError(
            "overlap must lie between 0.3 and 0.7 (tracing.md §5.2)",
            code="invalid_share",
        )
    rng = Random(seed ^ 0xB0B)  # noqa: S311  (a seeded simulation, not a secret)
    test_rules = camp.metadata.get("split") != "dev"
    speller = Speller("en", test_rules)
    clerks = [
        Clerk(f"hoc-{i + 1:02d}", "en", DESTINATION_SOURCE) for i in range(CLERKS)
    ]
    people = {p.person_key: p for p in camp.people}
    last: dict[str, SyntheticRegistration] = {}
    for registration in camp.registrations:
        if registration.source != "relative_declared":
            last[registration.person_key] = registration
    in_a = sorted(last)
    chosen = sorted(rng.sample(in_a, round(overlap * len(in_a))))
    # Record ids from another keyed counter: never equal to the camp's ids.
    ids = RecordIds(seed + 0x5EED_0000)
    taken = {r.record_id for r in camp.registrations}
    records: list[SyntheticRegistration] = []
    for key in chosen:
        count = 2 if rng.random() < SECOND_RECORD_P else 1
        for _ in range(count):
            record_id = ids.next()
            while record_id in taken:
                record_id = ids.next()
            taken.add(record_id)
            clerk = clerks[below(rng, len(clerks))]
            records.append(
                _register(rng, people[key], last[key], clerk, speller, record_id)
            )
    records += [r for r in camp.registrations if r.source == "relative_declared"]
    records.sort(key=lambda r: (r.registered_at, r.record_id))
    return tuple(records)
