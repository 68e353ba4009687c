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
    """
    One criterion's result: its citation, outcome, deciding facts and status.

    The deciding facts are kept as ``templates`` and the ``values`` they are
    formatted with, so a determination costs no text until its facts are read.
    Without values each template is the fact's text as it stands.

    >>> reason = Reason(Citation("604/2013", 13, 1), Outcome.APPLIED,
    ...     ("crossed into {0} on {1}",), "IT", values=("IT", "2016-08-01"))
    >>> reason.facts
    ('crossed into IT on 2016-08-01',)
    """

    citation: Citation
    outcome: Outcome
    templates: tuple[str, ...] = ()
    state: str | None = None
    unverified: bool = False
    values: tuple[object, ...] = ()

    @property
    def facts(self) -> tuple[str, ...]:
        """Return the deciding facts as text."""
        if not self.values:
            return self.templates
        values = self.values
        return tuple(template.format(*values) for template in self.templates)

    def to_json(self) -> dict[str, object]:
        """Return the reason as a plain dict."""
        values = self.values
        return {
            "rule": str(self.citation),
            # ``_value_`` is the member's value without the enum property's lookup.
            "outcome": self.outcome._value_,
            "facts": [template.format(*values) for template in self.templates]
            if values
            else list(self.templates),
            "state": self.state,
            "unverified": self.unverified,
        }
