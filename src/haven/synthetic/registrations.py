"""
Registration events: one person as one clerk wrote them down (tracing.md §5.2).

The person's own record holds the truth; every registration is a noisy copy:
spelling by clerk style, structural noise on the name (compounds split or merged,
article prefixes, father and grandfather swapped or dropped, Western field mapping),
the date-of-birth noise table, a rare sex flip, Eritrea/Ethiopia confusion, a
changed or missing phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from random import Random

from haven.synthetic.draws import below, between, one_of
from haven.synthetic.model import (
    DobPrecision,
    SyntheticName,
    SyntheticPerson,
    SyntheticRegistration,
)
from haven.synthetic.names.lexicon import NameEntry
from haven.synthetic.sources import Clerk
from haven.synthetic.spelling import Speller

PERIOD_START = datetime(2016, 9, 1, 6, 0, tzinfo=UTC)
PERIOD_DAYS = 53  # to 23 October 2016, the eve of the clearance
WORKDAY_SECONDS = 11 * 3600

SWAP_P = 0.05
DROP_GRANDFATHER_P = 0.35
DROP_FATHER_P = 0.05
DROP_FAMILY_P = 0.20
COMPOUND_P = 0.30
ARTICLE_P = 0.10
WESTERN_FIELDS_P = 0.08
SURNAME_FIRST_P = 0.02
TITLE_P = 0.12  # "Haji" for older Afghan men, "Sayed" for Sayed families
ETHIOPIAN_CALENDAR_P = 0.03  # a Ge'ez-calendar year written as if Gregorian
DISPUTED_DOB_P = 0.5  # a disputed age recorded as the disputed side claims it
SEX_FLIP_P = 0.005
HABESHA_SWAP_P = 0.08
NATIONALITY_MISSING_P = 0.01
ORIGIN_MISSING_P = 0.15

ARTICLES = ("al-", "el-", "Al ", "El ", "Al-", "")
# The article, apart ("al-Amin", "El Amin") or joined to a known name ("Elamin").
ARTICLE_RE = re.compile(
    r"^(?:al|el)[- ]|^(?:al|el)(?=(?:amin|nour|nur|tayeb|fatih|sadig|hassan|mahi|"
    r"bashir|tom|sheikh|faki|khalifa)$)",
    re.IGNORECASE,
)
COMPOUND_RE = re.compile(
    r"^(abdel|abdoul|abdul|abdou|abdi|abd al-|abd|gebre|ghebre|welde|wolde|haile|"
    r"tekle|kidane|habte|tesfa|fisseha)(?=\w{3})"
    r"|(?<=\w{3})(ullah|ulla|eldin|uddin|addin|mariam|medhin)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NameParts:
    """The entries behind a person's canonical name, kept while generating."""

    given: NameEntry
    father: NameEntry | None
    grandfather: NameEntry | None
    family: NameEntry | None
    arab: bool  # article prefixes apply to grandfather and family tokens


def split_or_merge(text: str, rng: Random) -> str:
    """Split a compound name at its seam, or merge a two-word name into one."""
    if " " in text:
        first, _, rest = text.partition(" ")
        glue = "-" if rng.random() < 0.2 else ""
        return first + glue + rest[:1].lower() + rest[1:]
    match = COMPOUND_RE.search(text)
    if match is None:
        return text
    at = match.end(1) if match.group(1) else match.start(2)
    left, right = text[:at].rstrip(" -"), text[at:]
    return f"{left} {right[:1].upper()}{right[1:]}"


def article_noise(text: str, rng: Random) -> str:
    """Replace, add or drop the Arabic article on a name token."""
    if not text:
        return text
    bare = ARTICLE_RE.sub("", text)
    bare = bare[:1].upper() + bare[1:]
    prefix = ARTICLES[below(rng, len(ARTICLES))]
    return prefix + bare


def spell_name(
    parts: NameParts,
    speller: Speller,
    rng: Random,
    *,
    native: str,
    afghan: bool,
    title: str = "",
) -> SyntheticName:
    """Return the name as one clerk wrote it, with any title the person gave."""
    given = speller.spell(parts.given, rng)
    if title:
        given = f"{title} {given}"
    father = speller.spell(parts.father, rng) if parts.father else ""
    grandfather = (
        ""
        if afghan or parts.grandfather is None
        else speller.spell(parts.grandfather, rng)
    )
    family = speller.spell(parts.family, rng) if parts.family else ""
    if rng.random() < COMPOUND_P:
        given = split_or_merge(given, rng)
    if father and rng.random() < COMPOUND_P * 0.5:
        father = split_or_merge(father, rng)
    if parts.arab:
        if grandfather and rng.random() < ARTICLE_P:
            grandfather = article_noise(grandfather, rng)
        if family and rng.random() < ARTICLE_P:
            family = article_noise(family, rng)
    if grandfather and rng.random() < SWAP_P:
        father, grandfather = grandfather, father
    if rng.random() < DROP_GRANDFATHER_P:
        grandfather = ""
    if rng.random() < DROP_FATHER_P:
        father = ""
    if rng.random() < DROP_FAMILY_P:
        family = ""
    if family and rng.random() < SURNAME_FIRST_P:
        given, family = family, given
    elif not family and rng.random() < WESTERN_FIELDS_P:
        # A Western form has first / middle / last: the last patronymic lands in "last".
        if grandfather:
            family, grandfather = grandfather, ""
        elif father:
            family, father = father, ""
    return SyntheticName(given, father, grandfather, family, native)


