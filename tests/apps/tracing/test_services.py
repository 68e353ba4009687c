"""Tracing requests, decisions as labels, duplicate review, merge and unmerge."""

from __future__ import annotations

from datetime import date

import pytest

from haven.apps.audit.models import AuditEvent
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.models import (
    Consent,
    Person,
    PersonEvent,
    PersonName,
    Registration,
)
from haven.apps.people.services import person_reindex
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    TracingRequest,
)
from haven.apps.tracing.selectors import duplicate_queue, match_labels, merged_into
from haven.apps.tracing.services import (
    REVIEW_FLOOR,
    VERY_LIKELY_THRESHOLD,
    TracingConsentMissingError,
    duplicate_dismiss,
    duplicate_merge,
    duplicate_scan,
    match_decide,
    merge_undo,
    tracing_request_create,
    tracing_request_search,
)
from tests.conftest import NOW

from .conftest import uncle_request_fields

TODAY = date(2016, 10, 20)


def _request(child, uncle, user):
    return tracing_request_create(
        person=child, actor=Actor.of_user(user), now=NOW, **uncle_request_fields(uncle)
    )


def test_a_request_without_a_name_or_with_an_unknown_relation_is_refused(
    child_and_uncle, make_user
):
    """Every problem is named on its field, and nothing is saved."""
    child, _ = child_and_uncle
    with pytest.raises(InvalidInputError) as caught:
        tracing_request_create(
            person=child,
            requested_by="",
            relation="neighbour",
            name_as_remembered=" ",
            approx_age=400,
            last_known_city="",
            nationality="Sudan",
            remembered="",
            actor=Actor.of_user(make_user()),
            now=NOW,
        )
    assert set(caught.value.field_errors) == {
        "requested_by",
        "relation",
        "name_as_remembered",
        "approx_age",
        "nationality",
    }
    assert TracingRequest.objects.count() == 0


def test_a_search_without_tracing_consent_is_refused(child_and_uncle, make_user):
    """Withdrawn consent stops the search before any record is read."""
    child, uncle = child_and_uncle
    user = make_user()
    request = _request(child, uncle, user)
    Consent.objects.filter(person=child, purpose="tracing").update(withdrawn_at=NOW)
    with pytest.raises(TracingConsentMissingError):
        tracing_request_search(
            request=request, actor=Actor.of_user(user), now=NOW, today=TODAY
        )
    request.refresh_from_db()
    assert request.status == TracingRequest.Status.OPEN
    assert not Candidate.objects.exists()


@pytest.mark.slow
def test_the_uncle_is_found_explained_confirmed_and_kept_as_a_label(
    child_and_uncle, make_user
):
    """The right record ranks first with per-field reasons; the decision is audited."""
    child, uncle = child_and_uncle
    user = make_user()
    request = tracing_request_search(
        request=_request(child, uncle, user),
        actor=Actor.of_user(user),
        now=NOW,
        today=TODAY,
    )
    assert request.status == TracingRequest.Status.SEARCHED
    first = Candidate.objects.get(request=request, rank=1)
    assert first.registration.person_id == uncle.pk
    assert first.probability >= 0.5
    fields = [c["field"] for c in first.contributions]
    assert fields == [
        "given_name",
        "father_name",
        "lineage",
        "age",
        "sex",
        "nationality",
        "place_of_origin",
        "city",
    ]
    assert sum(c["match_weight"] for c in first.contributions) > 0
    match_decide(
        candidate=first,
        decision="confirm",
        reason="photo shown",
        actor=Actor.of_user(user),
        now=NOW,
    )
    request.refresh_from_db()
    assert request.status == TracingRequest.Status.MATCHED
    assert (request.pk, first.registration_id, True) in list(match_labels())
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"tracing.search", "tracing.match_confirm"} <= actions


def test_a_rejection_needs_a_reason_and_reopens_a_wrong_confirmation(
    child_and_uncle, make_user
):
    """Reject after confirm leaves the request to review; both stay as history."""
    child, uncle = child_and_uncle
    user = make_user()
    request = _request(child, uncle, user)
    candidate = Candidate.objects.create(
        request=request,
        registration=uncle.registrations.first(),
        rank=1,
        probability=0.8,
        bayes_factor=100.0,
        contributions=[],
    )
    with pytest.raises(InvalidInputError):
        match_decide(
            candidate=candidate,
            decision="reject",
            reason=" ",
            actor=Actor.of_user(user),
            now=NOW,
        )
    match_decide(
        candidate=candidate,
        decision="confirm",
        reason="yes",
        actor=Actor.of_user(user),
        now=NOW,
    )
    match_decide(
        candidate=candidate,
        decision="reject",
        reason="wrong age",
        actor=Actor.of_user(user),
        now=NOW,
    )
    request.refresh_from_db()
    assert request.status == TracingRequest.Status.SEARCHED
    assert MatchDecision.objects.filter(candidate=candidate).count() == 2
    assert (request.pk, candidate.registration_id, False) in list(match_labels())


def _pair(demo_people):
    a, b = demo_people
    left, right = sorted((a.registrations.first().pk, b.registrations.first().pk))
    return DuplicatePair.objects.create(
        left_id=left,
        right_id=right,
        band=DuplicatePair.Band.REVIEW,
        probability=0.8,
        explanation=[{"field": "given_name", "level": "exact", "match_weight": 4.0}],
        scanned_at=NOW,
    )


@pytest.fixture
def two_people(demo):
    return list(
        Person.objects.filter(registrations__source_kind="state_authority")
        .distinct()
        .order_by("pk")[:2]
    )


