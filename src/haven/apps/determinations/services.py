"""
Run, store and refresh responsibility determinations; record Dublin requests.

Every function is one transaction. The clock is read once, here or by the caller
passing ``now``; the engine gets ``today`` and never reads the clock itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.apps.audit.services import audit_record
from haven.apps.cases.models import Case
from haven.apps.cases.services import case_advance
from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination, DublinRequest
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    determination_latest,
)
from haven.apps.errors import ConflictError, InvalidInputError
from haven.apps.people.models import Person
from haven.engines.responsibility import (
    ENGINE_VERSION,
    KNOWN_STATES,
    InvalidFactsError,
    determine,
    facts_hash,
    select_regime,
)

# Facts the service sets itself: the engine is run "as at" the service's today.
_SERVICE_FACTS = ("determination_date",)


class InvalidFactsInputError(InvalidInputError):
    """The facts, as built and edited, are not valid for the engine."""

    code = "invalid_facts"


@dataclass(frozen=True, slots=True)
class DeterminationRun:
    """A stored determination, and whether an identical earlier one was reused."""

    determination: Determination
    reused: bool


def facts_merge(record: Mapping[str, Any], edits: Mapping[str, Any]) -> dict[str, Any]:
    """
    Return the record's facts with the caseworker's edits laid over them.

    Objects merge key by key; a list or a value replaces the record's; ``None``
    removes the fact.
    """
    merged: dict[str, Any] = dict(record)
    for key, value in edits.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = facts_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def facts_edits(record: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, Any]:
    """Return the edits that turn the record's facts into ``facts``."""
    edits: dict[str, Any] = {}
    for key, value in facts.items():
        before = record.get(key)
        if value == before:
            continue
        if isinstance(value, Mapping) and isinstance(before, Mapping):
            edits[key] = facts_edits(before, value)
        else:
            edits[key] = value
    for key in record:
        if key not in facts:
            edits[key] = None
    return edits


def _prepared(facts: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in facts.items() if key not in _SERVICE_FACTS}


def _invalid(error: InvalidFactsError) -> InvalidFactsInputError:
    field_errors: dict[str, list[str]] = {}
    for item in error.errors:
        field_errors.setdefault(item.path, []).append(item.message)
    return InvalidFactsInputError(
        _("the facts are not valid"), field_errors=field_errors
    )


