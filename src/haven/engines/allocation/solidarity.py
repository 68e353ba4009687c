"""
The AMMR Annual Solidarity Pool: fair shares, deductions, pledges and the shortfall.

Reg. (EU) 2024/1351 Art. 12(2) sets the pool (at least 30,000 relocations or EUR 600 m)
and indicative contributions by the Art. 66 reference key (50% population, 50% GDP).
The three kinds of measure are "considered of equal value" (Art. 56); a relocation not
carried out is valued at EUR 20,000 (news reports; the article number is unverified, so
the price is a parameter). Whether deducted shares are redistributed is unverified: they
are not, and the pool's requirement shrinks by the deduction.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from haven.engines.allocation.data import KeyData
from haven.engines.allocation.errors import SolidarityInputError
from haven.engines.allocation.keys import distribute
from haven.engines.kernel import normalise_state_code

AMMR_MINIMUM_RELOCATIONS = 30_000
EUR_PER_RELOCATION = 20_000.0


@dataclass(frozen=True, slots=True)
class Pledge:
    """A state's pledge: relocations, money (EUR) and other measures valued in EUR."""

    state: str
    relocations: int = 0
    money_eur: float = 0.0
    other_measures_eur: float = 0.0


@dataclass(frozen=True, slots=True)
class StateContribution:
    """One state's fair share, deduction, pledge and shortfall."""

    state: str
    share: float
    fair_share: int
    deduction: int
    due: int
    due_eur: float
    pledged_relocations: int
    pledged_money_eur: float
    pledged_other_eur: float
    pledged_equivalent: float
    shortfall: float
    shortfall_eur: float


@dataclass(frozen=True, slots=True)
class SolidarityPool:
    """The whole pool: per-state rows and totals, in relocations and in EUR."""

    relocations: int
    eur_per_relocation: float
    states: tuple[StateContribution, ...]
    deducted: int
    due: int
    pledged_equivalent: float
    shortfall: float
    shortfall_eur: float


def _merged_pledges(pledges: Iterable[Pledge], states: set[str]) -> dict[str, Pledge]:
    """Sum several pledges of one state; reject unknown states and negative amounts."""
    merged: dict[str, Pledge] = {}
    for pledge in pledges:
        state = normalise_state_code(pledge.state)
        if state not in states:
            raise SolidarityInputError(
                f"pledge from {state}, which is not a contributing state",
                code="unknown_pledging_state",
            )
        amounts = (pledge.relocations, pledge.money_eur, pledge.other_measures_eur)
        if any(not math.isfinite(value) or value < 0 for value in amounts):
            raise SolidarityInputError(
                f"pledge from {state} has a negative amount", code="negative_pledge"
            )
        before = merged.get(state, Pledge(state))
        merged[state] = Pledge(
            state,
            before.relocations + pledge.relocations,
            before.money_eur + pledge.money_eur,
            before.other_measures_eur + pledge.other_measures_eur,
        )
    return merged


def solidarity_pool(
    data: KeyData,
    *,
    relocations: int = AMMR_MINIMUM_RELOCATIONS,
    eur_per_relocation: float = EUR_PER_RELOCATION,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    deductions: Mapping[str, float] | None = None,
    pledges: Iterable[Pledge] = (),
) -> SolidarityPool:
    """
    Return each state's fair share of ``relocations`` and how far pledges cover it.

    ``deductions`` maps a state under migratory pressure to the fraction (0 to 1) of its
    fair share deducted. A pledge's equivalent is relocations plus (money + other
    measures) / ``eur_per_relocation``. A state's shortfall is what its pledge leaves of
    its due share; the pool's shortfall nets over-pledges against shortfalls.

    >>> from haven.engines.allocation.data import default_key_data
    >>> pool = solidarity_pool(default_key_data(), relocations=100,
    ...     include=["DE", "FR"], pledges=[Pledge("DE", money_eur=400_000.0)])
    >>> [(row.state, row.due, row.shortfall) for row in pool.states]
    [('DE', 56, 36.0), ('FR', 44, 44.0)]
    """
    if eur_per_relocation <= 0 or not math.isfinite(eur_per_relocation):
        raise SolidarityInputError(
            "the price per relocation must be positive", code="bad_price"
        )
    key = distribute("ammr", data, relocations, include=include, exclude=exclude)
    codes = {row.state for row in key.states}
    fractions = {
        normalise_state_code(state): value
        for state, value in (deductions or {}).items()
    }
    for state, fraction in fractions.items():
        if state not in codes:
            raise SolidarityInputError(
                f"deduction for {state}, which is not a contributing state",
                code="unknown_deduction_state",
            )
        if not 0.0 <= fraction <= 1.0:
            raise SolidarityInputError(
                f"deduction for {state} must be between 0 and 1, got {fraction}",
                code="bad_deduction",
            )
    merged = _merged_pledges(pledges, codes)
    rows = []
    for row in key.states:
        deduction = math.floor(row.persons * fractions.get(row.state, 0.0) + 1e-9)
        due = row.persons - deduction
        pledge = merged.get(row.state, Pledge(row.state))
        equivalent = pledge.relocations + (
            (pledge.money_eur + pledge.other_measures_eur) / eur_per_relocation
        )
        shortfall = max(0.0, due - equivalent)
        rows.append(
            StateContribution(
                state=row.state,
                share=row.share,
                fair_share=row.persons,
                deduction=deduction,
                due=due,
                due_eur=due * eur_per_relocation,
                pledged_relocations=pledge.relocations,
                pledged_money_eur=pledge.money_eur,
                pledged_other_eur=pledge.other_measures_eur,
                pledged_equivalent=equivalent,
                shortfall=shortfall,
                shortfall_eur=shortfall * eur_per_relocation,
            )
        )
    due_total = sum(row.due for row in rows)
    pledged = math.fsum(row.pledged_equivalent for row in rows)
    pool_shortfall = max(0.0, due_total - pledged)
    return SolidarityPool(
        relocations=relocations,
        eur_per_relocation=eur_per_relocation,
        states=tuple(rows),
        deducted=sum(row.deduction for row in rows),
        due=due_total,
        pledged_equivalent=pledged,
        shortfall=pool_shortfall,
        shortfall_eur=pool_shortfall * eur_per_relocation,
    )