def noisy_dob(
    rng: Random, truth: date | None, precision: DobPrecision
) -> tuple[date | None, DobPrecision]:
    """Return a date of birth as registered, following the §5.2 noise table."""
    if truth is None or precision == "unknown":
        return (
            (None, "unknown")
            if rng.random() < 0.6
            else (_jan1(truth, rng, 2), "estimated")
        )
    point = rng.random()
    if point < 0.45:
        if precision == "exact":
            return truth, "exact"
        return date(truth.year, 1, 1), precision
    if point < 0.70:
        return date(truth.year + one_of(rng, (-1, 0, 1)), 1, 1), "year"
    if point < 0.80:
        shifted = truth.year + one_of(rng, (-2, -1, 1, 2))
        day = min(truth.day, 28) if truth.month == 2 else truth.day
        return date(shifted, truth.month, day), "exact"
    if point < 0.85:
        if truth.day <= 12 and truth.day != truth.month:
            return date(truth.year, truth.day, truth.month), "exact"
        return truth, "exact"
    if point < 0.95:
        return None, "unknown"
    return date(truth.year + one_of(rng, (-4, 4)), 1, 1), "estimated"


def calendar_and_dispute(
    rng: Random,
    person: SyntheticPerson,
    official: bool,
    dob: date | None,
    precision: DobPrecision,
) -> tuple[date | None, DobPrecision]:
    """
    Apply the date errors that depend on who the person is.

    Habesha dates may be copied in Ethiopian-calendar years (7-8 years behind).
    A disputed age is written as the side that disputes it sees it: officials record
    an assessed adult as an adult; a volunteer records a claimed minor as a minor.
    """
    year = PERIOD_START.year
    habesha = dob is not None and person.nationality in ("ER", "ET")
    if habesha and dob is not None and rng.random() < ETHIOPIAN_CALENDAR_P:
        shift = 8 if dob.month < 9 else 7
        day = min(dob.day, 28) if dob.month == 2 else dob.day
        return date(dob.year - shift, dob.month, day), precision
    dispute = person.age_dispute
    if dispute == "none" or rng.random() >= DISPUTED_DOB_P:
        return dob, precision
    if dispute == "assessed_adult" and official:
        return date(year - between(rng, 18, 21), 1, 1), "estimated"
    if dispute == "disputed" and person.child_status == "not_a_child" and not official:
        return date(year - between(rng, 15, 17), 1, 1), "year"
    if dispute == "disputed" and person.child_status != "not_a_child" and official:
        return date(year - between(rng, 18, 20), 1, 1), "estimated"
    return dob, precision


def _jan1(truth: date | None, rng: Random, spread: int) -> date | None:
    if truth is None:
        return None
    return date(truth.year + between(rng, -spread, spread), 1, 1)


def registration_times(rng: Random, count: int) -> list[datetime]:
    """Return ``count`` registration times in the period, in order."""
    times = [
        PERIOD_START
        + timedelta(days=below(rng, PERIOD_DAYS), seconds=below(rng, WORKDAY_SECONDS))
        for _ in range(count)
    ]
    return sorted(times)


@dataclass(frozen=True, slots=True)
class RegistrationContext:
    """What one registration needs beyond the person: clerk, place, spellings."""

    clerk: Clerk
    speller: Speller
    location_key: str
    origin_spellings: tuple[str, ...]
    native_p: float
    afghan: bool
    title: str = ""  # a title the person sometimes gives with their name


def register(
    rng: Random,
    person: SyntheticPerson,
    parts: NameParts,
    context: RegistrationContext,
    *,
    record_id: str,
    registered_at: datetime,
    other_phone: str,
) -> SyntheticRegistration:
    """Return one noisy registration of a person."""
    native = person.name.native_script if rng.random() < context.native_p else ""
    name = spell_name(
        parts,
        context.speller,
        rng,
        native=native,
        afghan=context.afghan,
        title=context.title if context.title and rng.random() < TITLE_P else "",
    )
    dob, precision = noisy_dob(rng, person.date_of_birth, person.dob_precision)
    official = context.clerk.source.kind == "state_authority"
    dob, precision = calendar_and_dispute(rng, person, official, dob, precision)
    sex = person.sex
    if rng.random() < SEX_FLIP_P:
        sex = "F" if sex == "M" else "M"
    nationality = person.nationality
    if nationality in ("ER", "ET") and rng.random() < HABESHA_SWAP_P:
        nationality = "ET" if nationality == "ER" else "ER"
    if rng.random() < NATIONALITY_MISSING_P:
        nationality = ""
    origin = ""
    if context.origin_spellings and rng.random() >= ORIGIN_MISSING_P:
        spellings = context.origin_spellings
        origin = (
            spellings[0]
            if rng.random() < 0.5
            else spellings[below(rng, len(spellings))]
        )
    phone = person.phone
    point = rng.random()
    if point < 0.2:
        phone = ""
    elif point < 0.35:
        phone = other_phone
    return SyntheticRegistration(
        record_id=record_id,
        person_key=person.person_key,
        source=context.clerk.source.kind,
        source_name=context.clerk.source.name,
        name=name,
        sex=sex,
        date_of_birth=dob,
        dob_precision=precision,
        nationality=nationality,
        place_of_origin=origin,
        phone=phone,
        registered_at=registered_at,
        registered_by=context.clerk.pseudonym,
        location_key=context.location_key,
        clerk_style=context.speller.style,
    )


class RecordIds:
    """Unique, random-looking record ids: a keyed bijection of a counter on 40 bits."""

    MASK = (1 << 40) - 1

    def __init__(self, seed: int) -> None:
        self._key = (seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & self.MASK
        self._next = 0

    def next(self) -> str:
        """Return the next record id."""
        x = (self._next + self._key) & self.MASK
        self._next += 1
        x = (x * 0x5DEECE66D + 0xB) & self.MASK
        x ^= x >> 19
        x = (x * 0x2545F4914F) & self.MASK  # odd, so invertible modulo 2**40
        x ^= x >> 23
        return f"R{x:010x}"
