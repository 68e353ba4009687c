"""The case endpoints: happy paths, problem+json naming fields or states, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from rest_framework.test import APIClient

from haven.apps.cases.models import Case, CaseTransition, Decision
from haven.apps.cases.services import decision_record
from haven.apps.core.actors import Actor
from tests.apps.cases.builders import OFFICER, case_at_determination, sent_request
from tests.conftest import NOW

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"


@pytest.fixture(autouse=True)
def _three_days_after_registration():
    """Run just after the builders' last step, so every deadline is still running."""
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        yield


@pytest.fixture
def client_as(make_user):
    def login(role: str) -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


@pytest.fixture
def case(camp):
    built, _ = case_at_determination()
    return built


def refusal(case, *, subject="eligibility", reason_code="assessed_as_adult"):
    return decision_record(
        case=case,
        subject=subject,
        outcome="refused",
        reason_code=reason_code,
        reason_text="Assessed as an adult by two social workers.",
        appeal_route="uk_judicial_review",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=NOW + timedelta(days=2, hours=1),
    )


def fields_of(response) -> set[str]:
    assert response["Content-Type"] == PROBLEM_JSON
    return {error["field"] for error in response.json()["errors"]}


# Case detail and its log


def test_a_case_shows_its_stage_and_the_steps_open_to_the_role(client_as, case):
    response = client_as("caseworker").get(f"/api/v1/cases/{case.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["person"] == case.person_id
    assert body["state"] == "determination"
    assert "withdrawn" in body["next_states"]
    assert "request_sent" not in body["next_states"]
    officer = client_as("dublin_officer").get(f"/api/v1/cases/{case.pk}/").json()
    assert "request_sent" in officer["next_states"]


def test_an_unknown_case_is_a_404_problem(client_as, camp):
    response = client_as("caseworker").get("/api/v1/cases/999999/")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["code"] == "not_found"


def test_a_role_without_access_to_cases_gets_403(client_as, case):
    for url in (f"/api/v1/cases/{case.pk}/", f"/api/v1/cases/{case.pk}/transitions/"):
        response = client_as("allocation_planner").get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"] == PROBLEM_JSON


def test_the_log_lists_every_step_with_actor_role_and_reason(client_as, case):
    response = client_as("supervisor").get(f"/api/v1/cases/{case.pk}/transitions/")
    assert response.status_code == 200
    rows = [
        (r["from_state"], r["to_state"], r["actor"], r["role"], r["reason"])
        for r in response.json()
    ]
    assert rows == [
        ("", "registered", "clerk-1", "registration_clerk", "case opened"),
        ("registered", "screened", "cw", "caseworker", "done"),
        ("screened", "determination", "cw", "caseworker", "done"),
    ]


# Steps


def test_a_step_moves_the_case_and_is_logged(client_as, case):
    client = client_as("caseworker")
    response = client.post(
        f"/api/v1/cases/{case.pk}/step/",
        {"target": "absconded", "reason": "not seen at the container camp for 3 days"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "absconded"
    last = CaseTransition.objects.filter(case=case).last()
    assert (last.from_state, last.to_state, last.role) == (
        "determination",
        "absconded",
        "caseworker",
    )


def test_an_illegal_step_is_a_409_problem_naming_both_states(client_as, case):
    response = client_as("caseworker").post(
        f"/api/v1/cases/{case.pk}/step/",
        {"target": "arrived", "reason": "bus came early"},
        format="json",
    )
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM_JSON
    problem = response.json()
    assert problem["code"] == "illegal_transition"
    assert "'determination'" in problem["detail"]
    assert "'arrived'" in problem["detail"]
    assert [e["field"] for e in problem["errors"]] == ["target"]
    case.refresh_from_db()
    assert case.state == "determination"


def test_a_step_without_a_reason_or_to_an_unknown_stage_names_the_fields(
    client_as, case
):
    response = client_as("caseworker").post(
        f"/api/v1/cases/{case.pk}/step/", {"target": "elsewhere"}, format="json"
    )
    assert response.status_code == 400
    assert fields_of(response) == {"target", "reason"}


def test_a_step_the_table_keeps_from_the_role_is_403(client_as, case):
    response = client_as("registration_clerk").post(
        f"/api/v1/cases/{case.pk}/step/",
        {"target": "request_sent", "reason": "sent"},
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    case.refresh_from_db()
    assert case.state == "determination"


def test_a_role_that_does_not_work_cases_cannot_step(client_as, case):
    response = client_as("health_officer").post(
        f"/api/v1/cases/{case.pk}/step/",
        {"target": "withdrawn", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON


# Decisions

REFUSAL = {
    "subject": "eligibility",
    "outcome": "refused",
    "reason_code": "assessed_as_adult",
    "reason_text": "Assessed as an adult by two social workers.",
    "appeal_route": "uk_judicial_review",
}


def test_a_refusal_is_recorded_with_its_letter_and_refuses_the_case(client_as, case):
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/decisions/", REFUSAL, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reason_code"] == "assessed_as_adult"
    assert body["appeal_deadline"] is not None
    [letter] = body["letters"]
    assert letter["language"] == "ar"
    case.refresh_from_db()
    assert case.state == "refused"


def test_a_reply_to_a_request_accepts_the_request_and_the_case(client_as, case):
    case, request = sent_request(case, NOW + timedelta(days=2))
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/decisions/",
        {
            "subject": "request_reply",
            "outcome": "accepted",
            "reason_code": "family_member_present",
            "reason_text": "Uncle lawfully resident in Leeds.",
            "request": request.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    request.refresh_from_db()
    case.refresh_from_db()
    assert (request.state, case.state) == ("accepted", "accepted")


def test_a_decision_without_its_reasons_names_both_fields(client_as, case):
    client = client_as("dublin_officer")
    url = f"/api/v1/cases/{case.pk}/decisions/"
    missing = {k: v for k, v in REFUSAL.items() if k != "reason_code"}
    response = client.post(url, {**missing, "reason_text": ""}, format="json")
    assert response.status_code == 400
    assert fields_of(response) == {"reason_code", "reason_text"}
    response = client.post(url, {**REFUSAL, "reason_code": "because"}, format="json")
    assert fields_of(response) == {"reason_code"}
    assert not Decision.objects.exists()


def test_a_reason_that_does_not_fit_the_outcome_is_named_by_the_service(
    client_as, case
):
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/decisions/",
        {**REFUSAL, "reason_code": "family_member_present"},
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"reason_code"}


def test_a_request_of_another_case_is_named(client_as, case):
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/decisions/",
        {**REFUSAL, "subject": "request_reply", "request": 424242},
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"request"}


def test_a_caseworker_may_not_record_decisions(client_as, case):
    response = client_as("caseworker").post(
        f"/api/v1/cases/{case.pk}/decisions/", REFUSAL, format="json"
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON
    assert not Decision.objects.exists()


# Appeals


def test_an_appeal_is_lodged_then_allowed_and_the_case_reopens(client_as, case):
    decision = refusal(case)
    client = client_as("caseworker")
    lodged = client.post(
        f"/api/v1/decisions/{decision.pk}/appeals/",
        {"lodged_on": (NOW + timedelta(days=3)).date().isoformat()},
        format="json",
    )
    assert lodged.status_code == 201, lodged.content
    appeal = lodged.json()
    assert (appeal["state"], appeal["in_time"], appeal["suspensive"]) == (
        "lodged",
        True,
        True,
    )
    url = f"/api/v1/appeals/{appeal['id']}/step/"
    pending = client.post(
        url, {"target": "pending", "reason": "listed for hearing"}, format="json"
    )
    assert pending.status_code == 200, pending.content
    decided = client.post(
        url,
        {"target": "decided", "outcome": "allowed", "reason": "no lawful assessment"},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "allowed"
    case.refresh_from_db()
    assert case.state == "determination"


def test_an_acceptance_cannot_be_appealed_and_the_problem_names_the_decision(
    client_as, case
):
    case, request = sent_request(case, NOW + timedelta(days=2))
    accepted = decision_record(
        case=case,
        request=request,
        subject="request_reply",
        outcome="accepted",
        reason_code="family_member_present",
        reason_text="Uncle in Leeds.",
        appeal_route="",
        actor=Actor(name=OFFICER, role="dublin_officer"),
        now=NOW + timedelta(days=2),
    )
    response = client_as("caseworker").post(
        f"/api/v1/decisions/{accepted.pk}/appeals/",
        {"lodged_on": "2016-10-23"},
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"decision"}


def test_an_appeal_decided_without_outcome_or_stepped_back_is_refused(client_as, case):
    decision = refusal(case)
    client = client_as("caseworker")
    appeal = client.post(
        f"/api/v1/decisions/{decision.pk}/appeals/",
        {"lodged_on": "2016-10-23"},
        format="json",
    ).json()
    url = f"/api/v1/appeals/{appeal['id']}/step/"
    response = client.post(url, {"target": "decided", "reason": "x"}, format="json")
    assert response.status_code == 400
    assert fields_of(response) == {"outcome"}
    client.post(
        url,
        {"target": "decided", "outcome": "dismissed", "reason": "lawful"},
        format="json",
    )
    back = client.post(url, {"target": "pending", "reason": "again"}, format="json")
    assert back.status_code == 409
    problem = back.json()
    assert problem["code"] == "illegal_transition"
    assert "'decided'" in problem["detail"]
    assert "'pending'" in problem["detail"]


def test_a_role_that_does_not_work_cases_cannot_touch_appeals(client_as, case):
    decision = refusal(case)
    client = client_as("health_officer")
    response = client.post(
        f"/api/v1/decisions/{decision.pk}/appeals/",
        {"lodged_on": "2016-10-23"},
        format="json",
    )
    assert response.status_code == 403
    appeal = client_as("caseworker").post(
        f"/api/v1/decisions/{decision.pk}/appeals/",
        {"lodged_on": "2016-10-23"},
        format="json",
    )
    response = client.post(
        f"/api/v1/appeals/{appeal.json()['id']}/step/",
        {"target": "pending", "reason": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON


# Returns


def test_a_return_after_a_protection_refusal_closes_the_case(client_as, case):
    decision = refusal(
        case, subject="protection", reason_code="not_in_need_of_protection"
    )
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/returns/",
        {
            "decision": decision.pk,
            "route": "voluntary",
            "returned_on": "2016-10-23",
            "country": "al",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["country"] == "AL"
    case.refresh_from_db()
    assert case.state == "returned"


def test_a_return_needs_a_protection_refusal_and_a_route(client_as, case):
    decision = refusal(case)
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/returns/",
        {
            "decision": decision.pk,
            "route": "voluntary",
            "returned_on": "2016-10-23",
            "country": "AL",
        },
        format="json",
    )
    assert response.status_code == 400
    assert fields_of(response) == {"decision"}
    response = client_as("dublin_officer").post(
        f"/api/v1/cases/{case.pk}/returns/",
        {"decision": decision.pk, "route": "deported", "returned_on": "2016-10-23"},
        format="json",
    )
    assert fields_of(response) == {"route", "country"}


def test_a_caseworker_may_not_record_a_return(client_as, case):
    decision = refusal(
        case, subject="protection", reason_code="not_in_need_of_protection"
    )
    response = client_as("caseworker").post(
        f"/api/v1/cases/{case.pk}/returns/",
        {
            "decision": decision.pk,
            "route": "voluntary",
            "returned_on": "2016-10-23",
            "country": "AL",
        },
        format="json",
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == "refused"


# Metrics


def test_metrics_give_stages_counts_and_returns(client_as, case):
    response = client_as("government_liaison").get("/api/v1/cases/metrics/")
    assert response.status_code == 200
    body = response.json()
    assert body["by_state"] == {"determination": 1}
    stages = {s["stage"]: s for s in body["stages"]}
    assert stages["registered"]["median_days"] == 1.0
    assert body["arrivals"] == 0
    assert body["median_identification_to_arrival"] is None
    assert body["returns_by_month"] == []


def test_metrics_are_closed_to_a_role_not_listed(client_as, case):
    response = client_as("system_administrator").get("/api/v1/cases/metrics/")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM_JSON
