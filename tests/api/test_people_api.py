"""The people endpoints: happy paths, problem+json naming fields, role checks."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from haven.apps.people.models import Person

pytestmark = pytest.mark.django_db

PERSON = {
    "name": {"given_name": "Mohammed", "father_name": "Yusuf", "native": "محمد يوسف"},
    "sex": "M",
    "date_of_birth": "2001-01-01",
    "dob_precision": "year",
    "child_status": "unaccompanied",
    "nationalities": ["SD"],
    "languages": ["ar"],
    "needs": ["SC-UC"],
    "consent_tracing": True,
}
REGISTRATION = {
    "source_kind": "ngo_census",
    "source_name": "Help Refugees census",
    "registered_by": "volunteer-3",
    "registered_at": "2016-10-20T10:00:00Z",
}


@pytest.fixture
def client_as(make_user):
    def login(role: str) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


def test_a_caseworker_registers_and_finds_a_person_by_any_script(client_as, camp):
    client = client_as("caseworker")
    created = client.post(
        "/api/v1/people/",
        {"person": PERSON, "registration": REGISTRATION},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["registration_number"].startswith("HVN-")
    assert body["priority"] == 3
    for query in ("Muhammad Yousef", "محمد", "mohamed"):
        found = client.post("/api/v1/people/search/", {"q": query}, format="json")
        assert found.status_code == 200
        assert [p["id"] for p in found.json()] == [body["id"]], query


def test_a_wrong_field_gets_problem_json_naming_it(client_as, camp):
    client = client_as("caseworker")
    person = {**PERSON, "date_of_birth": "2001-02-30", "sex": "male"}
    response = client.post(
        "/api/v1/people/",
        {"person": person, "registration": REGISTRATION},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"person.date_of_birth", "person.sex"} <= fields
    assert not Person.objects.exists()


def test_a_meaning_error_from_the_service_names_the_field(client_as, camp):
    client = client_as("caseworker")
    person = {**PERSON, "nationalities": ["QQ"]}
    response = client.post(
        "/api/v1/people/",
        {"person": person, "registration": REGISTRATION},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "members[0].nationalities"


def test_the_eus_uk_is_stored_and_answered_as_iso_gb(client_as, camp):
    client = client_as("caseworker")
    person = {**PERSON, "nationalities": ["UK", "SD"]}
    response = client.post(
        "/api/v1/people/",
        {"person": person, "registration": REGISTRATION},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Person.objects.get().nationalities == ["GB", "SD"]


def test_a_family_registers_in_one_call(client_as, camp):
    client = client_as("registration_clerk")
    members = [
        {
            **PERSON,
            "name": {"given_name": "Ahmed", "native": "أحمد"},
            "date_of_birth": "1979-01-01",
            "child_status": "not_a_child",
            "needs": [],
            "relation_to_head": "head",
        },
        {
            **PERSON,
            "child_status": "accompanied",
            "needs": [],
            "relation_to_head": "child",
        },
    ]
    response = client.post(
        "/api/v1/families/",
        {"registration": REGISTRATION, "members": members},
        format="json",
    )
    assert response.status_code == 201, response.content
    head, child = response.json()
    assert head["household"] == child["household"]


def test_a_bad_family_member_is_named_by_index(client_as, camp):
    client = client_as("registration_clerk")
    members = [
        {**PERSON, "relation_to_head": "head", "child_status": "unaccompanied"},
        {"sex": "M", "relation_to_head": "child"},
    ]
    response = client.post(
        "/api/v1/families/",
        {"registration": REGISTRATION, "members": members},
        format="json",
    )
    assert response.status_code == 400
    assert any(
        e["field"].startswith("members[1].name") for e in response.json()["errors"]
    )


def test_a_stale_version_gets_409(client_as, camp):
    client = client_as("caseworker")
    created = client.post(
        "/api/v1/people/",
        {"person": PERSON, "registration": REGISTRATION},
        format="json",
    ).json()
    url = f"/api/v1/people/{created['id']}/"
    first = client.put(
        url, {**PERSON, "phone": "+44 7700 900123", "version": 1}, format="json"
    )
    assert first.status_code == 200
    stale = client.put(
        url, {**PERSON, "phone": "+44 7700 900999", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "conflict"
    assert client.get(url).json()["phone"] == "+44 7700 900123"


@pytest.mark.parametrize(
    "role", ["auditor", "system_administrator", "allocation_planner"]
)
def test_roles_without_case_access_cannot_read_people(client_as, role, camp):
    client = client_as(role)
    assert client.get("/api/v1/people/").status_code == 403
    assert (
        client.post("/api/v1/people/search/", {"q": "x"}, format="json").status_code
        == 403
    )


def test_anonymous_requests_are_refused_with_problem_json():
    response = APIClient().get("/api/v1/people/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_the_census_counts_unaccompanied_children(client_as, camp):
    writer = client_as("caseworker")
    writer.post(
        "/api/v1/people/",
        {"person": PERSON, "registration": REGISTRATION},
        format="json",
    )
    reader = client_as("allocation_planner")
    # Born in 2001 (a year only, so counted from 31 December 2001): a child on
    # 20 October 2016, an adult today; the census counts as of the day asked.
    census = reader.get("/api/v1/census/", {"on": "2016-10-20"}).json()
    assert census["as_of"] == "2016-10-20"
    assert census["total"] == 1
    assert census["unaccompanied_children"] == 1
    today = reader.get("/api/v1/census/").json()
    assert today["unaccompanied_children"] == 0
    assert today["by_child_status"] == {"Not a child": 1}
    bad = reader.get("/api/v1/census/", {"on": "20/10/2016"})
    assert bad.status_code == 400
    assert "YYYY-MM-DD" in str(bad.json())
    # Given empty, the day is a client's mistake, named, not a silent "today".
    empty = reader.get("/api/v1/census/?on=")
    assert empty.status_code == 400
    [error] = empty.json()["errors"]
    assert error["field"] == "on"
    assert "leave it out for today" in str(error)


def test_the_schema_is_served():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/v1/people/" in response.content


def test_the_browsable_docs_are_served_without_a_network(client_as):
    response = client_as("caseworker").get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content
    # Every script and style comes from this server: no address of another host
    # (a bare "cdn" could be part of a random nonce or token on the page).
    page = response.content.decode().lower()
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page) == []
    assert "cdn.jsdelivr" not in page
    assert "unpkg.com" not in page
