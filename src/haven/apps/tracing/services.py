"""
Tracing requests, caseworkers' decisions, duplicate scans, merges and unmerges.

Every write is one transaction with its audit event (docs/adr/0004, 0013). The
linkage engine runs before the transaction opens, on rows read from the database,
because training and scoring take seconds and must not hold a write lock. The clock
is read by the caller and passed in as ``now`` (and ``today`` for ages).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final

from django.db import transaction

from haven.apps.audit.services import audit_record
from haven.apps.cases.models import Case
from haven.apps.cases.services import case_advance
from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError, ConflictError, InvalidInputError
from haven.apps.people.models import (
    Consent,
    Person,
    PersonEvent,
    PersonName,
    Registration,
    Relationship,
    Vulnerability,
)
from haven.apps.people.services import person_reindex
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    Merge,
    ScanModel,
    TracingRequest,
)
from haven.apps.tracing.selectors import (
    camp_registry,
    declared_registry,
    seeker_names,
    tracing_consent_active,
)
from haven.engines.linkage import (
    REVIEW_FLOOR,
    FieldContribution,
    LinkageError,
    TraceQuery,
    deduplicate,
    trace_relatives,
)

# Bands of the duplicate queue (docs/adr/0015): pairs at or above
# VERY_LIKELY_THRESHOLD are "very likely" the same person, pairs from
# REVIEW_FLOOR up (the engine's own floor) are "to review"; below it nothing is
# shown. Both wait for a caseworker: the scan merges nothing.
VERY_LIKELY_THRESHOLD: Final = 0.99
MAX_CANDIDATES: Final = 20
SCAN_STEPS: Final = 3

# Called as a scan moves on: (steps done, steps in all, what it is doing).
ScanProgress = Callable[[int, int, str], None]


class TracingConsentMissingError(ApplicationError):
    """The person has not consented to tracing, or withdrew consent."""

    code = "tracing_consent_missing"
    status = 409


class LinkageFailedError(ApplicationError):
    """The linkage model could not run on the records held."""

    code = "linkage_failed"
    status = 409


@dataclass(frozen=True, slots=True)
class ScanResult:
    """What one duplicate scan found: open pairs in each band, records read."""

    very_likely: int
    to_review: int
    registrations: int


def _audit(actor: Actor, action: str, object_type: str, object_id: int) -> None:
    audit_record(
        action=action,
        actor_id=actor.user_id,
        actor_name=actor.name,
        object_type=object_type,
        object_id=object_id,
    )


def _explanation(contributions: tuple[FieldContribution, ...]) -> list[dict[str, Any]]:
    return [
        {"field": c.field, "level": c.level, "match_weight": round(c.match_weight, 3)}
        for c in contributions
    ]


def tracing_request_create(
    *,
    person: Person,
    requested_by: str,
    relation: str,
    name_as_remembered: str,
    approx_age: int | None,
    last_known_city: str,
    nationality: str,
    remembered: str,
    actor: Actor,
    now: datetime,
) -> TracingRequest:
    """
    Record a request to find a relative of ``person``.

    A case still before tracing (registered or screened) moves to tracing.
    """
    problems: dict[str, list[str]] = {}
    if relation not in TracingRequest.Relation.values:
        problems["relation"] = [f"unknown relation {relation!r}"]
    if not name_as_remembered.strip():
        problems["name_as_remembered"] = ["give the name as it is remembered"]
    if not requested_by.strip():
        problems["requested_by"] = ["say who asks"]
    if approx_age is not None and not 0 <= approx_age <= 120:
        problems["approx_age"] = ["an age lies between 0 and 120"]
    if nationality and len(nationality.strip()) != 2:
        problems["nationality"] = ["a two-letter country code"]
    if problems:
        raise InvalidInputError("the request was not saved", field_errors=problems)
    with transaction.atomic():
        request = TracingRequest.objects.create(
            person=person,
            requested_by=requested_by.strip(),
            relation=relation,
            name_as_remembered=name_as_remembered.strip(),
            approx_age=approx_age,
            last_known_city=last_known_city.strip(),
            nationality=nationality.strip().upper(),
            remembered=remembered.strip(),
            created_at=now,
            created_by_id=actor.staff_id,
        )
        PersonEvent.objects.create(
            person=person,
            at=now,
            actor=actor.name,
            action="tracing request",
            detail=relation,
        )
        _audit(actor, "tracing.request_create", "tracing_request", request.pk)
        case_advance(
            person=person,
            target=Case.State.TRACING,
            actor=actor,
            reason=f"tracing request {request.pk} opened",
            now=now,
        )
    return request


def tracing_request_search(
    *, request: TracingRequest, actor: Actor, now: datetime, today: date
) -> TracingRequest:
    """
    Search the relatives declared abroad for the sought relative; keep the candidates.

    Refused unless the person's consent to tracing is given and not withdrawn.
    Candidates already decided on stay with their decisions; the others are
    replaced by this search's.
    """
    person = request.person
    if not tracing_consent_active(person=person):
        raise TracingConsentMissingError(
            "consent to family tracing is missing or withdrawn; record it first"
        )
    query = TraceQuery(
        query_id=str(request.pk),
        name_as_remembered=request.name_as_remembered,
        relation=request.relation,
        approx_age=request.approx_age,
        last_known_city=request.last_known_city,
        nationality=request.nationality,
        seeker=seeker_names(person),
    )
    registry = declared_registry(exclude_person=person)
    try:
        (result,) = trace_relatives(
            [query], registry, as_of=today, max_candidates=MAX_CANDIDATES
        )
    except LinkageError as error:
        raise LinkageFailedError(f"the search could not run: {error}") from error
    with transaction.atomic():
        locked = TracingRequest.objects.select_for_update().get(pk=request.pk)
        decided = set(
            Candidate.objects.filter(
                request=locked, decisions__isnull=False
            ).values_list("registration_id", flat=True)
        )
        Candidate.objects.filter(request=locked).exclude(
            registration_id__in=decided
        ).delete()
        for candidate in result.candidates:
            registration_id = int(candidate.record_id)
            values = {
                "rank": candidate.rank,
                "probability": candidate.probability,
                "bayes_factor": candidate.bayes_factor,
                "contributions": _explanation(candidate.contributions),
            }
            Candidate.objects.update_or_create(
                request=locked, registration_id=registration_id, defaults=values
            )
        locked.searched_at = now
        locked.probability_absent = result.probability_absent
        if locked.status != TracingRequest.Status.MATCHED:
            locked.status = (
                TracingRequest.Status.NO_MATCH
                if result.no_match
                else TracingRequest.Status.SEARCHED
            )
        locked.save(update_fields=["searched_at", "probability_absent", "status"])
        _audit(actor, "tracing.search", "tracing_request", locked.pk)
    return locked


def match_decide(
    *, candidate: Candidate, decision: str, reason: str, actor: Actor, now: datetime
) -> MatchDecision:
    """Record a caseworker's confirm or reject of a candidate, with the reason."""
    problems: dict[str, list[str]] = {}
    if decision not in MatchDecision.Decision.values:
        problems["decision"] = [f"unknown decision {decision!r}"]
    if not reason.strip():
        problems["reason"] = ["give the reason for the decision"]
    if problems:
        raise InvalidInputError("the decision was not saved", field_errors=problems)
    with transaction.atomic():
        request = TracingRequest.objects.select_for_update().get(
            pk=candidate.request_id
        )
        made = MatchDecision.objects.create(
            candidate=candidate,
            decision=decision,
            reason=reason.strip(),
            decided_at=now,
            decided_by_id=actor.staff_id,
        )
        if decision == MatchDecision.Decision.CONFIRM:
            request.status = TracingRequest.Status.MATCHED
        elif request.status == TracingRequest.Status.MATCHED and not _confirmed(
            request
        ):
            request.status = TracingRequest.Status.SEARCHED
        request.save(update_fields=["status"])
        PersonEvent.objects.create(
            person_id=request.person_id,
            at=now,
            actor=actor.name,
            action=f"tracing match {decision}ed",
        )
        _audit(actor, f"tracing.match_{decision}", "candidate", candidate.pk)
    return made


