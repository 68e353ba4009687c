"""Deadlines of the Dublin procedure, computed with the kernel's period arithmetic."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import (
    Citation,
    Deadline,
    LimitRule,
    frozen_constructor,
    period_end,
)
from haven.engines.responsibility.citations import UNVERIFIED_IDS, WEEKEND_ROLL
from haven.engines.responsibility.context import Trail

_deadline = frozen_constructor(Deadline)


def set_deadline(
    trail: Trail,
    name: str,
    event: date,
    citation: Citation,
    *,
    months: int = 0,
    weeks: int = 0,
    days: int = 0,
) -> date:
    """
    Record the deadline ``name`` running from ``event`` and return its last day.

    A deadline moved off a weekend notes the convention of Reg. 1182/71 Art 3(4),
    which Dublin III does not itself adopt.
    """
    due, rolled = period_end(event, months=months, weeks=weeks, days=days)
    if rolled:
        trail.use(WEEKEND_ROLL)
    trail.deadlines[name] = _deadline(
        name, due, citation, event, rolled, id(citation) in UNVERIFIED_IDS
    )
    return due


def set_limit(trail: Trail, name: str, event: date, rule: LimitRule) -> date:
    """Record the deadline ``name`` that the table's ``rule`` sets from ``event``."""
    return set_deadline(
        trail,
        name,
        event,
        rule.citation,
        months=rule.months,
        weeks=rule.weeks,
        days=rule.days,
    )


def record_deadline(
    trail: Trail, name: str, due: date, event: date, citation: Citation
) -> date:
    """Record a deadline whose last day is given, such as an urgent reply date."""
    trail.deadlines[name] = _deadline(
        name, due, citation, event, False, id(citation) in UNVERIFIED_IDS
    )
    return due
