"""Determine the state responsible for an application, or s.67 eligibility."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from haven.engines.kernel import Citation, Reason, Regime, frozen_constructor
from haven.engines.responsibility import regime as r0
from haven.engines.responsibility.acceptance import (
    OBLIGATIONS,
    accept_as_recorded,
    find_acceptance,
)
from haven.engines.responsibility.cessation import (
    residence_document_issued,
    restart_after_absence,
)
from haven.engines.responsibility.citations import REGIME_SELECTION, RegimeRules
from haven.engines.responsibility.context import (
    APPLIED,
    NOT_APPLIED,
    Context,
    Trail,
    not_reached,
)
from haven.engines.responsibility.criteria.dependency import (
    NO_DEPENDENCY,
    dependent_persons,
)
from haven.engines.responsibility.criteria.discretion import (
    humanitarian_clause,
    sovereignty_clause,
)
from haven.engines.responsibility.criteria.documents import (
    diplomas,
    residence_documents_and_visas,
)
from haven.engines.responsibility.criteria.entry import (
    five_month_stay,
    irregular_entry,
    transit_area,
    visa_waiver,
)
from haven.engines.responsibility.criteria.family import (
    NO_APPLICANT,
    NO_BENEFICIARY,
    applicant_family_member,
    beneficiary_family_member,
)
from haven.engines.responsibility.criteria.family_procedure import family_procedure
from haven.engines.responsibility.criteria.minors import unaccompanied_minor
from haven.engines.responsibility.errors import FactError, InvalidFactsError
from haven.engines.responsibility.facts import Application, Facts
from haven.engines.responsibility.limits import collect_limits
from haven.engines.responsibility.parsing import parse_facts
from haven.engines.responsibility.procedure import procedural_shifts
from haven.engines.responsibility.result import (
    Acceptance,
    CriterionResult,
    Determination,
    Flag,
    Limit,
)
from haven.engines.responsibility.s67 import assess_s67

Criterion = Callable[[Context, Trail], "str | None"]


Chain = tuple[tuple[Citation, Criterion], ...]


def _chain(rules: RegimeRules) -> Chain:
    """Return the regime's criteria after the unaccompanied-minor rules, in order."""
    entry: list[tuple[Citation, Criterion]] = [
        (rules.residence, residence_documents_and_visas)
    ]
    if rules.regime == Regime.DUBLIN3:
        assert rules.five_month_stay is not None
        entry += [
            (rules.irregular_entry, irregular_entry),
            (rules.five_month_stay, five_month_stay),
            (rules.visa_waiver, visa_waiver),
            (rules.transit_area, transit_area),
        ]
    else:
        assert rules.diploma is not None
        entry += [
            (rules.diploma, diplomas),
            (rules.visa_waiver, visa_waiver),
            (rules.transit_area, transit_area),
            (rules.irregular_entry, irregular_entry),
        ]
    return (
        (rules.beneficiary, beneficiary_family_member),
        (rules.applicant_family, applicant_family_member),
        (rules.dependency, dependent_persons),
        *entry,
    )


# Each regime's chain, with the "not reached" reasons of the criteria after each
# position, recorded once a criterion designates a state.
_CHAINS: dict[str, tuple[Chain, tuple[tuple[Reason, ...], ...]]] = {}
for _rules in r0.RULES.values():
    _steps = _chain(_rules)
    _CHAINS[_rules.regime] = (
        _steps,
        tuple(
            tuple(
                not_reached(citation)
                for citation in (
                    *(citation for citation, _criterion in _steps[position + 1 :]),
                    _rules.default,
                )
            )
            for position in range(len(_steps))
        ),
    )

# The first three criteria look only at family members in a bound state; without
# one, each records its constant "none" reason and designates no one, so the chain
# records those reasons and starts after them.
_FAMILY_CRITERIA = 3
_NO_MEMBERS: dict[str, tuple[Reason, ...]] = {
    rules.regime: (
        NO_BENEFICIARY.reason(rules.beneficiary),
        NO_APPLICANT.reason(rules.applicant_family),
        NO_DEPENDENCY.reason(rules.dependency),
    )
    for rules in r0.RULES.values()
}

_UNVERIFIED_FLAGS: dict[int, Flag] = {}
_determination = frozen_constructor(Determination)


def _unverified_flag(citation: Citation) -> Flag:
    """Return the shared flag saying that ``citation`` is UNVERIFIED."""
    flag = _UNVERIFIED_FLAGS.get(id(citation))
    if flag is None:
        flag = Flag(
            "unverified_rule",
            f"{citation} is UNVERIFIED in the specification",
            citation,
        )
        _UNVERIFIED_FLAGS[id(citation)] = flag
    return flag