def _confirmed(request: TracingRequest) -> bool:
    """Return True when some candidate's latest decision is a confirmation."""
    for candidate in Candidate.objects.filter(request=request):
        latest = candidate.decisions.order_by("-decided_at", "-pk").first()
        if latest is not None and latest.decision == MatchDecision.Decision.CONFIRM:
            return True
    return False


# -- duplicates ---------------------------------------------------------------


def duplicate_scan(
    *, actor: Actor, now: datetime, progress: ScanProgress | None = None
) -> ScanResult:
    """
    Score every pair of camp registrations and fill the duplicate queue.

    Pairs of registrations of different people from REVIEW_FLOOR up wait for a
    caseworker, in two bands: at or above VERY_LIKELY_THRESHOLD "very likely",
    below it "to review". Nothing is merged here: a merge moves a person's case,
    bed and history, and two people can be one only on a person's word (a twin
    brother shares a father, a family name and a birthday). Pairs already
    resolved stay as they were; open pairs take this scan's score.

    ``progress(done, total, stage)`` is called as the scan moves on, from the
    process that runs it (a background job reports it on the job's page).
    """
    report = progress or _no_progress
    report(0, SCAN_STEPS, "reading registrations")
    records = camp_registry()
    report(1, SCAN_STEPS, "scoring pairs")
    try:
        result = deduplicate(
            records, threshold=VERY_LIKELY_THRESHOLD, swapped_names=True
        )
    except LinkageError as error:
        raise LinkageFailedError(f"the scan could not run: {error}") from error
    report(2, SCAN_STEPS, "saving pairs")
    found = [p for p in result.pairs if p.probability >= REVIEW_FLOOR]
    bands = {DuplicatePair.Band.AUTO: 0, DuplicatePair.Band.REVIEW: 0}
    with transaction.atomic():
        # Whole tables: the pairs name thousands of rows, more than one IN holds.
        owner = dict(Registration.objects.values_list("pk", "person_id"))
        existing = {
            (row.left_id, row.right_id): row for row in DuplicatePair.objects.all()
        }
        created: list[DuplicatePair] = []
        updated: list[DuplicatePair] = []
        for pair in sorted(found, key=lambda p: -p.probability):
            left, right = sorted((int(pair.left_id), int(pair.right_id)))
            if owner.get(left) is None or owner.get(left) == owner.get(right):
                continue
            band = (
                DuplicatePair.Band.AUTO
                if pair.probability >= VERY_LIKELY_THRESHOLD
                else DuplicatePair.Band.REVIEW
            )
            row = existing.get((left, right))
            if row is not None and row.status != DuplicatePair.Status.OPEN:
                continue
            values = {
                "band": band,
                "probability": pair.probability,
                "explanation": _explanation(pair.contributions),
                "scanned_at": now,
            }
            if row is None:
                created.append(DuplicatePair(left_id=left, right_id=right, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
                updated.append(row)
            bands[band] += 1
        ScanModel.objects.all().delete()
        ScanModel.objects.create(
            trained_at=now,
            registrations=len(records),
            settings_json=result.model.settings_json,
        )
        DuplicatePair.objects.bulk_create(
            created, batch_size=500, ignore_conflicts=True
        )
        DuplicatePair.objects.bulk_update(
            updated, ["band", "probability", "explanation", "scanned_at"], 500
        )
        _audit(actor, "tracing.duplicate_scan", "registry", len(records))
    report(SCAN_STEPS, SCAN_STEPS, "done")
    return ScanResult(
        very_likely=bands[DuplicatePair.Band.AUTO],
        to_review=bands[DuplicatePair.Band.REVIEW],
        registrations=len(records),
    )


def _no_progress(done: int, total: int, stage: str) -> None:
    """Report nothing: the scan run without a job."""


def duplicate_dismiss(
    *, pair: DuplicatePair, reason: str, actor: Actor, now: datetime
) -> DuplicatePair:
    """Mark a pair as two different people; the scan will not raise it again."""
    if not reason.strip():
        raise InvalidInputError(
            "the pair was not dismissed", field_errors={"reason": ["give a reason"]}
        )
    with transaction.atomic():
        updated = DuplicatePair.objects.filter(
            pk=pair.pk, status=DuplicatePair.Status.OPEN
        ).update(
            status=DuplicatePair.Status.DISMISSED,
            resolved_at=now,
            resolved_by_id=actor.user_id,
            reason=reason.strip(),
        )
        if updated != 1:
            raise ConflictError("this pair was already resolved")
        _audit(actor, "tracing.duplicate_dismiss", "duplicate_pair", pair.pk)
    pair.refresh_from_db()
    return pair


def duplicate_merge(
    *, pair: DuplicatePair, reason: str, actor: Actor, now: datetime
) -> Merge:
    """Merge the person of the pair's right registration into the left one's."""
    if not reason.strip():
        raise InvalidInputError(
            "the records were not merged", field_errors={"reason": ["give a reason"]}
        )
    with transaction.atomic():
        locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        if locked.status != DuplicatePair.Status.OPEN:
            raise ConflictError("this pair was already resolved")
        survivor = Person.objects.get(registrations__pk=locked.left_id)
        merged = Person.objects.get(registrations__pk=locked.right_id)
        if survivor.pk == merged.pk:
            raise ConflictError("both registrations already belong to one person")
        return _merge(
            survivor=survivor,
            merged=merged,
            pair=locked,
            actor=actor,
            now=now,
            reason=reason.strip(),
        )


def _move(
    model: Any, field: str, source: Person, target: Person, ids: list[int]
) -> None:
    model.objects.filter(pk__in=ids, **{field: source}).update(**{field: target})


_SPELLING = ("given_name", "father_name", "grandfather_name", "family_name", "native")


def _spellings_new_to(survivor: Person, ids: list[int]) -> list[int]:
    """
    Return the spellings among ``ids`` that ``survivor`` does not hold already.

    A person holds each spelling once (a unique constraint); a spelling both
    hold stays with the merged person, and so is there again after an undo.
    """
    held = set(PersonName.objects.filter(person=survivor).values_list(*_SPELLING))
    rows = PersonName.objects.filter(pk__in=ids).values_list("pk", *_SPELLING)
    return [row[0] for row in rows if tuple(row[1:]) not in held]


def _merge(
    *,
    survivor: Person,
    merged: Person,
    pair: DuplicatePair | None,
    actor: Actor,
    now: datetime,
    reason: str,
) -> Merge:
    """Move every row of ``merged`` onto ``survivor``, recording what moved."""
    if Merge.objects.filter(merged=survivor, unmerged_at__isnull=True).exists():
        raise ConflictError("the surviving record was itself merged away")
    Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk]).count()
    moved: dict[str, list[int]] = {}
    simple = (
        ("registrations", Registration, "person"),
        ("names", PersonName, "person"),
        ("consents", Consent, "person"),
        ("needs", Vulnerability, "person"),
        ("events", PersonEvent, "person"),
        ("tracing_requests", TracingRequest, "person"),
    )
    for key, model, field in simple:
        ids = list(model.objects.filter(**{field: merged}).values_list("pk", flat=True))
        if model is PersonName:
            ids = _spellings_new_to(survivor, ids)
        _move(model, field, merged, survivor, ids)
        moved[key] = ids
    # Relationships: skip links between the two and links the survivor already has.
    for key, field, other in (
        ("relations_from", "person", "relative"),
        ("relations_to", "relative", "person"),
    ):
        ids = []
        for link in Relationship.objects.filter(**{field: merged}).exclude(
            **{other: survivor}
        ):
            clash = Relationship.objects.filter(
                **{field: survivor, other: getattr(link, f"{other}_id")},
                relation=link.relation,
            ).exists()
            if not clash:
                ids.append(link.pk)
        _move(Relationship, field, merged, survivor, ids)
        moved[key] = ids
    spelling, added = PersonName.objects.get_or_create(
        person=survivor,
        given_name=merged.given_name,
        father_name=merged.father_name,
        grandfather_name=merged.grandfather_name,
        family_name=merged.family_name,
        native=merged.name_native,
        defaults={"source": f"merged {merged.registration_number}"},
    )
    moved["merge_spelling"] = [spelling.pk] if added else []
    person_reindex(person=survivor)
    merge = Merge.objects.create(
        survivor=survivor,
        merged=merged,
        pair=pair,
        moved=moved,
        reason=reason,
        merged_at=now,
        merged_by_id=actor.user_id,
        merged_by_name=actor.name,
    )
    if pair is not None:
        DuplicatePair.objects.filter(pk=pair.pk).update(
            status=DuplicatePair.Status.MERGED,
            resolved_at=now,
            resolved_by_id=actor.user_id,
        )
    for person, detail in (
        (survivor, merged.registration_number),
        (merged, survivor.registration_number),
    ):
        PersonEvent.objects.create(
            person=person,
            at=now,
            actor=actor.name,
            action="records merged",
            detail=detail,
        )
    _audit(actor, "tracing.merge", "merge", merge.pk)
    return merge


