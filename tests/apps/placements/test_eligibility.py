"""
Whom an allocation run may place: a scheme for unaccompanied children (UK s.67)
places no adult, judged by age on the run's date, not by the status recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from haven.apps.core.actors import Actor
from haven.apps.people.demo import demo_camp_load
from haven.apps.people.models import Location, Person, Registration
from haven.apps.placements.demo import DUBS_KEY, ledger_demo_load
from haven.apps.placements.models import Placement, Scheme
from haven.apps.placements.runs import (
    allocation_run_from_database,
    families_from_database,
    run_placements_record,
)
from haven.apps.placements.services import scheme_create
from haven.synthetic import generate_camp
from tests.apps.placements.builders import household, person

pytestmark = pytest.mark.django_db

RUN_DAY = date(2026, 12, 7)


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _registered_in_camp(*people: Person) -> None:
    camp, _ = Location.objects.get_or_create(
        key="calais", defaults={"name": "Calais camp", "kind": "camp", "country": "FR"}
    )
    for item in people:
        Registration.objects.create(
            person=item,
            source_kind="ngo_census",
            source_name="Help Refugees census",
            external_id=item.registration_number,
            location=camp,
            registered_at=datetime(2026, 10, 1, 9, tzinfo=UTC),
            registered_by="volunteer-1",
        )


def _children_scheme() -> Scheme:
    return scheme_create(
        key="s67", name="UK s.67", covers=Scheme.Covers.UNACCOMPANIED_CHILDREN
    )


def test_a_childrens_scheme_offers_only_children_without_an_adult_on_the_day():
    # 14 on the run's day, recorded unaccompanied: covered.
    child = person(1, date_of_birth=date(2012, 3, 3), dob_precision="exact")
    # Recorded unaccompanied in 2016, but 18 since 15 June 2018: not covered.
    grown = person(2, date_of_birth=date(2000, 6, 15), dob_precision="exact")
    # Recorded as born in 1995, but the age is disputed: covered while it is open.
    disputed = person(
        3, date_of_birth=date(1995, 1, 1), dob_precision="year", age_dispute="disputed"
    )
    # An adult with no child status at all: not covered.
    adult = person(
        4,
        date_of_birth=date(1980, 1, 1),
        dob_precision="exact",
        child_status="not_a_child",
    )
    # A family of two adults: not covered, nor placed as a household.
    family = household("H-1", 2, 10, date_of_birth=date(1985, 1, 1))
    # A child of 15 registered nowhere in a camp: not covered.
    elsewhere = person(5, date_of_birth=date(2011, 1, 1), dob_precision="exact")
    _registered_in_camp(child, grown, disputed, adult, *family.members.all())
    families, labels = families_from_database(today=RUN_DAY, scheme=_children_scheme())
    offered = {labels[item.id] for item in families}
    assert offered == {child.registration_number, disputed.registration_number}
    assert elsewhere.registration_number not in offered
    assert all(item.unaccompanied_minors == 1 for item in families)


def test_a_scheme_for_everyone_still_offers_everyone():
    person(1, date_of_birth=date(1980, 1, 1), child_status="not_a_child")
    person(2, date_of_birth=date(2012, 3, 3))
    everyone = scheme_create(key="eu", name="EU relocation")
    families, _ = families_from_database(today=RUN_DAY, scheme=everyone)
    assert len(families) == 2


def test_a_household_with_an_adult_offers_only_its_covered_children():
    # An older sibling of 19 and a separated child of 10 share a household: the
    # child is offered alone; the household is not placed as a whole.
    home = household("H-2", 0, 0)
    older = person(
        20,
        household=home,
        date_of_birth=date(2007, 1, 5),
        dob_precision="exact",
        child_status="not_a_child",
    )
    young = person(
        21,
        household=home,
        date_of_birth=date(2016, 5, 5),
        dob_precision="exact",
        child_status="separated",
    )
    _registered_in_camp(older, young)
    families, labels = families_from_database(today=RUN_DAY, scheme=_children_scheme())
    assert [labels[item.id] for item in families] == [young.registration_number]
    assert families[0].size == 1


def test_the_demo_s67_run_places_no_adult(make_user):
    """
    Done when (issue 17): an allocation run of the demo's s.67 scheme places no
    adult. The demo camp is dated to the run's day, as ``make run`` does with
    today, so its children of 2016 are the children of the run's day.
    """
    demo_camp_load(generate_camp(1500, 2016, reference_date=RUN_DAY))
    ledger_demo_load(today=RUN_DAY, reference=RUN_DAY)
    dubs = Scheme.objects.get(key=DUBS_KEY)
    assert dubs.covers == Scheme.Covers.UNACCOMPANIED_CHILDREN
    planner = make_user("allocation_planner")
    at = datetime(2026, 12, 7, 10, tzinfo=UTC)
    run = allocation_run_from_database(
        scheme=dubs,
        solver="greedy",
        objective="mix",
        created_by_id=planner.pk,
        now=at,
        time_limit=10.0,
    )
    assert run.persons_placed > 0
    run_placements_record(run_id=run.pk, actor=Actor(name="planner-1"), now=at)
    placed = Person.objects.filter(
        pk__in=Placement.objects.values("person_id")
    ) | Person.objects.filter(household__in=Placement.objects.values("household_id"))
    assert placed.exists()
    for item in placed.distinct():
        # A child on the run's day: under 18 by the latest birthday the record
        # allows (a year-only birth counts from 31 December), or an open dispute.
        if item.age_dispute == "disputed":
            continue
        assert item.date_of_birth is not None, item.registration_number
        born = item.date_of_birth
        if item.dob_precision == "year":
            born = date(born.year, 12, 31)
        assert _age(born, RUN_DAY) < 18, (item.registration_number, born)
        assert item.age_dispute != "assessed_adult"
