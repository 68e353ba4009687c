"""
Allocation runs: the engine on the people and pledges in the database, or on a CSV pair.

Each household not yet placed is a family (a person without a household is a family of
one); each pledge of places with places left is a place, in the area of its pledger.
Pledges record places, not services or languages, so a pledge's remaining places bound
every service and its staff can interpret for every language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from haven.apps.audit.services import audit_record
from haven.apps.core.actors import Actor
from haven.apps.errors import ConflictError, InvalidInputError, NotFoundError
from haven.apps.operations.locking import for_update
from haven.apps.people.codes import NEED_CODE_BY_CODE
from haven.apps.people.models import Household, Person, Vulnerability, person_listed_q
from haven.apps.people.selectors import child_statuses_on
from haven.apps.placements.eligibility import eligible
from haven.apps.placements.models import (
    AllocationRun,
    Placement,
    Pledge,
    RunOverride,
    Scheme,
)
from haven.apps.placements.services import placement_record
from haven.engines.allocation import (
    OBJECTIVES,
    SOLVERS,
    AllocationError,
    Family,
    Place,
    PlacementReport,
    parse_families_csv,
    parse_places_csv,
    place_families,
)
from haven.engines.allocation.placement.solve import STEPS
from haven.engines.kernel import ChildStatusOn

UNKNOWN_LANGUAGE = "und"


ProgressCallback = Callable[[int, int, str], None]


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _family(
    family_id: str,
    members: list[Person],
    medical: set[int],
    today: date,
    statuses: dict[int, ChildStatusOn],
) -> Family:
    languages = Counter(
        person.languages[0]
        for person in members
        if person.languages and isinstance(person.languages[0], str)
    )
    language = languages.most_common(1)[0][0] if languages else UNKNOWN_LANGUAGE
    school = 0
    for person in members:
        age = _age(person.date_of_birth, today)
        if age is not None and 5 <= age <= 17:
            school += 1
    return Family(
        id=family_id,
        size=len(members),
        language=language,
        school_children=school,
        unaccompanied_minors=sum(
            1 for person in members if statuses[person.pk].without_responsible_adult
        ),
        medical_needs=sum(1 for person in members if person.pk in medical),
    )


def families_from_database(
    *, today: date, scheme: Scheme | None = None
) -> tuple[list[Family], dict[str, str]]:
    """
    Return the families not yet placed that ``scheme`` covers, and a label for each.

    A household whose members the scheme does not all cover is not placed as one:
    the members it covers are placed one by one (``placements.eligibility``), so a
    run of a scheme for unaccompanied children never places an adult.
    """
    placed_person = Placement.objects.filter(person=OuterRef("pk"))
    placed_household = Placement.objects.filter(household=OuterRef("household"))
    people = (
        Person.objects.filter(~Exists(placed_person), person_listed_q())
        .filter(~Exists(placed_household))
        .select_related("household")
        .order_by("household_id", "pk")
    )
    medical_codes = [
        code for code, need in NEED_CODE_BY_CODE.items() if need.category == "medical"
    ]
    medical = set(
        Vulnerability.objects.filter(active=True, code__in=medical_codes).values_list(
            "person_id", flat=True
        )
    )
    candidates = list(people)
    covered = eligible(scheme, candidates, on=today)
    # A household is placed whole (``run_placements_record`` places every member),
    # so it is offered as one family only when the run covers all its members;
    # otherwise its covered members are offered one by one.
    covered_per_household = Counter(
        person.household_id for person in covered if person.household_id is not None
    )
    members_per_household = dict(
        Person.objects.filter(household_id__in=list(covered_per_household))
        .values("household_id")
        .annotate(n=Count("pk"))
        .values_list("household_id", "n")
    )
    whole = {
        key
        for key, n in covered_per_household.items()
        if members_per_household.get(key) == n
    }
    groups: dict[str, list[Person]] = {}
    labels: dict[str, str] = {}
    for person in covered:
        if (
            person.household_id is not None
            and person.household is not None
            and person.household_id in whole
        ):
            key = f"H{person.household_id}"
            labels[key] = person.household.reference
        else:
            key = f"P{person.pk}"
            labels[key] = person.registration_number
        groups.setdefault(key, []).append(person)
    statuses = child_statuses_on(covered, on=today)
    families = [
        _family(key, members, medical, today, statuses)
        for key, members in groups.items()
    ]
    return families, labels


def places_from_pledges(*, scheme: Scheme, languages: set[str]) -> list[Place]:
    """Return one place per pledge of places of ``scheme`` with places left."""
    places = []
    for pledge in Pledge.objects.filter(scheme=scheme, kind=Pledge.Kind.PLACES):
        left = pledge.places_remaining
        if left <= 0:
            continue
        places.append(
            Place(
                id=f"pledge-{pledge.pk}",
                area=pledge.pledger,
                beds=left,
                large_family_units=left,
                school_places=left,
                unaccompanied_places=left,
                medical_places=left,
                interpreters=MappingProxyType(dict.fromkeys(sorted(languages), left)),
            )
        )
    return places


def report_payload(
    report: PlacementReport,
    places: list[Place],
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the report as JSON-ready data, with a label per family."""
    names = labels or {}
    return {
        "notes": list(report.notes),
        "places": [place.id for place in places],
        "assignments": [
            {
                **asdict(item),
                "label": names.get(item.family_id, item.family_id),
                "terms": [list(term) for term in item.terms],
                "binding": list(item.binding),
                "passed_over": list(item.passed_over),
            }
            for item in report.assignments
        ],
        "unplaced": [
            {**asdict(item), "label": names.get(item.family_id, item.family_id)}
            for item in report.unplaced
        ],
    }


