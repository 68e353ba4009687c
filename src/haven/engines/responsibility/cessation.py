"""Dublin III Art 19 and AMMR Art 37: cessation of responsibility."""

from __future__ import annotations

from haven.engines.kernel import Citation, add_months
from haven.engines.responsibility.citations import RegimeRules
from haven.engines.responsibility.context import APPLIED, NOT_APPLIED, Trail
from haven.engines.responsibility.facts import Application, Facts


def restart_after_absence(
    facts: Facts,
    rules: RegimeRules,
    applications: tuple[Application, ...],
    trail: Trail,
) -> tuple[Application, ...]:
    """
    Apply Art 19(2)–(3): an application after an absence of 3 months, or after leaving
    under a return decision, is new; return the applications that still count.
    """
    absence_rule = rules.cessation_absence
    return_rule = rules.cessation_return
    if absence_rule is None or return_rule is None or not facts.absences:
        return applications
    restart = None
    citation: Citation | None = None
    for absence in sorted(facts.absences, key=lambda item: item.left):
        if absence.returned is None:
            continue
        if absence.under_return_decision:
            restart, citation = absence.returned, return_rule
        elif absence.returned >= add_months(absence.left, 3):
            restart, citation = absence.returned, absence_rule
    if restart is None or citation is None:
        _short_absences(facts, absence_rule, trail)
        return applications
    later = tuple(item for item in applications if item.date >= restart)
    earlier = [item for item in applications if item.date < restart]
    if not later or not earlier:
        return applications
    trail.add(
        citation,
        APPLIED,
        (
            f"left the territory of the Member States; returned on {restart}",
            f"the application of {later[0].date} in {later[0].state} is a new one",
        ),
    )
    return later


def _short_absences(facts: Facts, rule: Citation, trail: Trail) -> None:
    """Record that absences shorter than 3 months leave the applications standing."""
    short = [
        f"absent from {absence.left} to {absence.returned}, less than 3 months"
        for absence in facts.absences
        if absence.returned is not None and not absence.under_return_decision
    ]
    if short:
        trail.add(
            rule,
            NOT_APPLIED,
            (*short, "the earlier application still counts"),
        )


def residence_document_issued(
    facts: Facts, rules: RegimeRules, trail: Trail, state: str
) -> str | None:
    """Apply Art 19(1) (AMMR Art 37(1)): a state issued a residence document later."""
    if not facts.documents:
        return None
    first = min(item.date for item in facts.applications)
    issued = [
        item
        for item in facts.documents
        if item.type == "residence_document"
        and item.valid_from is not None
        and item.valid_from > first
        and item.issuing_state != state
    ]
    if not issued:
        return None
    latest = max(issued, key=lambda item: item.valid_from or first)
    trail.add(
        rules.cessation_residence,
        APPLIED,
        (f"{latest.issuing_state} issued a residence document on {latest.valid_from}",),
        latest.issuing_state,
    )
    return latest.issuing_state
