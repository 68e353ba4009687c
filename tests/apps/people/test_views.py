"""The people pages: search by POST, family form errors, edit conflicts, role checks."""

from __future__ import annotations

import pytest

from haven.apps.people.models import Person
from haven.apps.people.services import person_register
from tests.apps.people.builders import ACTOR, person_input, registration_input
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "caseworker"):
        client.force_login(make_user(role))
        return client

    return login


def family_post(**overrides):
    data = {
        "source_kind": "state_authority",
        "source_name": "Préfecture du Pas-de-Calais",
        "location_key": "calais-containers",
        "registered_by": "clerk-1",
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-MIN_NUM_FORMS": "1",
        "m-MAX_NUM_FORMS": "20",
        "m-0-relation_to_head": "head",
        "m-0-given_name": "Tesfay",
        "m-0-father_name": "Gebremedhin",
        "m-0-name_native": "ተስፋይ ገብረመድህን",
        "m-0-sex": "M",
        "m-0-date_of_birth": "1985-06-01",
        "m-0-dob_precision": "exact",
        "m-0-age_dispute": "none",
        "m-0-child_status": "not_a_child",
        "m-0-nationalities": ["ER"],
        "m-0-languages": ["ti"],
        "m-0-consent_tracing": "on",
        "m-1-relation_to_head": "child",
        "m-1-given_name": "Yonas",
        "m-1-father_name": "Tesfay",
        "m-1-sex": "M",
        "m-1-date_of_birth": "2015-01-01",
        "m-1-dob_precision": "year",
        "m-1-age_dispute": "none",
        "m-1-child_status": "accompanied",
    }
    data.update(overrides)
    return data


def test_a_family_registered_through_the_form_lands_on_its_household(logged_in, camp):
    response = logged_in().post("/people/register/", family_post())
    assert response.status_code == 302
    assert "/people/households/" in response["Location"]
    assert Person.objects.count() == 2


def test_a_wrong_member_field_is_shown_on_that_field_and_nothing_saved(logged_in, camp):
    response = logged_in().post(
        "/people/register/", family_post(**{"m-1-date_of_birth": "2031-01-01"})
    )
    assert response.status_code == 200
    member = response.context["members"].forms[1]
    assert "is in the future" in str(member.errors["date_of_birth"])
    assert Person.objects.count() == 0


def test_adding_a_member_keeps_what_was_typed(logged_in, camp):
    response = logged_in().post("/people/register/", family_post(add_member="1"))
    assert response.status_code == 200
    forms = response.context["members"].forms
    assert len(forms) == 3
    assert forms[0]["given_name"].value() == "Tesfay"


def test_search_is_posted_so_names_stay_out_of_the_url(logged_in, camp):
    person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    client = logged_in()
    # A name in the query string is refused outright (the route takes no parameter).
    assert client.get("/people/", {"q": "Ahmed"}).status_code == 400
    response = client.post("/people/", {"q": "احمد"})
    assert [p.given_name for p in response.context["results"]] == ["Ahmed"]


def test_a_stale_edit_shows_the_stored_values_and_keeps_the_typed_ones(logged_in, camp):
    person = person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    client = logged_in()
    form = client.get(f"/people/{person.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        nationalities=["SD"], languages=["ar"], date_of_birth="1980-03-04", version=1
    )
    first = client.post(
        f"/people/{person.pk}/edit/", {**data, "phone": "+33 6 39 98 00 01"}
    )
    assert first.status_code == 302
    stale = client.post(
        f"/people/{person.pk}/edit/", {**data, "phone": "+44 7700 900777"}
    )
    assert stale.status_code == 200
    assert stale.context["form"]["phone"].value() == "+44 7700 900777"
    assert ("Phone", "+33 6 39 98 00 01") in [
        (str(a), b) for a, b in stale.context["changed"]
    ]
    person.refresh_from_db()
    assert person.phone == "+33 6 39 98 00 01"


@pytest.mark.parametrize("role", ["auditor", "system_administrator"])
def test_roles_without_case_access_get_403_on_people_pages(logged_in, role, camp):
    client = logged_in(role)
    assert client.get("/people/").status_code == 403
    assert client.get("/people/register/").status_code == 403


def test_the_census_page_renders_with_charts(logged_in, camp):
    person_register(
        person=person_input(), registration=registration_input(), actor=ACTOR, now=NOW
    )
    response = logged_in("allocation_planner").get("/people/census/")
    assert response.status_code == 200
    assert b"<svg" in response.content
    assert response.context["census"].total == 1


def test_pages_are_not_cached_and_carry_a_csp(logged_in, camp):
    response = logged_in().get("/people/")
    assert response["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_relative_held_by_another_agency_is_named_but_not_linked(logged_in, camp):
    """Least privilege: the family list names the relative; no link to a 404."""
    from haven.apps.people.models import Relationship

    client = logged_in()
    client.post("/people/register/", family_post())
    head, child = Person.objects.order_by("pk")
    Relationship.objects.get_or_create(person=head, relative=child, relation="child")
    Person.objects.filter(pk=child.pk).update(agency="Another agency", team="")
    page = client.get(f"/people/{head.pk}/").content.decode()
    assert "Yonas" in page
    assert f'href="/people/{child.pk}/"' not in page
    assert "held by another agency" in page
    assert client.get(f"/people/{child.pk}/").status_code == 404
