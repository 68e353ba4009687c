"""Rule R0: which regime governs a case, and which states it binds."""

from __future__ import annotations

from datetime import date

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

DUBLIN_III = "dublin3"
AMMR = "ammr"
DUBS = "dubs"

DUBLIN_III_FIRST_DAY = date(2014, 1, 1)
AMMR_FIRST_DAY = date(2026, 6, 12)

RULES: dict[str, RegimeRules] = {DUBLIN_III: DUBLIN_III_RULES, AMMR: AMMR_RULES}


def select_regime(first_application: date) -> str:
    """
    Return ``dublin3`` for a first lodging before 12 June 2026, else ``ammr``.

    >>> select_regime(date(2016, 10, 24))
    'dublin3'
    """
    return DUBLIN_III if first_application < AMMR_FIRST_DAY else AMMR


def member_states(regime: str, first_application: date) -> frozenset[str]:
    """Return the states bound by ``regime`` for an application on that date."""
    if regime == AMMR:
        return AMMR_STATES
    if first_application <= UK_DUBLIN_LAST_DAY:
        return DUBLIN_III_STATES_WITH_UK
    return DUBLIN_III_STATES
