"""
The registration desk: how many times a person is registered, by which source and
clerk, in which spelling style.
"""

from __future__ import annotations

from random import Random

from haven.synthetic.draws import Weighted, below
from haven.synthetic.families import Clan, Member
from haven.synthetic.model import SyntheticPerson, SyntheticRegistration
from haven.synthetic.people import camp_phone
from haven.synthetic.places import CITY_BY_KEY, ORIGINS
from haven.synthetic.populations import Population
from haven.synthetic.profile import CampProfile
from haven.synthetic.registrations import (
    NameParts,
    RecordIds,
    RegistrationContext,
    register,
    registration_times,
)
from haven.synthetic.sources import (
    CAMP_SOURCES,
    DECLARED_SOURCES,
    make_clerks,
    pick_source,
)
from haven.synthetic.spelling import Speller, Style
from haven.synthetic.units import ADULT

SOMALI_INTERPRETER_P = 0.35  # Somali records taken down by a Somali-speaking helper


class Desk:
    """Registers people: keeps the clerks, the spellers and the record-id counter."""

    def __init__(self, rng: Random, size: int, seed: int, profile: CampProfile) -> None:
        self.profile = profile
        self.ids = RecordIds(seed)
        self.clerks = make_clerks(rng, CAMP_SOURCES, size)
        self.declared_clerks = make_clerks(rng, DECLARED_SOURCES, max(size // 4, 1))
        self.record_counts = Weighted.of(profile.records_per_person)
        styles: tuple[Style, ...] = ("en", "fr", "it", "so")
        self.spellers = {style: Speller(style, profile.test_rules) for style in styles}

    def register_person(
        self,
        rng: Random,
        clan: Clan,
        member: Member,
        person: SyntheticPerson,
        place: str,
    ) -> list[SyntheticRegistration]:
        """Return every registration of one person, each spelled by its clerk."""
        records: list[SyntheticRegistration] = []
        population = clan.population
        abroad = person.lives_abroad
        if abroad:
            count = 1 if rng.random() < 0.85 else 2
        else:
            count = self.record_counts.draw(rng)
        parts = NameParts(
            member.given,
            member.father,
            member.grandfather,
            member.family,
            arab=population.code in ("sudanese", "syrian"),
        )
        origins = ORIGINS[population.code]
        spellings = origins[clan.origin % len(origins)]
        for when in registration_times(rng, count):
            if abroad:
                country = CITY_BY_KEY[place].country
                source = (
                    DECLARED_SOURCES[2]
                    if country == "FR"
                    else pick_source(rng, DECLARED_SOURCES[:2], child=False)
                )
                clerks = self.declared_clerks[source.abbreviation]
            else:
                source = pick_source(rng, CAMP_SOURCES, child=member.age < ADULT)
                clerks = self.clerks[source.abbreviation]
            clerk = clerks[below(rng, len(clerks))]
            style = clerk.style
            somali = population.code == "somali" and self.profile.test_rules
            if somali and rng.random() < SOMALI_INTERPRETER_P:
                style = "so"
            context = RegistrationContext(
                clerk=clerk,
                speller=self.spellers[style],
                location_key=place,
                origin_spellings=spellings,
                native_p=self.profile.native_script_declared
                if abroad
                else self.profile.native_script_camp,
                afghan=population.structure == "afghan",
                title=title(member, population),
            )
            records.append(
                register(
                    rng,
                    person,
                    parts,
                    context,
                    record_id=self.ids.next(),
                    registered_at=when,
                    other_phone=camp_phone(rng, 30),
                )
            )
        return records


def title(member: Member, population: Population) -> str:
    """Return the title an Afghan man may give with his name: Haji or Sayed."""
    if population.code != "afghan" or member.sex != "M":
        return ""
    if member.family is not None and member.family.latin in ("Sadat", "Hussaini"):
        return "Sayed"
    return "Haji" if member.age >= 40 else ""
