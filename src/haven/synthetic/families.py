"""
Family graphs: grandfather, his sons and daughters, their wives and children.

A clan is built before anyone is placed in the camp or abroad, so siblings and
paternal cousins share the names that make them hard to tell apart. Names follow
the population's structure: a child's father_name is the father's given name and
its grandfather_name the grandfather's given name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from random import Random
from typing import Literal

from haven.synthetic.draws import below
from haven.synthetic.model import Relation, SyntheticName
from haven.synthetic.names.lexicon import NameEntry
from haven.synthetic.populations import NamePools, Population

REFERENCE_DATE = date(2016, 10, 1)  # ages are counted on this day
AFGHAN_SURNAME_KEPT = 0.8  # Afghan children do not always take the family surname


@dataclass(slots=True)
class Member:
    """One node of a clan; mutable only while the clan is built."""

    slot: str
    generation: int  # 0 grandfather, 1 his children and their wives, 2 grandchildren
    branch: int  # index of the son whose line this is; -1 for the grandfather
    spouse: bool  # married into the clan (the mother of a branch)
    sex: Literal["M", "F"]
    birth: date
    age: int  # whole years on the reference date
    given: NameEntry
    father: NameEntry | None
    grandfather: NameEntry | None
    family: NameEntry | None


@dataclass(slots=True)
class Clan:
    """A three-generation family of one population."""

    population: Population
    pools: NamePools
    origin: int  # index into the population's home towns
    grandfather: Member
    family: NameEntry | None
    members: list[Member] = field(default_factory=list)

    def branch_father(self, branch: int) -> Member | None:
        """Return the son heading a branch, if there is one."""
        for member in self.members:
            if member.generation == 1 and member.branch == branch and not member.spouse:
                return member
        return None

    def branch_children(self, branch: int) -> list[Member]:
        """Return the grandchildren of one branch."""
        return [m for m in self.members if m.generation == 2 and m.branch == branch]

    def sons(self) -> list[Member]:
        """Return the grandfather's sons, who head branches."""
        return [
            m
            for m in self.members
            if m.generation == 1 and not m.spouse and m.sex == "M"
        ]

    def mother(self, branch: int) -> Member | None:
        """Return the wife of a branch's father, if she exists."""
        for member in self.members:
            if member.generation == 1 and member.branch == branch and member.spouse:
                return member
        return None


def birth_for_age(rng: Random, age: int) -> date:
    """Return a birth date that makes someone ``age`` on the reference date."""
    latest = date(REFERENCE_DATE.year - age, REFERENCE_DATE.month, REFERENCE_DATE.day)
    return date.fromordinal(latest.toordinal() - below(rng, 365))


def _given(
    rng: Random, clan: Clan, sex: Literal["M", "F"], avoid: list[str]
) -> NameEntry:
    pools = clan.pools
    if sex == "F":
        return pools.female.draw_other(rng, avoid)
    if pools.compound is not None and rng.random() < pools.compound_share:
        return pools.compound.draw_other(rng, avoid)
    return pools.male.draw_other(rng, avoid)


def _family_for_child(rng: Random, clan: Clan) -> NameEntry | None:
    if clan.family is None:
        return None
    if clan.population.structure == "afghan" and rng.random() > AFGHAN_SURNAME_KEPT:
        return None
    return clan.family


def new_clan(
    rng: Random,
    population: Population,
    pools: NamePools,
    grandfather_age: int,
    origins: int,
) -> Clan:
    """Start a clan with its grandfather; his father and grandfather are names only."""
    great = pools.male.draw(rng)
    great_great = pools.male.draw_other(rng, [great.latin])
    family = None
    if pools.family is not None and rng.random() < population.family_name_share:
        family = pools.family.draw(rng)
    given = pools.male.draw_other(rng, [great.latin, great_great.latin])
    grandfather = Member(
        "gf",
        0,
        -1,
        False,
        "M",
        birth_for_age(rng, grandfather_age),
        grandfather_age,
        given,
        great,
        great_great,
        family,
    )
    clan = Clan(population, pools, below(rng, origins), grandfather, family)
    clan.members.append(grandfather)
    return clan


