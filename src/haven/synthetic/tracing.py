"""
Tracing queries (tracing.md §5.2, task T3): a child asks for a relative abroad.

Each query names the relative as the child remembers them: often only the given and
father's names, sometimes a short form, spelled by a different clerk; an age rounded
to five years; a city that may be out of date or merely nearby. In a share of the
queries the relative is absent from the registry handed out with them, so that
correct rejection can be measured. Ground truth is kept apart from the queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from random import Random
from typing import Literal

from haven.synthetic.draws import Weighted, below, one_of
from haven.synthetic.errors import SyntheticError
from haven.synthetic.families import REFERENCE_DATE
from haven.synthetic.model import SyntheticCamp, SyntheticPerson, SyntheticRegistration
from haven.synthetic.names.lexicon import NameEntry
from haven.synthetic.places import CITIES, CITY_BY_KEY
from haven.synthetic.populations import POPULATIONS, pools
from haven.synthetic.profile import TEST_SEED_FLOOR
from haven.synthetic.spelling import Speller, Style

QueryRelation = Literal["father", "uncle", "brother", "cousin"]
CityMemory = Literal["correct", "neighbouring", "outdated"]

RELATIONS: dict[str, QueryRelation] = {
    "parent": "father",
    "uncle_aunt": "uncle",
    "sibling": "brother",
    "cousin": "cousin",
}
GIVEN_AND_FATHER_ONLY_P = 0.5
SHORT_FORM_P = 0.2
AGE_SD = 5.0
CITY_MEMORY = Weighted.of([("correct", 0.6), ("neighbouring", 0.2), ("outdated", 0.2)])
STYLES: tuple[Style, ...] = ("en", "fr", "it")


@dataclass(frozen=True, slots=True)
class TracingQuery:
    """A request to find a relative, as a caseworker takes it down."""

    query_id: str
    seeker_record_id: str  # one registration of the child in the camp
    relation: QueryRelation
    name_as_remembered: str
    approx_age: int
    last_known_city: str
    nationality: str


@dataclass(frozen=True, slots=True)
class QueryTruth:
    """What a query should find: never shown to a matcher."""

    query_id: str
    seeker_person_key: str
    relative_person_key: str
    expected_record_ids: tuple[str, ...]  # empty when the relative is absent
    absent: bool
    city_memory: CityMemory


@dataclass(frozen=True, slots=True)
class TracingSet:
    """Queries, the relatives-abroad registry to search, and the ground truth."""

    queries: tuple[TracingQuery, ...]
    registry: tuple[SyntheticRegistration, ...]
    truth: tuple[QueryTruth, ...]


@cache
def _entries(nationality: str) -> dict[str, NameEntry]:
    """Return a population's name entries by canonical spelling."""
    index: dict[str, NameEntry] = {}
    for population in POPULATIONS:
        if population.nationality != nationality:
            continue
        name_pools = pools(population.code)
        for pool in (name_pools.male, name_pools.compound):
            if pool is not None:
                for entry in pool.entries:
                    index.setdefault(entry.latin, entry)
    return index


def remembered_name(rng: Random, relative: SyntheticPerson, speller: Speller) -> str:
    """Return the relative's name as a child recalls it and a clerk spells it."""
    entries = _entries(relative.nationality)
    name = relative.name
    tokens = [name.given_name, name.father_name]
    if rng.random() >= GIVEN_AND_FATHER_ONLY_P:
        tokens += [name.grandfather_name, name.family_name]
    words: list[str] = []
    for position, token in enumerate(t for t in tokens if t):
        entry = entries.get(token)
        if position == 0 and rng.random() < SHORT_FORM_P:
            short = (
                entry.short
                if entry is not None and entry.short
                else token.split(" ")[0]
            )
            words.append(speller.noise(short, rng))
        elif entry is not None:
            words.append(speller.spell(entry, rng))
        else:
            words.append(speller.noise(token, rng))
    return " ".join(words)


def _city(rng: Random, true_key: str) -> tuple[str, CityMemory]:
    memory: CityMemory = CITY_MEMORY.draw(rng)  # type: ignore[assignment]
    city = CITY_BY_KEY[true_key]
    if memory == "neighbouring" and city.neighbours:
        return CITY_BY_KEY[one_of(rng, city.neighbours)].name, memory
    if memory == "outdated":
        others = [c for c in CITIES if c.key != true_key]
        return one_of(rng, others).name, memory
    return city.name, "correct"


