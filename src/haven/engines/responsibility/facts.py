"""
The facts of a case, as frozen values built by :func:`parse_facts`.

Optional booleans are ``None`` when the fact is unknown; a rule that needs an unknown
fact answers "needs information" instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Applicant:
    """The person whose application is determined."""

    date_of_birth: date | None = None
    nationality: str | None = None
    married: bool | None = None
    unaccompanied: bool | None = None
    health_prevents_travel: bool | None = None
    individual_responsible_state: str | None = None
    individual_criterion: str | None = None


@dataclass(frozen=True, slots=True)
class Application:
    """An application for international protection lodged (or registered) in a state."""

    state: str
    date: date
    transit_area: bool = False
    first_instance_decision: bool | None = None
    visa_waived: bool | None = None


@dataclass(frozen=True, slots=True)
class Dependency:
    """An Art 16 / AMMR Art 34 dependency between the applicant and a relation."""

    direction: str
    ground: str
    carer_can_take_care: bool | None = None
    written_consent: bool | None = None


@dataclass(frozen=True, slots=True)
class FamilyMember:
    """A family member, sibling or relative of the applicant."""

    relation: str
    state: str
    status: str | None = None
    legally_present: bool | None = None
    family_existed_in_country_of_origin: bool | None = None
    family_existed_before_arrival: bool | None = None
    date_of_birth: date | None = None
    married: bool | None = None
    first_instance_decision: bool | None = None
    can_take_care: bool | None = None
    written_consent: bool | None = None
    co_applicant: bool = False
    individual_responsible_state: str | None = None
    dependency: Dependency | None = None
    individual_criterion: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A residence document, visa or diploma issued by a state."""

    type: str
    issuing_state: str
    valid_from: date | None = None
    valid_until: date | None = None
    visa_type: str | None = None
    represented_state: str | None = None
    enabled_entry: bool | None = None
    false_identity: bool = False
    fraud_after_issue: bool = False
    study_from: date | None = None
    study_until: date | None = None


@dataclass(frozen=True, slots=True)
class IrregularEntry:
    """An irregular crossing of an external border into a state."""

    state: str
    date: date
    from_third_country: bool = True
    search_and_rescue: bool = False
    tolerated_by_transit_state: bool = False
    evidence: str | None = None


@dataclass(frozen=True, slots=True)
class EurodacHit:
    """A Eurodac hit: the state that stored the data, its category and dates."""

    state: str
    category: int
    taken: date | None = None
    received: date | None = None


@dataclass(frozen=True, slots=True)
class Stay:
    """A continuous stay in a state."""

    state: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class VisaWaivedEntry:
    """An entry into a state where the applicant needed no visa."""

    state: str
    date: date


@dataclass(frozen=True, slots=True)
class Absence:
    """A period spent outside the territory of the Member States."""

    left: date
    returned: date | None = None
    under_return_decision: bool = False


@dataclass(frozen=True, slots=True)
class BestInterests:
    """The result of a best-interests assessment of a minor."""

    assessed_on: date | None = None
    preferred_state: str | None = None
    not_in_best_interests: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TransferBarrier:
    """A state to which transfer is impossible (Art 3(2) / AMMR Art 16(3))."""

    state: str
    ground: str


@dataclass(frozen=True, slots=True)
class Discretion:
    """A state's decision to examine under the sovereignty clause."""

    state: str
    date: date


@dataclass(frozen=True, slots=True)
class Reply:
    """A requested state's reply."""

    date: date
    decision: str


@dataclass(frozen=True, slots=True)
class Request:
    """A take-charge, take-back, re-examination or humanitarian request."""

    type: str
    requesting_state: str
    requested_state: str
    sent: date
    received: date | None = None
    urgent: bool = False
    urgent_reply_by: date | None = None
    eurodac_hit: bool = False
    written_consent: bool | None = None
    reply: Reply | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    """The transfer to a responsible state, with any extension of its time limit."""

    to_state: str
    appeal_final_decision: date | None = None
    carried_out: date | None = None
    extension: str | None = None
    extension_notified: date | None = None


@dataclass(frozen=True, slots=True)
class S67Facts:
    """Facts for the UK s.67 ("Dubs") criteria."""

    criteria_version: str = "calais-2016-11"
    best_interests: bool | None = None
    present_in_calais_camp_on: date | None = None
    arrived_in_europe: date | None = None
    present_in_europe_on: date | None = None
    referred_high_risk_sexual_exploitation: bool | None = None
    accompanying_sibling_eligible: bool | None = None
    family_in_uk: bool | None = None
    transfers_counted: int | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the engine knows about one case."""

    applicant: Applicant
    applications: tuple[Application, ...] = ()
    family_members: tuple[FamilyMember, ...] = ()
    documents: tuple[Document, ...] = ()
    irregular_entries: tuple[IrregularEntry, ...] = ()
    eurodac_hits: tuple[EurodacHit, ...] = ()
    stays: tuple[Stay, ...] = ()
    visa_waived_entries: tuple[VisaWaivedEntry, ...] = ()
    absences: tuple[Absence, ...] = ()
    best_interests: BestInterests | None = None
    transfer_barriers: tuple[TransferBarrier, ...] = ()
    relocated_to: str | None = None
    discretion: tuple[Discretion, ...] = ()
    requests: tuple[Request, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    s67: S67Facts | None = None
    determining_state: str | None = None
    determination_date: date | None = None
    regime: str | None = None
    case_id: str | None = None
