"""
Breach-response queries: who read a record, and what one member of staff read.

A "read" is a successful event whose action ends in ``.read`` (a page or an API
answer that showed a record) or that let data leave haven: an export made, an
export downloaded, a disclosure sent. Denied attempts are left out: nothing was
read. The rows are the audit rows themselves (ids, names of staff and actions,
never a field's value), in ``seq`` order, streamed so that a long answer is never
held in memory (specs/security.md T-S17; GDPR Art. 33 gives 72 hours to report).

The queries stay on the two indexes of ``AuditEvent``: ``audit_object``
(``object_type``, ``object_id``) and ``audit_actor_at`` (``actor_id``, ``at``).
Selectors take the time window as values; the caller reads the clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from haven.apps.audit.models import AuditEvent
from haven.apps.errors import InvalidInputError

READ_SUFFIX = ".read"
# Actions that hand data out of haven, besides the ``*.read`` actions.
DATA_OUT_ACTIONS: tuple[str, ...] = (
    "export.create",
    "export.create_plaintext",
    "export.download",
    "disclosure.send",
)
CHUNK = 2000


@dataclass(frozen=True, slots=True)
class AuditRead:
    """One audited read: the event's sequence number, time, actor and object."""

    seq: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str


def is_read(action: str, outcome: str) -> bool:
    """Return True when an event with this action and outcome counts as a read."""
    return outcome == AuditEvent.Outcome.SUCCESS and (
        action.endswith(READ_SUFFIX) or action in DATA_OUT_ACTIONS
    )


def _read_filter() -> Q:
    return Q(outcome=AuditEvent.Outcome.SUCCESS) & (
        Q(action__endswith=READ_SUFFIX) | Q(action__in=DATA_OUT_ACTIONS)
    )


def _stream(events: QuerySet[AuditEvent]) -> Iterator[AuditRead]:
    rows = events.order_by("seq").values_list(
        "seq",
        "at",
        "actor_id",
        "actor_name",
        "action",
        "object_type",
        "object_id",
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield AuditRead(*row)


def reads_of_object_queryset(
    *, object_type: str, object_id: str
) -> QuerySet[AuditEvent]:
    """Return the events reading one object, unordered (for plans and counts)."""
    return AuditEvent.objects.filter(
        _read_filter(), object_type=object_type, object_id=str(object_id)
    )


def reads_of_object(*, object_type: str, object_id: object) -> Iterator[AuditRead]:
    """Yield every read of one object (``person`` 42, ``export`` 7), oldest first."""
    return _stream(
        reads_of_object_queryset(object_type=object_type, object_id=str(object_id))
    )


def reads_by_actor_queryset(
    *,
    actor_id: int | None = None,
    actor_name: str | None = None,
    since: datetime,
    until: datetime,
) -> QuerySet[AuditEvent]:
    """Return the reads of one actor in ``[since, until)``, unordered."""
    problems: dict[str, list[str]] = {}
    if (actor_id is None) == (actor_name is None):
        problems["actor"] = ["give exactly one of actor_id and actor_name"]
    if since.tzinfo is None or until.tzinfo is None:
        problems["since"] = ["since and until must carry a time zone"]
    elif until < since:
        problems["until"] = ["must not be before since"]
    if problems:
        raise InvalidInputError("the reads cannot be listed", field_errors=problems)
    events = AuditEvent.objects.filter(_read_filter(), at__gte=since, at__lt=until)
    if actor_id is not None:
        return events.filter(actor_id=actor_id)
    # Actors without an account (the retention job) are known by name only.
    return events.filter(actor_id__isnull=True, actor_name=actor_name)


def reads_by_actor(
    *,
    actor_id: int | None = None,
    actor_name: str | None = None,
    since: datetime,
    until: datetime,
) -> Iterator[AuditRead]:
    """
    Yield every read by one actor at or after ``since`` and before ``until``.

    Name the actor by user id, or by name for actors without an account; a
    renamed user keeps their id, so their older rows are found by id.
    """
    return _stream(
        reads_by_actor_queryset(
            actor_id=actor_id, actor_name=actor_name, since=since, until=until
        )
    )