_FREEZING = ("facts taken as at the first lodging on {0} in {1}; aged {2}",)
_FREEZING_UNKNOWN_AGE = (
    "facts taken as at the first lodging on {0} in {1}; age unknown",
)


def _lodged(application: Application) -> date:
    return application.date


def _article(trail: Trail, state: str) -> Citation:
    for reason in reversed(trail.reasons):
        if reason.outcome is APPLIED and reason.state == state:
            return reason.citation
    raise AssertionError(f"no applied reason for {state}")  # pragma: no cover


def _criteria(regime: str, ctx: Context, trail: Trail) -> str | None:
    """Run the criteria in their order and return the state they designate."""
    rules = ctx.rules
    if (
        ctx.unaccompanied_minor is None
        and ctx.facts.applicant.unaccompanied is not False
    ):
        missing = []
        if ctx.facts.applicant.date_of_birth is None:
            missing.append("$.applicant.date_of_birth")
        if ctx.facts.applicant.unaccompanied is None:
            missing.append("$.applicant.unaccompanied")
        trail.need(rules.uam_family, missing)
        return None
    if ctx.unaccompanied_minor:
        state = unaccompanied_minor(ctx, trail)
        if state is not None and any(m.dependency for _i, m in ctx.members):
            _dependency_conflict(ctx, state, trail)
        return state
    chain, skipped = _CHAINS[regime]
    state = None
    start = 0
    if not ctx.members:
        trail.reasons.extend(_NO_MEMBERS[regime])
        start = _FAMILY_CRITERIA
    for position in range(start, len(chain)):
        state = chain[position][1](ctx, trail)
        if trail.needs:
            return None
        if state is not None:
            if position < 2 and any(m.dependency for _i, m in ctx.members):
                _dependency_conflict(ctx, state, trail)
            trail.reasons.extend(skipped[position])
            break
    else:
        first = ctx.first_application.state
        if ctx.usable(first):
            trail.add(
                rules.default,
                APPLIED,
                ("no criterion applies; first application lodged in {0}",),
                first,
                (first,),
            )
            state = first
        else:
            trail.add(
                rules.default,
                NOT_APPLIED,
                (f"transfer to {first}, the state of first lodging, is barred",),
            )
    if state is not None:
        state = family_procedure(ctx, trail, state)
    return state


def _dependency_conflict(ctx: Context, state: str, trail: Trail) -> None:
    """Flag a dependency pointing elsewhere than the family criteria (§9 item 6)."""
    other = dependent_persons(ctx, Trail())
    if other is not None and other != state:
        trail.review(
            f"Art 16 dependency points to {other}, the family criteria to {state}",
            ctx.rules.dependency,
        )


def _check_states(facts: Facts, states: frozenset[str], regime: str) -> None:
    """Raise for a state the regime does not bind, or a lodging before Dublin III."""
    first_day = r0.DUBLIN_III_FIRST_DAY
    for application in facts.applications:
        if application.state not in states or application.date < first_day:
            break
    else:
        for request in facts.requests:
            if (
                request.requesting_state not in states
                or request.requested_state not in states
            ):
                break
        else:
            if facts.determining_state is None or facts.determining_state in states:
                return
    errors = []
    name = "Dublin III" if regime == Regime.DUBLIN3 else "the AMMR"
    message = f"state not bound by {name} on that date"
    for index, application in enumerate(facts.applications):
        if application.state not in states:
            errors.append(
                FactError(
                    f"$.applications[{index}].state",
                    f"{application.state!r}: {message}",
                )
            )
        if application.date < r0.DUBLIN_III_FIRST_DAY:
            errors.append(
                FactError(
                    f"$.applications[{index}].date",
                    "before 1 January 2014, when Dublin III began to apply",
                )
            )
    for index, request in enumerate(facts.requests):
        for field in ("requesting_state", "requested_state"):
            if getattr(request, field) not in states:
                errors.append(
                    FactError(
                        f"$.requests[{index}].{field}",
                        f"{getattr(request, field)!r}: {message}",
                    )
                )
    if facts.determining_state is not None and facts.determining_state not in states:
        errors.append(
            FactError("$.determining_state", f"{facts.determining_state!r}: {message}")
        )
    if errors:
        raise InvalidFactsError(tuple(errors))


