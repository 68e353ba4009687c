"""Rule R0: which regime governs a case, and which states it binds."""

from __future__ import annotations

from datetime import date

from haven.engines.kernel import Regime
from haven.engines.responsibility.citations import (
    AMMR_RULES,
    DUBLIN_III_RULES,
    RegimeRules,
)
from haven.engines.responsibility.states import (
    AMMR_STATES,
    DUBLIN_III_STATES,
    DUBLIN_III_STATES_WITH_UK,
    UK_DUBLIN_LAST_DAY,
)

DUBLIN_III_FIRST_DAY = date(2014, 1, 1)
AMMR_FIRST_DAY = date(2026, 6, 12)

RULES: dict[str, RegimeRules] = {
    Regime.DUBLIN3: DUBLIN_III_RULES,
    Regime.AMMR: AMMR_RULES,
}


def select_regime(first_application: date) -> Regime:
    """
    Return Dublin III for a first lodging before 12 June 2026, else the AMMR.

    >>> select_regime(date(2016, 10, 24)).value
    'dublin3'
    """
    return Regime.DUBLIN3 if first_application < AMMR_FIRST_DAY else Regime.AMMR


def member_states(regime: str, first_application: date) -> frozenset[str]:
    """Return the states bound by ``regime`` for an application on that date."""
    if regime == Regime.AMMR:
        return AMMR_STATES
    if first_application <= UK_DUBLIN_LAST_DAY:
        return DUBLIN_III_STATES_WITH_UK
    return DUBLIN_III_STATES
