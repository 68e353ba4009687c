"""Reason: the result of one criterion, with the facts that decided it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from haven.engines.kernel.citation import Citation


class Outcome(enum.StrEnum):
    """What a criterion did in a determination."""

    APPLIED = "applied"
    NOT_APPLIED = "not_applied"
    NOT_REACHED = "not_reached"
    NEEDS_INFORMATION = "needs_information"


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion's result: its citation, outcome, deciding facts and status."""

    citation: Citation
    outcome: Outcome
    facts: tuple[str, ...] = ()
    state: str | None = None
    unverified: bool = False

    def to_json(self) -> dict[str, object]:
        """Return the reason as a plain dict."""
        return {
            "rule": str(self.citation),
            "outcome": self.outcome.value,
            "facts": list(self.facts),
            "state": self.state,
            "unverified": self.unverified,
        }