def _check_seed(camp: SyntheticCamp, seed: int) -> None:
    split = camp.metadata.get("split", "demo")
    if split == "dev" and seed >= TEST_SEED_FLOOR:
        raise SyntheticError(
            f"dev query seeds are below {TEST_SEED_FLOOR}", code="invalid_seed"
        )
    if split == "test" and seed < TEST_SEED_FLOOR:
        raise SyntheticError(
            f"test query seeds are {TEST_SEED_FLOOR} or more", code="invalid_seed"
        )


def tracing_queries(
    camp: SyntheticCamp, seed: int, *, absent_share: float = 0.4
) -> TracingSet:
    """
    Return tracing queries for the camp's children who have a relative abroad.

    Each such child gets one query about one male relative (father, paternal uncle,
    brother or cousin). With probability ``absent_share`` that relative's records
    are left out of the returned registry.

    >>> tracing = tracing_queries(generate_camp(2000, seed=3), seed=3)
    >>> {t.absent for t in tracing.truth} == {True, False}
    True
    """
    _check_seed(camp, seed)
    if not 0.0 <= absent_share <= 1.0:
        raise SyntheticError("absent_share must lie in [0, 1]", code="invalid_share")
    rng = Random(seed)  # noqa: S311  (a seeded simulation, not a secret)
    people = {person.person_key: person for person in camp.people}
    records: dict[str, list[SyntheticRegistration]] = {}
    for registration in camp.registrations:
        records.setdefault(registration.person_key, []).append(registration)
    relatives: dict[str, list[tuple[str, QueryRelation]]] = {}
    for link in camp.relationships:
        relative, child = people[link.from_key], people[link.to_key]
        kind = RELATIONS.get(link.relation)
        if kind is None or not relative.lives_abroad or relative.sex != "M":
            continue
        if child.child_status in ("unaccompanied", "separated"):
            relatives.setdefault(child.person_key, []).append(
                (relative.person_key, kind)
            )
    queries: list[TracingQuery] = []
    truth: list[QueryTruth] = []
    removed: set[str] = set()
    for number, (child_key, options) in enumerate(relatives.items()):
        relative_key, kind = one_of(rng, options)
        relative, child = people[relative_key], people[child_key]
        query_id = f"Q{number:05d}"
        absent = rng.random() < absent_share or relative_key in removed
        if absent:
            removed.add(relative_key)
        speller = Speller(one_of(rng, STYLES), camp.metadata.get("split") != "dev")
        age = _age(relative)
        approx = max(20, 5 * round((age + rng.gauss(0.0, AGE_SD)) / 5))
        city, memory = _city(rng, relative.abroad_city)
        seeker_records = records[child_key]
        queries.append(
            TracingQuery(
                query_id=query_id,
                seeker_record_id=seeker_records[
                    below(rng, len(seeker_records))
                ].record_id,
                relation=kind,
                name_as_remembered=remembered_name(rng, relative, speller),
                approx_age=approx,
                last_known_city=city,
                nationality=child.nationality,
            )
        )
        expected = tuple(r.record_id for r in records.get(relative_key, ()))
        truth.append(
            QueryTruth(query_id, child_key, relative_key, expected, absent, memory)
        )
    truth = [t if t.relative_person_key not in removed else _absent(t) for t in truth]
    registry = tuple(
        r
        for r in camp.registrations
        if r.source == "relative_declared" and r.person_key not in removed
    )
    return TracingSet(tuple(queries), registry, tuple(truth))


def _absent(truth: QueryTruth) -> QueryTruth:
    return QueryTruth(
        truth.query_id,
        truth.seeker_person_key,
        truth.relative_person_key,
        (),
        True,
        truth.city_memory,
    )


def _age(person: SyntheticPerson) -> int:
    born = person.date_of_birth
    if born is None:
        return 40
    before = (REFERENCE_DATE.month, REFERENCE_DATE.day) < (born.month, born.day)
    return REFERENCE_DATE.year - born.year - (1 if before else 0)
