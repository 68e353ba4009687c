"""ETag and If-Match on people, Idempotency-Key on POST, beds that cannot be doubled."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from haven.apps.operations.models import IdempotencyKey
from haven.apps.people.models import Bed, Location, Person, Registration
from tests.api.test_people_api import PERSON, REGISTRATION

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(make_user):
    api = APIClient()
    api.force_login(make_user("caseworker"))
    return api


def _create(client, **headers):
    return client.post(
        "/api/v1/people/",
        {"person": PERSON, "registration": REGISTRATION},
        format="json",
        headers=headers,
    )


def test_get_sends_the_version_as_a_strong_etag(client, camp):
    person = _create(client).json()
    response = client.get(f"/api/v1/people/{person['id']}/")
    assert response["ETag"] == f'"person-{person["id"]}-v1"'


def test_a_put_with_the_current_etag_saves_and_sends_the_next_one(client, camp):
    person = _create(client).json()
    url = f"/api/v1/people/{person['id']}/"
    etag = client.get(url)["ETag"]
    saved = client.put(
        url,
        {**PERSON, "phone": "+33 6 12 34 56 78"},
        format="json",
        headers={"If-Match": etag},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["version"] == 2
    assert saved["ETag"] == f'"person-{person["id"]}-v2"'


def test_a_put_with_a_stale_etag_gets_412_and_changes_nothing(client, camp):
    person = _create(client).json()
    url = f"/api/v1/people/{person['id']}/"
    stale = client.get(url)["ETag"]
    first = client.put(
        url,
        {**PERSON, "phone": "+33 6 00 00 00 01"},
        format="json",
        headers={"If-Match": stale},
    )
    assert first.status_code == 200
    second = client.put(
        url,
        {**PERSON, "phone": "+33 6 00 00 00 02"},
        format="json",
        headers={"If-Match": stale},
    )
    assert second.status_code == 412
    assert second["Content-Type"] == "application/problem+json"
    assert second.json()["code"] == "precondition_failed"
    assert Person.objects.get().phone == "+33 6 00 00 00 01"


@pytest.mark.parametrize(
    "header",
    ['W/"person-{pk}-v1"', '"person-999999-v1"', '"something-else"'],
    ids=["weak", "another-record", "foreign-tag"],
)
def test_an_etag_that_is_not_this_versions_strong_tag_never_matches(
    client, camp, header
):
    person = _create(client).json()
    response = client.put(
        f"/api/v1/people/{person['id']}/",
        {**PERSON, "phone": "+33 6 00 00 00 03"},
        format="json",
        headers={"If-Match": header.format(pk=person["id"])},
    )
    assert response.status_code == 412
    assert Person.objects.get().version == 1


def test_a_put_naming_no_version_at_all_gets_428(client, camp):
    person = _create(client).json()
    response = client.put(
        f"/api/v1/people/{person['id']}/", {**PERSON, "phone": "+33 6 1"}, format="json"
    )
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert Person.objects.get().phone == ""


def test_the_version_in_the_body_still_works_without_if_match(client, camp):
    person = _create(client).json()
    url = f"/api/v1/people/{person['id']}/"
    ok = client.put(url, {**PERSON, "phone": "+33 6 2", "version": 1}, format="json")
    stale = client.put(url, {**PERSON, "phone": "+33 6 3", "version": 1}, format="json")
    assert (ok.status_code, stale.status_code) == (200, 409)


def test_if_match_and_a_different_body_version_are_refused(client, camp):
    person = _create(client).json()
    url = f"/api/v1/people/{person['id']}/"
    response = client.put(
        url,
        {**PERSON, "phone": "+33 6 4", "version": 7},
        format="json",
        headers={"If-Match": client.get(url)["ETag"]},
    )
    assert response.status_code == 412


def test_the_same_post_and_key_ten_times_registers_one_person(client, camp):
    responses = [_create(client, **{"Idempotency-Key": "k-1"}) for _ in range(10)]
    assert {r.status_code for r in responses} == {201}
    assert {r.json()["id"] for r in responses} == {responses[0].json()["id"]}
    assert [r["Idempotent-Replayed"] for r in responses] == ["false"] + ["true"] * 9
    assert Person.objects.count() == 1
    assert Registration.objects.count() == 1


def test_the_same_key_with_another_body_gets_422_and_adds_nothing(client, camp):
    _create(client, **{"Idempotency-Key": "k-2"})
    other = client.post(
        "/api/v1/people/",
        {"person": {**PERSON, "phone": "+33 6 5"}, "registration": REGISTRATION},
        format="json",
        headers={"Idempotency-Key": "k-2"},
    )
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    assert other.json()["code"] == "idempotency_key_reused"
    assert Person.objects.count() == 1


def test_keys_belong_to_one_user(client, make_user, camp):
    _create(client, **{"Idempotency-Key": "shared"})
    other = APIClient()
    other.force_login(make_user("registration_clerk"))
    response = _create(other, **{"Idempotency-Key": "shared"})
    assert response.status_code == 201
    assert Person.objects.count() == 2


def test_a_refused_request_stores_no_key_so_the_retry_can_succeed(client, camp):
    bad = client.post(
        "/api/v1/people/",
        {"person": {**PERSON, "nationalities": ["QQ"]}, "registration": REGISTRATION},
        format="json",
        headers={"Idempotency-Key": "k-3"},
    )
    assert bad.status_code == 400
    assert not IdempotencyKey.objects.exists()
    assert _create(client, **{"Idempotency-Key": "k-3"}).status_code == 201


def test_an_unusable_key_is_a_problem_naming_the_header(client, camp):
    response = _create(client, **{"Idempotency-Key": "x" * 300})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not Person.objects.exists()


def test_a_family_post_is_idempotent_too(client, camp):
    body = {
        "registration": REGISTRATION,
        "members": [{**PERSON, "relation_to_head": "head"}],
    }
    first = client.post(
        "/api/v1/families/", body, format="json", headers={"Idempotency-Key": "f"}
    )
    again = client.post(
        "/api/v1/families/", body, format="json", headers={"Idempotency-Key": "f"}
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Person.objects.count() == 1


@pytest.fixture
def centre(db):
    return Location.objects.create(
        key="centre-arras", name="CAO Arras", kind="centre", country="FR", capacity=2
    )


def test_a_bed_is_given_once_and_a_second_claim_gets_409(client, camp, centre):
    first = _create(client).json()
    second = client.post(
        "/api/v1/people/",
        {"person": PERSON, "registration": {**REGISTRATION, "external_id": "x2"}},
        format="json",
    ).json()
    url = "/api/v1/locations/centre-arras/beds/"
    won = client.post(url, {"person": first["id"], "number": 1}, format="json")
    lost = client.post(url, {"person": second["id"], "number": 1}, format="json")
    assert won.status_code == 201, won.content
    assert won.json()["number"] == 1
    assert lost.status_code == 409
    assert lost.json()["code"] == "bed_taken"
    assert client.get(f"/api/v1/people/{first['id']}/").json()["housed_at"] == (
        "centre-arras"
    )


def test_a_bed_claim_for_an_unknown_place_or_person_is_refused(client, camp, centre):
    person = _create(client).json()
    missing_place = client.post(
        "/api/v1/locations/nowhere/beds/", {"person": person["id"]}, format="json"
    )
    missing_person = client.post(
        "/api/v1/locations/centre-arras/beds/", {"person": 999999}, format="json"
    )
    assert (missing_place.status_code, missing_person.status_code) == (404, 400)
    assert not Bed.objects.filter(person__isnull=False).exists()


def test_a_clerk_without_write_rights_cannot_claim_a_bed(make_user, centre):
    reader = APIClient()
    reader.force_login(make_user("dublin_officer"))
    response = reader.post(
        "/api/v1/locations/centre-arras/beds/", {"person": 1}, format="json"
    )
    assert response.status_code == 403