def _finish(
    facts: Facts,
    regime: str,
    today: date,
    trail: Trail,
    state: str | None,
    article: Citation | None,
    eligible: bool | None = None,
    criteria: tuple[CriterionResult, ...] = (),
    criteria_version: str | None = None,
    limits: tuple[Limit, ...] = (),
    acceptance: Acceptance | None = None,
) -> Determination:
    unverified = trail.unverified
    if unverified:
        get = _UNVERIFIED_FLAGS.get
        flags = (
            *trail.flags,
            *[get(id(item)) or _unverified_flag(item) for item in unverified.values()],
        )
    else:
        flags = tuple(trail.flags)
    if trail.needs and regime != Regime.DUBS:
        state = article = None
    # Positional arguments: the constructor is on the path of every determination.
    return _determination(
        regime,
        today,
        state,
        article,
        tuple(trail.reasons),
        trail.deadlines,
        flags,
        tuple(trail.needs),
        eligible,
        criteria,
        criteria_version,
        facts.case_id,
        limits,
        acceptance,
    )


def determine_responsibility(
    facts: Facts, *, today: date | None = None
) -> Determination:
    """
    Return the state responsible for examining the application, with its reasons.

    ``today`` is the determination date; without it the facts' ``determination_date``
    is used. The clock is never read.

    >>> facts = parse_facts({"applicant": {"date_of_birth": "1990-01-01",
    ...     "unaccompanied": False}, "applications": [{"state": "FR",
    ...     "date": "2016-10-24"}]})
    >>> determine_responsibility(facts, today=date(2016, 11, 2)).responsible_state
    'FR'
    """
    today = today or facts.determination_date
    if today is None:
        raise InvalidFactsError(
            (FactError("$.determination_date", "required unless passed in"),)
        )
    trail = Trail()
    if facts.regime == Regime.DUBS or (
        facts.s67 is not None and facts.regime is None and not facts.applications
    ):
        eligible, criteria, version = assess_s67(facts, today, trail)
        return _finish(
            facts,
            Regime.DUBS,
            today,
            trail,
            None,
            None,
            eligible,
            criteria,
            version,
        )
    if not facts.applications:
        regime = facts.regime or r0.select_regime(today)
        trail.needs.append("$.applications (no application lodged or registered)")
        return _finish(facts, regime, today, trail, None, None)
    applications = facts.applications
    if len(applications) > 1:
        applications = tuple(sorted(applications, key=_lodged))
    regime = r0.select_regime(applications[0].date)
    rules = r0.RULES[regime]
    states = r0.member_states(regime, applications[0].date)
    _check_states(facts, states, regime)
    if regime == Regime.DUBLIN3 and applications[-1].date >= r0.AMMR_FIRST_DAY:
        trail.use(REGIME_SELECTION)
        trail.review(
            "mixed case: lodged under Dublin III, applied again under the AMMR",
            REGIME_SELECTION,
        )
    if facts.regime is not None and facts.regime != regime:
        trail.review(
            f"the facts name {facts.regime}, but R0 selects {regime}", REGIME_SELECTION
        )
    if facts.absences:
        applications = restart_after_absence(facts, rules, applications, trail)
    ctx = Context(facts, rules, today, applications, states)
    trail.add(
        rules.freezing,
        APPLIED,
        _FREEZING_UNKNOWN_AGE if ctx.age is None else _FREEZING,
        None,
        (ctx.lodging, ctx.first_application.state, ctx.age),
    )
    state = _criteria(regime, ctx, trail)
    if state is None:
        accepted = find_acceptance(ctx) if facts.requests else None
        if accepted is not None:
            return _bound(ctx, trail, accepted, None, None)
        return _finish(facts, regime, today, trail, None, None)
    barriers = {item.state: item.ground for item in facts.transfer_barriers}
    if barriers and state not in barriers:
        trail.add(
            rules.barrier,
            NOT_APPLIED,
            (
                "transfer barred to {0} only; {1} is not barred",
                "the criteria's answer stands",
            ),
            None,
            (", ".join(sorted(barriers)), state),
        )
    if barriers and state in barriers and state != ctx.determining_state:
        trail.add(
            rules.barrier,
            APPLIED,
            (
                f"transfer to {state} impossible: {barriers[state].replace('_', ' ')}",
                "the criteria are applied again",
            ),
        )
        ctx.excluded = frozenset(barriers) - {ctx.determining_state}
        state = _criteria(regime, ctx, trail)
        if trail.needs:
            return _finish(facts, regime, today, trail, None, None)
        if state is None:
            state = ctx.determining_state
            trail.add(
                rules.barrier_fallback,
                APPLIED,
                (
                    f"no transfer possible; {state}, the determining state, "
                    "is responsible",
                ),
                state,
            )
    article = _article(trail, state)
    issued = (
        residence_document_issued(facts, rules, trail, state)
        if facts.documents
        else None
    )
    if issued is not None:
        state, article = issued, rules.cessation_residence
    accepted = find_acceptance(ctx) if facts.requests else None
    if accepted is not None and accepted.state != state:
        return _bound(ctx, trail, accepted, state, article)
    if accepted is not None:
        accepted = _with_reading(accepted, state, article)
    requested = state
    state, article = procedural_shifts(ctx, trail, state, article)
    state, article = _discretion(ctx, trail, state, article)
    limits = collect_limits(ctx, trail.deadlines, requested)
    return _finish(
        facts, regime, today, trail, state, article, limits=limits, acceptance=accepted
    )