def add_son(rng: Random, clan: Clan, age: int, sex: Literal["M", "F"] = "M") -> Member:
    """Add a son (or, with ``sex="F"``, a daughter) of the grandfather."""
    taken = [m.given.latin for m in clan.members if m.generation <= 1]
    branch = 1 + max((m.branch for m in clan.members), default=-1)
    gf = clan.grandfather
    member = Member(
        f"g1-{branch}",
        1,
        branch,
        False,
        sex,
        birth_for_age(rng, age),
        age,
        _given(rng, clan, sex, taken),
        gf.given,
        gf.father,
        _family_for_child(rng, clan),
    )
    clan.members.append(member)
    return member


def add_wife(rng: Random, clan: Clan, branch: int, age: int) -> Member:
    """Add the wife of a branch's father; she keeps her own father's names."""
    pools = clan.pools
    father = pools.male.draw(rng)
    grandfather = pools.male.draw_other(rng, [father.latin])
    family = None
    if pools.family is not None and rng.random() < clan.population.family_name_share:
        family = pools.family.draw(rng)
    member = Member(
        f"w1-{branch}",
        1,
        branch,
        True,
        "F",
        birth_for_age(rng, age),
        age,
        pools.female.draw(rng),
        father,
        grandfather,
        family,
    )
    clan.members.append(member)
    return member


def add_child(
    rng: Random, clan: Clan, branch: int, age: int, sex: Literal["M", "F"]
) -> Member:
    """Add a grandchild to a branch; no one is named after a living relative."""
    father = clan.branch_father(branch)
    if father is None:
        raise ValueError(f"branch {branch} has no father")
    taken = [father.given.latin, clan.grandfather.given.latin]
    taken += [m.given.latin for m in clan.branch_children(branch)]
    index = len(clan.branch_children(branch))
    member = Member(
        f"g2-{branch}-{index}",
        2,
        branch,
        False,
        sex,
        birth_for_age(rng, age),
        age,
        _given(rng, clan, sex, taken),
        father.given,
        clan.grandfather.given,
        _family_for_child(rng, clan),
    )
    clan.members.append(member)
    return member


def canonical_name(clan: Clan, member: Member) -> SyntheticName:
    """Return a member's canonical name, with the native script where there is one."""
    afghan = clan.population.structure == "afghan"
    grandfather = None if afghan else member.grandfather
    parts = [member.given, member.father, grandfather, member.family]
    native = ""
    if clan.population.script != "latin":
        native = " ".join(p.native for p in parts if p is not None and p.native)
    return SyntheticName(
        given_name=member.given.latin,
        father_name=member.father.latin if member.father else "",
        grandfather_name=grandfather.latin if grandfather else "",
        family_name=member.family.latin if member.family else "",
        native_script=native,
    )


def relation(a: Member, b: Member) -> Relation | None:
    """
    Return what ``a`` is of ``b`` in the clan, or None for in-laws and strangers.

    >>> relation(father, son)
    'parent'
    """
    if a is b:
        return None
    ga, gb = a.generation, b.generation
    if ga == 0 or gb == 0:
        other = b if ga == 0 else a
        if other.spouse:
            return None
        if other.generation == 1:
            return "parent" if ga == 0 else "child"
        return "grandparent" if ga == 0 else "grandchild"
    if ga == 1 and gb == 1:
        if a.spouse and b.spouse:
            return None
        if a.spouse or b.spouse:
            return "spouse" if a.branch == b.branch else None
        return "sibling"
    if ga == 2 and gb == 2:
        return "sibling" if a.branch == b.branch else "cousin"
    elder, younger = (a, b) if ga == 1 else (b, a)
    if elder.branch == younger.branch:
        return "parent" if elder is a else "child"
    if elder.spouse:
        return None
    return "uncle_aunt" if elder is a else "nephew_niece"
