"""Deadline: a date set by a rule, with the event it runs from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from haven.engines.kernel.citation import Citation


@dataclass(frozen=True, slots=True)
class Deadline:
    """The last day for a step, the rule that set it and the event it runs from."""

    name: str
    due: date
    citation: Citation
    runs_from: date
    rolled_forward: bool = False
    unverified: bool = False

    def to_json(self) -> dict[str, object]:
        """Return the deadline as a plain dict with ISO dates."""
        return {
            "date": self.due.isoformat(),
            "rule": str(self.citation),
            "runs_from": self.runs_from.isoformat(),
            "rolled_forward": self.rolled_forward,
            "unverified": self.unverified,
        }
