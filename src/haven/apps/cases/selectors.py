"""
Read cases: one case with its records, lists, metrics, returns, a status by code,
and Dublin requests with the time limits the workflow engine gives them.

A request stores events only; every limit below is computed from them each time
it is read, with ``haven.engines.workflow``'s limit functions and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from haven.apps.cases.models import (
    Appeal,
    Case,
    CaseTransition,
    DublinRequest,
    Return,
    StatusCode,
)
from haven.apps.people.selectors import child_status_of
from haven.engines.kernel import Deadline
from haven.engines.workflow import (
    CASE,
    CaseState,
    Entry,
    Silence,
    StageTime,
    WorkflowError,
    median_days,
    re_examination_reply_deadline,
    re_examination_request_deadline,
    reply_deadline,
    request_deadline,
    request_leads_to_transfer,
    request_machine,
    request_silence,
    transfer_deadline,
)
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
    A case closed as merged into another (docs/adr/0017) is not listed.
    """
    cases = Case.objects.filter(merged_into__isnull=True).select_related("person")
    if within is not None:
        cases = cases.filter(within)
    return cases.filter(state=state) if state else cases


def case_history(case: Case) -> QuerySet[CaseTransition]:
    """Return every transition of the case and its requests and appeals."""
    return case.transitions.order_by("at", "id")


_S = DublinRequest.State
_WAITING = (_S.SENT, _S.REPLY_DUE)
AGREED = (_S.ACCEPTED, _S.DEEMED_ACCEPTED, _S.CONFIRMED, _S.DEEMED_CONFIRMED)
_TRANSFER_RUNNING = (*AGREED, _S.TRANSFER_DUE)


@dataclass(frozen=True, slots=True)
class RequestLimit:
    """
    One time limit a request has had, and the event that met it, if any.

    ``name`` is "request" (to send it), "reply" (for the other state) or
    "transfer" (from the acceptance).
    """

    name: str
    deadline: Deadline
    met_on: date | None = None

    @property
    def due(self) -> date:
        """Return the last day."""
        return self.deadline.due

    @property
    def missed(self) -> bool | None:
        """Return whether the event came late, or None while it has not come."""
        return None if self.met_on is None else self.met_on > self.deadline.due


def _limit(compute: object, *args: object, **kwargs: object) -> Deadline | None:
    """Call an engine limit; a kind or regime the table has no limit for gives none."""
    try:
        result = compute(*args, **kwargs)  # type: ignore[operator]
    except WorkflowError:
        return None
    return result if isinstance(result, Deadline) else None


def _request_limit(request: DublinRequest) -> Deadline | None:
    if request.kind == DublinRequest.Kind.RE_EXAMINATION:
        refused = request.refers_to
        if refused is None or refused.replied_on is None:
            return None
        return _limit(
            re_examination_request_deadline,
            refused_on=refused.replied_on,
            regime=request.regime,
        )
    if request.lodged_on is None:
        return None
    return _limit(
        request_deadline,
        request.kind,
        lodged_on=request.lodged_on,
        eurodac_hit_on=request.eurodac_hit_on,
        regime=request.regime,
    )


def _reply_limit(request: DublinRequest) -> Deadline | None:
    received = request.received_on or request.sent_on
    if received is None:
        return None
    if request.kind == DublinRequest.Kind.RE_EXAMINATION:
        return _limit(
            re_examination_reply_deadline, asked_on=received, regime=request.regime
        )
    return _limit(
        reply_deadline,
        request.kind,
        received_on=received,
        urgent=request.urgent,
        eurodac=request.eurodac,
        regime=request.regime,
    )


def request_acceptance_date(request: DublinRequest) -> date | None:
    """
    Return the day the request was accepted (or its receipt confirmed), if it was.

    An explicit reply counts from its date; acceptance by silence from the last
    day of the reply limit, as the responsibility engine counts it.
    """
    if request.reply in (DublinRequest.Reply.ACCEPTED, DublinRequest.Reply.CONFIRMED):
        return request.replied_on
    if request.state in (_S.DEEMED_ACCEPTED, _S.DEEMED_CONFIRMED) or (
        request.state in (_S.TRANSFER_DUE, _S.TRANSFERRED, _S.EXPIRED)
        and not request.reply
        and request.sent_on is not None
    ):
        reply = _reply_limit(request)
        return reply.due if reply is not None else None
    return None


def request_transfer_limit(request: DublinRequest) -> Deadline | None:
    """Return the transfer limit counted from the acceptance, if there is one."""
    if not request_leads_to_transfer(request.kind, request.regime):
        return None
    accepted = request_acceptance_date(request)
    if accepted is None:
        return None
    return _limit(transfer_deadline, accepted_on=accepted, regime=request.regime)