def determination_create(
    *,
    person: Person,
    actor: Actor | None = None,
    facts: Mapping[str, Any] | None = None,
    edits: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> DeterminationRun:
    """
    Determine the state responsible for the person, and store the result.

    The facts are built from the person's record, then changed by the caseworker:
    either ``facts`` (the whole facts document as edited) or ``edits`` (only the
    changes). The same facts determined on the same day by the same engine version
    reuse the stored determination. A case still before determination moves to it.
    """
    if facts is not None and edits is not None:
        raise InvalidInputError(
            _("give either the edited facts or the edits, not both"),
            field_errors={"edits": [_("give either facts or edits")]},
        )
    for name, value in (("facts", facts), ("edits", edits)):
        if value is not None and not isinstance(value, Mapping):
            raise InvalidInputError(
                _("%(name)s must be a JSON object") % {"name": name},
                field_errors={name: [_("not an object")]},
            )
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        record = _prepared(determination_facts_from_record(person=person))
        if facts is not None:
            edits = facts_edits(record, _prepared(facts))
        elif edits is None:
            latest = determination_latest(person=person)
            edits = latest.edits if latest is not None else {}
        edits = _prepared(edits)
        merged = facts_merge(record, edits)
        digest = facts_hash(merged)
        reusable = (
            Determination.objects.filter(
                person=person,
                facts_hash=digest,
                engine_version=ENGINE_VERSION,
                determination_date=today,
            )
            .order_by("-determined_at", "-pk")
            .first()
        )
        if reusable is not None:
            _case_advance(person, reusable, actor=actor, now=now)
            return DeterminationRun(reusable, reused=True)
        try:
            result = determine(merged, today=today)
        except InvalidFactsError as error:
            raise _invalid(error) from error
        record_row = Determination.objects.create(
            person=person,
            regime=result.regime,
            responsible_state=result.responsible_state or "",
            article="" if result.article is None else str(result.article),
            result=result.to_json(),
            facts=merged,
            edits=edits,
            facts_hash=digest,
            engine_version=ENGINE_VERSION,
            determination_date=today,
            determined_at=now,
            determined_by_id=actor.user_id if actor else None,
        )
        audit_record(
            action="determination.create",
            actor_id=actor.user_id if actor else None,
            actor_name=actor.name if actor else "system",
            object_type="determination",
            object_id=record_row.pk,
        )
        _case_advance(person, record_row, actor=actor, now=now)
    return DeterminationRun(record_row, reused=False)


def _case_advance(
    person: Person, determination: Determination, *, actor: Actor | None, now: datetime
) -> None:
    """
    Move the person's case to determination if it has not reached it.

    A run by the system (a refresh after the record changed) leaves the case where
    the caseworkers put it.
    """
    if actor is None or actor.user_id is None:
        return
    case_advance(
        person=person,
        target=Case.State.DETERMINATION,
        actor=actor,
        reason=(
            f"determination {determination.pk} recorded: "
            f"{determination.responsible_state or 'no state'} responsible"
            + (f" under {determination.article}" if determination.article else "")
        ),
        now=now,
    )


def determination_stale(*, person: Person) -> bool:
    """Return whether the person's record changed since their latest determination."""
    latest = determination_latest(person=person)
    if latest is None:
        return False
    record = _prepared(determination_facts_from_record(person=person))
    merged = facts_merge(record, latest.edits)
    return (
        facts_hash(merged) != latest.facts_hash
        or latest.engine_version != ENGINE_VERSION
    )


def determination_refresh_stale(
    *, now: datetime | None = None, actor: Actor | None = None
) -> list[Determination]:
    """
    Determine again everyone whose facts changed since their latest determination.

    The caseworker's edits of the latest determination are applied again to the
    facts the record now gives; a new engine version counts as a change. Each person
    is one transaction, so one person's invalid facts do not hold back the others;
    they are left as they were.
    """
    now = now or timezone.now()
    refreshed = []
    people = Person.objects.filter(determinations__isnull=False).distinct()
    for person in people.order_by("pk"):
        if not determination_stale(person=person):
            continue
        try:
            run = determination_create(person=person, actor=actor, now=now)
        except InvalidFactsInputError:
            continue
        if not run.reused:
            refreshed.append(run.determination)
    return refreshed


def _state_errors(**states: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for name, code in states.items():
        if code not in KNOWN_STATES:
            errors[name] = [_("%(code)r is not a Dublin state code") % {"code": code}]
    return errors


def dublin_request_create(
    *,
    person: Person,
    kind: str,
    requesting_state: str,
    requested_state: str,
    sent: date,
    urgent: bool = False,
    eurodac_hit: bool = False,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> DublinRequest:
    """
    Record a take-charge or take-back request sent for the person.

    The regime is the one of the person's latest determination, else the one the
    first lodging (or the sending date) falls under; deadlines follow from it.
    """
    now = now or timezone.now()
    errors = _state_errors(
        requesting_state=requesting_state, requested_state=requested_state
    )
    if kind not in DublinRequest.Kind.values:
        errors["kind"] = [
            _("%(kind)r: expected take_charge or take_back") % {"kind": kind}
        ]
    if requesting_state == requested_state:
        errors.setdefault("requested_state", []).append(
            _("the requested state must differ from the requesting state")
        )
    if sent > timezone.localdate(now):
        errors["sent"] = [_("a request cannot be sent in the future")]
    if urgent and kind == DublinRequest.Kind.TAKE_BACK:
        errors["urgent"] = [_("only a take-charge request can be urgent")]
    if errors:
        raise InvalidInputError(_("the request is not valid"), field_errors=errors)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        latest = determination_latest(person=person)
        if latest is not None and latest.regime in ("dublin3", "ammr"):
            regime = latest.regime
        else:
            lodged = [
                date.fromisoformat(item["date"])
                for item in determination_facts_from_record(person=person).get(
                    "applications", []
                )
            ]
            regime = select_regime(min(lodged) if lodged else sent)
        request = DublinRequest.objects.create(
            person=person,
            kind=kind,
            regime=regime,
            requesting_state=requesting_state,
            requested_state=requested_state,
            sent=sent,
            urgent=urgent,
            eurodac_hit=eurodac_hit,
            created_at=now,
            created_by_id=actor.user_id if actor else None,
        )
        audit_record(
            action="dublin_request.create",
            actor_id=actor.user_id if actor else None,
            actor_name=actor.name if actor else "system",
            object_type="dublin_request",
            object_id=request.pk,
        )
    return request


def dublin_request_reply_record(
    *,
    request: DublinRequest,
    reply: str,
    reply_date: date,
    actor: Actor | None = None,
    now: datetime | None = None,
) -> DublinRequest:
    """Record the requested state's reply; the request is then closed."""
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if reply not in (DublinRequest.Reply.ACCEPTED, DublinRequest.Reply.REFUSED):
        errors["reply"] = [
            _("%(reply)r: expected accepted or refused") % {"reply": reply}
        ]
    if reply_date < request.sent:
        errors["reply_date"] = [_("the reply cannot come before the request")]
    if reply_date > timezone.localdate(now):
        errors.setdefault("reply_date", []).append(_("the reply date is in the future"))
    if errors:
        raise InvalidInputError(_("the reply is not valid"), field_errors=errors)
    with transaction.atomic():
        current = DublinRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != DublinRequest.Status.OPEN:
            raise ConflictError(
                _("the request already has a reply"),
                field_errors={"reply": [_("already recorded")]},
            )
        current.reply = reply
        current.reply_date = reply_date
        current.status = reply
        current.save(update_fields=["reply", "reply_date", "status"])
        audit_record(
            action="dublin_request.reply",
            actor_id=actor.user_id if actor else None,
            actor_name=actor.name if actor else "system",
            object_type="dublin_request",
            object_id=current.pk,
        )
    return current
