"""
The working state of one determination: frozen facts, regime rules and a trail.

The trail collects reasons, flags and missing facts as criteria run; the engine turns
it into a frozen :class:`Determination` at the end.
"""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import (
    Citation,
    Deadline,
    Outcome,
    Reason,
    age_on,
    frozen_constructor,
)
from haven.engines.responsibility.citations import (
    ALL_UNVERIFIED,
    UNVERIFIED_IDS,
    UNVERIFIED_KEYS,
    RegimeRules,
)
from haven.engines.responsibility.facts import Application, Facts, FamilyMember
from haven.engines.responsibility.result import Flag

# Module constants: attribute access on an enum class is slow on Python 3.11, and
# the criteria read these for every reason they record.
APPLIED = Outcome.APPLIED
NOT_APPLIED = Outcome.NOT_APPLIED
NOT_REACHED = Outcome.NOT_REACHED
NEEDS_INFORMATION = Outcome.NEEDS_INFORMATION

_NO_STATES: frozenset[str] = frozenset()
_reason = frozen_constructor(Reason)
_flag = frozen_constructor(Flag)
_NOT_REACHED: dict[int, Reason] = {}


def not_reached(citation: Citation) -> Reason:
    """Return the shared "not reached" reason for ``citation``."""
    reason = _NOT_REACHED.get(id(citation))
    if reason is None:
        reason = Reason(citation, NOT_REACHED, unverified=citation in ALL_UNVERIFIED)
        _NOT_REACHED[id(citation)] = reason
    return reason


class Fixed:
    """
    A result whose facts are constant text, declared once beside its criterion.

    Each citation it is recorded under gets one shared :class:`Reason`, so recording
    it costs one lookup instead of a new value.
    """

    __slots__ = ("facts", "outcome", "reasons")

    def __init__(self, outcome: Outcome, *facts: str) -> None:
        self.outcome = outcome
        self.facts = facts
        # Keyed by the identity of the citation, cheap to hash; each reason holds its
        # citation, so an identity in use as a key is never reused by another object.
        self.reasons: dict[int, Reason] = {}

    def reason(self, citation: Citation) -> Reason:
        """Return the shared reason of these facts under ``citation``."""
        reason = self.reasons.get(id(citation))
        if reason is None:
            unverified = id(citation) in UNVERIFIED_IDS
            reason = Reason(citation, self.outcome, self.facts, None, unverified)
            self.reasons[id(citation)] = reason
        return reason


class Trail:
    """Reasons, flags, deadlines and missing facts, in the order they arose."""

    __slots__ = ("deadlines", "flags", "needs", "reasons", "unverified")

    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        self.flags: list[Flag] = []
        self.needs: list[str] = []
        self.deadlines: dict[str, Deadline] = {}
        self.unverified: dict[int, Citation] = {}

    def add(
        self,
        citation: Citation,
        outcome: Outcome,
        facts: tuple[str, ...] = (),
        state: str | None = None,
        values: tuple[object, ...] = (),
    ) -> None:
        """
        Record one criterion's result.

        With ``values``, each of ``facts`` is a template formatted with them when the
        reason is read (see :class:`Reason`).
        """
        key = UNVERIFIED_KEYS.get(id(citation))
        if key is not None and outcome is APPLIED:
            self.unverified.setdefault(key, citation)
        self.reasons.append(
            _reason(citation, outcome, facts, state, key is not None, values)
        )

    def fixed(self, citation: Citation, fixed: Fixed) -> None:
        """Record a result whose facts are constant text, sharing one reason."""
        reason = fixed.reasons.get(id(citation)) or fixed.reason(citation)
        if reason.unverified and reason.outcome is APPLIED:
            self.unverified.setdefault(UNVERIFIED_KEYS[id(citation)], citation)
        self.reasons.append(reason)

    def skip(self, citation: Citation | None) -> None:
        """Record that a criterion was not reached."""
        if citation is not None:
            reason = _NOT_REACHED.get(id(citation))
            self.reasons.append(reason or not_reached(citation))

    def need(self, citation: Citation, missing: list[str]) -> None:
        """Record that a criterion cannot be decided without the ``missing`` facts."""
        self.add(citation, NEEDS_INFORMATION, tuple(missing))
        self.needs.extend(f"{item} ({citation})" for item in missing)

    def review(self, message: str, rule: Citation | None = None) -> None:
        """Ask for a human to review the outcome."""
        self.flags.append(_flag("human_review", message, rule))

    def use(self, citation: Citation) -> None:
        """Note that an UNVERIFIED provision shaped the outcome."""
        key = UNVERIFIED_KEYS.get(id(citation))
        if key is not None:
            self.unverified.setdefault(key, citation)


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
        self.members: tuple[tuple[int, FamilyMember], ...] = (
            tuple(
                (index, member)
                for index, member in enumerate(facts.family_members)
                if member.state in member_states
            )
            if facts.family_members
            else ()
        )
        self.excluded: frozenset[str] = _NO_STATES
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
        for item in self.applications:  # noqa: SIM110  (no generator frame per call)
            if item.state == state:
                return True
        return False
