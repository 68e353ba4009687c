"""Read cases: one case with its records, lists, metrics, returns, a status by code."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from haven.apps.cases.models import (
    Appeal,
    Case,
    CaseTransition,
    Return,
    StatusCode,
    TransferRequest,
)
from haven.engines.workflow import CASE, CaseState, Entry, StageTime, median_days
from haven.engines.workflow import stage_times as engine_stage_times


def case_get(*, pk: int) -> Case | None:
    """Return one case with what its page shows, or None."""
    return (
        Case.objects.select_related("person")
        .prefetch_related(
            "transitions",
            "requests",
            "decisions__letters__deliveries",
            "appeals__decision",
            "returns",
        )
        .filter(pk=pk)
        .first()
    )


def case_of_person(*, person_id: int) -> Case | None:
    """Return the case of a person, or None."""
    return Case.objects.filter(person_id=person_id).first()


def case_list(*, state: str = "", within: Q | None = None) -> QuerySet[Case]:
    """
    Return cases, in one stage when ``state`` is given, most recent first.

    ``within`` keeps the cases the reader may see (the access policy's scope).
    """
    cases = Case.objects.select_related("person")
    if within is not None:
        cases = cases.filter(within)
    return cases.filter(state=state) if state else cases


def case_history(case: Case) -> QuerySet[CaseTransition]:
    """Return every transition of the case and its requests and appeals."""
    return case.transitions.order_by("at", "id")


@dataclass(frozen=True, slots=True)
class CaseMetrics:
    """Processing times and overdue work, for the dashboard."""

    stages: tuple[StageTime, ...]
    by_state: dict[str, int]
    overdue: dict[str, int]
    arrivals: int
    median_identification_to_arrival: float | None


def case_metrics(*, now: datetime) -> CaseMetrics:
    """Return time in each stage, counts by stage, overdue counts and medians."""
    today = now.date()
    histories: dict[int, list[Entry]] = defaultdict(list)
    rows = CaseTransition.objects.filter(machine=CASE.name).values_list(
        "case_id", "to_state", "at"
    )
    for case_id, state, at in rows.iterator():
        histories[case_id].append(Entry(state, at))
    final = {s for s in CASE.states if CASE.is_final(s)}
    stages = engine_stage_times(
        histories.values(), until=now, final=final, order=tuple(CASE.states)
    )
    by_state = dict(
        Case.objects.values_list("state").annotate(n=Count("id")).order_by()
    )
    waiting = [TransferRequest.State.SENT, TransferRequest.State.REPLY_DUE]
    accepted = [
        TransferRequest.State.ACCEPTED,
        TransferRequest.State.DEEMED_ACCEPTED,
        TransferRequest.State.TRANSFER_DUE,
    ]
    overdue = {
        "requests_to_send": TransferRequest.objects.filter(
            state=TransferRequest.State.DRAFTED, request_due__lt=today
        ).count(),
        "replies": TransferRequest.objects.filter(
            state__in=waiting, reply_due__lt=today
        ).count(),
        "transfers": TransferRequest.objects.filter(
            state__in=accepted, transfer_due__lt=today
        ).count(),
        "appeals_pending": Appeal.objects.exclude(state=Appeal.State.DECIDED).count(),
    }
    arrived = CaseTransition.objects.filter(
        machine=CASE.name, to_state=CaseState.ARRIVED
    ).values_list("at", "case__identified_at")
    spans = [at - identified for at, identified in arrived]
    return CaseMetrics(
        stages=stages,
        by_state=by_state,
        overdue=overdue,
        arrivals=len(spans),
        median_identification_to_arrival=median_days(spans),
    )


@dataclass(frozen=True, slots=True)
class ReturnMonth:
    """Returns in one month, by route."""

    month: date
    voluntary: int
    enforced: int

    @property
    def total(self) -> int:
        """Return both routes together."""
        return self.voluntary + self.enforced


def returns_by_month() -> list[ReturnMonth]:
    """Return the count of returns per month and route, oldest month first."""
    rows = (
        Return.objects.annotate(month=TruncMonth("returned_on"))
        .values("month")
        .annotate(
            voluntary=Count("id", filter=Q(route=Return.Route.VOLUNTARY)),
            enforced=Count("id", filter=Q(route=Return.Route.ENFORCED)),
        )
        .order_by("month")
    )
    result = []
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime):
            month = month.date()
        result.append(ReturnMonth(month, row["voluntary"], row["enforced"]))
    return result


@dataclass(frozen=True, slots=True)
class PersonStatus:
    """The little the status page shows: first name, stage, next date, contact."""

    first_name: str
    stage: str
    next_date: date | None
    contact: str
    language: str


_STAGE_FOR = {
    CaseState.REGISTERED: "registered",
    CaseState.SCREENED: "registered",
    CaseState.TRACING: "tracing",
    CaseState.DETERMINATION: "determination",
    CaseState.REQUEST_SENT: "request_sent",
    CaseState.ACCEPTED: "accepted",
    CaseState.REFUSED: "refused",
    CaseState.TRANSFER: "transfer",
    CaseState.ARRIVED: "arrived",
    CaseState.WITHDRAWN: "closed",
    CaseState.ABSCONDED: "closed",
    CaseState.RETURNED: "closed",
}


def person_status(*, digest: str) -> PersonStatus | None:
    """Return the status of the case whose live status code has ``digest``."""
    code = (
        StatusCode.objects.select_related("case__person")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    if code is None:
        return None
    case = code.case
    stage = _STAGE_FOR[CaseState(case.state)]
    next_date: date | None = None
    if stage == "request_sent":
        next_date = (
            case.requests.filter(
                state__in=[TransferRequest.State.SENT, TransferRequest.State.REPLY_DUE]
            )
            .exclude(reply_due=None)
            .order_by("reply_due")
            .values_list("reply_due", flat=True)
            .first()
        )
    elif stage == "accepted":
        next_date = (
            case.requests.exclude(transfer_due=None)
            .order_by("transfer_due")
            .values_list("transfer_due", flat=True)
            .first()
        )
    elif stage == "refused":
        if case.appeals.exclude(state=Appeal.State.DECIDED).exists():
            stage = "appeal"
        else:
            next_date = (
                case.decisions.filter(outcome="refused")
                .values_list("appeal_deadline", flat=True)
                .first()
            )
    person = case.person
    return PersonStatus(
        first_name=person.given_name or person.name_native.split(" ")[0],
        stage=stage,
        next_date=next_date,
        contact=case.contact,
        language=case.language,
    )
