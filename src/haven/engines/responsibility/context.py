"""
The working state of one determination: frozen facts, regime rules and a trail.

The trail collects reasons, flags and missing facts as criteria run; the engine turns
it into a frozen :class:`Determination` at the end.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Citation, Deadline, Outcome, Reason, age_on
from haven.engines.responsibility.citations import (
    ALL_UNVERIFIED,
    UNVERIFIED_IDS,
    RegimeRules,
)
from haven.engines.responsibility.facts import Application, Facts, FamilyMember
from haven.engines.responsibility.result import Flag

_NOT_REACHED: dict[Citation, Reason] = {}


def not_reached(citation: Citation) -> Reason:
    """Return the shared "not reached" reason for ``citation``."""
    reason = _NOT_REACHED.get(citation)
    if reason is None:
        reason = Reason(
            citation, Outcome.NOT_REACHED, unverified=citation in ALL_UNVERIFIED
        )
        _NOT_REACHED[citation] = reason
    return reason


class Trail:
    """Reasons, flags, deadlines and missing facts, in the order they arose."""

    __slots__ = ("deadlines", "flags", "needs", "reasons", "unverified")

    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        self.flags: list[Flag] = []
        self.needs: list[str] = []
        self.deadlines: dict[str, Deadline] = {}
        self.unverified: dict[Citation, None] = {}

    def add(
        self,
        citation: Citation,
        outcome: Outcome,
        facts: tuple[str, ...] = (),
        state: str | None = None,
    ) -> None:
        """Record one criterion's result."""
        unverified = id(citation) in UNVERIFIED_IDS
        if unverified and outcome is Outcome.APPLIED:
            self.unverified[citation] = None
        self.reasons.append(Reason(citation, outcome, facts, state, unverified))

    def skip(self, citation: Citation | None) -> None:
        """Record that a criterion was not reached."""
        if citation is not None:
            self.reasons.append(not_reached(citation))

    def need(self, citation: Citation, missing: list[str]) -> None:
        """Record that a criterion cannot be decided without the ``missing`` facts."""
        self.add(citation, Outcome.NEEDS_INFORMATION, tuple(missing))
        self.needs.extend(f"{item} ({citation})" for item in missing)

    def review(self, message: str, rule: Citation | None = None) -> None:
        """Ask for a human to review the outcome."""
        self.flags.append(Flag("human_review", message, rule))

    def use(self, citation: Citation) -> None:
        """Note that an UNVERIFIED provision shaped the outcome."""
        if id(citation) in UNVERIFIED_IDS:
            self.unverified[citation] = None


class Context:
    """The facts as frozen at the first lodging, with derived values computed once."""

    __slots__ = (
        "age",
        "applications",
        "determining_state",
        "excluded",
        "facts",
        "first_application",
        "lodging",
        "member_states",
        "members",
        "minor",
        "rules",
        "today",
        "unaccompanied_minor",
    )

    def __init__(
        self,
        facts: Facts,
        rules: RegimeRules,
        today: date,
        applications: tuple[Application, ...],
        member_states: frozenset[str],
    ) -> None:
        self.facts = facts
        self.rules = rules
        self.today = today
        self.applications = applications
        self.member_states = member_states
        self.first_application = applications[0]
        self.lodging = applications[0].date
        self.determining_state = facts.determining_state or applications[-1].state
        self.members: tuple[tuple[int, FamilyMember], ...] = tuple(
            (index, member)
            for index, member in enumerate(facts.family_members)
            if member.state in member_states
        )
        self.excluded: frozenset[str] = frozenset()
        born = facts.applicant.date_of_birth
        self.age = None if born is None else age_on(born, self.lodging)
        self.minor = None if self.age is None else self.age < 18
        unaccompanied = facts.applicant.unaccompanied
        if unaccompanied is False or self.minor is False:
            self.unaccompanied_minor: bool | None = False
        elif unaccompanied is None or self.minor is None:
            self.unaccompanied_minor = None
        else:
            self.unaccompanied_minor = True

    def usable(self, state: str) -> bool:
        """Return whether ``state`` is bound by the regime and not barred (Art 3(2))."""
        return state in self.member_states and state not in self.excluded

    def applied_in(self, state: str) -> bool:
        """Return whether the applicant lodged an application in ``state``."""
        return any(item.state == state for item in self.applications)
