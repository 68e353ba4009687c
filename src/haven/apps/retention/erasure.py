"""
What erasing a person does to each table that refers to them (docs/adr/0018).

Rows that only describe the person are deleted. Rows that counts, deadlines and the
placement ledger are built on are kept and anonymised: their free text is emptied
and only codes, dates and numbers stay. The person row itself stays as a tombstone
with no name, number, contact or birth date, so that those rows still point at
something. ``ERASURE_PLAN`` is the whole list, in the order it is applied (children
before the rows they protect); a test checks that every table reaching a person is
in it and that every text field of a kept row is either emptied or declared a code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from haven.apps.exports.models import Export
from haven.apps.operations.models import IdempotencyKey
from haven.apps.people.models import Household, Person, PersonEvent, PersonName
from haven.apps.placements.models import AllocationRun, Placement

DELETE: Final = "delete"
ANONYMISE: Final = "anonymise"
# The person row and the bed are handled by name: the tombstone and the release.
TOMBSTONE: Final = "tombstone"
RELEASE: Final = "release"
# A link from another record is cut; that record stays as it is.
DETACH: Final = "detach"

# Text that a CHECK constraint forbids to be empty is replaced by this.
ERASED_TEXT: Final = "[erased]"


@dataclass(frozen=True, slots=True)
class Treatment:
    """What erasure does to one model, and the lookups from it to the person."""

    model: str
    action: str
    paths: tuple[str, ...]
    blank: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


ERASURE_PLAN: Final[tuple[Treatment, ...]] = (
    # Tracing: the person's own requests, candidates that are their registrations,
    # the caseworkers' labels on both, duplicate pairs and merges.
    Treatment(
        "tracing.MatchDecision",
        DELETE,
        ("candidate__registration__person", "candidate__request__person"),
    ),
    Treatment("tracing.Candidate", DELETE, ("registration__person", "request__person")),
    Treatment("tracing.MergeConflict", DELETE, ("merge__survivor", "merge__merged")),
    Treatment("tracing.Merge", DELETE, ("survivor", "merged")),
    # Other people's merges keep working without the pair that suggested them.
    Treatment(
        "tracing.Merge",
        DETACH,
        ("pair__left__person", "pair__right__person"),
        ("pair",),
    ),
    Treatment("tracing.DuplicatePair", DELETE, ("left__person", "right__person")),
    Treatment("tracing.TracingRequest", DELETE, ("person",)),
    # Letters carry the name and the reasons in full; status codes open the case.
    Treatment("cases.Delivery", DELETE, ("letter__decision__case__person",)),
    Treatment("cases.Letter", DELETE, ("decision__case__person",)),
    Treatment("cases.StatusCode", DELETE, ("case__person",)),
    # A determination freezes the facts about the person.
    Treatment("determinations.Determination", DELETE, ("person",)),
    # The person's names, search index, links, needs, consents, history, registrations.
    Treatment("people.NameKey", DELETE, ("person",)),
    Treatment("people.PersonName", DELETE, ("person",)),
    Treatment("people.Relationship", DELETE, ("person", "relative")),
    Treatment("people.Vulnerability", DELETE, ("person",)),
    # A disclosure goes with the person (its own foreign key cascades) and before
    # the consent it rests on, which it protects.
    Treatment("sharing.Disclosure", DELETE, ("person",)),
    Treatment("people.Consent", DELETE, ("person",)),
    Treatment("people.PersonEvent", DELETE, ("person",)),
    Treatment("people.Registration", DELETE, ("person",)),
    # Kept for counts and processing times: stages, dates and outcomes.
    Treatment(
        "cases.Case",
        ANONYMISE,
        ("person",),
        blank=("contact",),
        keep=("state", "regime", "language"),
    ),
    Treatment(
        "cases.CaseTransition",
        ANONYMISE,
        ("case__person",),
        blank=("actor", "reason"),
        keep=("machine", "from_state", "to_state", "role"),
    ),
    Treatment(
        "cases.DublinRequest",
        ANONYMISE,
        ("case__person",),
        blank=("withdrawal_reason",),
        keep=(
            "kind",
            "regime",
            "requesting_state",
            "requested_state",
            "legal_basis",
            "state",
            "reply",
        ),
    ),
    Treatment(
        "cases.Decision",
        ANONYMISE,
        ("case__person",),
        blank=("reason_text", "decided_by"),
        keep=("subject", "outcome", "reason_code", "appeal_route", "appeal_rule"),
    ),
    Treatment("cases.Appeal", ANONYMISE, ("case__person",), keep=("state", "outcome")),
    Treatment(
        "cases.Return",
        ANONYMISE,
        ("case__person",),
        blank=("recorded_by",),
        keep=("route", "country"),
    ),
    # Custody and alerts: who moved, when, and how a search ended.
    Treatment(
        "transfers.ManifestEntry",
        ANONYMISE,
        ("person",),
        blank=("override_reason", "added_by"),
        keep=("state", "override_codes"),
    ),
    Treatment(
        "transfers.CustodyEvent",
        ANONYMISE,
        ("entry__person",),
        blank=("actor", "reason"),
        keep=("from_state", "to_state", "role"),
    ),
    Treatment(
        "transfers.MissingPersonAlert",
        ANONYMISE,
        ("person",),
        blank=("raised_by", "police_reference", "referral_reference"),
        keep=("state",),
    ),
    Treatment(
        "transfers.AlertEvent",
        ANONYMISE,
        ("alert__person",),
        blank=("actor", "reason"),
        keep=("from_state", "to_state", "role"),
    ),
    # The ledger counts places used; the placement row must stay for its counter.
    Treatment(
        "placements.Placement", ANONYMISE, ("person",), blank=("placed_by_name",)
    ),
    Treatment(
        "retention.LegalHold", ANONYMISE, ("person",), blank=("reason",), keep=("kind",)
    ),
    Treatment("people.Bed", RELEASE, ("person",)),
    Treatment(
        "people.Person",
        TOMBSTONE,
        ("pk",),
        blank=(
            "registration_number",
            "given_name",
            "father_name",
            "grandfather_name",
            "family_name",
            "name_native",
            "phone",
            "place_of_origin",
            "languages",
            "nationalities",
            "date_of_birth",
            "dob_precision",
            "agency",
            "team",
            "void_note",
        ),
        keep=("sex", "age_dispute", "child_status", "void_reason"),
    ),
)

_CODE = re.compile(r"[A-Z]{2}")
# Decision.reason_text always, DublinRequest.withdrawal_reason once withdrawn.
_NEVER_EMPTY = frozenset({"reason_text", "withdrawal_reason"})


def _blank_value(field: object) -> object:
    if not isinstance(field, models.Field):
        raise TypeError(f"{field!r}: only concrete fields can be emptied")
    if isinstance(field, models.JSONField):
        default = field.get_default()
        return default if isinstance(default, dict | list) else {}
    if field.null:
        return None
    if field.name in _NEVER_EMPTY:
        return ERASED_TEXT
    if field.has_default() and field.choices:
        return field.get_default()
    return ""


def _queryset(treatment: Treatment, people: list[int]) -> models.QuerySet[Any]:
    model = apps.get_model(treatment.model)
    condition = Q()
    for path in treatment.paths:
        condition |= Q(**{f"{path}__in": people})
    rows: models.QuerySet[Any] = model._default_manager.filter(condition)
    return rows


def _apply(treatment: Treatment, people: list[int]) -> int:
    rows = _queryset(treatment, people)
    if treatment.action == DELETE:
        # Cascades are counted with the rows they belong to.
        deleted, by_model = rows.delete()
        return by_model.get(rows.model._meta.label, 0)
    if treatment.action == RELEASE:
        return rows.update(person=None, assigned_at=None)
    model = rows.model
    values = {
        name: _blank_value(model._meta.get_field(name)) for name in treatment.blank
    }
    if not values:
        return rows.count()
    return rows.update(**values)


def _tombstone(people: list[int], now: datetime) -> int:
    """Empty every identifying field of the person rows; keep codes for counts."""
    treatment = next(t for t in ERASURE_PLAN if t.action == TOMBSTONE)
    households = set(
        Person.objects.filter(pk__in=people, household__isnull=False).values_list(
            "household_id", flat=True
        )
    )
    count = 0
    for person in Person.objects.filter(pk__in=people):
        # Nationality codes stay for the counts by nationality; anything else goes.
        codes = [
            code
            for code in person.nationalities or []
            if isinstance(code, str) and _CODE.fullmatch(code)
        ]
        for name in treatment.blank:
            setattr(person, name, _blank_value(Person._meta.get_field(name)))
        person.registration_number = f"ERASED-{person.pk}"
        person.nationalities = codes
        person.household = None
        person.housed_at = None
        person.owner = None
        person.erased_at = now
        person.save()
        count += 1
    _households_tidy(households)
    return count


def _households_tidy(households: Iterable[int]) -> None:
    """Delete a household left with no members, unless the ledger placed it."""
    empty = Household.objects.filter(pk__in=list(households), members__isnull=True)
    placed = Placement.objects.filter(household__isnull=False).values("household_id")
    empty.exclude(pk__in=placed).delete()


def _numbers_scrub(numbers: list[str]) -> None:
    """Remove the registration numbers from other people's history and spellings."""
    for number in numbers:
        # "HVN-0000012" is inside "HVN-00000123": match the number as a whole.
        whole = re.compile(rf"(?<![0-9A-Za-z]){re.escape(number)}(?![0-9A-Za-z])")
        for model, field in ((PersonEvent, "detail"), (PersonName, "source")):
            rows = model._default_manager.filter(**{f"{field}__contains": number})
            hits = [
                pk for pk, text in rows.values_list("pk", field) if whole.search(text)
            ]
            model._default_manager.filter(pk__in=hits).update(**{field: ""})


