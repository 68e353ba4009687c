"""
Register and edit people. Every function is one transaction: all or nothing.

The clock is read by the caller and passed in as ``now``, so that imports and tests
can set it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.db.models import F

from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.codes import NEED_CODE_BY_CODE
from haven.apps.people.inputs import (
    FamilyMemberInput,
    NameInput,
    PersonInput,
    Problems,
    RegistrationInput,
    validate_person,
    validate_registration,
)
from haven.apps.people.models import (
    Consent,
    Household,
    Location,
    NameKey,
    Person,
    PersonEvent,
    PersonName,
    Registration,
    Relationship,
    Vulnerability,
)
from haven.engines.linkage import search_keys

INVERSE_RELATION: dict[str, str] = {
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

# Fields a caseworker may change through person_update.
EDITABLE_FIELDS: tuple[str, ...] = (
    "given_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "name_native",
    "sex",
    "date_of_birth",
    "dob_precision",
    "age_dispute",
    "nationalities",
    "languages",
    "phone",
    "place_of_origin",
    "child_status",
)


@lru_cache(maxsize=65_536)
def _part_keys(part: str) -> frozenset[str]:
    # Names repeat across a camp (a few thousand distinct parts for thousands of
    # people), so caching the pure key function makes bulk loads several times faster.
    return frozenset(search_keys(part))


def person_keys(names: Iterable[NameInput]) -> set[str]:
    """Return the search keys of every part of every name."""
    keys: set[str] = set()
    for name in names:
        for part in name.parts_and_native():
            if part:
                keys |= _part_keys(part)
    return keys


def _person_names(person: Person) -> list[NameInput]:
    names = [
        NameInput(
            person.given_name,
            person.father_name,
            person.grandfather_name,
            person.family_name,
            person.name_native,
        )
    ]
    names += [
        NameInput(
            n.given_name, n.father_name, n.grandfather_name, n.family_name, n.native
        )
        for n in person.names.all()
    ]
    return names


def person_reindex(*, person: Person) -> None:
    """Rebuild the search keys of a person from all the spellings of their names."""
    wanted = person_keys(_person_names(person))
    existing = set(person.name_keys.values_list("key", flat=True))
    person.name_keys.filter(key__in=existing - wanted).delete()
    NameKey.objects.bulk_create(
        [NameKey(person=person, key=k) for k in wanted - existing]
    )


def priority_of(codes: Iterable[str], child_status: str) -> int:
    """Return the priority (0–3) that a person's needs and child status give."""
    priority = max(
        (NEED_CODE_BY_CODE[c].priority for c in codes if c in NEED_CODE_BY_CODE),
        default=0,
    )
    if child_status in (Person.ChildStatus.UNACCOMPANIED, Person.ChildStatus.SEPARATED):
        priority = max(priority, Person.Priority.HIGH)
    return priority


def _spelling_add(person: Person, name: NameInput, source: str) -> NameInput | None:
    """Store one more spelling of a person's name; return it as stored, if any."""
    name = name.cleaned()
    if name.is_empty():
        return None
    PersonName.objects.get_or_create(
        person=person,
        given_name=name.given_name,
        father_name=name.father_name,
        grandfather_name=name.grandfather_name,
        family_name=name.family_name,
        native=name.native,
        defaults={"source": source[:120]},
    )
    return name


def _location_get(key: str, problems: Problems, path: str) -> Location | None:
    if not key:
        return None
    location = Location.objects.filter(key=key).first()
    if location is None:
        problems.add(path, f"no location with key {key!r}")
    return location


