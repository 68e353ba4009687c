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
from django.db.models import Q

from haven.apps.audit.services import audit_record
from haven.apps.cases.models import Case
from haven.apps.cases.services import case_advance
from haven.apps.core.actors import Actor
from haven.apps.errors import ApplicationError, ConflictError, InvalidInputError
from haven.apps.operations.locking import for_update
from haven.apps.people.models import Person, PersonEvent, Registration
from haven.apps.tracing.merging import (
    conflict_resolve_apply,
    conflicts_create,
    history_note,
    merge_apply,
    merge_reverse,
)
from haven.apps.tracing.models import (
    Candidate,
    DuplicatePair,
    MatchDecision,
    Merge,
    MergeConflict,
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


def _locked_pair(survivor: Person, merged: Person) -> tuple[Person, Person]:
    """Lock both people and read them again, in a fixed order."""
    rows = {
        p.pk: p
        for p in for_update(
            Person.objects.filter(pk__in=[survivor.pk, merged.pk])
        ).order_by("pk")
    }
    return rows[survivor.pk], rows[merged.pk]


def _merge_check(survivor: Person, merged: Person) -> None:
    if survivor.pk == merged.pk:
        raise ConflictError("a record cannot be merged into itself")
    for person in (survivor, merged):
        if person.erased_at is not None:
            raise ConflictError("an erased record cannot be merged")
        if person.voided_at is not None:
            raise ConflictError("a voided record cannot be merged; restore it first")
    if (
        survivor.merged_into_id is not None
        or Merge.objects.filter(merged=survivor, unmerged_at__isnull=True).exists()
    ):
        raise ConflictError("the surviving record was itself merged away")
    if (
        merged.merged_into_id is not None
        or Merge.objects.filter(merged=merged, unmerged_at__isnull=True).exists()
    ):
        raise ConflictError("this record was already merged away")


def _merge(
    *,
    survivor: Person,
    merged: Person,
    pair: DuplicatePair | None,
    actor: Actor,
    now: datetime,
    reason: str,
) -> Merge:
    """Apply the merge plan to ``merged`` and ``survivor``, recording what moved."""
    survivor, merged = _locked_pair(survivor, merged)
    _merge_check(survivor, merged)
    outcome = merge_apply(survivor=survivor, merged=merged, now=now)
    merge = Merge.objects.create(
        survivor=survivor,
        merged=merged,
        pair=pair,
        moved=outcome.moved,
        reason=reason,
        merged_at=now,
        merged_by_id=actor.user_id,
        merged_by_name=actor.name,
    )
    conflicts_create(merge, outcome)
    if pair is not None:
        DuplicatePair.objects.filter(pk=pair.pk).update(
            status=DuplicatePair.Status.MERGED,
            resolved_at=now,
            resolved_by_id=actor.user_id,
        )
    history_note(survivor, merged, "records merged", actor, now)
    _audit(actor, "tracing.merge", "merge", merge.pk)
    return merge


def person_merge(
    *, survivor: Person, merged: Person, reason: str, actor: Actor, now: datetime
) -> Merge:
    """Merge ``merged`` into ``survivor`` as chosen on the pages (no scored pair)."""
    if not reason.strip():
        raise InvalidInputError(
            "the records were not merged", field_errors={"reason": ["give a reason"]}
        )
    with transaction.atomic():
        return _merge(
            survivor=survivor,
            merged=merged,
            pair=None,
            actor=actor,
            now=now,
            reason=reason.strip(),
        )


@dataclass(frozen=True)
class MergePreview:
    """What a merge would move and which conflicts it would leave, without doing it."""

    moved: dict[str, int]
    stayed: dict[str, int]
    conflicts: list[str]


class _Rollback(Exception):
    pass


def merge_preview(*, survivor: Person, merged: Person, now: datetime) -> MergePreview:
    """
    Return exactly what merging would do: the plan is applied in a transaction
    that is then rolled back, so the preview and the merge cannot disagree.
    """
    _merge_check(survivor, merged)
    found: list[MergePreview] = []
    try:
        with transaction.atomic():
            outcome = merge_apply(survivor=survivor, merged=merged, now=now)
            found.append(
                MergePreview(
                    moved={k: v for k, v in outcome.counts().items() if v},
                    stayed=outcome.stayed,
                    conflicts=[kind for kind, _a, _b in outcome.conflicts],
                )
            )
            raise _Rollback
    except _Rollback:
        pass
    return found[0]


def merge_undo(*, merge: Merge, actor: Actor, now: datetime) -> Merge:
    """Undo a merge: every row it moved goes back, closed rows reopen, conflicts go."""
    with transaction.atomic():
        locked = Merge.objects.select_for_update().get(pk=merge.pk)
        if locked.unmerged_at is not None:
            raise ConflictError("this merge was already undone")
        later = Merge.objects.filter(pk__gt=locked.pk, unmerged_at__isnull=True)
        if later.filter(
            Q(survivor__in=[locked.merged_id, locked.survivor_id])
            | Q(merged__in=[locked.merged_id, locked.survivor_id])
        ).exists():
            raise ConflictError("undo the later merges of these records first")
        survivor, merged = _locked_pair(locked.survivor, locked.merged)
        merge_reverse(merge=locked)
        locked.unmerged_at = now
        locked.unmerged_by_id = actor.user_id
        locked.save(update_fields=["unmerged_at", "unmerged_by"])
        if locked.pair_id is not None:
            DuplicatePair.objects.filter(pk=locked.pair_id).update(
                status=DuplicatePair.Status.OPEN, resolved_at=None, resolved_by=None
            )
        history_note(survivor, merged, "merge undone", actor, now)
        _audit(actor, "tracing.unmerge", "merge", locked.pk)
    return locked


def merge_conflict_resolve(
    *, conflict: MergeConflict, keep: str, actor: Actor, now: datetime
) -> MergeConflict:
    """Choose which side's row of a conflict to keep; the other is closed."""
    if keep not in (MergeConflict.Resolution.SURVIVOR, MergeConflict.Resolution.MERGED):
        raise InvalidInputError(
            "the conflict was not resolved",
            field_errors={"keep": ["choose which record's to keep"]},
        )
    with transaction.atomic():
        locked = MergeConflict.objects.select_for_update().get(pk=conflict.pk)
        if locked.resolution != MergeConflict.Resolution.OPEN:
            raise ConflictError("this conflict was already resolved")
        if locked.merge.unmerged_at is not None:
            raise ConflictError("this merge was undone")
        conflict_resolve_apply(locked, keep, actor, now)
        _audit(actor, "tracing.merge_conflict_resolve", "merge_conflict", locked.pk)
    return locked


__all__ = [
    "REVIEW_FLOOR",
    "SCAN_STEPS",
    "VERY_LIKELY_THRESHOLD",
    "LinkageFailedError",
    "MergePreview",
    "ScanProgress",
    "ScanResult",
    "TracingConsentMissingError",
    "duplicate_dismiss",
    "duplicate_merge",
    "duplicate_scan",
    "match_decide",
    "merge_conflict_resolve",
    "merge_preview",
    "merge_undo",
    "person_merge",
    "tracing_request_create",
    "tracing_request_search",
]