def _snapshot(person):
    return {
        "registrations": set(person.registrations.values_list("pk", flat=True)),
        "names": set(person.names.values_list("pk", flat=True)),
        "consents": set(person.consents.values_list("pk", flat=True)),
        "needs": set(person.vulnerabilities.values_list("pk", flat=True)),
        "relations": set(person.relations.values_list("pk", flat=True)),
        "related_from": set(person.related_from.values_list("pk", flat=True)),
        "keys": set(person.name_keys.values_list("key", flat=True)),
    }


def test_merge_moves_everything_and_unmerge_restores_it(two_people, make_user):
    """After merge and unmerge both people have exactly the rows they had."""
    user = make_user()
    pair = _pair(two_people)
    survivor, merged = (
        Registration.objects.get(pk=pair.left_id).person,
        Registration.objects.get(pk=pair.right_id).person,
    )
    before = {p.pk: _snapshot(p) for p in (survivor, merged)}
    events_before = set(merged.events.values_list("pk", flat=True))
    merge = duplicate_merge(
        pair=pair, reason="same phone", actor=Actor.of_user(user), now=NOW
    )
    assert not merged.registrations.exists()
    assert before[merged.pk]["registrations"] <= _snapshot(survivor)["registrations"]
    assert PersonName.objects.filter(
        person=survivor, source__startswith="merged"
    ).exists()
    assert merged_into(person=merged) == survivor
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.MERGED
    with pytest.raises(ConflictError):
        duplicate_merge(pair=pair, reason="again", actor=Actor.of_user(user), now=NOW)
    merge_undo(merge=merge, actor=Actor.of_user(user), now=NOW)
    assert _snapshot(survivor) == before[survivor.pk]
    assert _snapshot(merged) == before[merged.pk]
    assert events_before <= set(merged.events.values_list("pk", flat=True))
    assert PersonEvent.objects.filter(person=merged, action="merge undone").exists()
    assert merged_into(person=merged) is None
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN
    with pytest.raises(ConflictError):
        merge_undo(merge=merge, actor=Actor.of_user(user), now=NOW)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "tracing.merge" in actions
    assert "tracing.unmerge" in actions


def test_a_dismissed_pair_leaves_the_queue(two_people, make_user):
    """Keeping two people apart needs a reason and empties the queue."""
    user = make_user()
    pair = _pair(two_people)
    with pytest.raises(InvalidInputError):
        duplicate_dismiss(pair=pair, reason="", actor=Actor.of_user(user), now=NOW)
    duplicate_dismiss(
        pair=pair, reason="different mothers", actor=Actor.of_user(user), now=NOW
    )
    assert not duplicate_queue().exists()
    with pytest.raises(ConflictError):
        duplicate_dismiss(pair=pair, reason="again", actor=Actor.of_user(user), now=NOW)


def test_a_spelling_both_people_hold_stays_and_the_merge_is_undone(
    two_people, make_user
):
    """The failure of the scan at 7,000 people: a spelling held by both people."""
    user = make_user()
    pair = _pair(two_people)
    survivor = Registration.objects.get(pk=pair.left_id).person
    merged = Registration.objects.get(pk=pair.right_id).person
    shared = {"given_name": "Tesfay", "father_name": "Kidane", "family_name": ""}
    PersonName.objects.create(person=survivor, source="registration", **shared)
    PersonName.objects.create(person=merged, source="registration", **shared)
    # The merged person's own name is a spelling the survivor holds too.
    PersonName.objects.get_or_create(
        person=survivor,
        given_name=merged.given_name,
        father_name=merged.father_name,
        grandfather_name=merged.grandfather_name,
        family_name=merged.family_name,
        native=merged.name_native,
    )
    for person in (survivor, merged):
        person_reindex(person=person)
    before = {p.pk: _snapshot(p) for p in (survivor, merged)}
    merge = duplicate_merge(
        pair=pair, reason="same phone", actor=Actor.of_user(user), now=NOW
    )
    assert not merged.registrations.exists()
    assert survivor.names.filter(**shared).count() == 1
    merge_undo(merge=merge, actor=Actor.of_user(user), now=NOW)
    assert _snapshot(survivor) == before[survivor.pk]
    assert _snapshot(merged) == before[merged.pk]


@pytest.mark.slow
def test_a_scan_fills_both_bands_and_merges_nothing(demo, make_user):
    """Pairs from the floor up wait in their band; no person is merged away."""
    user = make_user()
    people_before = Registration.objects.values("person").distinct().count()
    steps: list[tuple[int, int, str]] = []
    result = duplicate_scan(
        actor=Actor.of_user(user),
        now=NOW,
        progress=lambda done, total, stage: steps.append((done, total, stage)),
    )
    review = DuplicatePair.objects.filter(band=DuplicatePair.Band.REVIEW)
    likely = DuplicatePair.objects.filter(band=DuplicatePair.Band.AUTO)
    assert review.count() == result.to_review
    assert likely.count() == result.very_likely
    assert all(REVIEW_FLOOR <= p.probability < VERY_LIKELY_THRESHOLD for p in review)
    assert all(p.probability >= VERY_LIKELY_THRESHOLD for p in likely)
    assert not DuplicatePair.objects.exclude(status=DuplicatePair.Status.OPEN).exists()
    people_after = Registration.objects.values("person").distinct().count()
    assert people_after == people_before
    assert Registration.objects.count() == 615
    assert [s[0] for s in steps] == [0, 1, 2, 3]
    assert steps[-1][:2] == (3, 3)
    # A second scan changes the scores of open pairs, adds none twice.
    again = duplicate_scan(actor=Actor.of_user(user), now=NOW)
    assert DuplicatePair.objects.count() == again.to_review + again.very_likely