def _person_create(
    data: PersonInput,
    registration: RegistrationInput,
    *,
    location: Location | None,
    household: Household | None,
    actor: Actor,
    now: datetime,
) -> Person:
    name = data.name.cleaned()
    person = Person.objects.create(
        registration_number=f"tmp-{uuid.uuid4().hex[:20]}",
        given_name=name.given_name,
        father_name=name.father_name,
        grandfather_name=name.grandfather_name,
        family_name=name.family_name,
        name_native=name.native,
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        dob_precision=data.dob_precision
        if data.date_of_birth
        else Person.DobPrecision.UNKNOWN,
        age_dispute=data.age_dispute,
        nationalities=list(dict.fromkeys(data.nationalities)),
        languages=list(dict.fromkeys(data.languages)),
        phone=data.phone.strip(),
        place_of_origin=data.place_of_origin.strip(),
        household=household,
        child_status=data.child_status,
        housed_at=location if location and location.capacity > 0 else None,
        priority=priority_of(data.needs, data.child_status),
        agency=actor.agency,
        team=actor.team,
        owner_id=actor.user_id,
    )
    person.registration_number = f"HVN-{person.pk:07d}"
    person.save(update_fields=["registration_number"])
    names = [name]
    for spelling in data.other_spellings:
        stored = _spelling_add(person, spelling, registration.source_name)
        if stored is not None:
            names.append(stored)
    _registration_create(person, registration, name, data, location, actor)
    for code in dict.fromkeys(data.needs):
        Vulnerability.objects.create(
            person=person, code=code, recorded_at=now, recorded_by=actor.name
        )
    if data.consent_tracing:
        Consent.objects.create(
            person=person,
            purpose=Consent.Purpose.TRACING,
            given_at=now,
            given_by_recorder=actor.name,
        )
    # A new person has no search keys yet: index the names just stored, without
    # reading them back (person_reindex does that for a person who changes).
    NameKey.objects.bulk_create(
        [NameKey(person=person, key=key) for key in sorted(person_keys(names))]
    )
    PersonEvent.objects.create(
        person=person,
        at=now,
        actor=actor.name,
        action="registered",
        detail=registration.source_name[:300],
    )
    _audit(actor, "person.register", person.pk)
    if registration.asylum_lodged_on is not None:
        # Lodging an application starts the Dublin clocks: its own audited act.
        _audit(actor, "person.asylum_lodge", person.pk)
    return person


# Roles whose staff work for a state authority: what they register is the state's.
# Everyone else registers for their own agency, as an NGO census.
STATE_ROLES = frozenset({"registration_clerk", "dublin_officer", "government_liaison"})


def registration_source_for(actor: Actor) -> tuple[str, str]:
    """
    Return the registration source a member of staff starts from: their own agency,
    as a state authority for state roles and as an NGO census for anyone else.

    The source never lodges an asylum application by itself (``asylum_lodged_on``).
    """
    kind = (
        Registration.SourceKind.STATE_AUTHORITY
        if actor.role in STATE_ROLES
        else Registration.SourceKind.NGO_CENSUS
    )
    return str(kind), actor.agency


def _audit(actor: Actor, action: str, person_id: int) -> None:
    audit_record(
        action=action,
        actor_id=actor.user_id,
        actor_name=actor.name,
        object_type="person",
        object_id=person_id,
    )


def _registration_create(
    person: Person,
    registration: RegistrationInput,
    name: NameInput,
    data: PersonInput,
    location: Location | None,
    actor: Actor,
) -> Registration:
    return Registration.objects.create(
        person=person,
        source_kind=registration.source_kind,
        source_name=registration.source_name.strip(),
        external_id=registration.external_id or uuid.uuid4().hex,
        location=location,
        registered_at=registration.registered_at,
        registered_by=registration.registered_by.strip(),
        recorded_by_id=actor.user_id,
        given_name=name.given_name,
        father_name=name.father_name,
        grandfather_name=name.grandfather_name,
        family_name=name.family_name,
        name_native=name.native,
        sex=data.sex,
        date_of_birth=data.date_of_birth,
        dob_precision=data.dob_precision,
        nationality=data.nationalities[0] if data.nationalities else "",
        phone=data.phone,
        place_of_origin=data.place_of_origin,
        asylum_lodged_on=registration.asylum_lodged_on,
    )


def person_register(
    *, person: PersonInput, registration: RegistrationInput, actor: Actor, now: datetime
) -> Person:
    """Register one person alone; raise InvalidInputError naming every bad field."""
    return family_register(
        members=[FamilyMemberInput(person=person, relation_to_head="head")],
        registration=registration,
        actor=actor,
        now=now,
        household_for_one=False,
    )[0]