def _check_choices(solver: str, objective: str) -> None:
    problems: dict[str, list[str]] = {}
    if solver not in SOLVERS:
        problems["solver"] = [_("Choose one of the solvers offered.")]
    if objective not in OBJECTIVES:
        problems["objective"] = [_("Choose one of the objectives offered.")]
    if problems:
        raise InvalidInputError(_("The run is invalid."), field_errors=problems)


def _save(
    report: PlacementReport,
    *,
    payload: dict[str, Any],
    source: str,
    objective: str,
    scheme: Scheme | None,
    created_by_id: int,
    now: datetime,
) -> AllocationRun:
    run = AllocationRun.objects.create(
        created_at=now,
        created_by_id=created_by_id,
        scheme=scheme,
        source=source,
        solver=report.solver,
        objective_name=objective,
        objective=report.objective,
        lp_bound=report.lp_bound,
        best_bound=report.best_bound,
        gap=report.gap,
        proven_optimal=report.proven_optimal,
        families_placed=report.families_placed,
        persons_placed=report.persons_placed,
        persons_unplaced=report.persons_unplaced,
        report=payload,
    )
    audit_record(
        action="allocation_run.create",
        actor_id=created_by_id,
        actor_name="",
        object_type="allocation_run",
        object_id=run.pk,
    )
    return run


def allocation_run_from_database(
    *,
    scheme: Scheme,
    solver: str,
    objective: str,
    created_by_id: int,
    now: datetime,
    time_limit: float = 30.0,
    progress: ProgressCallback | None = None,
) -> AllocationRun:
    """
    Place the families not yet placed into the scheme's pledges; save the run.

    The optimiser runs outside any transaction, so that a long run holds no write
    lock; ``progress(done, total, message)`` hears of each step (a job passes its
    own, docs/adr/0036). The run is saved, and audited, in one transaction.
    """
    _check_choices(solver, objective)
    report_step = progress or _silent
    # Step names are stored in English and translated when shown (jobs page).
    report_step(
        0, STEPS_BEFORE + STEPS, gettext_noop("Reading the families not yet placed")
    )
    families, labels = families_from_database(today=now.date(), scheme=scheme)
    places = places_from_pledges(
        scheme=scheme, languages={family.language for family in families}
    )
    if not families or not places:
        raise InvalidInputError(
            _("There is nothing to allocate."),
            field_errors={
                "scheme": [
                    _("Every family is placed already.")
                    if not families
                    else _("The scheme has no pledge with places left.")
                ]
            },
        )
    messages = {
        0: gettext_noop("Preparing the problem"),
        1: gettext_noop("Solving"),
        2: gettext_noop("Placing by preference"),
        3: gettext_noop("Explaining each placement"),
        STEPS: gettext_noop("Saving the run"),
    }

    def engine_step(done: int, total: int, step: str) -> None:
        report_step(STEPS_BEFORE + done, STEPS_BEFORE + total, messages.get(done, step))

    report = _place(families, places, solver, objective, time_limit, engine_step)
    with transaction.atomic():
        return _save(
            report,
            payload=report_payload(report, places, labels),
            source="database",
            objective=objective,
            scheme=scheme,
            created_by_id=created_by_id,
            now=now,
        )


# Steps an allocation run reports before the optimiser's own: reading families.
STEPS_BEFORE = 1


def _silent(done: int, total: int, message: str) -> None:
    """Report nothing (no progress callback was given)."""


def _place(
    families: list[Family],
    places: list[Place],
    solver: str,
    objective: str,
    time_limit: float,
    progress: ProgressCallback | None = None,
) -> PlacementReport:
    try:
        return place_families(
            families,
            places,
            objective=objective,
            solver=solver,
            time_limit=time_limit,
            progress=progress,
        )
    except AllocationError as error:
        raise InvalidInputError(
            _("The optimiser refused the input."), field_errors={"input": [str(error)]}
        ) from error