def _discretion(
    ctx: Context, trail: Trail, state: str, article: Citation
) -> tuple[str, Citation]:
    """Apply the humanitarian and sovereignty clauses, which come after all else."""
    rules = ctx.rules
    humanitarian = humanitarian_clause(ctx, trail)
    if humanitarian is not None:
        state, article = humanitarian, rules.humanitarian
    sovereign = sovereignty_clause(ctx, trail)
    if sovereign is not None:
        state, article = sovereign, rules.sovereignty
    return state, article


def _with_reading(
    accepted: Acceptance, state: str | None, article: Citation | None
) -> Acceptance:
    return Acceptance(
        accepted.state,
        accepted.request,
        accepted.date,
        accepted.rule,
        accepted.tacit,
        state,
        article,
    )


def _bound(
    ctx: Context,
    trail: Trail,
    accepted: Acceptance,
    reading: str | None,
    reading_article: Citation | None,
) -> Determination:
    """
    Return the determination when an acceptance binds a state the criteria do not.

    The acceptance binds (Dublin III Arts 18(1), 22(7), 25(2) and 29(1); AMMR Arts
    36, 40, 41(4) and 46(1)); the criteria reading, or the facts it lacks, is flagged
    beside it for review, never dropped.
    """
    facts = ctx.facts
    rules = ctx.rules
    missing = tuple(trail.needs)
    trail.needs.clear()
    accepted = _with_reading(accepted, reading, reading_article)
    if (accepted.request == "take_back") == ctx.applied_in(accepted.state):
        state, article = procedural_shifts(ctx, trail, accepted.state, accepted.rule)
    else:
        # The facts do not show what the request rests on (a take-back request to a
        # state where no application is recorded, or the reverse): the acceptance is
        # all there is, so its limits are counted from it alone.
        state, article = accept_as_recorded(ctx, trail, accepted)
    how = "by silence" if accepted.tacit else "expressly"
    holds = state == accepted.state
    if holds or article is rules.transfer_expiry:
        verb = "take charge of" if accepted.request == "take_charge" else "take back"
        trail.add(
            OBLIGATIONS[rules.regime][accepted.request],
            APPLIED,
            (
                "{0} accepted the {1} request {2} on {3} ({4})",
                "{0} must " + verb + " the applicant, whatever the criteria say",
            ),
            accepted.state,
            (
                accepted.state,
                accepted.request.replace("_", "-"),
                how,
                accepted.date,
                accepted.rule,
            ),
        )
    if reading is None:
        what = (
            "the criteria could not be applied (needs information: "
            + "; ".join(missing)
            + ")"
            if missing
            else "the criteria designate no state"
        )
    else:
        what = f"the criteria point to {reading} ({reading_article})"
    trail.review(
        f"{what}; {accepted.state} accepted {how} on {accepted.date} "
        f"({accepted.rule})"
        + (
            " and the acceptance binds"
            if holds
            else f", but {state} is responsible under {article}"
        ),
        accepted.rule,
    )
    state, article = _discretion(ctx, trail, state, article)
    limits = collect_limits(ctx, trail.deadlines, accepted.state)
    return _finish(
        facts,
        rules.regime,
        ctx.today,
        trail,
        state,
        article,
        limits=limits,
        acceptance=accepted,
    )


def determine(data: Any, *, today: date | None = None) -> Determination:
    """
    Parse a JSON facts document and determine it in one call.

    >>> str(determine({"determination_date": "2016-11-02", "applicant": {
    ...     "date_of_birth": "1990-01-01", "unaccompanied": False},
    ...     "applications": [{"state": "FR", "date": "2016-10-24"}]}).article)
    'Dublin III Art 3(2) first subparagraph'
    """
    return determine_responsibility(parse_facts(data), today=today)
