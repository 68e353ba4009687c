"""The transfer endpoints: manifests, custody, alerts; problem+json and roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from haven.apps.cases.services import decision_record
from haven.apps.core.actors import Actor
from haven.apps.transfers.models import Manifest, ManifestEntry, MissingPersonAlert
from tests.apps.cases.builders import (
    OFFICER,
    case_at_determination,
    child,
    sent_request,
)
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
TODAY = NOW + timedelta(days=3)


@pytest.fixture(autouse=True)
def _within_the_transfer_period():
    """Run three days after registration, inside every time limit of the case."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def client_as(make_user):
    def login(role: str) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


@pytest.fixture
def accepted_case(camp):
    case, now = case_at_determination()
    case, request = sent_request(case, now)
    decision_record(
        case=case,
        request=request,
        subject="request_reply",
        outcome="accepted",
        reason_code="family_member_present",
        reason_text="Uncle in Leeds.",
        appeal_route="",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=now,
    )
    case.refresh_from_db()
    return case


MANIFEST = {
    "mode": "bus",
    "origin_key": "calais-containers",
    "departure_planned": "2016-10-23T10:00:00Z",
    "check_in_within_hours": 12,
    "escorts": [{"name": "Escort A", "agency": "France terre d'asile"}],
}


def fields_of(response) -> set[str]:
    assert response["Content-Type"] == PROBLEM_JSON
    return {error["field"] for error in response.json()["errors"]}


def plan(client, person, centre) -> tuple[int, int]:
    manifest = client.post("/api/v1/manifests/", MANIFEST, format="json")
    assert manifest.status_code == 201, manifest.content
    pk = manifest.json()["id"]
    entry = client.post(
        f"/api/v1/manifests/{pk}/entries/",
        {
            "registration_number": person.registration_number,
            "destination_key": centre.key,
        },
        format="json",
    )
    assert entry.status_code == 201, entry.content
    return pk, entry.json()["id"]


# Manifests and custody


def test_an_accepted_child_travels_from_check_out_to_check_in(
    client_as, accepted_case, centre
):
    client = client_as("caseworker")
    pk, entry = plan(client, accepted_case.person, centre)
    base = f"/api/v1/manifests/{pk}/entries/{entry}"
    out = client.post(f"{base}/check-out/", {"reason": "boarded"}, format="json")
    assert out.status_code == 200, out.content
    assert out.json()["state"] == "checked_out"
    assert out.json()["check_in_due"] == "2016-10-23T21:30:00Z"
    departed = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": []}, format="json"
    )
    assert departed.status_code == 200, departed.content
    assert departed.json()["state"] == "departed"
    assert [e["state"] for e in departed.json()["entries"]] == ["in_transit"]
    arrived = client.post(
        f"{base}/check-in/", {"reason": "arrived with escort"}, format="json"
    )
    assert arrived.status_code == 200, arrived.content
    assert arrived.json()["state"] == "checked_in"
    accepted_case.refresh_from_db()
    assert accepted_case.state == "arrived"
    detail = client.get(f"/api/v1/manifests/{pk}/").json()
    assert detail["reference"] == "MAN-2016-0001"
    assert detail["origin"] == "calais-containers"
    assert [e["name"] for e in detail["escorts"]] == ["Escort A"]
    [line] = detail["entries"]
    assert (line["registration_number"], line["destination"], line["state"]) == (
        accepted_case.person.registration_number,
        centre.key,
        "checked_in",
    )


def test_a_manifest_with_wrong_fields_names_each_one(client_as, camp):
    client = client_as("caseworker")
    response = client.post(
        "/api/v1/manifests/",
        {**MANIFEST, "mode": "boat", "escorts": [{"name": "Escort A"}]},
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"mode", "escorts[0].agency"}
    response = client.post(
        "/api/v1/manifests/",
        {**MANIFEST, "origin_key": "dunkirk", "escorts": []},
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"origin_key", "escorts"}
    assert not Manifest.objects.exists()


