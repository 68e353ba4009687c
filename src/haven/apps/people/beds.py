"""
Give people beds in reception centres, never more than the beds there are.

A bed is a scarce thing: two caseworkers booking the last bed at the same moment
must not both succeed. Each assignment locks the rows it decides on
(``haven.apps.operations.locking``) and the ``Bed`` constraints refuse a bed
booked twice or a person in two beds, so the rule holds on SQLite and PostgreSQL
under any number of concurrent requests.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F

from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.operations.locking import for_update
from haven.apps.people.models import Bed, Location, Person, PersonEvent


def beds_ensure(*, location: Location) -> None:
    """Create the beds a place is missing, numbered 1 to its capacity."""
    with transaction.atomic():
        existing = set(
            Bed.objects.filter(location=location).values_list("number", flat=True)
        )
        Bed.objects.bulk_create(
            [
                Bed(location=location, number=number)
                for number in range(1, location.capacity + 1)
                if number not in existing
            ],
            ignore_conflicts=True,
        )


def bed_assign(
    *,
    location: Location,
    person: Person,
    actor: Actor,
    now: datetime,
    number: int | None = None,
) -> Bed:
    """
    Give ``person`` bed ``number`` of ``location``, or its first free bed.

    Raise ConflictError when the bed is taken, no bed is free, or the person already
    holds a bed (release it first); nothing changes then.
    """
    if location.capacity < 1:
        raise InvalidInputError(
            "this place has no beds",
            field_errors={"location": [f"{location.key} has a capacity of 0"]},
        )
    if number is not None and not 1 <= number <= location.capacity:
        raise InvalidInputError(
            "there is no such bed",
            field_errors={"number": [f"choose a bed from 1 to {location.capacity}"]},
        )
    try:
        with transaction.atomic():
            beds_ensure(location=location)
            holder = for_update(Person.objects.filter(pk=person.pk)).first()
            if holder is None:
                raise InvalidInputError(
                    "no such person",
                    field_errors={"person": ["no person with this id"]},
                )
            held = Bed.objects.filter(person=holder).select_related("location").first()
            if held is not None:
                raise ConflictError(
                    "this person already holds a bed; release it first",
                    field_errors={
                        "person": [f"holds bed {held.number} at {held.location.key}"]
                    },
                    code="bed_already_held",
                )
            free = Bed.objects.filter(
                location=location,
                person__isnull=True,
                number__lte=location.capacity,
            ).order_by("number")
            if number is not None:
                bed = for_update(free.filter(number=number)).first()
                if bed is None:
                    raise ConflictError(
                        "this bed is taken; nothing was changed",
                        field_errors={"number": [f"bed {number} is taken"]},
                        code="bed_taken",
                    )
            else:
                bed = for_update(free, skip_locked=True).first()
                if bed is None:
                    raise ConflictError(
                        "no bed is free in this place; nothing was changed",
                        field_errors={"location": ["every bed is taken"]},
                        code="no_free_bed",
                    )
            # The conditional update is the second line behind the lock.
            taken = Bed.objects.filter(pk=bed.pk, person__isnull=True).update(
                person=holder, assigned_at=now
            )
            if taken != 1:
                raise ConflictError(
                    "this bed is taken; nothing was changed",
                    field_errors={"number": [f"bed {bed.number} is taken"]},
                    code="bed_taken",
                )
            Person.objects.filter(pk=holder.pk).update(
                housed_at=location, version=F("version") + 1, updated_at=now
            )
            PersonEvent.objects.create(
                person=holder,
                at=now,
                actor=actor.name,
                action="bed assigned",
                fields=["housed_at"],
                detail=f"{location.key} bed {bed.number}"[:300],
            )
            bed.refresh_from_db()
    except IntegrityError as error:
        raise ConflictError(
            "this bed or this person was booked at the same moment; "
            "nothing was changed",
            code="bed_taken",
        ) from error
    return bed


def bed_release(*, person: Person, actor: Actor, now: datetime) -> Bed:
    """Free the bed ``person`` holds; raise ConflictError when they hold none."""
    with transaction.atomic():
        bed = (
            for_update(Bed.objects.filter(person_id=person.pk))
            .select_related("location")
            .first()
        )
        if bed is None:
            raise ConflictError("this person holds no bed", code="no_bed_held")
        Bed.objects.filter(pk=bed.pk).update(person=None, assigned_at=None)
        Person.objects.filter(pk=person.pk).update(
            housed_at=None, version=F("version") + 1, updated_at=now
        )
        PersonEvent.objects.create(
            person_id=person.pk,
            at=now,
            actor=actor.name,
            action="bed released",
            fields=["housed_at"],
            detail=f"{bed.location.key} bed {bed.number}"[:300],
        )
        bed.refresh_from_db()
    return bed
