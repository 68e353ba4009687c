"""
Arrival groups: who of a clan is in the camp, and which relatives live abroad.

Each group is cut from a freshly built clan, so every camp resident has a father,
a grandfather, and usually siblings and paternal cousins somewhere in the graph,
whether or not they are in the camp.
"""

from __future__ import annotations

from random import Random
from typing import Literal

from haven.synthetic.draws import below, between
from haven.synthetic.families import (
    Clan,
    Member,
    add_child,
    add_son,
    add_wife,
    new_clan,
)
from haven.synthetic.populations import NamePools, Population

UnitKind = Literal["lone_minor", "minor_with_relative", "family", "men", "women"]
AbroadRelation = Literal["father", "uncle", "brother", "cousin"]

ADULT = 18


def minor_age(rng: Random) -> int:
    """Return the age of an unaccompanied or separated child: mostly 14 to 17."""
    point = rng.random()
    if point < 0.08:
        return between(rng, 10, 13)
    if point < 0.20:
        return 14
    if point < 0.45:
        return 15
    if point < 0.75:
        return 16
    return 17


def _sex(rng: Random, male_share: float) -> Literal["M", "F"]:
    return "M" if rng.random() < male_share else "F"


def _clan_for_generation(
    rng: Random, population: Population, pools: NamePools, origins: int, father_age: int
) -> tuple[Clan, Member]:
    grandfather_age = min(95, father_age + between(rng, 20, 32))
    clan = new_clan(rng, population, pools, grandfather_age, origins)
    father = add_son(rng, clan, father_age)
    return clan, father


def _add_uncles(rng: Random, clan: Clan, father_age: int) -> None:
    """Add 0-2 more sons (with their children) and sometimes a daughter."""
    point = rng.random()
    extra = 0 if point < 0.25 else (1 if point < 0.75 else 2)
    for _ in range(extra):
        age = max(20, min(80, father_age + between(rng, -10, 10)))
        uncle = add_son(rng, clan, age)
        eldest = age - between(rng, 20, 35)
        for _ in range(between(rng, 0, 4)):
            child_age = eldest - between(rng, 0, 8)
            if child_age >= 0:
                add_child(rng, clan, uncle.branch, child_age, _sex(rng, 0.5))
    if rng.random() < 0.3:
        add_son(rng, clan, max(18, father_age + between(rng, -10, 10)), "F")


def _siblings(
    rng: Random, clan: Clan, branch: int, anchor_age: int, count: int
) -> None:
    start = anchor_age - between(rng, 0, 8)
    for _ in range(count):
        age = start + between(rng, 0, 8)
        if age >= 0:
            add_child(rng, clan, branch, age, _sex(rng, 0.5))


def build_unit(
    rng: Random, kind: UnitKind, population: Population, pools: NamePools, origins: int
) -> tuple[Clan, list[Member]]:
    """Build a clan and return it with the members who arrive in the camp together."""
    if kind in ("lone_minor", "minor_with_relative"):
        return _minor_unit(rng, kind, population, pools, origins)
    if kind == "family":
        return _family_unit(rng, population, pools, origins)
    if kind == "women":
        return _women_unit(rng, population, pools, origins)
    return _men_unit(rng, population, pools, origins)


def _minor_unit(
    rng: Random, kind: UnitKind, population: Population, pools: NamePools, origins: int
) -> tuple[Clan, list[Member]]:
    age = minor_age(rng)
    clan, father = _clan_for_generation(
        rng, population, pools, origins, age + between(rng, 22, 38)
    )
    minor = add_child(rng, clan, father.branch, age, _sex(rng, 0.92))
    _siblings(rng, clan, father.branch, age, between(rng, 0, 3))
    _add_uncles(rng, clan, father.age)
    camp = [minor]
    if kind == "minor_with_relative":
        relation: AbroadRelation = ("brother", "cousin", "uncle")[below(rng, 3)]
        relative = ensure_relative(rng, clan, minor, relation, exclude=camp)
        if relative is not None:
            camp.append(relative)
    if rng.random() < 0.12:
        others = [
            m
            for m in clan.members
            if m.generation == 2 and m is not minor and 10 <= m.age < ADULT
        ]
        if others:
            camp.append(others[below(rng, len(others))])
    return clan, camp


def _family_unit(
    rng: Random, population: Population, pools: NamePools, origins: int
) -> tuple[Clan, list[Member]]:
    eldest = between(rng, 1, 17)
    father_age = eldest + between(rng, 20, 35)
    clan, father = _clan_for_generation(rng, population, pools, origins, father_age)
    mother = add_wife(
        rng, clan, father.branch, max(eldest + 16, father_age - between(rng, 0, 10))
    )
    children = [add_child(rng, clan, father.branch, eldest, _sex(rng, 0.5))]
    for _ in range(between(rng, 0, 3)):
        age = eldest - between(rng, 1, 8)
        if age >= 0:
            children.append(add_child(rng, clan, father.branch, age, _sex(rng, 0.5)))
    _add_uncles(rng, clan, father_age)
    point = rng.random()
    parents = (
        [father, mother] if point < 0.7 else ([father] if point < 0.85 else [mother])
    )
    return clan, [*parents, *children]