def test_a_person_unknown_or_already_on_the_manifest_is_named(client_as, centre):
    client = client_as("caseworker")
    person = child()
    pk, _ = plan(client, person, centre)
    url = f"/api/v1/manifests/{pk}/entries/"
    unknown = client.post(
        url,
        {"registration_number": "HVN-NOBODY", "destination_key": "nowhere"},
        format="json",
    )
    assert unknown.status_code == 400
    assert fields_of(unknown) == {"registration_number", "destination_key"}
    again = client.post(
        url,
        {
            "registration_number": person.registration_number,
            "destination_key": centre.key,
        },
        format="json",
    )
    assert again.status_code == 400
    assert fields_of(again) == {"registration_number"}
    assert ManifestEntry.objects.count() == 1


def test_a_check_in_before_check_out_is_a_409_naming_both_states(client_as, centre):
    client = client_as("caseworker")
    pk, entry = plan(client, child(), centre)
    response = client.post(
        f"/api/v1/manifests/{pk}/entries/{entry}/check-in/",
        {"reason": "arrived"},
        format="json",
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "illegal_transition"
    assert "'planned'" in problem["detail"]
    assert "'checked_in'" in problem["detail"]
    assert ManifestEntry.objects.get(pk=entry).state == "planned"


def test_a_custody_step_without_a_reason_names_it(client_as, centre):
    client = client_as("caseworker")
    pk, entry = plan(client, child(), centre)
    response = client.post(
        f"/api/v1/manifests/{pk}/entries/{entry}/check-out/", {}, format="json"
    )
    assert response.status_code == 400
    assert fields_of(response) == {"reason"}


def test_a_line_of_another_manifest_is_404(client_as, centre):
    client = client_as("caseworker")
    pk, entry = plan(client, child(), centre)
    response = client.post(
        f"/api/v1/manifests/{pk + 1}/entries/{entry}/check-out/",
        {"reason": "boarded"},
        format="json",
    )
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON


def test_departure_reports_who_did_not_board_and_cannot_happen_twice(client_as, centre):
    client = client_as("caseworker")
    pk, entry = plan(client, child(), centre)
    unconfirmed = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": []}, format="json"
    )
    assert unconfirmed.status_code == 400
    assert fields_of(unconfirmed) == {"did_not_board"}
    assert not MissingPersonAlert.objects.exists()
    departed = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": [entry]}, format="json"
    )
    assert departed.status_code == 200
    assert [e["state"] for e in departed.json()["entries"]] == ["missing"]
    again = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": [entry]}, format="json"
    )
    assert again.status_code == 400
    assert fields_of(again) == {"manifest"}
    [alert] = client.get("/api/v1/alerts/").json()
    assert alert["entry"] == entry
    assert alert["state"] == "open"


def test_an_empty_manifest_cannot_depart(client_as, camp):
    client = client_as("caseworker")
    pk = client.post("/api/v1/manifests/", MANIFEST, format="json").json()["id"]
    response = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": []}, format="json"
    )
    assert response.status_code == 400
    assert fields_of(response) == {"manifest"}


def test_roles_that_do_not_run_transfers_get_403_everywhere(client_as, centre):
    pk, entry = plan(client_as("caseworker"), child(), centre)
    client = client_as("registration_clerk")
    base = f"/api/v1/manifests/{pk}"
    calls = [
        ("post", "/api/v1/manifests/", MANIFEST),
        ("get", f"{base}/", None),
        ("post", f"{base}/entries/", {"registration_number": "x"}),
        ("post", f"{base}/entries/{entry}/check-out/", {"reason": "x"}),
        ("post", f"{base}/entries/{entry}/check-in/", {"reason": "x"}),
        ("post", f"{base}/entries/{entry}/missing/", {"reason": "x"}),
        ("post", f"{base}/depart/", None),
        ("get", "/api/v1/alerts/", None),
        ("post", "/api/v1/alerts/1/escalate/", {"target": "closed"}),
    ]
    for method, url, body in calls:
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code == 403, url
        assert response["Content-Type"] == PROBLEM_JSON
    assert Manifest.objects.count() == 1
    assert ManifestEntry.objects.get(pk=entry).state == "planned"


