"""The tracing endpoints: request, consent refusal as problem+json, decisions, roles."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from haven.apps.people.models import Consent
from haven.apps.tracing.models import Candidate, TracingRequest
from tests.apps.tracing import conftest as tracing
from tests.conftest import NOW

demo = tracing.demo
child_and_uncle = tracing.child_and_uncle
uncle_request_fields = tracing.uncle_request_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(make_user):
    def login(role: str = "caseworker") -> APIClient:
        client = APIClient()
        client.force_login(make_user(role))
        return client

    return login


def test_a_request_is_created_and_refused_a_search_without_consent(
    api, child_and_uncle
):
    """201 for the request; 409 problem+json naming the missing consent."""
    child, uncle = child_and_uncle
    client = api()
    response = client.post(
        f"/api/v1/people/{child.pk}/tracing-requests/",
        uncle_request_fields(uncle),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "open"
    Consent.objects.filter(person=child, purpose="tracing").update(withdrawn_at=NOW)
    refused = client.post(f"/api/v1/tracing-requests/{response.json()['id']}/search/")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    assert refused.json()["code"] == "tracing_consent_missing"


def test_candidates_are_listed_with_contributions_and_decided(api, child_and_uncle):
    """The list carries each field's weight; a decision without reason is a 400."""
    child, uncle = child_and_uncle
    client = api()
    created = client.post(
        f"/api/v1/people/{child.pk}/tracing-requests/",
        uncle_request_fields(uncle),
        format="json",
    ).json()
    candidate = Candidate.objects.create(
        request=TracingRequest.objects.get(pk=created["id"]),
        registration=uncle.registrations.first(),
        rank=1,
        probability=0.9,
        bayes_factor=80.0,
        contributions=[{"field": "city", "level": "same city", "match_weight": 4.7}],
    )
    listed = client.get(f"/api/v1/tracing-requests/{created['id']}/candidates/").json()
    assert listed[0]["person"] == uncle.pk
    assert listed[0]["contributions"][0]["match_weight"] == 4.7
    url = f"/api/v1/tracing-candidates/{candidate.pk}/decisions/"
    assert client.post(url, {"decision": "confirm"}, format="json").status_code == 400
    made = client.post(url, {"decision": "confirm", "reason": "photo"}, format="json")
    assert made.status_code == 201


def test_roles_without_tracing_get_403(api, child_and_uncle):
    """A registration clerk may not take down tracing requests."""
    child, uncle = child_and_uncle
    response = api("registration_clerk").post(
        f"/api/v1/people/{child.pk}/tracing-requests/",
        uncle_request_fields(uncle),
        format="json",
    )
    assert response.status_code == 403