def _men_unit(
    rng: Random, population: Population, pools: NamePools, origins: int
) -> tuple[Clan, list[Member]]:
    if rng.random() < 0.2:
        age = between(rng, 25, 45)
        clan, father = _clan_for_generation(rng, population, pools, origins, age)
        add_wife(rng, clan, father.branch, max(18, age - between(rng, 0, 8)))
        _siblings(
            rng,
            clan,
            father.branch,
            max(0, age - between(rng, 20, 30)),
            between(rng, 1, 4),
        )
        _add_uncles(rng, clan, age)
        return clan, [father]
    age = between(rng, 18, 34)
    clan, father = _clan_for_generation(
        rng, population, pools, origins, age + between(rng, 20, 35)
    )
    first = add_child(rng, clan, father.branch, age, "M")
    _siblings(rng, clan, father.branch, age, between(rng, 0, 3))
    _add_uncles(rng, clan, father.age)
    camp = [first]
    point = rng.random()
    wanted = 0 if point < 0.6 else (1 if point < 0.88 else 2)
    adults = [
        m
        for m in clan.members
        if m.generation == 2
        and m is not first
        and m.sex == "M"
        and ADULT <= m.age <= 40
    ]
    camp += adults[:wanted]
    return clan, camp


def _women_unit(
    rng: Random, population: Population, pools: NamePools, origins: int
) -> tuple[Clan, list[Member]]:
    point = rng.random()
    if point < 0.45:
        age = between(rng, 20, 40)
        clan, husband = _clan_for_generation(
            rng, population, pools, origins, age + between(rng, 0, 8)
        )
        wife = add_wife(rng, clan, husband.branch, age)
        _add_uncles(rng, clan, husband.age)
        return clan, [husband, wife]
    age = between(rng, 18, 32)
    clan, father = _clan_for_generation(
        rng, population, pools, origins, age + between(rng, 20, 35)
    )
    woman = add_child(rng, clan, father.branch, age, "F")
    _siblings(rng, clan, father.branch, age, between(rng, 0, 3))
    _add_uncles(rng, clan, father.age)
    camp = [woman]
    if point < 0.7:
        brother = ensure_relative(rng, clan, woman, "brother", exclude=camp)
        if brother is not None:
            camp.append(brother)
    return clan, camp


def ensure_relative(
    rng: Random,
    clan: Clan,
    child: Member,
    relation: AbroadRelation,
    *,
    exclude: list[Member],
) -> Member | None:
    """
    Return an adult male relative of ``child`` not in ``exclude``, adding one if needed.

    Brothers stay within eight years of the child; when none can be adult, a cousin
    or an uncle is returned instead.
    """
    branch = child.branch
    if relation == "father":
        father = clan.branch_father(branch)
        return father if father is not None and father not in exclude else None
    if relation == "brother":
        found = [
            m
            for m in clan.branch_children(branch)
            if m.sex == "M" and m.age >= ADULT and m is not child and m not in exclude
        ]
        if found:
            return found[below(rng, len(found))]
        father = clan.branch_father(branch)
        oldest = min(
            child.age + 8, father.age - 18 if father is not None else child.age + 8
        )
        if oldest >= max(ADULT, child.age + 1):
            age = between(rng, max(ADULT, child.age + 1), oldest)
            return add_child(rng, clan, branch, age, "M")
        relation = "cousin"
    uncles = [u for u in clan.sons() if u.branch != branch and u not in exclude]
    if relation == "uncle":
        if uncles:
            return uncles[below(rng, len(uncles))]
        father = clan.branch_father(branch)
        base = father.age if father is not None else child.age + 30
        return add_son(rng, clan, max(ADULT + 2, base + between(rng, -10, 10)))
    cousins = [
        m
        for m in clan.members
        if m.generation == 2
        and m.branch != branch
        and m.sex == "M"
        and m.age >= ADULT
        and m not in exclude
    ]
    if cousins:
        return cousins[below(rng, len(cousins))]
    uncle = uncles[below(rng, len(uncles))] if uncles else None
    if uncle is None:
        father = clan.branch_father(branch)
        base = father.age if father is not None else child.age + 30
        uncle = add_son(rng, clan, max(40, base + between(rng, -5, 10)))
    cousin_age = between(rng, ADULT, max(ADULT, min(35, uncle.age - 20)))
    return add_child(rng, clan, uncle.branch, cousin_age, "M")
