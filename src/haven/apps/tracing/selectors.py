"""Reads of the tracing app: requests, candidates, duplicates, registry frames."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet

from haven.apps.people.models import Consent, Person, Registration, person_listed_q
from haven.apps.people.selectors import Record, registration_record
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    Merge,
    ScanModel,
    TracingRequest,
)
from haven.engines.linkage import LinkageModel


def _records(registrations: QuerySet[Registration]) -> Iterator[Record]:
    for registration in registrations.select_related("location").order_by("pk"):
        yield registration_record(registration)


def declared_registry(*, exclude_person: Person | None = None) -> list[Record]:
    """Return relatives declared abroad: the registry a tracing request searches."""
    rows = Registration.objects.filter(
        source_kind=Registration.SourceKind.RELATIVE_DECLARED
    )
    if exclude_person is not None:
        rows = rows.exclude(person=exclude_person)
    return list(_records(rows))


def camp_registry() -> list[Record]:
    """Return every registration made at the camp: what the duplicate scan reads.

    Registrations of records erased, voided or merged away are left out: a void
    record is not a duplicate to merge, and a merged one holds no registration.
    """
    rows = Registration.objects.exclude(
        source_kind=Registration.SourceKind.RELATIVE_DECLARED
    ).filter(person_listed_q("person"))
    return list(_records(rows))


def seeker_names(person: Person) -> Record:
    """Return the seeker's own names, from which a relative's names follow,
    and the place of origin, which relatives often share."""
    return {
        "given_name": person.given_name,
        "father_name": person.father_name,
        "grandfather_name": person.grandfather_name,
        "place_of_origin": person.place_of_origin,
    }


def tracing_consent_active(*, person: Person) -> bool:
    """Return True when the person's consent to tracing is given and not withdrawn."""
    return Consent.objects.filter(
        person=person, purpose=Consent.Purpose.TRACING, withdrawn_at__isnull=True
    ).exists()


def tracing_request_get(*, pk: int) -> TracingRequest | None:
    """Return a request with its person, or None."""
    return (
        TracingRequest.objects.select_related("person", "created_by")
        .filter(pk=pk)
        .first()
    )


def tracing_request_list(*, person: Person) -> QuerySet[TracingRequest]:
    """Return a person's tracing requests, newest first."""
    return TracingRequest.objects.filter(person=person).select_related("created_by")


def candidate_list(*, request: TracingRequest) -> QuerySet[Candidate]:
    """Return a request's candidates in rank order, with registrations and decisions."""
    return (
        Candidate.objects.filter(request=request)
        .select_related(
            "registration", "registration__person", "registration__location"
        )
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=MatchDecision.objects.select_related("decided_by"),
            )
        )
        .order_by("rank")
    )


def candidate_get(*, pk: int) -> Candidate | None:
    """Return a candidate with its request, or None."""
    return (
        Candidate.objects.select_related("request", "request__person", "registration")
        .filter(pk=pk)
        .first()
    )


def match_labels() -> Iterable[tuple[int, int, bool]]:
    """
    Return every caseworker decision as (request id, registration id, is a match).

    These are the labels to measure and retrain the tracing model on; the latest
    decision on a candidate counts.
    """
    latest: dict[tuple[int, int], bool] = {}
    rows = MatchDecision.objects.select_related("candidate").order_by(
        "decided_at", "pk"
    )
    for decision in rows:
        key = (decision.candidate.request_id, decision.candidate.registration_id)
        latest[key] = decision.decision == MatchDecision.Decision.CONFIRM
    return [(r, g, label) for (r, g), label in latest.items()]


def duplicate_queue(*, band: str | None = None) -> QuerySet[DuplicatePair]:
    """Return open pairs (review band first by probability) with their records."""
    pairs = DuplicatePair.objects.select_related(
        "left", "right", "left__person", "right__person"
    )
    if band is not None:
        pairs = pairs.filter(band=band)
    return pairs.filter(status=DuplicatePair.Status.OPEN)


def duplicate_pair_get(*, pk: int) -> DuplicatePair | None:
    """Return one pair with its registrations, or None."""
    return (
        DuplicatePair.objects.select_related(
            "left", "right", "left__person", "right__person"
        )
        .filter(pk=pk)
        .first()
    )


def merge_list(*, active: bool = True) -> QuerySet[Merge]:
    """Return merges, newest first; only those not undone when ``active``."""
    merges = Merge.objects.select_related("survivor", "merged", "merged_by")
    return merges.filter(unmerged_at__isnull=True) if active else merges


def merge_get(*, pk: int) -> Merge | None:
    """Return one merge, or None."""
    return Merge.objects.select_related("survivor", "merged").filter(pk=pk).first()


def merged_into(*, person: Person) -> Person | None:
    """Return the person this one's records were merged into, if a merge is active."""
    merge = (
        Merge.objects.filter(merged=person, unmerged_at__isnull=True)
        .select_related("survivor")
        .first()
    )
    return merge.survivor if merge is not None else None


def latest_scan_model() -> LinkageModel | None:
    """Return the model the latest duplicate scan trained, or None before any."""
    row = ScanModel.objects.first()
    return (
        None
        if row is None
        else LinkageModel(link_type="dedupe_only", settings_json=row.settings_json)
    )
