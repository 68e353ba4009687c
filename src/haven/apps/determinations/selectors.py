"""
Reads for determinations: the facts a person's record gives, their history, and
the request a determination pre-fills. The requests themselves and their tracker
are the cases app's (``cases.selectors``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from haven.apps.cases.models import DublinRequest
from haven.apps.determinations.models import Determination
from haven.apps.people.models import Person, Relationship
from haven.apps.people.selectors import child_status_of
from haven.engines.kernel import ChildStatusOn
from haven.engines.responsibility import KNOWN_STATES

# The people app's relations, as the responsibility engine names them; a parent or
# an uncle or aunt is named by sex, which the engine reads the same way.
_RELATIONS: dict[str, tuple[str, str]] = {
    "parent": ("mother", "father"),
    "child": ("child", "child"),
    "sibling": ("sibling", "sibling"),
    "spouse": ("spouse", "spouse"),
    "uncle_aunt": ("aunt", "uncle"),
    "grandparent": ("grandparent", "grandparent"),
    "nephew_niece": ("other", "other"),
    "cousin": ("other", "other"),
    "grandchild": ("other", "other"),
}
_INVERSE: dict[str, str] = {
    "parent": "child",
    "child": "parent",
    "sibling": "sibling",
    "spouse": "spouse",
    "uncle_aunt": "nephew_niece",
    "nephew_niece": "uncle_aunt",
    "cousin": "cousin",
    "grandparent": "grandchild",
    "grandchild": "grandparent",
}


def _state_of(person: Person) -> str | None:
    """Return the state where the person was last registered, or is housed."""
    for registration in sorted(
        person.registrations.all(), key=lambda item: item.registered_at, reverse=True
    ):
        if registration.location is not None:
            country = registration.location.country
            if country in KNOWN_STATES:
                return country
    if person.housed_at is not None and person.housed_at.country in KNOWN_STATES:
        return person.housed_at.country
    return None


def _relatives(person: Person) -> list[tuple[str, Person]]:
    """Return each relative once, with their relation to the person."""
    found: dict[int, tuple[str, Person]] = {}
    rows = Relationship.objects.select_related("person", "relative")
    for row in rows.filter(relative=person).order_by("pk"):
        found.setdefault(row.person_id, (row.relation, row.person))
    for row in rows.filter(person=person).order_by("pk"):
        found.setdefault(row.relative_id, (_INVERSE[row.relation], row.relative))
    return [found[key] for key in sorted(found)]


# The request kinds the responsibility engine reads among the facts.
_ENGINE_KINDS = ("take_charge", "take_back", "re_examination", "humanitarian")
_DECISION = {"accepted": "accepted", "confirmed": "accepted", "refused": "refused"}


def _request_facts(request: DublinRequest) -> dict[str, Any]:
    assert request.sent_on is not None
    facts: dict[str, Any] = {
        "type": request.kind,
        "requesting_state": request.requesting_state,
        "requested_state": request.requested_state,
        "sent": request.sent_on.isoformat(),
    }
    if request.received_on is not None:
        facts["received"] = request.received_on.isoformat()
    if request.urgent:
        facts["urgent"] = True
    if request.eurodac:
        facts["eurodac_hit"] = True
    if request.reply in _DECISION and request.replied_on is not None:
        facts["reply"] = {
            "date": request.replied_on.isoformat(),
            "decision": _DECISION[request.reply],
        }
    return facts


@dataclass(frozen=True, slots=True)
class FrozenStatus:
    """The applicant's child status on the day their first application was lodged."""

    lodged_on: date | None
    status: ChildStatusOn

    @property
    def frozen(self) -> bool:
        """Return whether the status is the first lodging's (not today's)."""
        return self.lodged_on is not None


def _applications(person: Person) -> list[tuple[str, date]]:
    """Return each application lodged (state, day), explicitly recorded as such."""
    return sorted(
        (
            (registration.location.country, registration.asylum_lodged_on)
            for registration in person.registrations.all()
            if registration.asylum_lodged_on is not None
            and registration.location is not None
            and registration.location.country in KNOWN_STATES
        ),
        key=lambda item: (item[1], item[0]),
    )


def applicant_status(person: Person, *, today: date) -> FrozenStatus:
    """
    Return the applicant's child status as the regulation reads it: on the day the
    first application was lodged, which freezes the facts (Dublin III Art 7(2),
    wording UNVERIFIED; AMMR Art 24), or on ``today`` while none is lodged.

    A minor who turns 18 during the procedure is still a minor; a disputed age
    keeps the benefit of the doubt (``haven.engines.kernel.childhood``).
    """
    applications = _applications(person)
    first = min((day for _, day in applications), default=None)
    return FrozenStatus(first, child_status_of(person, on=first or today))


