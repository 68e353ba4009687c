"""Registration services on a real database."""

from __future__ import annotations

from datetime import date

import pytest

from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.models import Person, PersonEvent, Registration, Relationship
from haven.apps.people.selectors import person_search
from haven.apps.people.services import (
    consent_give,
    consent_withdraw,
    family_register,
    person_register,
    person_update,
    vulnerability_record,
)
from tests.apps.people.builders import (
    ACTOR,
    child_input,
    family,
    person_input,
    registration_input,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_a_family_is_registered_with_relations_both_ways(camp):
    people = family_register(
        members=family(
            (person_input(), "head"),
            (child_input(), "child"),
            (
                child_input(
                    name=child_input().name.__class__("Amna", "Ahmed", "Mohammed"),
                    sex="F",
                ),
                "child",
            ),
        ),
        registration=registration_input(location_key="calais-containers"),
        actor=ACTOR,
        now=NOW,
    )
    head, son, daughter = people
    assert head.household_id == son.household_id == daughter.household_id is not None
    assert Relationship.objects.filter(
        person=son, relative=head, relation="child"
    ).exists()
    assert Relationship.objects.filter(
        person=head, relative=son, relation="parent"
    ).exists()
    assert Relationship.objects.filter(
        person=son, relative=daughter, relation="sibling"
    ).exists()
    assert head.registration_number == f"HVN-{head.pk:07d}"
    assert head.housed_at.key == "calais-containers"


def test_a_bad_member_saves_nothing_of_the_family(camp):
    before = Person.objects.count()
    with pytest.raises(InvalidInputError) as caught:
        family_register(
            members=family((person_input(), "head"), (child_input(sex="Q"), "child")),
            registration=registration_input(),
            actor=ACTOR,
            now=NOW,
        )
    assert "members[1].sex" in caught.value.field_errors
    assert Person.objects.count() == before


def test_an_unknown_location_is_named_and_nothing_is_saved(camp):
    with pytest.raises(InvalidInputError) as caught:
        person_register(
            person=person_input(),
            registration=registration_input(location_key="dunkirk"),
            actor=ACTOR,
            now=NOW,
        )
    assert "registration.location_key" in caught.value.field_errors
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date_of_birth": date(2030, 1, 1)}, "date_of_birth"),
        ({"nationalities": ("ZZ",)}, "nationalities"),
        ({"languages": ("xx",)}, "languages"),
        ({"phone": "call me"}, "phone"),
        (
            {"child_status": "not_a_child", "date_of_birth": date(2005, 1, 1)},
            "child_status",
        ),
        ({"child_status": "unaccompanied"}, "child_status"),
        ({"name": child_input().name.__class__()}, "given_name"),
        ({"needs": ("XX-00",)}, "needs"),
    ],
)
def test_each_wrong_field_is_named(camp, overrides, field):
    with pytest.raises(InvalidInputError) as caught:
        person_register(
            person=person_input(**overrides),
            registration=registration_input(),
            actor=ACTOR,
            now=NOW,
        )
    assert f"members[0].{field}" in caught.value.field_errors


def test_a_disputed_age_allows_a_child_status_for_an_adult_by_documents(camp):
    person = person_register(
        person=person_input(
            date_of_birth=date(1997, 1, 1),
            child_status="unaccompanied",
            age_dispute="disputed",
        ),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )
    assert person.priority == Person.Priority.HIGH


def test_an_arabic_script_name_is_found_by_latin_spellings(camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    for query in (
        "Ahmad",
        "ahmed",
        "AHMED MOHAMED",
        "Mohammed Hassan",
        "أحمد",
        person.registration_number,
    ):
        assert person in person_search(query=query), query
    assert person not in person_search(query="Tesfay")


def test_a_name_given_only_in_arabic_script_is_found_by_a_latin_spelling(camp):
    person = person_register(
        person=person_input(name=person_input().name.__class__(native="محمد يوسف")),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )
    assert person in person_search(query="Mohamed Yusuf")


def test_a_stale_update_is_refused_and_changes_nothing(camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    person_update(
        person=person,
        expected_version=1,
        data=person_input(phone="+33 6 39 98 00 01"),
        actor=ACTOR,
        now=NOW,
    )
    with pytest.raises(ConflictError):
        person_update(
            person=person,
            expected_version=1,
            data=person_input(place_of_origin="Geneina"),
            actor=ACTOR,
            now=NOW,
        )
    person.refresh_from_db()
    assert person.version == 2
    assert person.place_of_origin == "Nyala"
    assert person.phone == "+33 6 39 98 00 01"


def test_an_old_spelling_stays_searchable_after_a_rename(camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    renamed = person_input(
        name=person_input().name.__class__("Ahmad", "Mohammad", "Hasan")
    )
    person_update(person=person, expected_version=1, data=renamed, actor=ACTOR, now=NOW)
    assert person in person_search(query="Hassan")
    event = PersonEvent.objects.filter(person=person, action="updated").get()
    assert "given_name" in event.fields


def test_a_trafficking_indicator_raises_priority_to_high(camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    assert person.priority == Person.Priority.NONE
    vulnerability_record(person=person, code="TR-IND-1", note="", actor=ACTOR, now=NOW)
    person.refresh_from_db()
    assert person.priority == Person.Priority.HIGH


def test_consent_is_withdrawn_once_and_kept_as_history(camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    consent = consent_give(
        person=person, purpose="sharing", recipient="Home Office", actor=ACTOR, now=NOW
    )
    consent_withdraw(consent=consent, actor=ACTOR, now=NOW)
    with pytest.raises(ConflictError):
        consent_withdraw(consent=consent, actor=ACTOR, now=NOW)
    consent.refresh_from_db()
    assert consent.withdrawn_at == NOW
    with pytest.raises(InvalidInputError) as caught:
        consent_give(
            person=person, purpose="sharing", recipient=" ", actor=ACTOR, now=NOW
        )
    assert "recipient" in caught.value.field_errors


def test_the_same_external_id_twice_is_a_conflict(camp):
    reg = registration_input(external_id="PDC-1")
    person_register(person=person_input(), registration=reg, actor=ACTOR, now=NOW)
    with pytest.raises(ConflictError):
        person_register(person=person_input(), registration=reg, actor=ACTOR, now=NOW)
    assert Registration.objects.count() == 1
