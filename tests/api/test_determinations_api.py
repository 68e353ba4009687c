"""The determination endpoints: happy paths, problem+json by JSON path, roles."""

from __future__ import annotations

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.apps.determinations.builders import EDITS, child_with_brother_in_the_uk
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_october_2016():
    """Run on 20 October 2016, so the Calais deadlines are still running."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def client_as(make_user):
    def login(role: str) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


def test_facts_then_a_determination_then_the_same_facts_again(client_as, camp):
    """POST stores a determination (201); the same facts again give it back (200)."""
    child = child_with_brother_in_the_uk(camp)
    client = client_as("dublin_officer")
    facts = client.get(f"/api/v1/people/{child.pk}/determination-facts/")
    assert facts.status_code == 200
    assert facts.json()["record"]["applications"] == [
        {"state": "FR", "date": "2016-10-01"}
    ]
    url = f"/api/v1/people/{child.pk}/determinations/"
    created = client.post(url, {"edits": EDITS}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["article"] == "Dublin III Art 8(1)"
    assert body["result"]["deadlines"]["take_charge_request"]["rule"] == (
        "Dublin III Art 21(1)"
    )
    again = client.post(url, {"facts": body["facts"]}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    listed = client.get(url)
    assert [item["id"] for item in listed.json()] == [body["id"]]


def test_invalid_facts_get_problem_json_naming_the_json_path(client_as, camp):
    """Each invalid fact is an error whose field is its JSON path."""
    child = child_with_brother_in_the_uk(camp)
    client = client_as("caseworker")
    response = client.post(
        f"/api/v1/people/{child.pk}/determinations/",
        {"edits": {"applications": [{"state": "ZZ", "date": "2016-10-01"}]}},
        format="json",
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == "invalid_facts"
    assert [error["field"] for error in problem["errors"]] == [
        "$.applications[0].state"
    ]


def _determined(client, child):
    response = client.post(
        f"/api/v1/people/{child.pk}/determinations/", {"edits": EDITS}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_requests_are_drafted_sent_tracked_and_replied_to(client_as, camp):
    """A request is pre-filled from the determination; its limits are computed."""
    child = child_with_brother_in_the_uk(camp)
    client = client_as("dublin_officer")
    _determined(client, child)
    created = client.post(
        f"/api/v1/people/{child.pk}/dublin-requests/", {}, format="json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["requested_state"], body["legal_basis"]) == (
        "GB",
        "Dublin III Art 8(1)",
    )
    assert body["state"] == "drafted"
    # Lodged 1 October 2016: three months (Art 21(1)); 1 January 2017 is a Sunday.
    assert body["next_limit"]["name"] == "request"
    assert body["next_limit"]["due"] == "2017-01-02"
    pk = body["id"]
    sent = client.post(
        f"/api/v1/dublin-requests/{pk}/steps/",
        {"target": "sent", "reason": "via DubliNet", "on": "2016-10-10"},
        format="json",
    )
    assert sent.status_code == 200, sent.content
    # Two months from 10 October 2016 (Art 22(1)); 10 December is a Saturday.
    assert sent.json()["next_limit"]["due"] == "2016-12-12"
    tracker = client.get("/api/v1/dublin-requests/")
    assert [item["id"] for item in tracker.json()] == [pk]
    assert tracker.json()[0]["person_name"]
    no_choice = client.post(
        f"/api/v1/dublin-requests/{pk}/reply/",
        {"replied_on": "2016-10-19"},
        format="json",
    )
    assert no_choice.status_code == 400
    assert [e["field"] for e in no_choice.json()["errors"]] == ["reply"]
    reply = client.post(
        f"/api/v1/dublin-requests/{pk}/reply/",
        {"reply": "refused", "replied_on": "2016-10-19"},
        format="json",
    )
    assert reply.status_code == 200
    assert reply.json()["state"] == "refused"
    assert client.get("/api/v1/dublin-requests/").json() == []
    closed = client.get("/api/v1/dublin-requests/?closed=1").json()
    assert [item["id"] for item in closed] == [pk]
    assert [limit["name"] for limit in closed[0]["limits"]] == ["request", "reply"]
    assert closed[0]["limits"][1]["missed"] is False


def test_a_draft_is_withdrawn_with_a_reason(client_as, camp):
    child = child_with_brother_in_the_uk(camp)
    client = client_as("dublin_officer")
    _determined(client, child)
    pk = client.post(
        f"/api/v1/people/{child.pk}/dublin-requests/", {}, format="json"
    ).json()["id"]
    withdrawn = client.post(
        f"/api/v1/dublin-requests/{pk}/steps/",
        {"target": "withdrawn", "reason": "wrong person"},
        format="json",
    )
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawal_reason"] == "wrong person"
    detail = client.get(f"/api/v1/dublin-requests/{pk}/")
    assert detail.json()["state"] == "withdrawn"


def test_a_wrong_request_gets_problem_json_naming_the_field(client_as, camp):
    """A state that is not a Dublin state is named in the errors."""
    child = child_with_brother_in_the_uk(camp)
    client = client_as("supervisor")
    _determined(client, child)
    response = client.post(
        f"/api/v1/people/{child.pk}/dublin-requests/",
        {"requested_state": "TR"},
        format="json",
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == [
        "requested_state"
    ]


def test_roles_without_the_right_are_refused(client_as, camp):
    """Clerks may not determine; caseworkers may not record requests."""
    child = child_with_brother_in_the_uk(camp)
    clerk = client_as("registration_clerk")
    assert (
        clerk.post(f"/api/v1/people/{child.pk}/determinations/", {}).status_code == 403
    )
    assert clerk.get("/api/v1/dublin-requests/").status_code == 403
    caseworker = client_as("caseworker")
    assert caseworker.get("/api/v1/dublin-requests/").status_code == 200
    assert (
        caseworker.post(
            f"/api/v1/people/{child.pk}/dublin-requests/", {}, format="json"
        ).status_code
        == 403
    )


def test_a_tacit_acceptance_against_the_criteria_is_in_the_api_result(client_as, camp):
    """
    The stored result carries the acceptance and every limit with its status.

    France asked Spain on 2016-11-15 to take charge of an adult who entered Italy
    irregularly; no reply by the limit, 2 months later (Dublin III Art 22(1)):
    2017-01-15 is a Sunday, so 2017-01-16. On 2017-01-20 Spain has accepted by
    silence (Art 22(7)) while the criteria point to Italy (Art 13(1)).
    """
    child = child_with_brother_in_the_uk(camp)
    facts = {
        "applicant": {"date_of_birth": "1990-01-01", "nationality": "SY"},
        "applications": [{"state": "FR", "date": "2016-10-24"}],
        "irregular_entries": [{"state": "IT", "date": "2016-03-01"}],
        "family_members": [],
        "requests": [
            {
                "type": "take_charge",
                "requesting_state": "FR",
                "requested_state": "ES",
                "sent": "2016-11-15",
            }
        ],
    }
    with time_machine.travel("2017-01-20 09:00Z", tick=False):
        client = client_as("dublin_officer")
        created = client.post(
            f"/api/v1/people/{child.pk}/determinations/",
            {"facts": facts},
            format="json",
        )
    assert created.status_code == 201, created.content
    result = created.json()["result"]
    assert created.json()["responsible_state"] == "ES"
    assert result["acceptance"]["state"] == "ES"
    assert result["acceptance"]["tacit"] is True
    assert result["acceptance"]["date"] == "2017-01-16"
    assert result["acceptance"]["criteria_state"] == "IT"
    assert result["acceptance"]["overrides_criteria"] is True
    statuses = {item["name"]: item["status"] for item in result["limits"]}
    assert statuses["take_charge_reply"] == "missed"
    assert statuses["take_charge_request"] == "met"
    assert "human_review" in [flag["code"] for flag in result["flags"]]
