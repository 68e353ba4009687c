"""Beds: never more people than beds, never a bed twice, never a person in two beds."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.beds import bed_assign, bed_release, beds_ensure
from haven.apps.people.models import Bed, Location, Person
from haven.apps.people.services import person_register
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    return Location.objects.create(
        key="cao-lille", name="CAO Lille", kind="centre", country="FR", capacity=3
    )


def _people(n):
    return [
        person_register(
            person=person_input(),
            registration=registration_input(external_id=f"b-{i}"),
            actor=ACTOR,
            now=NOW,
        )
        for i in range(n)
    ]


def test_a_place_has_exactly_its_capacity_in_beds(centre):
    beds_ensure(location=centre)
    beds_ensure(location=centre)
    assert list(Bed.objects.values_list("number", flat=True)) == [1, 2, 3]


def test_beds_go_first_free_first_until_the_place_is_full(centre):
    people = _people(4)
    numbers = [
        bed_assign(location=centre, person=p, actor=ACTOR, now=NOW).number
        for p in people[:3]
    ]
    assert numbers == [1, 2, 3]
    with pytest.raises(ConflictError) as refused:
        bed_assign(location=centre, person=people[3], actor=ACTOR, now=NOW)
    assert refused.value.code == "no_free_bed"
    assert Bed.objects.filter(person__isnull=False).count() == 3
    assert Person.objects.get(pk=people[3].pk).housed_at is None


def test_a_bed_is_housing_and_a_new_version(centre):
    (person,) = _people(1)
    bed_assign(location=centre, person=person, number=2, actor=ACTOR, now=NOW)
    person.refresh_from_db()
    assert (person.housed_at, person.version) == (centre, 2)
    assert person.events.filter(action="bed assigned").count() == 1


def test_a_person_holds_one_bed_until_it_is_released(centre):
    (person,) = _people(1)
    bed_assign(location=centre, person=person, actor=ACTOR, now=NOW)
    with pytest.raises(ConflictError) as refused:
        bed_assign(location=centre, person=person, actor=ACTOR, now=NOW)
    assert refused.value.code == "bed_already_held"
    freed = bed_release(person=person, actor=ACTOR, now=NOW)
    assert freed.person_id is None
    assert bed_assign(location=centre, person=person, actor=ACTOR, now=NOW).number == 1
    with pytest.raises(ConflictError):
        bed_release(person=_people(1)[0], actor=ACTOR, now=NOW)


def test_a_bed_outside_the_capacity_or_a_place_without_beds_is_refused(centre, camp):
    (person,) = _people(1)
    with pytest.raises(InvalidInputError):
        bed_assign(location=centre, person=person, number=4, actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInputError):
        bed_assign(location=camp[0], person=person, actor=ACTOR, now=NOW)


def test_the_database_refuses_a_bed_twice_or_a_person_in_two_beds(centre):
    first, second = _people(2)
    beds_ensure(location=centre)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bed.objects.create(location=centre, number=1)
    Bed.objects.filter(number=1).update(person=first, assigned_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bed.objects.filter(number=2).update(person=first, assigned_at=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bed.objects.filter(number=2).update(person=second)
    with pytest.raises(IntegrityError), transaction.atomic():
        Bed.objects.create(location=centre, number=0)