# Alerts


def test_a_missing_child_is_escalated_and_found_at_check_in(client_as, centre):
    client = client_as("protection_specialist")
    pk, entry = plan(client, child(), centre)
    base = f"/api/v1/manifests/{pk}/entries/{entry}"
    client.post(f"{base}/check-out/", {"reason": "boarded"}, format="json")
    reported = client.post(
        f"{base}/missing/", {"reason": "not on the bus at Arras"}, format="json"
    )
    assert reported.status_code == 201, reported.content
    alert = reported.json()
    assert alert["manifest"] == "MAN-2016-0001"
    assert "police_notified" in alert["next_states"]
    [listed] = client.get("/api/v1/alerts/").json()
    assert listed["id"] == alert["id"]
    url = f"/api/v1/alerts/{alert['id']}/escalate/"
    notified = client.post(
        url,
        {"target": "police_notified", "reference": "PN-123", "reason": "reported"},
        format="json",
    )
    assert notified.status_code == 200, notified.content
    assert notified.json()["police_reference"] == "PN-123"
    found = client.post(
        f"{base}/check-in/", {"reason": "came to the centre"}, format="json"
    )
    assert found.status_code == 200
    assert MissingPersonAlert.objects.get(pk=alert["id"]).state == "found"
    assert client.get("/api/v1/alerts/").json() == []


def test_escalation_needs_a_reference_and_a_legal_step(client_as, centre):
    client = client_as("protection_specialist")
    pk, entry = plan(client, child(), centre)
    alert = client.post(
        f"/api/v1/manifests/{pk}/entries/{entry}/missing/",
        {"reason": "left the queue"},
        format="json",
    ).json()
    url = f"/api/v1/alerts/{alert['id']}/escalate/"
    response = client.post(
        url, {"target": "police_notified", "reason": "reported"}, format="json"
    )
    assert response.status_code == 400
    assert fields_of(response) == {"reference"}
    client.post(url, {"target": "closed", "reason": "found by family"}, format="json")
    response = client.post(
        url, {"target": "found", "reason": "seen in Calais"}, format="json"
    )
    assert response.status_code == 409
    problem = response.json()
    assert problem["code"] == "illegal_transition"
    assert "'closed'" in problem["detail"]
    assert "'found'" in problem["detail"]


def test_escalation_is_kept_to_protection_roles(client_as, centre):
    pk, entry = plan(client_as("caseworker"), child(), centre)
    alert = (
        client_as("caseworker")
        .post(
            f"/api/v1/manifests/{pk}/entries/{entry}/missing/",
            {"reason": "left the queue"},
            format="json",
        )
        .json()
    )
    officer = client_as("dublin_officer")
    assert officer.get("/api/v1/alerts/").json()[0]["next_states"] == []
    response = officer.post(
        f"/api/v1/alerts/{alert['id']}/escalate/",
        {"target": "closed", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert MissingPersonAlert.objects.get(pk=alert["id"]).state == "open"


def test_the_alert_list_raises_alerts_for_people_overdue(client_as, centre):
    client = client_as("caseworker")
    pk, entry = plan(client, child(), centre)
    client.post(
        f"/api/v1/manifests/{pk}/entries/{entry}/check-out/",
        {"reason": "boarded"},
        format="json",
    )
    departed = client.post(
        f"/api/v1/manifests/{pk}/depart/", {"did_not_board": []}, format="json"
    )
    assert departed.status_code == 200
    assert client.get("/api/v1/alerts/").json() == []
    with time_machine.travel(TODAY + timedelta(hours=12, minutes=1), tick=False):
        # Past the 12-hour session limit: the caseworker of the next shift looks.
        [alert] = client_as("caseworker").get("/api/v1/alerts/").json()
    assert alert["entry"] == entry
    assert alert["raised_by"] == "haven"
