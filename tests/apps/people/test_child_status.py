"""Child status for pages and counts follows age as of a day; the record is kept."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from haven.apps.people.models import Household, Person
from haven.apps.people.selectors import census_get, child_status_of, child_statuses_on
from haven.apps.people.services import person_register
from tests.apps.people.builders import (
    ACTOR,
    child_input,
    person_input,
    registration_input,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "caseworker"):
        client.force_login(make_user(role))
        return client

    return login


def _child(born: date, **overrides) -> Person:
    return person_register(
        person=child_input(
            date_of_birth=born,
            dob_precision="exact",
            child_status=overrides.pop("child_status", "unaccompanied"),
            **overrides,
        ),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )


def test_a_child_registered_in_2016_is_counted_as_an_adult_once_18(camp):
    # Born 2000-06-15, registered in October 2016 aged 16 as unaccompanied.
    person = _child(date(2000, 6, 15))
    before = census_get(today=date(2018, 6, 14))
    after = census_get(today=date(2018, 6, 15))
    assert before.unaccompanied_children == 1
    assert after.unaccompanied_children == 0
    assert dict(after.by_child_status) == {"Not a child": 1}
    # The record still says what was recorded in 2016.
    person.refresh_from_db()
    assert person.child_status == Person.ChildStatus.UNACCOMPANIED


def test_the_census_counts_a_disputed_age_as_a_child(camp):
    person_register(
        person=person_input(
            date_of_birth=date(1995, 1, 1),
            age_dispute="disputed",
            child_status="separated",
        ),
        registration=registration_input(),
        actor=ACTOR,
        now=NOW,
    )
    census = census_get(today=date(2026, 12, 7))
    assert dict(census.by_child_status) == {"Separated child": 1}
    assert census.age_disputed == 1


def test_a_child_with_an_adult_of_the_household_is_accompanied(camp):
    household = Household.objects.create(reference="H-1")
    parent = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    child = _child(date(2012, 5, 1), child_status="not_a_child", age_dispute="disputed")
    Person.objects.filter(pk__in=[parent.pk, child.pk]).update(household=household)
    child.refresh_from_db()
    assert child_status_of(child, on=date(2026, 12, 7)).status == "accompanied"
    Person.objects.filter(pk=parent.pk).update(household=None)
    child.refresh_from_db()
    assert child_status_of(child, on=date(2026, 12, 7)).status == "unaccompanied"


def test_the_census_page_counts_as_of_the_day_asked_and_refuses_a_bad_day(
    logged_in, camp
):
    _child(date(2000, 6, 15))
    page = logged_in("allocation_planner")
    on_2018 = page.get("/people/census/", {"on": "2018-06-14"})
    assert on_2018.context["census"].unaccompanied_children == 1
    today = page.get("/people/census/")
    assert today.context["census"].unaccompanied_children == 0
    bad = page.get("/people/census/", {"on": "14/06/2018"})
    assert bad.status_code == 200
    assert "YYYY-MM-DD" in bad.context["on_problem"]


def test_the_person_page_shows_the_status_today_and_the_one_recorded(logged_in, camp):
    person = _child(date(2000, 6, 15))
    response = logged_in("caseworker").get(f"/people/{person.pk}/")
    text = response.content.decode()
    assert 'id="child-status-today">Not a child<' in text
    assert "Unaccompanied child" in text


class TestCensusAgreesWithAges(TestCase):
    """Whatever the births, the census's children are exactly those under 18."""

    @settings(max_examples=15)
    @given(
        births=st.lists(
            st.dates(min_value=date(1990, 1, 1), max_value=date(2016, 10, 1)),
            min_size=1,
            max_size=6,
        ),
        on=st.dates(min_value=date(2016, 10, 20), max_value=date(2040, 1, 1)),
    )
    def test_children_counted_are_the_people_under_18(self, births, on):
        from haven.apps.people.models import Location

        Location.objects.get_or_create(
            key="calais",
            defaults={"name": "Calais camp", "kind": "camp", "country": "FR"},
        )
        for born in births:
            # Recorded as registered on NOW: a child then is recorded unaccompanied.
            minor = (NOW.year - born.year - ((born.month, born.day) > (10, 20))) < 18
            _child(born, child_status="unaccompanied" if minor else "not_a_child")
        census = census_get(today=on)
        under_18 = sum(
            (on.year - b.year - ((on.month, on.day) < (b.month, b.day))) < 18
            for b in births
        )
        assert census.unaccompanied_children == under_18
        people = Person.objects.all()
        derived = child_statuses_on(people, on=on)
        assert sum(s.is_child for s in derived.values()) == under_18
        Person.objects.all().delete()