def _runs_scrub(people: list[int], numbers: list[str]) -> None:
    """Replace the labels of single people in allocation reports by their id."""
    families = {f"P{pk}" for pk in people}
    for run in AllocationRun.objects.all().only("pk", "report"):
        text = json.dumps(run.report, cls=DjangoJSONEncoder)
        if not any(number in text for number in numbers):
            continue
        report = run.report
        for key in ("assignments", "unplaced"):
            for item in report.get(key, []):
                if item.get("family_id") in families or item.get("label") in numbers:
                    item["label"] = item.get("family_id", "")
        AllocationRun.objects.filter(pk=run.pk).update(report=report)


def _idempotency_scrub(numbers: list[str]) -> int:
    """Delete stored API answers that hold one of the records."""
    doomed = [
        pk
        for pk, body in IdempotencyKey.objects.values_list("pk", "body")
        if any(
            number in json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False)
            for number in numbers
        )
    ]
    deleted, _ = IdempotencyKey.objects.filter(pk__in=doomed).delete()
    return deleted


def _exports_purge(now: datetime) -> int:
    """
    Delete every stored export made up to ``now``.

    An export is one sealed file of many rows with no link to the people in it,
    so the only way to be sure none holds the person is to drop them all; they
    are short-lived downloads, made again on demand.
    """
    deleted, _ = Export.objects.filter(created_at__lte=now).delete()
    return deleted


def erasure_apply(*, people: list[int], now: datetime) -> dict[str, int]:
    """
    Erase the people's rows in every table; return rows touched per model.

    Run inside the caller's transaction, after the holds were checked.
    """
    numbers = list(
        Person.objects.filter(pk__in=people).values_list(
            "registration_number", flat=True
        )
    )
    counts: dict[str, int] = {}
    for treatment in ERASURE_PLAN:
        if treatment.action == TOMBSTONE:
            continue
        counts[treatment.model] = counts.get(treatment.model, 0) + _apply(
            treatment, people
        )
    _numbers_scrub(numbers)
    _runs_scrub(people, numbers)
    counts["operations.IdempotencyKey"] = _idempotency_scrub(numbers)
    counts["exports.Export"] = _exports_purge(now)
    counts["people.Person"] = _tombstone(people, now)
    return counts