def allocation_run_from_csv(
    *,
    families_text: str,
    places_text: str,
    solver: str,
    objective: str,
    created_by_id: int,
    now: datetime,
    time_limit: float = 30.0,
) -> AllocationRun:
    """Place the families of an uploaded CSV pair into its places; save the run."""
    _check_choices(solver, objective)
    problems: dict[str, list[str]] = {}
    families: list[Family] = []
    places: list[Place] = []
    try:
        families = parse_families_csv(families_text)
    except AllocationError as error:
        problems["families_file"] = [str(error)]
    try:
        places = parse_places_csv(places_text)
    except AllocationError as error:
        problems["places_file"] = [str(error)]
    if problems:
        raise InvalidInputError(_("The files are invalid."), field_errors=problems)
    with transaction.atomic():
        report = _place(families, places, solver, objective, time_limit)
        return _save(
            report,
            payload=report_payload(report, places),
            source="csv",
            objective=objective,
            scheme=None,
            created_by_id=created_by_id,
            now=now,
        )


def effective_assignments(run: AllocationRun) -> dict[str, str]:
    """Return family id → place id after the officers' overrides ('' = not placed)."""
    chosen = {
        item["family_id"]: item["place_id"]
        for item in run.report.get("assignments", [])
    }
    for item in run.report.get("unplaced", []):
        chosen.setdefault(item["family_id"], "")
    for override in run.overrides.order_by("overridden_at", "id"):
        chosen[override.family_id] = override.place
    return chosen


def run_override(
    *,
    run_id: int,
    family_id: str,
    place_id: str,
    reason: str,
    overridden_by_id: int,
    now: datetime,
) -> RunOverride:
    """Change one family's placement in a run; the reason is mandatory and kept."""
    with transaction.atomic():
        run = for_update(AllocationRun.objects.filter(pk=run_id)).first()
        if run is None:
            raise NotFoundError(_("No such allocation run."))
        if run.recorded_at is not None:
            raise ConflictError(_("The run's placements are recorded already."))
        chosen = effective_assignments(run)
        places = {item["place_id"] for item in run.report.get("assignments", [])}
        places |= set(run.report.get("places", []))
        problems: dict[str, list[str]] = {}
        if family_id not in chosen:
            problems["family_id"] = [_("This family is not in the run.")]
        if place_id and place_id not in places:
            problems["place_id"] = [_("This place is not in the run.")]
        if not reason.strip():
            problems["reason"] = [_("Give the reason for the change.")]
        if problems:
            raise InvalidInputError(_("The change is invalid."), field_errors=problems)
        override = RunOverride.objects.create(
            run=run,
            family_id=family_id,
            proposed_place=chosen[family_id],
            place=place_id,
            reason=reason.strip(),
            overridden_by_id=overridden_by_id,
            overridden_at=now,
        )
        audit_record(
            action="allocation_run.override",
            actor_id=overridden_by_id,
            actor_name="",
            object_type="allocation_run",
            object_id=run.pk,
        )
        return override


def run_placements_record(
    *, run_id: int, actor: Actor, now: datetime
) -> list[Placement]:
    """Record every placement of a database run against its pledges, all or none."""
    with transaction.atomic():
        run = for_update(AllocationRun.objects.filter(pk=run_id)).first()
        if run is None:
            raise NotFoundError(_("No such allocation run."))
        if run.source != "database":
            raise ConflictError(_("Only a run on the database can be recorded."))
        if run.recorded_at is not None:
            raise ConflictError(_("The run's placements are recorded already."))
        today = now.date()
        recorded = []
        for family_id, place_id in sorted(effective_assignments(run).items()):
            if not place_id:
                continue
            pledge_id = int(place_id.removeprefix("pledge-"))
            kind, pk = family_id[0], int(family_id[1:])
            if kind == "H":
                household = Household.objects.filter(pk=pk).first()
                if household is None:
                    raise NotFoundError(_("A household of the run no longer exists."))
                recorded.append(
                    placement_record(
                        pledge_id=pledge_id,
                        household=household,
                        placed_on=today,
                        actor=actor,
                        run_id=run.pk,
                    )
                )
            else:
                person = Person.objects.filter(pk=pk).first()
                if person is None:
                    raise NotFoundError(_("A person of the run no longer exists."))
                recorded.append(
                    placement_record(
                        pledge_id=pledge_id,
                        person=person,
                        placed_on=today,
                        actor=actor,
                        run_id=run.pk,
                    )
                )
        run.recorded_at = now
        run.save(update_fields=["recorded_at"])
        return recorded
