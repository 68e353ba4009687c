"""
Run, store and refresh responsibility determinations; draft requests from them.

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
from haven.apps.cases.models import Case, DublinRequest
from haven.apps.cases.services import case_advance, case_open, request_create
from haven.apps.core.actors import Actor
from haven.apps.determinations.models import Determination
from haven.apps.determinations.selectors import (
    determination_facts_from_record,
    determination_latest,
    request_prefill,
)
from haven.apps.errors import InvalidInputError
from haven.apps.people.models import Person
from haven.engines.responsibility import (
    ENGINE_VERSION,
    InvalidFactsError,
    determine,
    facts_hash,
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
        record = _prepared(determination_facts_from_record(person=person, today=today))
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


def request_draft(
    *,
    determination: Determination,
    actor: Actor,
    now: datetime | None = None,
    kind: str | None = None,
    requesting_state: str | None = None,
    requested_state: str | None = None,
    legal_basis: str | None = None,
    lodged_on: date | None = None,
    eurodac_hit_on: date | None = None,
    urgent: bool = False,
    refers_to: DublinRequest | None = None,
) -> DublinRequest:
    """
    Draft a request from a determination; what is not given comes from it.

    The determination gives the regime, the requested (responsible) state, the
    article, the lodging date and the Eurodac hit (``request_prefill``). The
    request belongs to the person's case, opened here if the person has none and
    moved on to determination if it has not reached it, in the same transaction.
    """
    now = now or timezone.now()
    prefill = request_prefill(determination)
    person = determination.person
    with transaction.atomic():
        case = Case.objects.filter(person=person).first()
        if case is None:
            case = case_open(
                person=person,
                actor=actor,
                contact=_("the Dublin unit"),
                now=now,
                regime=determination.regime,
            )
        case_advance(
            person=person,
            target=Case.State.DETERMINATION,
            actor=actor,
            reason=f"request drafted from determination {determination.pk}",
            now=now,
        )
        return request_create(
            case=case,
            kind=kind or prefill.kind,
            regime=prefill.regime,
            requesting_state=(
                prefill.requesting_state
                if requesting_state is None
                else requesting_state
            ),
            requested_state=(
                prefill.requested_state if requested_state is None else requested_state
            ),
            legal_basis=prefill.legal_basis if legal_basis is None else legal_basis,
            lodged_on=lodged_on or prefill.lodged_on,
            eurodac_hit_on=eurodac_hit_on or prefill.eurodac_hit_on,
            urgent=urgent,
            refers_to=refers_to,
            determination_id=determination.pk,
            actor=actor,
            now=now,
        )
