"""
The facts of one person: date-of-birth knowledge, age disputes, languages, phone,
specific needs and consent.
"""

from __future__ import annotations

from datetime import date, timedelta
from random import Random

from haven.synthetic.draws import below, between
from haven.synthetic.families import Clan, Member, canonical_name
from haven.synthetic.model import (
    AgeDispute,
    ChildStatus,
    DobPrecision,
    SyntheticPerson,
    SyntheticVulnerability,
)
from haven.synthetic.places import CITY_BY_KEY, ORIGINS
from haven.synthetic.populations import Population
from haven.synthetic.units import ADULT

FIRST_CONTACT = date(2016, 9, 1)

# Share of people who know their date of birth exactly, only its year, roughly, or not.
DOB_KNOWLEDGE: dict[str, tuple[float, float, float]] = {
    "afghan": (0.35, 0.45, 0.15),
    "eritrean": (0.60, 0.25, 0.10),
    "ethiopian": (0.55, 0.28, 0.12),
    "somali": (0.45, 0.35, 0.15),
}
DEFAULT_DOB_KNOWLEDGE = (0.65, 0.22, 0.09)


def dob_precision(rng: Random, population: Population) -> DobPrecision:
    """Return how well a person knows their own date of birth."""
    exact, year, estimated = DOB_KNOWLEDGE.get(population.code, DEFAULT_DOB_KNOWLEDGE)
    point = rng.random()
    if point < exact:
        return "exact"
    if point < exact + year:
        return "year"
    if point < exact + year + estimated:
        return "estimated"
    return "unknown"


def age_dispute(rng: Random, age: int, status: ChildStatus) -> AgeDispute:
    """Return the outcome of any dispute about whether a person is a child."""
    if status in ("unaccompanied", "separated") and age >= 14:
        point = rng.random()
        if point < 0.10:
            return "disputed"
        if point < 0.14:
            return "assessed_adult"
        if point < 0.22:
            return "assessed_minor"
    if status == "not_a_child" and age <= 20 and rng.random() < 0.08:
        return "disputed"
    return "none"


def languages(rng: Random, population: Population, *, abroad: bool) -> tuple[str, ...]:
    """Return the languages a person speaks, ISO 639 codes, first the mother tongue."""
    point = rng.random() * sum(weight for _, weight in population.languages)
    chosen = population.languages[-1][0]
    for options, weight in population.languages:
        point -= weight
        if point < 0:
            chosen = options
            break
    extra = "en" if abroad else ("fr" if rng.random() < 0.08 else "")
    if extra and extra not in chosen and rng.random() < (0.7 if abroad else 1.0):
        return (*chosen, extra)
    return chosen


def camp_phone(rng: Random, age: int) -> str:
    """Return a phone number in a fictional range, or "" for no phone."""
    if rng.random() >= (0.45 if age < 18 else 0.65):
        return ""
    if rng.random() < 0.8:
        # ARCEP keeps 06 39 98 xx xx for fiction.
        digits = below(rng, 10_000)
        return f"+33 6 39 98 {digits // 100:02d} {digits % 100:02d}"
    return f"+44 7700 900{below(rng, 1000):03d}"  # Ofcom's drama range


UK_DRAMA_LANDLINES: dict[str, str] = {
    "city-london": "+44 20 7946 0{:03d}",
    "city-birmingham": "+44 121 496 0{:03d}",
    "city-manchester": "+44 161 496 0{:03d}",
    "city-leeds": "+44 113 496 0{:03d}",
    "city-sheffield": "+44 114 496 0{:03d}",
    "city-nottingham": "+44 115 496 0{:03d}",
    "city-leicester": "+44 116 496 0{:03d}",
    "city-bristol": "+44 117 496 0{:03d}",
    "city-glasgow": "+44 141 496 0{:03d}",
    "city-edinburgh": "+44 131 496 0{:03d}",
    "city-liverpool": "+44 151 496 0{:03d}",
    "city-cardiff": "+44 29 2018 0{:03d}",
}