def family_register(
    *,
    members: Sequence[FamilyMemberInput],
    registration: RegistrationInput,
    actor: Actor,
    now: datetime,
    household_for_one: bool = True,
) -> list[Person]:
    """
    Register a family in one transaction and return its members, head first.

    The first member is the head; every other member's relation to the head is
    recorded both ways, and children of the head are recorded as siblings.
    """
    problems = Problems()
    if not members:
        problems.add("members", "register at least one person")
    for index, member in enumerate(members):
        validate_person(
            member.person,
            today=now.date(),
            problems=problems,
            prefix=f"members[{index}].",
            status_on=registration.registered_at.date(),
        )
        expected_head = index == 0
        if (member.relation_to_head == "head") != expected_head:
            problems.add(
                f"members[{index}].relation_to_head",
                "the first member is the head"
                if expected_head
                else "only the first member is the head",
            )
        elif not expected_head and member.relation_to_head not in INVERSE_RELATION:
            problems.add(
                f"members[{index}].relation_to_head",
                f"unknown relation {member.relation_to_head!r}",
            )
    validate_registration(registration, now=now, problems=problems)
    if problems:
        raise InvalidInputError(
            "the registration was not saved", field_errors=problems.by_field
        )
    try:
        with transaction.atomic():
            location = _location_get(
                registration.location_key, problems, "registration.location_key"
            )
            if problems:
                raise InvalidInputError(
                    "the registration was not saved", field_errors=problems.by_field
                )
            household = None
            if len(members) > 1 or household_for_one:
                household = Household.objects.create(
                    reference=f"tmp-{uuid.uuid4().hex[:20]}", location=location
                )
                household.reference = f"HH-{household.pk:06d}"
                household.save(update_fields=["reference"])
            people: list[Person] = []
            for index, member in enumerate(members):
                reg = registration
                if registration.external_id and len(members) > 1:
                    reg = RegistrationInput(
                        source_kind=registration.source_kind,
                        source_name=registration.source_name,
                        registered_at=registration.registered_at,
                        registered_by=registration.registered_by,
                        location_key=registration.location_key,
                        external_id=f"{registration.external_id}/{index}",
                    )
                people.append(
                    _person_create(
                        member.person,
                        reg,
                        location=location,
                        household=household,
                        actor=actor,
                        now=now,
                    )
                )
            head = people[0]
            children = []
            for member, person in zip(members[1:], people[1:], strict=True):
                relationship_add(
                    person=person, relative=head, relation=member.relation_to_head
                )
                if member.relation_to_head == "child":
                    children.append(person)
            for i, first in enumerate(children):
                for second in children[i + 1 :]:
                    relationship_add(person=first, relative=second, relation="sibling")
    except IntegrityError as error:
        raise ConflictError(
            "the registration was not saved: it conflicts with one already stored",
            field_errors={"registration.external_id": [str(error)]},
        ) from error
    return people


def relationship_add(*, person: Person, relative: Person, relation: str) -> None:
    """Record that ``person`` is ``relation`` of ``relative``, and the inverse."""
    if relation not in INVERSE_RELATION:
        raise InvalidInputError(
            "relation", field_errors={"relation": [f"unknown relation {relation!r}"]}
        )
    if person.pk == relative.pk:
        raise InvalidInputError(
            "relation",
            field_errors={"relative": ["a person cannot be their own relative"]},
        )
    with transaction.atomic():
        Relationship.objects.get_or_create(
            person=person, relative=relative, relation=relation
        )
        Relationship.objects.get_or_create(
            person=relative, relative=person, relation=INVERSE_RELATION[relation]
        )


def person_update(
    *,
    person: Person,
    expected_version: int,
    data: PersonInput,
    actor: Actor,
    now: datetime,
) -> Person:
    """
    Save new values for a person if nobody changed it since ``expected_version``.

    A stale version raises ConflictError and changes nothing. The old spelling of
    the name is kept as another spelling, so the person is still found by it.
    """
    problems = Problems()
    first = person.registrations.order_by("registered_at").first()
    validate_person(
        data,
        today=now.date(),
        problems=problems,
        status_on=first.registered_at.date() if first else now.date(),
    )
    if problems:
        raise InvalidInputError(
            "the changes were not saved", field_errors=problems.by_field
        )
    name = data.name.cleaned()
    new_values = {
        "given_name": name.given_name,
        "father_name": name.father_name,
        "grandfather_name": name.grandfather_name,
        "family_name": name.family_name,
        "name_native": name.native,
        "sex": data.sex,
        "date_of_birth": data.date_of_birth,
        "dob_precision": data.dob_precision
        if data.date_of_birth
        else Person.DobPrecision.UNKNOWN,
        "age_dispute": data.age_dispute,
        "nationalities": list(dict.fromkeys(data.nationalities)),
        "languages": list(dict.fromkeys(data.languages)),
        "phone": data.phone.strip(),
        "place_of_origin": data.place_of_origin.strip(),
        "child_status": data.child_status,
    }
    with transaction.atomic():
        current = Person.objects.select_for_update().get(pk=person.pk)
        changed = [f for f, v in new_values.items() if getattr(current, f) != v]
        if not changed:
            return current
        updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
            version=F("version") + 1, updated_at=now, **new_values
        )
        if updated != 1:
            raise ConflictError(
                "this person was changed by someone else since you opened the page; "
                "nothing was saved",
                field_errors={
                    "version": [f"expected {expected_version}, found {current.version}"]
                },
            )
        old_name = NameInput(
            current.given_name,
            current.father_name,
            current.grandfather_name,
            current.family_name,
            current.name_native,
        )
        if any(
            f in changed
            for f in (
                "given_name",
                "father_name",
                "grandfather_name",
                "family_name",
                "name_native",
            )
        ):
            _spelling_add(current, old_name, "earlier spelling")
        current.refresh_from_db()
        codes = current.vulnerabilities.filter(active=True).values_list(
            "code", flat=True
        )
        current.priority = priority_of(codes, current.child_status)
        current.save(update_fields=["priority"])
        person_reindex(person=current)
        PersonEvent.objects.create(
            person=current, at=now, actor=actor.name, action="updated", fields=changed
        )
        _audit(actor, "person.update", current.pk)
    return current


