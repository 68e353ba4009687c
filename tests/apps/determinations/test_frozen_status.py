"""
A determination reads the applicant's age and child status on the day the first
application was lodged, which Dublin III Art 7(2) (AMMR Art 24) freezes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from haven.apps.determinations.selectors import (
    applicant_status,
    determination_facts_from_record,
)
from haven.apps.people.models import Person, Registration
from tests.apps.determinations.builders import child_with_brother_in_the_uk

pytestmark = pytest.mark.django_db


def test_a_child_at_the_first_lodging_stays_one_after_turning_18(camp):
    # Born 2001-01-01, first application lodged 2016-10-01 aged 15: a separated
    # child then. On 2026-12-07 they are 25, yet the facts keep the child.
    child = child_with_brother_in_the_uk(camp)
    frozen = applicant_status(child, today=date(2026, 12, 7))
    assert frozen.lodged_on == date(2016, 10, 1)
    assert frozen.status.age == 15
    assert frozen.status.status == "separated"
    facts = determination_facts_from_record(person=child, today=date(2026, 12, 7))
    assert facts["applicant"]["unaccompanied"] is True


def test_without_a_lodging_the_status_is_todays(camp):
    child = child_with_brother_in_the_uk(camp)
    Registration.objects.filter(person=child).update(asylum_lodged_on=None)
    frozen = applicant_status(child, today=date(2026, 12, 7))
    assert frozen.lodged_on is None
    assert (frozen.status.status, frozen.status.age) == ("not_a_child", 25)
    facts = determination_facts_from_record(person=child, today=date(2026, 12, 7))
    assert "applications" not in facts
    assert facts["applicant"]["unaccompanied"] is False


def test_an_ngo_census_is_no_application(camp):
    """Only a lodging recorded as such is an application, whatever the source."""
    child = child_with_brother_in_the_uk(camp)
    facts = determination_facts_from_record(person=child, today=date(2016, 10, 20))
    assert facts["applications"] == [{"state": "FR", "date": "2016-10-01"}]
    census = Registration.objects.get(person=child, source_kind="ngo_census")
    assert census.registered_at == datetime(2016, 9, 1, 10, tzinfo=UTC)


def test_the_first_of_several_lodgings_freezes_the_status(camp):
    # Lodged again in 2019 (aged 18): the first lodging, 2016, still decides.
    child = child_with_brother_in_the_uk(camp)
    sector = Registration.objects.filter(person=child).first().location
    Registration.objects.create(
        person=child,
        source_kind="state_authority",
        source_name="second registry",
        external_id="again",
        location=sector,
        registered_at=datetime(2019, 3, 1, 10, tzinfo=UTC),
        registered_by="clerk-2",
        asylum_lodged_on=date(2019, 3, 1),
    )
    frozen = applicant_status(child, today=date(2026, 12, 7))
    assert frozen.lodged_on == date(2016, 10, 1)
    assert frozen.status.is_child


def test_the_determination_page_shows_the_frozen_status(client, make_user, camp):
    child = child_with_brother_in_the_uk(camp)
    client.force_login(make_user("dublin_officer"))
    page = client.get(f"/determinations/people/{child.pk}/").content.decode()
    assert 'id="applicant-status"' in page
    assert "2016-10-01" in page
    assert "Separated child" in page
    assert Person.objects.get(pk=child.pk).child_status == "separated"