def request_limits(request: DublinRequest) -> list[RequestLimit]:
    """Return every limit the request has had so far, each with what met it."""
    limits = []
    to_send = _request_limit(request)
    if to_send is not None:
        limits.append(RequestLimit("request", to_send, request.sent_on))
    if request.sent_on is not None:
        reply = _reply_limit(request)
        if reply is not None:
            limits.append(RequestLimit("reply", reply, request.replied_on))
    transfer = request_transfer_limit(request)
    if transfer is not None:
        limits.append(RequestLimit("transfer", transfer))
    return limits


def request_next_limit(request: DublinRequest) -> RequestLimit | None:
    """Return the limit the request now runs against, or None when none runs."""
    wanted = {
        _S.DRAFTED: "request",
        _S.SENT: "reply",
        _S.REPLY_DUE: "reply",
        **dict.fromkeys(_TRANSFER_RUNNING, "transfer"),
    }.get(DublinRequest.State(request.state))
    for limit in request_limits(request):
        if limit.name == wanted:
            return limit
    return None


def request_facts(request: DublinRequest) -> dict[str, date | bool | None]:
    """
    Return the facts the request's guards read: its last days, and whether the
    person is an unaccompanied minor (for whom an AMMR take charge may still be
    requested after its limit, AMMR Art 39(1)). The child status is the one on the
    day the application was lodged, which the regulation freezes (Dublin III
    Art 7(2); AMMR Art 24), or today's while no lodging date is recorded.
    """
    due = {limit.name: limit.due for limit in request_limits(request)}
    return {
        "request_due": due.get("request"),
        "reply_due": due.get("reply"),
        "transfer_due": due.get("transfer"),
        "unaccompanied_minor": child_status_of(
            request.case.person, on=request.lodged_on or timezone.localdate()
        ).without_responsible_adult,
    }


def request_is_closed(request: DublinRequest) -> bool:
    """Return whether nothing more can happen to the request."""
    return request_machine(request.kind, request.regime).is_final(request.state)


@dataclass(frozen=True, slots=True)
class TrackedRequest:
    """A request on the tracker, with the limit it now runs against."""

    request: DublinRequest
    limit: RequestLimit | None
    days_left: int | None
    overdue: bool
    closed: bool
    silence: Silence

    @property
    def limits(self) -> list[RequestLimit]:
        """Return every limit the request has had, each with what met it."""
        return request_limits(self.request)

    @property
    def transfer_limit(self) -> Deadline | None:
        """Return the transfer limit counted from the acceptance, if any."""
        return request_transfer_limit(self.request)


def request_track(request: DublinRequest, *, today: date) -> TrackedRequest:
    """Return one request as the tracker shows it on ``today``."""
    limit = request_next_limit(request)
    days_left = None if limit is None else (limit.due - today).days
    return TrackedRequest(
        request=request,
        limit=limit,
        days_left=days_left,
        overdue=days_left is not None and days_left < 0,
        closed=request_is_closed(request),
        silence=request_silence(request.kind, request.regime),
    )


def request_list(*, within: Q | None = None) -> QuerySet[DublinRequest]:
    """Return requests with what the tracker shows, in the reader's scope."""
    requests = DublinRequest.objects.select_related("case__person", "refers_to")
    return requests.filter(within) if within is not None else requests


def request_tracker(
    *, today: date, within: Q | None = None, closed: bool = False
) -> list[TrackedRequest]:
    """
    Return every request, drafted and sent, with its next limit, most urgent first.

    Closed requests (withdrawn, refused, answered, transferred...) are left out
    unless ``closed``. ``within`` keeps the requests the reader may see.
    """
    tracked = [request_track(r, today=today) for r in request_list(within=within)]
    if not closed:
        tracked = [item for item in tracked if not item.closed]
    tracked.sort(
        key=lambda item: (
            item.limit is None,
            item.limit.due if item.limit is not None else date.max,
            item.request.pk,
        )
    )
    return tracked


def request_get(*, pk: int) -> DublinRequest | None:
    """Return one request, or None."""
    return request_list().filter(pk=pk).first()


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
    counts = {"requests_to_send": 0, "replies": 0, "transfers": 0}
    names = {"request": "requests_to_send", "reply": "replies", "transfer": "transfers"}
    for request in DublinRequest.objects.exclude(
        state__in=[_S.WITHDRAWN, _S.TRANSFERRED, _S.EXPIRED, _S.REFUSED]
    ).select_related("refers_to"):
        limit = request_next_limit(request)
        if limit is not None and limit.due < today:
            counts[names[limit.name]] += 1
    overdue = {
        **counts,
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
    if stage in ("request_sent", "accepted", "transfer"):
        wanted = "reply" if stage == "request_sent" else "transfer"
        dues = [
            limit.due
            for request in case.requests.select_related("refers_to")
            if (limit := request_next_limit(request)) is not None
            and limit.name == wanted
        ]
        next_date = min(dues) if dues else None
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
