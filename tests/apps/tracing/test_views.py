"""The tracing pages: requests taken by POST, refusals shown, roles, the queue."""

from __future__ import annotations

import pytest

from haven.apps.people.models import Consent, Person
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    TracingRequest,
)
from tests.conftest import NOW

from .conftest import uncle_request_fields


@pytest.fixture
def logged_in(client, make_user):
    def login(role: str = "caseworker"):
        user = make_user(role)
        client.force_login(user)
        return user

    return login


def test_a_request_is_taken_by_post_and_opens_its_page(
    logged_in, child_and_uncle, client
):
    """The form saves the request; its page shows what is remembered, not the URL."""
    child, uncle = child_and_uncle
    logged_in()
    fields = uncle_request_fields(uncle)
    response = client.post(f"/tracing/people/{child.pk}/", fields)
    request = TracingRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/tracing/requests/{request.pk}/"
    page = client.get(response["Location"])
    assert str(fields["name_as_remembered"]) in page.content.decode()
    assert str(fields["name_as_remembered"]) not in response["Location"]


def test_a_search_without_consent_shows_why_and_finds_nothing(
    logged_in, child_and_uncle, client
):
    """The refusal is shown on the request page; no candidate is stored."""
    child, uncle = child_and_uncle
    logged_in()
    Consent.objects.filter(person=child, purpose="tracing").update(withdrawn_at=NOW)
    client.post(f"/tracing/people/{child.pk}/", uncle_request_fields(uncle))
    request = TracingRequest.objects.get()
    response = client.post(f"/tracing/requests/{request.pk}/search/", follow=True)
    assert "consent to family tracing is missing" in response.content.decode()
    assert not Candidate.objects.exists()


def test_candidates_show_each_fields_weight_and_take_a_decision(
    logged_in, child_and_uncle, client
):
    """Each field's signed weight is shown; a decision with a reason is stored."""
    child, uncle = child_and_uncle
    user = logged_in()
    client.post(f"/tracing/people/{child.pk}/", uncle_request_fields(uncle))
    request = TracingRequest.objects.get()
    candidate = Candidate.objects.create(
        request=request,
        registration=uncle.registrations.first(),
        rank=1,
        probability=0.93,
        bayes_factor=500.0,
        contributions=[
            {"field": "given_name", "level": "exact", "match_weight": 4.2},
            {"field": "age", "level": "within 10 years", "match_weight": -1.5},
        ],
    )
    page = client.get(f"/tracing/requests/{request.pk}/").content.decode()
    assert "Given name" in page
    assert "+4.2" in page
    assert "-1.5" in page
    client.post(
        f"/tracing/candidates/{candidate.pk}/decide/",
        {"decision": "confirm", "reason": "the child knew the photo"},
    )
    decision = MatchDecision.objects.get()
    assert decision.decided_by == user
    request.refresh_from_db()
    assert request.status == TracingRequest.Status.MATCHED


@pytest.mark.parametrize("role", ["registration_clerk", "health_officer", "auditor"])
def test_roles_without_tracing_get_403(logged_in, child_and_uncle, client, role):
    """Tracing is for caseworkers, supervisors and protection specialists."""
    child, _ = child_and_uncle
    logged_in(role)
    assert client.get(f"/tracing/people/{child.pk}/").status_code == 403


def test_the_duplicate_queue_merges_and_undoes(logged_in, demo, client):
    """A pair is merged from the queue with a reason and the merge undone."""
    from haven.apps.people.models import Registration

    logged_in()
    left, right = Registration.objects.filter(source_kind="state_authority").order_by(
        "pk"
    )[:2]
    Person.objects.filter(pk__in=[left.person_id, right.person_id]).update(
        agency="Safe Passage", team="north"
    )
    pair = DuplicatePair.objects.create(
        left=left,
        right=right,
        band=DuplicatePair.Band.REVIEW,
        probability=0.7,
        explanation=[{"field": "dob", "level": "exact", "match_weight": 6.0}],
        scanned_at=NOW,
    )
    page = client.get("/tracing/duplicates/").content.decode()
    assert "Date of birth" in page
    client.post(f"/tracing/duplicates/{pair.pk}/merge/", {"reason": "same phone"})
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED
    merge = pair.merges.get()
    client.post(f"/tracing/merges/{merge.pk}/undo/")
    merge.refresh_from_db()
    assert merge.unmerged_at is not None
    right.refresh_from_db()
    assert right.person_id == merge.merged_id