def abroad_phone(rng: Random, city_key: str, country: str) -> str:
    """Return a relative's phone in a fictional range; "" outside the UK and France."""
    if country == "GB":
        landline = UK_DRAMA_LANDLINES.get(city_key)
        if landline is not None and rng.random() < 0.3:
            return landline.format(below(rng, 1000))
        return f"+44 7700 900{below(rng, 1000):03d}"
    if country == "FR":
        digits = below(rng, 10_000)
        return f"+33 6 39 98 {digits // 100:02d} {digits % 100:02d}"
    return ""


def vulnerabilities(
    rng: Random, *, status: ChildStatus, sex: str, age: int, alone_woman: bool
) -> tuple[SyntheticVulnerability, ...]:
    """Return the specific needs recorded for a camp resident."""
    codes: list[str] = []
    if status == "unaccompanied":
        codes.append("SC-UC")
    elif status == "separated":
        codes.append("SC-SC")
    if status in ("unaccompanied", "separated"):
        if rng.random() < 0.45:
            codes.append("FU-TR")
        if rng.random() < 0.06:
            codes.append(f"TR-IND-{between(rng, 1, 5)}")
        if rng.random() < 0.05:
            codes.append("CR-LO")
    if sex == "F" and age >= 18 and alone_woman:
        codes.append("WR-WR")
    if sex == "F" and rng.random() < 0.06:
        codes.append(("SV-VA", "SV-VF", "SV-VO")[below(rng, 3)])
    point = rng.random()
    if point < 0.03:
        codes.append("SM-CI")
    elif point < 0.05:
        codes.append("SM-MI")
    elif point < 0.065:
        codes.append("DS-PM")
    elif point < 0.07:
        codes.append("SM-CC")
    if rng.random() < 0.03:
        codes.append("TR-WV")
    return tuple(
        SyntheticVulnerability(code, FIRST_CONTACT + timedelta(days=below(rng, 53)))
        for code in codes
    )


def make_person(
    rng: Random,
    key: str,
    clan: Clan,
    member: Member,
    status: ChildStatus,
    *,
    household: str,
    housed_at: str,
    alone_woman: bool,
    city: str = "",
) -> SyntheticPerson:
    """Return a person's true record; ``city`` is set for relatives abroad."""
    population = clan.population
    origins = ORIGINS[population.code]
    age = member.age
    abroad = bool(city)
    country = CITY_BY_KEY[city].country if abroad else ""
    return SyntheticPerson(
        person_key=key,
        name=canonical_name(clan, member),
        sex=member.sex,
        date_of_birth=member.birth,
        dob_precision=dob_precision(rng, population),
        age_dispute="none" if abroad else age_dispute(rng, age, status),
        nationality=population.nationality,
        languages=languages(rng, population, abroad=abroad),
        place_of_origin=origins[clan.origin % len(origins)][0],
        phone=abroad_phone(rng, city, country) if abroad else camp_phone(rng, age),
        household_key=household,
        child_status=status,
        housed_at=housed_at,
        vulnerabilities=()
        if abroad
        else vulnerabilities(
            rng, status=status, sex=member.sex, age=age, alone_woman=alone_woman
        ),
        consent_tracing=rng.random() < (0.97 if status != "not_a_child" else 0.92),
        lives_abroad=abroad,
        abroad_city=city,
    )


def child_statuses(camp: list[Member]) -> list[ChildStatus]:
    """Derive each member's child status from who else is in the group."""
    statuses: list[ChildStatus] = []
    for member in camp:
        if member.age >= ADULT:
            statuses.append("not_a_child")
            continue
        parents = [
            m
            for m in camp
            if m.generation == 1
            and m.branch == member.branch
            and member.generation == 2
        ]
        adults = [m for m in camp if m.age >= ADULT and m is not member]
        if parents:
            statuses.append("accompanied")
        elif adults:
            statuses.append("separated")
        else:
            statuses.append("unaccompanied")
    return statuses