def vulnerability_record(
    *, person: Person, code: str, note: str, actor: Actor, now: datetime
) -> Vulnerability:
    """Record a specific need and raise the person's priority to match."""
    if code not in NEED_CODE_BY_CODE:
        raise InvalidInputError(
            "the need was not saved",
            field_errors={"code": [f"unknown specific-needs code {code!r}"]},
        )
    with transaction.atomic():
        need = Vulnerability.objects.create(
            person=person, code=code, note=note, recorded_at=now, recorded_by=actor.name
        )
        codes = person.vulnerabilities.filter(active=True).values_list(
            "code", flat=True
        )
        Person.objects.filter(pk=person.pk).update(
            priority=priority_of(codes, person.child_status), version=F("version") + 1
        )
        PersonEvent.objects.create(
            person=person,
            at=now,
            actor=actor.name,
            action="need recorded",
            fields=["vulnerabilities"],
            detail=code,
        )
        _audit(actor, "person.need_record", person.pk)
    return need


def consent_give(
    *, person: Person, purpose: str, recipient: str, actor: Actor, now: datetime
) -> Consent:
    """Record consent for a purpose (and a named recipient, for sharing)."""
    problems = Problems()
    if purpose not in Consent.Purpose.values:
        problems.add("purpose", f"unknown purpose {purpose!r}")
    if purpose == Consent.Purpose.SHARING and not recipient.strip():
        problems.add("recipient", "name who the data may be shared with")
    if problems:
        raise InvalidInputError(
            "the consent was not saved", field_errors=problems.by_field
        )
    with transaction.atomic():
        consent = Consent.objects.create(
            person=person,
            purpose=purpose,
            recipient=recipient.strip(),
            given_at=now,
            given_by_recorder=actor.name,
        )
        PersonEvent.objects.create(
            person=person,
            at=now,
            actor=actor.name,
            action="consent given",
            detail=purpose,
        )
        _audit(actor, "person.consent_give", person.pk)
    return consent


def consent_withdraw(*, consent: Consent, actor: Actor, now: datetime) -> Consent:
    """Withdraw a consent; the record stays as history."""
    with transaction.atomic():
        updated = Consent.objects.filter(
            pk=consent.pk, withdrawn_at__isnull=True
        ).update(withdrawn_at=now, withdrawn_by_recorder=actor.name)
        if updated != 1:
            raise ConflictError("this consent was already withdrawn")
        PersonEvent.objects.create(
            person_id=consent.person_id,
            at=now,
            actor=actor.name,
            action="consent withdrawn",
            detail=consent.purpose,
        )
        _audit(actor, "person.consent_withdraw", consent.person_id)
        consent.refresh_from_db()
    return consent


def person_void(
    *, person: Person, reason: str, note: str, actor: Actor, now: datetime
) -> Person:
    """
    Void a record registered in error or as a duplicate: it leaves lists, search
    and counts, and is kept whole, audited and restorable.
    """
    if reason not in Person.VoidReason.values:
        raise InvalidInputError(
            "the record was not voided",
            field_errors={"reason": ["choose why the record is void"]},
        )
    with transaction.atomic():
        updated = Person.objects.filter(
            pk=person.pk, voided_at__isnull=True, erased_at__isnull=True
        ).update(
            voided_at=now,
            void_reason=reason,
            void_note=note.strip(),
            version=F("version") + 1,
        )
        if updated != 1:
            raise ConflictError("this record is already voided or erased")
        PersonEvent.objects.create(
            person=person, at=now, actor=actor.name, action="voided", detail=reason
        )
        _audit(actor, "person.void", person.pk)
    person.refresh_from_db()
    return person


def person_restore(*, person: Person, actor: Actor, now: datetime) -> Person:
    """Bring a voided record back into lists, search and counts."""
    with transaction.atomic():
        updated = Person.objects.filter(pk=person.pk, voided_at__isnull=False).update(
            voided_at=None, void_reason="", void_note="", version=F("version") + 1
        )
        if updated != 1:
            raise ConflictError("this record is not voided")
        PersonEvent.objects.create(
            person=person, at=now, actor=actor.name, action="restored", detail=""
        )
        _audit(actor, "person.restore", person.pk)
    person.refresh_from_db()
    return person
