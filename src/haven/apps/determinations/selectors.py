"""
Reads for determinations: the facts a person's record gives, their history, and the
tracker of open Dublin requests with deadlines computed by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from haven.apps.determinations.models import Determination, DublinRequest
from haven.apps.people.models import Person, Registration, Relationship
from haven.engines.kernel import Deadline
from haven.engines.responsibility import KNOWN_STATES, Request, reply_deadline

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
# A separated child is without the adult responsible for them by law or practice:
# an unaccompanied minor under Dublin III Art 2(j).
_UNACCOMPANIED: dict[str, bool] = {
    Person.ChildStatus.UNACCOMPANIED: True,
    Person.ChildStatus.SEPARATED: True,
    Person.ChildStatus.ACCOMPANIED: False,
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


def _request_facts(request: DublinRequest) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "type": request.kind,
        "requesting_state": request.requesting_state,
        "requested_state": request.requested_state,
        "sent": request.sent.isoformat(),
    }
    if request.urgent:
        facts["urgent"] = True
    if request.eurodac_hit:
        facts["eurodac_hit"] = True
    if request.reply and request.reply_date is not None:
        facts["reply"] = {
            "date": request.reply_date.isoformat(),
            "decision": request.reply,
        }
    return facts


def determination_facts_from_record(*, person: Person) -> dict[str, Any]:
    """
    Return the responsibility facts the person's record gives, as facts JSON.

    Nationality, date of birth and child status make the applicant; registrations by
    a state authority are applications, the latest registration is where the person
    is present; relatives are family members in the state they were registered in;
    Dublin requests already sent are requests. What the record does not know is left
    out, so the engine asks for it.
    """
    person = (
        Person.objects.select_related("housed_at")
        .prefetch_related("registrations__location", "dublin_requests")
        .get(pk=person.pk)
    )
    applicant: dict[str, Any] = {}
    if person.date_of_birth is not None:
        applicant["date_of_birth"] = person.date_of_birth.isoformat()
    if person.nationalities:
        applicant["nationality"] = person.nationalities[0]
    unaccompanied = _UNACCOMPANIED.get(person.child_status)
    if unaccompanied is not None:
        applicant["unaccompanied"] = unaccompanied
    elif person.child_status == Person.ChildStatus.NOT_A_CHILD and (
        person.date_of_birth is not None
    ):
        applicant["unaccompanied"] = False
    facts: dict[str, Any] = {"case_id": person.registration_number}
    facts["applicant"] = applicant
    applications = []
    for registration in person.registrations.all():
        if (
            registration.source_kind == Registration.SourceKind.STATE_AUTHORITY
            and registration.location is not None
            and registration.location.country in KNOWN_STATES
        ):
            applications.append(
                {
                    "state": registration.location.country,
                    "date": timezone.localdate(registration.registered_at).isoformat(),
                }
            )
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
        for item in person.dublin_requests.all()
        if item.status != DublinRequest.Status.WITHDRAWN
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
    if person.child_status != Person.ChildStatus.NOT_A_CHILD and camp_days:
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
class TrackedRequest:
    """An open request with the reply deadline the engine gives it."""

    request: DublinRequest
    deadline: Deadline
    days_left: int
    overdue: bool


def request_reply_deadline(request: DublinRequest) -> Deadline:
    """Return the engine's reply deadline for a stored request."""
    return reply_deadline(
        Request(
            request.kind,
            request.requesting_state,
            request.requested_state,
            request.sent,
            urgent=request.urgent,
            eurodac_hit=request.eurodac_hit,
        ),
        regime=request.regime,
    )


def dublin_request_tracker(
    *, today: date, within: Q | None = None
) -> list[TrackedRequest]:
    """
    Return every open request with its next deadline, most urgent first.

    ``within`` keeps the requests the reader may see (the access policy's scope).

    A request past its reply deadline is overdue: the requested state's silence is
    acceptance (Dublin III Arts 22(7) and 25(2); AMMR Arts 40(2) and 41(2)).
    """
    tracked = []
    open_requests = DublinRequest.objects.filter(
        status=DublinRequest.Status.OPEN
    ).select_related("person")
    if within is not None:
        open_requests = open_requests.filter(within)
    for request in open_requests:
        deadline = request_reply_deadline(request)
        days_left = (deadline.due - today).days
        tracked.append(TrackedRequest(request, deadline, days_left, days_left < 0))
    tracked.sort(
        key=lambda item: (item.deadline.due, item.request.sent, item.request.pk)
    )
    return tracked


def dublin_request_list(*, person: Person) -> QuerySet[DublinRequest]:
    """Return the person's requests, oldest first."""
    return DublinRequest.objects.filter(person=person)


def dublin_request_get(*, pk: int) -> DublinRequest | None:
    """Return one request, or ``None``."""
    return DublinRequest.objects.select_related("person").filter(pk=pk).first()
