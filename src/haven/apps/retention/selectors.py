"""
Read what retention needs: whom an erasure covers, what holds them, what is due.

A person merged into another is the same individual; their rows live on the
surviving record, so an erasure covers the survivor and everyone merged into it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from haven.apps.cases.models import Appeal, Case
from haven.apps.people.models import Person
from haven.apps.retention.models import LegalHold
from haven.apps.retention.policy import (
    NO_CASE,
    Category,
    Hold,
    HoldKind,
    RetentionVerdict,
    retention_verdict,
    rule_for,
)
from haven.apps.tracing.models import Merge
from haven.apps.transfers.models import ManifestEntry, MissingPersonAlert

_IN_CUSTODY = (ManifestEntry.State.CHECKED_OUT, ManifestEntry.State.IN_TRANSIT)
_ALERT_CLOSED = (MissingPersonAlert.State.FOUND, MissingPersonAlert.State.CLOSED)
_APPEAL_OPEN = (Appeal.State.LODGED, Appeal.State.PENDING)


def erasure_survivor_get(*, person: Person) -> Person:
    """Return the record that holds the person's rows: the survivor of any merge."""
    seen = {person.pk}
    current = person
    while True:
        merge = (
            Merge.objects.select_related("survivor")
            .filter(merged=current, unmerged_at__isnull=True)
            .first()
        )
        if merge is None or merge.survivor_id in seen:
            return current
        seen.add(merge.survivor_id)
        current = merge.survivor


def erasure_people_get(*, person: Person) -> list[int]:
    """Return the ids of the person and of everyone merged into them, in order."""
    ids = [person.pk]
    frontier = [person.pk]
    while frontier:
        merged = list(
            Merge.objects.filter(survivor_id__in=frontier, unmerged_at__isnull=True)
            .exclude(merged_id__in=ids)
            .values_list("merged_id", flat=True)
            .distinct()
        )
        ids.extend(merged)
        frontier = merged
    return ids


def record_status_get(*, person: Person) -> tuple[str, datetime]:
    """Return the status a person's record is kept under, and since when."""
    case = Case.objects.filter(person=person).only("state", "state_since").first()
    if case is None:
        return NO_CASE, person.updated_at
    return case.state, case.state_since


def legal_holds_get(*, people: list[int], now: datetime) -> tuple[Hold, ...]:
    """Return every hold on these people's records at ``now``, stored or derived."""
    holds: list[Hold] = []
    for case_id, state in Case.objects.filter(person_id__in=people).values_list(
        "pk", "state"
    ):
        if rule_for(Category.PERSON_RECORD, state).keep_for is None:
            holds.append(Hold(HoldKind.CASE_OPEN, "case", case_id))
    holds.extend(
        Hold(HoldKind.APPEAL_PENDING, "appeal", pk)
        for pk in Appeal.objects.filter(
            case__person_id__in=people, state__in=_APPEAL_OPEN
        ).values_list("pk", flat=True)
    )
    holds.extend(
        Hold(HoldKind.IN_CUSTODY, "manifest_entry", pk)
        for pk in ManifestEntry.objects.filter(
            person_id__in=people, state__in=_IN_CUSTODY
        ).values_list("pk", flat=True)
    )
    holds.extend(
        Hold(HoldKind.MISSING_ALERT_OPEN, "missing_person_alert", pk)
        for pk in MissingPersonAlert.objects.filter(person_id__in=people)
        .exclude(state__in=_ALERT_CLOSED)
        .values_list("pk", flat=True)
    )
    stored = LegalHold.objects.filter(
        person_id__in=people, released_at__isnull=True
    ).filter(Q(until__isnull=True) | Q(until__gt=now))
    holds.extend(
        Hold(kind, "legal_hold", pk) for pk, kind in stored.values_list("pk", "kind")
    )
    return tuple(holds)


@dataclass(frozen=True, slots=True)
class RecordDue:
    """One person's record as the retention job sees it at ``now``."""

    person_id: int
    status: str
    verdict: RetentionVerdict


def records_due_list(*, now: datetime) -> list[RecordDue]:
    """
    Return the records not yet erased whose retention period is over at ``now``.

    People merged into another record are reached through their survivor.
    """
    merged_away = Merge.objects.filter(unmerged_at__isnull=True).values("merged_id")
    people = (
        Person.objects.filter(erased_at__isnull=True)
        .exclude(pk__in=merged_away)
        .select_related("case")
        .order_by("pk")
    )
    due: list[RecordDue] = []
    for person in people.iterator(chunk_size=2000):
        case = getattr(person, "case", None)
        status, since = (
            (case.state, case.state_since)
            if case is not None
            else (NO_CASE, person.updated_at)
        )
        verdict = retention_verdict(
            category=Category.PERSON_RECORD,
            status=status,
            since=since,
            holds=(),
            now=now,
        )
        if not verdict.expired:
            continue
        holds = legal_holds_get(people=erasure_people_get(person=person), now=now)
        due.append(
            RecordDue(
                person.pk,
                status,
                RetentionVerdict(due=verdict.due, holds=holds, now=now),
            )
        )
    return due
