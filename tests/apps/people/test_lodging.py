"""
The registration source starts from the user's own agency, and lodging an asylum
application is an explicit, audited act with its day, never implied by the source.
"""

from __future__ import annotations

from datetime import date

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.errors import InvalidInputError
from haven.apps.people.models import Registration
from haven.apps.people.services import person_register
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "caseworker", agency: str = "Safe Passage"):
        client.force_login(make_user(role, agency=agency))
        return client

    return login


def _post(**overrides):
    data = {
        "source_kind": "ngo_census",
        "source_name": "Safe Passage",
        "location_key": "calais-containers",
        "registered_by": "caseworker-1",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "0",
        "m-MAX_NUM_FORMS": "1000",
        "m-0-given_name": "Ahmed",
        "m-0-family_name": "Hassan",
        "m-0-sex": "M",
        "m-0-date_of_birth": "1980-03-04",
        "m-0-dob_precision": "exact",
        "m-0-age_dispute": "none",
        "m-0-child_status": "not_a_child",
        "m-0-nationalities": ["SD"],
        "m-0-languages": ["ar"],
        "m-0-relation_to_head": "head",
    }
    data.update(overrides)
    return data


def test_an_ngo_caseworker_starts_from_their_own_agency_as_an_ngo_census(logged_in):
    page = logged_in("caseworker", agency="Safe Passage").get("/people/register/")
    form = page.context["context_form"]
    assert form.initial["source_kind"] == "ngo_census"
    assert form.initial["source_name"] == "Safe Passage"
    assert "Préfecture" not in page.content.decode()


def test_a_registration_clerk_of_the_prefecture_starts_as_a_state_authority(
    logged_in,
):
    page = logged_in("registration_clerk", agency="Préfecture du Pas-de-Calais").get(
        "/people/register/"
    )
    form = page.context["context_form"]
    assert form.initial["source_kind"] == "state_authority"
    assert form.initial["source_name"] == "Préfecture du Pas-de-Calais"
    assert form.initial.get("asylum_lodged") in (None, False)


def test_a_state_registration_without_the_box_lodges_nothing(logged_in, camp):
    response = logged_in("registration_clerk").post(
        "/people/register/", _post(source_kind="state_authority")
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.source_kind == "state_authority"
    assert registration.asylum_lodged_on is None
    assert not AuditEvent.objects.filter(action="person.asylum_lodge").exists()


def test_lodging_is_recorded_with_its_day_and_audited(logged_in, camp):
    response = logged_in("registration_clerk").post(
        "/people/register/",
        _post(
            source_kind="state_authority",
            asylum_lodged="on",
            asylum_lodged_on="2016-10-19",
        ),
    )
    assert response.status_code == 302
    assert Registration.objects.get().asylum_lodged_on == date(2016, 10, 19)
    assert AuditEvent.objects.filter(action="person.asylum_lodge").count() == 1


def test_the_box_without_a_day_is_refused_on_the_day_field(logged_in, camp):
    response = logged_in("registration_clerk").post(
        "/people/register/", _post(source_kind="state_authority", asylum_lodged="on")
    )
    assert response.status_code == 200
    errors = response.context["context_form"].errors
    assert "Give the day the application was lodged." in errors["asylum_lodged_on"]
    assert not Registration.objects.exists()


def test_an_ngo_census_cannot_lodge_an_application():
    with pytest.raises(InvalidInputError) as caught:
        person_register(
            person=person_input(),
            registration=registration_input(
                source_kind="ngo_census", asylum_lodged_on=date(2016, 10, 19)
            ),
            actor=ACTOR,
            now=NOW,
        )
    problems = caught.value.field_errors["registration.asylum_lodged_on"]
    assert "lodged with a state authority" in problems[0]


def test_a_lodging_day_in_the_future_is_refused():
    with pytest.raises(InvalidInputError) as caught:
        person_register(
            person=person_input(),
            registration=registration_input(asylum_lodged_on=date(2016, 10, 21)),
            actor=ACTOR,
            now=NOW,
        )
    assert caught.value.field_errors["registration.asylum_lodged_on"] == [
        "is in the future"
    ]
