"""
Arrival groups: the camp is filled one group at a time until it holds its size.

Each group's kind is drawn in proportion to what the profile still lacks
(unaccompanied, separated and accompanied children, women, men), so the camp's
shares land close to the profile's. A group brings its clan; some children's
relatives live abroad, and unrelated people abroad fill the relatives' registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from random import Random

from haven.synthetic.desk import Desk
from haven.synthetic.draws import Weighted, below
from haven.synthetic.families import Clan, Member, relation
from haven.synthetic.model import (
    ChildStatus,
    SyntheticPerson,
    SyntheticRegistration,
    SyntheticRelationship,
)
from haven.synthetic.people import child_statuses, make_person
from haven.synthetic.places import (
    CITIES,
    HOUSING,
    ORIGINS,
    SECTORS,
    scaled,
)
from haven.synthetic.populations import BY_CODE, Population, pools, zipf_exponent
from haven.synthetic.profile import CampProfile
from haven.synthetic.units import (
    ADULT,
    AbroadRelation,
    UnitKind,
    build_unit,
    ensure_relative,
)

ABROAD_RELATIONS: tuple[tuple[AbroadRelation, float], ...] = (
    ("father", 0.2),
    ("uncle", 0.35),
    ("brother", 0.25),
    ("cousin", 0.2),
)


@dataclass(slots=True)
class Batch:
    """What one arrival group adds to the camp."""

    people: list[SyntheticPerson] = field(default_factory=list)
    relationships: list[SyntheticRelationship] = field(default_factory=list)
    registrations: list[SyntheticRegistration] = field(default_factory=list)


def _weighted(rng: Random, options: tuple[tuple[str, float], ...]) -> str:
    point = rng.random() * sum(weight for _, weight in options)
    for option, weight in options:
        point -= weight
        if point < 0:
            return option
    return options[-1][0]


class ArrivalGenerator:
    """Generate arrival groups until the camp holds ``size`` residents."""

    def __init__(self, size: int, seed: int, profile: CampProfile) -> None:
        self.size = size
        self.seed = seed
        self.profile = profile
        self.rng = Random(seed)  # noqa: S311  (a seeded simulation, not a secret)
        self.capacity = {key: scaled(beds, size) for key, _, _, beds in HOUSING}
        self.desk = Desk(self.rng, size, seed, profile)
        self.exponent = zipf_exponent(size)
        self.placed = 0
        self.units = 0
        self.people = 0
        adults = size - round(
            size
            * (
                profile.unaccompanied_share
                + profile.separated_share
                + profile.accompanied_share
            )
        )
        self.remaining: dict[str, float] = {
            "unaccompanied": round(size * profile.unaccompanied_share),
            "separated": round(size * profile.separated_share),
            "accompanied": round(size * profile.accompanied_share),
            "women": round(adults * profile.female_adult_share),
            "men": adults - round(adults * profile.female_adult_share),
        }
        self.cities = Weighted.of([(c.key, c.weight) for c in CITIES])
        self.populations = Weighted.of(profile.population_shares)
        self.relations = Weighted.of(ABROAD_RELATIONS)

    def batches(self) -> Iterator[Batch]:
        """Yield one batch per arrival group, plus unrelated people abroad."""
        while self.placed < self.size:
            yield self._unit()

    def _kind(self) -> UnitKind:
        r = {key: max(0.0, value) for key, value in self.remaining.items()}
        options: tuple[tuple[str, float], ...] = (
            ("lone_minor", r["unaccompanied"] / 1.1),
            ("minor_with_relative", r["separated"] / 1.2),
            ("family", r["accompanied"] / 2.0),
            ("women", r["women"] / 1.5),
            ("men", r["men"] / 1.4),
        )
        if sum(weight for _, weight in options) <= 0:
            return "men"
        return _weighted(self.rng, options)  # type: ignore[return-value]  # UnitKind values

    def _population(self) -> Population:
        return BY_CODE[self.populations.draw(self.rng)]

    def _unit(self) -> Batch:
        rng = self.rng
        population = self._population()
        origins = ORIGINS[population.code]
        clan, camp = build_unit(
            rng,
            self._kind(),
            population,
            pools(population.code, self.exponent),
            len(origins),
        )
        camp = camp[: self.size - self.placed]
        statuses = child_statuses(camp)
        for member, status in zip(camp, statuses, strict=True):
            self._count(member, status)
        self.placed += len(camp)
        abroad = self._relatives_abroad(clan, camp, statuses)
        unit_key = f"H{self.units:06d}"
        self.units += 1
        sector = SECTORS[below(rng, len(SECTORS))][0]
        housing = self._house(camp)
        batch = Batch()
        keys: dict[int, str] = {}
        alone_woman = not any(m.sex == "M" and m.age >= ADULT for m in camp)
        for member, status in zip(camp, statuses, strict=True):
            keys[id(member)] = self._add(
                batch, clan, member, status, unit_key, housing, alone_woman, sector
            )
        for index, (member, city) in enumerate(abroad):
            household = f"{unit_key}-A{index}"
            keys[id(member)] = self._add(
                batch, clan, member, "not_a_child", household, "", False, city, city
            )
        _link(batch, [m for m in clan.members if id(m) in keys], keys)
        if rng.random() < self.profile.diaspora_per_unit:
            self._diaspora(batch, unit_key)
        return batch

    def _count(self, member: Member, status: ChildStatus) -> None:
        if status != "not_a_child":
            self.remaining[status] -= 1
        elif member.sex == "F":
            self.remaining["women"] -= 1
        else:
            self.remaining["men"] -= 1

    def _house(self, camp: list[Member]) -> str:
        left = sum(self.capacity.values())
        people_left = self.size - self.placed + len(camp)
        if left <= 0 or self.rng.random() >= left / max(people_left, 1) * 1.1:
            return ""
        no_men = not any(m.sex == "M" and m.age >= ADULT for m in camp)
        order = [key for key, _, _, _ in HOUSING]
        if no_men:
            order.insert(0, order.pop(1))
        else:
            order.remove("housing-women-children")
        for key in order:
            if self.capacity[key] >= len(camp):
                self.capacity[key] -= len(camp)
                return key
        return ""

    def _relatives_abroad(
        self, clan: Clan, camp: list[Member], statuses: list[ChildStatus]
    ) -> list[tuple[Member, str]]:
        rng = self.rng
        abroad: list[tuple[Member, str]] = []
        taken = list(camp)
        for member, status in zip(camp, statuses, strict=True):
            if status not in ("unaccompanied", "separated"):
                continue
            if rng.random() >= self.profile.relative_abroad_share:
                continue
            wanted = 2 if rng.random() < 0.3 else 1
            city = self.cities.draw(rng)
            for _ in range(wanted):
                kind = self.relations.draw(rng)
                relative = ensure_relative(rng, clan, member, kind, exclude=taken)
                if relative is None or relative.age < ADULT:
                    continue
                taken.append(relative)
                same_city = rng.random() < 0.5
                abroad.append((relative, city if same_city else self.cities.draw(rng)))
        return abroad

    def _diaspora(self, batch: Batch, unit_key: str) -> None:
        """Add people abroad with no relative in the camp: the registry's bystanders."""
        rng = self.rng
        population = self._population()
        origins = ORIGINS[population.code]
        clan, members = build_unit(
            rng, "men", population, pools(population.code, self.exponent), len(origins)
        )
        city = self.cities.draw(rng)
        keys: dict[int, str] = {}
        for index, member in enumerate(members):
            household = f"{unit_key}-D{index}"
            keys[id(member)] = self._add(
                batch, clan, member, "not_a_child", household, "", False, city, city
            )
        _link(batch, members, keys)

    def _add(
        self,
        batch: Batch,
        clan: Clan,
        member: Member,
        status: ChildStatus,
        household: str,
        housed_at: str,
        alone_woman: bool,
        place: str,
        city: str = "",
    ) -> str:
        """Add a person and their registrations to the batch; return the person key."""
        key = f"P{self.people:07d}"
        self.people += 1
        person = make_person(
            self.rng,
            key,
            clan,
            member,
            status,
            household=household,
            housed_at=housed_at,
            alone_woman=alone_woman,
            city=city,
        )
        batch.people.append(person)
        batch.registrations += self.desk.register_person(
            self.rng, clan, member, person, place
        )
        return key


def _link(batch: Batch, members: list[Member], keys: dict[int, str]) -> None:
    """Add the relationships between every two placed members, both ways."""
    for a in members:
        for b in members:
            kind = relation(a, b)
            if kind is not None:
                batch.relationships.append(
                    SyntheticRelationship(keys[id(a)], keys[id(b)], kind)
                )
