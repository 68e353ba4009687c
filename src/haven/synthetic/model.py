"""
The values a generated camp is made of.

These mirror what a registration clerk records, not the database schema: the
``people`` app turns them into rows. Each ``SyntheticRegistration`` is one registration
event of one person, spelled the way that clerk spelled it; the true identity behind
it (``person_key``) is ground truth that matchers must never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

DobPrecision = Literal["exact", "year", "estimated", "unknown"]
AgeDispute = Literal["none", "disputed", "assessed_adult", "assessed_minor"]
ChildStatus = Literal["accompanied", "separated", "unaccompanied", "not_a_child"]
Relation = Literal[
    "parent",
    "child",
    "sibling",
    "spouse",
    "uncle_aunt",
    "nephew_niece",
    "cousin",
    "grandparent",
    "grandchild",
]
SourceKind = Literal["state_authority", "ngo_census", "relative_declared"]
LocationKind = Literal["camp", "sector", "centre", "city"]


@dataclass(frozen=True, slots=True)
class SyntheticName:
    """A name as one clerk wrote it: Latin fields plus the original script, if any."""

    given_name: str
    father_name: str = ""
    grandfather_name: str = ""
    family_name: str = ""
    native_script: str = ""  # the whole name in its own script, e.g. Arabic or Ge'ez


@dataclass(frozen=True, slots=True)
class SyntheticLocation:
    """A camp, a sector inside it, a reception centre, or a city abroad."""

    key: str
    name: str
    kind: LocationKind
    parent_key: str = ""
    country: str = "FR"  # ISO 3166-1 alpha-2
    capacity: int = 0  # beds; 0 for places that do not house people (cities)


@dataclass(frozen=True, slots=True)
class SyntheticVulnerability:
    """One recorded specific need (UNHCR code) or trafficking indicator."""

    code: str  # e.g. "CR-LO" (unaccompanied child), "SM-MI" (medical), "TR-IND-3"
    recorded_on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    """One real (synthetic) individual: their true identity and facts."""

    person_key: str  # ground truth identity; stable for a seed
    name: SyntheticName  # canonical spelling
    sex: Literal["M", "F"]
    date_of_birth: date | None
    dob_precision: DobPrecision
    age_dispute: AgeDispute
    nationality: str  # ISO 3166-1 alpha-2: SD, ER, ET, AF, SY, IQ, SO
    languages: tuple[str, ...]  # ISO 639-1/-3 codes: ar, ti, am, ps, fa, ku, so
    place_of_origin: str
    phone: str
    household_key: str
    child_status: ChildStatus
    housed_at: str  # location key, "" when without housing
    vulnerabilities: tuple[SyntheticVulnerability, ...] = ()
    consent_tracing: bool = True
    lives_abroad: bool = False  # a relative living in the UK or another state
    abroad_city: str = ""  # location key of the city, for relatives abroad


@dataclass(frozen=True, slots=True)
class SyntheticRelationship:
    """A family link between two people: ``from_key`` is ``relation`` of ``to_key``."""

    from_key: str
    to_key: str
    relation: Relation


@dataclass(frozen=True, slots=True)
class SyntheticRegistration:
    """One registration event of one person, spelled as that registry spelled it."""

    record_id: str  # unique across the camp, stable for a seed
    person_key: str  # ground truth: never read by a matcher
    source: SourceKind
    source_name: str  # e.g. "Préfecture du Pas-de-Calais", "Help Refugees census"
    name: SyntheticName
    sex: Literal["M", "F"]
    date_of_birth: date | None
    dob_precision: DobPrecision
    nationality: str
    place_of_origin: str
    phone: str
    registered_at: datetime  # timezone-aware, UTC
    registered_by: str  # clerk pseudonym
    location_key: str
    clerk_style: str  # "en", "fr", "it", "so": the spelling habit applied


@dataclass(frozen=True, slots=True)
class PlantedTwin:
    """One resident registered again as a new person: ground truth for scans."""

    person_key: str
    twin_key: str
    record_id: str
    copied_from: str  # the person's own registration the second clerk's differs from
    source_name: str
    variations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SyntheticCamp:
    """A whole generated camp: places, people, families and registrations."""

    seed: int
    generator_version: str
    locations: tuple[SyntheticLocation, ...]
    people: tuple[SyntheticPerson, ...]
    relationships: tuple[SyntheticRelationship, ...]
    registrations: tuple[SyntheticRegistration, ...]
    metadata: dict[str, str] = field(default_factory=dict)
    # Ground truth of planted second registrations (``haven.synthetic.twins``):
    # (person_key, twin person_key, twin record_id, what the second clerk changed).
    planted_twins: tuple[PlantedTwin, ...] = ()