def merge_undo(*, merge: Merge, actor: Actor, now: datetime) -> Merge:
    """Undo a merge: every row it moved goes back to the merged person."""
    with transaction.atomic():
        locked = Merge.objects.select_for_update().get(pk=merge.pk)
        if locked.unmerged_at is not None:
            raise ConflictError("this merge was already undone")
        if (
            Merge.objects.filter(
                survivor=locked.merged, unmerged_at__isnull=True
            ).exists()
            or Merge.objects.filter(
                merged=locked.survivor, unmerged_at__isnull=True
            ).exists()
        ):
            raise ConflictError("undo the later merges of these records first")
        survivor, merged = locked.survivor, locked.merged
        moved: dict[str, list[int]] = locked.moved
        simple = (
            ("registrations", Registration, "person"),
            ("names", PersonName, "person"),
            ("consents", Consent, "person"),
            ("needs", Vulnerability, "person"),
            ("events", PersonEvent, "person"),
            ("tracing_requests", TracingRequest, "person"),
            ("relations_from", Relationship, "person"),
            ("relations_to", Relationship, "relative"),
        )
        for key, model, field in simple:
            _move(model, field, survivor, merged, moved.get(key, []))
        PersonName.objects.filter(pk__in=moved.get("merge_spelling", [])).delete()
        person_reindex(person=survivor)
        person_reindex(person=merged)
        locked.unmerged_at = now
        locked.unmerged_by_id = actor.user_id
        locked.save(update_fields=["unmerged_at", "unmerged_by"])
        if locked.pair_id is not None:
            DuplicatePair.objects.filter(pk=locked.pair_id).update(
                status=DuplicatePair.Status.OPEN, resolved_at=None, resolved_by=None
            )
        for person, detail in (
            (survivor, merged.registration_number),
            (merged, survivor.registration_number),
        ):
            PersonEvent.objects.create(
                person=person,
                at=now,
                actor=actor.name,
                action="merge undone",
                detail=detail,
            )
        _audit(actor, "tracing.unmerge", "merge", locked.pk)
    return locked


__all__ = [
    "REVIEW_FLOOR",
    "SCAN_STEPS",
    "VERY_LIKELY_THRESHOLD",
    "LinkageFailedError",
    "ScanProgress",
    "ScanResult",
    "TracingConsentMissingError",
    "duplicate_dismiss",
    "duplicate_merge",
    "duplicate_scan",
    "match_decide",
    "merge_undo",
    "tracing_request_create",
    "tracing_request_search",
]