def determination_facts_from_record(
    *, person: Person, today: date | None = None
) -> dict[str, Any]:
    """
    Return the responsibility facts the person's record gives, as facts JSON.

    Nationality, date of birth and the child status on the day the first
    application was lodged make the applicant (``applicant_status``); applications
    are the registrations with an asylum application lodged (an explicit act,
    never the registration's source), the latest registration is where the person
    is present; relatives are family members in the state they were registered in;
    Dublin requests already sent are requests. What the record does not know is
    left out, so the engine asks for it.
    """
    person = (
        Person.objects.select_related("housed_at")
        .prefetch_related("registrations__location")
        .get(pk=person.pk)
    )
    day = today or timezone.localdate()
    frozen = applicant_status(person, today=day)
    applicant: dict[str, Any] = {}
    if person.date_of_birth is not None:
        applicant["date_of_birth"] = person.date_of_birth.isoformat()
    if person.nationalities:
        applicant["nationality"] = person.nationalities[0]
    if frozen.status.is_child:
        applicant["unaccompanied"] = frozen.status.without_responsible_adult
    elif person.date_of_birth is not None or (
        person.age_dispute == Person.AgeDispute.ASSESSED_ADULT
    ):
        applicant["unaccompanied"] = False
    facts: dict[str, Any] = {"case_id": person.registration_number}
    facts["applicant"] = applicant
    applications = [
        {"state": state, "date": lodged.isoformat()}
        for state, lodged in _applications(person)
    ]
    if applications:
        facts["applications"] = applications
    present = _state_of(person)
    if present is not None:
        facts["determining_state"] = present
    members = []
    for relation, relative in _relatives(person):
        state = _state_of(relative)
        if state is None:
            continue
        female, other = _RELATIONS[relation]
        member: dict[str, Any] = {
            "relation": female if relative.sex == Person.Sex.FEMALE else other,
            "state": state,
        }
        if relative.date_of_birth is not None:
            member["date_of_birth"] = relative.date_of_birth.isoformat()
        members.append(member)
    if members:
        facts["family_members"] = members
    requests = [
        _request_facts(item)
        for item in DublinRequest.objects.filter(
            case__person=person, kind__in=_ENGINE_KINDS, sent_on__isnull=False
        )
        .exclude(state=DublinRequest.State.WITHDRAWN)
        .order_by("sent_on", "pk")
    ]
    if requests:
        facts["requests"] = requests
    camp_days = [
        timezone.localdate(registration.registered_at)
        for registration in person.registrations.all()
        if registration.location is not None
        and registration.location.country == "FR"
        and registration.location.kind in ("camp", "sector")
    ]
    # The s.67 facts are the child's presence in the camp; the engine reads the
    # age criteria itself on the day of assessment (UNVERIFIED in the guidance).
    if camp_days and child_status_of(person, on=min(camp_days)).is_child:
        facts["s67"] = {"present_in_calais_camp_on": min(camp_days).isoformat()}
    return facts


def determination_list(*, person: Person) -> QuerySet[Determination]:
    """Return the person's determinations, newest first."""
    return Determination.objects.filter(person=person).select_related("determined_by")


def determination_latest(*, person: Person) -> Determination | None:
    """Return the person's newest determination, if there is one."""
    return determination_list(person=person).first()


def determination_get(*, pk: int) -> Determination | None:
    """Return one determination, or ``None``."""
    return Determination.objects.select_related("person").filter(pk=pk).first()


@dataclass(frozen=True, slots=True)
class RequestPrefill:
    """What a request drafted from a determination starts with."""

    kind: str
    regime: str
    requesting_state: str
    requested_state: str
    legal_basis: str
    lodged_on: date | None
    eurodac_hit_on: date | None

    def initial(self) -> dict[str, object]:
        """Return the prefill as a form's initial values."""
        return {
            "kind": self.kind,
            "requesting_state": self.requesting_state,
            "requested_state": self.requested_state,
            "legal_basis": self.legal_basis,
            "lodged_on": self.lodged_on,
            "eurodac_hit_on": self.eurodac_hit_on,
        }


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def request_prefill(determination: Determination) -> RequestPrefill:
    """
    Return a request pre-filled from a determination: the state it found
    responsible, the article it rests on, the lodging date and the Eurodac hit.

    A person who applied in the responsible state before is taken back; anyone
    else is taken charge of.
    """
    facts = determination.facts
    requested = determination.responsible_state
    requesting = str(facts.get("determining_state") or "")
    applications = [
        (str(item.get("state", "")), _day(item.get("date")))
        for item in facts.get("applications", [])
        if isinstance(item, dict)
    ]
    # The request limits run from the application lodged in the requesting state
    # (Dublin III Arts 20(2), 21(1), 23(2); AMMR Art 39(1)) and from the day the
    # Eurodac hit was received, never from an application elsewhere or the day the
    # fingerprints were taken: what the facts do not give is left for the officer.
    here = [day for state, day in applications if state == requesting and day]
    lodged = min(here) if here else None
    hits = [
        _day(item.get("received"))
        for item in facts.get("eurodac_hits", [])
        if isinstance(item, dict) and item.get("state") == requested
    ]
    hit_days = [day for day in hits if day is not None]
    applied_there = any(state == requested for state, _ in applications)
    return RequestPrefill(
        kind="take_back" if applied_there else "take_charge",
        regime=determination.regime,
        requesting_state=requesting,
        requested_state=requested,
        legal_basis=determination.article,
        lodged_on=lodged,
        eurodac_hit_on=min(hit_days) if hit_days else None,
    )
