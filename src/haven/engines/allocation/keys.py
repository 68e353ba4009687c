"""
Distribution keys: the 2015 EU relocation key, the AMMR reference key, a population key.

Every key works over an explicit participating set: beneficiary and opt-out states are
removed *before* the shares are computed, so the shares always sum to one over the set.
Shares are then apportioned to whole persons by largest remainder (see ``apportion``).
Formulas and sources: ``specs/allocation.md`` §1.2 and §2.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from haven.engines.allocation.apportion import largest_remainder
from haven.engines.allocation.data import KeyData
from haven.engines.allocation.errors import KeyInputError
from haven.engines.kernel import normalise_state_code

# The 2015 key's weights: population, GDP, inverse asylum, inverse unemployment.
EU2015_WEIGHTS = (0.4, 0.4, 0.1, 0.1)
# "30% cap of the population and GDP effect": A_i <= 0.3 * (pop_i + gdp_i).
EU2015_CAP = 0.3


@dataclass(frozen=True, slots=True)
class StateShare:
    """One state's share of the key and its whole persons."""

    state: str
    share: float
    persons: int


@dataclass(frozen=True, slots=True)
class KeyResult:
    """A key's outcome over a participating set, summing exactly to ``total``."""

    key: str
    total: int
    states: tuple[StateShare, ...]
    # States left out because a figure the key reads is missing for them (only
    # when no participating set was given), each with the figures it lacks.
    left_out: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def persons(self) -> dict[str, int]:
        """Return whole persons per state."""
        return {row.state: row.persons for row in self.states}

    def shares(self) -> dict[str, float]:
        """Return the share per state (summing to one)."""
        return {row.state: row.share for row in self.states}


def participating_states(
    available: Iterable[str],
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> tuple[str, ...]:
    """
    Return the participating set: ``include`` (or all ``available``) minus ``exclude``.

    >>> participating_states(["AT", "IT", "DE"], exclude=["IT"])
    ('AT', 'DE')
    """
    pool = set(available)
    wanted = set(
        pool if include is None else (normalise_state_code(code) for code in include)
    )
    unknown = wanted - pool
    if unknown:
        raise KeyInputError(
            f"no figures for state(s): {', '.join(sorted(unknown))}",
            code="unknown_state",
        )
    removed = {normalise_state_code(code) for code in exclude}
    unknown_removed = removed - pool
    if unknown_removed:
        raise KeyInputError(
            f"cannot exclude unknown state(s): {', '.join(sorted(unknown_removed))}",
            code="unknown_state",
        )
    chosen = tuple(sorted(wanted - removed))
    if not chosen:
        raise KeyInputError(
            "no participating states left", code="empty_participating_set"
        )
    return chosen


def _normalised(
    figures: Mapping[str, float], states: tuple[str, ...]
) -> dict[str, float]:
    """Return each state's part of the total of ``figures`` over ``states``."""
    total = math.fsum(figures[state] for state in states)
    if total <= 0:
        raise KeyInputError(
            "figures sum to zero over the participating set", code="zero_total"
        )
    return {state: figures[state] / total for state in states}


def _inverse_shares(
    figures: Mapping[str, float], states: tuple[str, ...], figure: str
) -> dict[str, float]:
    """Return (1/x_i) / sum_j (1/x_j); a zero figure is rejected (infinite inverse)."""
    zero = [state for state in states if figures[state] <= 0]
    if zero:
        raise KeyInputError(
            f"{figure} is zero for {', '.join(zero)}; the inverse criterion needs "
            "a positive figure",
            code="zero_figure",
        )
    inverse = {state: 1.0 / figures[state] for state in states}
    total = math.fsum(inverse.values())
    return {state: value / total for state, value in inverse.items()}


def _check_figures(
    data: KeyData, states: tuple[str, ...], needed: tuple[str, ...]
) -> None:
    """Raise if a participating state lacks a ``needed`` figure or has a bad one."""
    for figure in needed:
        values: Mapping[str, float] = getattr(data, figure)
        missing = [state for state in states if state not in values]
        if missing:
            raise KeyInputError(
                f"no {figure} figure for {', '.join(missing)}", code="missing_figure"
            )
        bad = [
            f"{state} ({values[state]!r})"
            for state in states
            if not (math.isfinite(values[state]) and values[state] >= 0)
        ]
        if bad:
            raise KeyInputError(
                f"{figure} must be a finite, non-negative number; "
                f"not so for {', '.join(bad)}",
                code="bad_figure",
            )


def eu2015_shares(
    data: KeyData, states: tuple[str, ...], *, cap: float | None = EU2015_CAP
) -> dict[str, float]:
    """
    Return the 2015 relocation key's shares (Grech 2016 eqs. 1-7; COM(2015) 450).

    ``qcap_i = 0.4 pop_i + 0.4 gdp_i + 0.1 A_i + 0.1 U_i`` with the inverse criteria
    capped at ``cap * (pop_i + gdp_i)``; the residual ``1 - sum qcap`` is shared 50%
    population / 50% GDP. ``cap=None`` gives the uncapped May 2015 key.
    """
    _check_figures(
        data, states, ("population", "gdp", "unemployment", "asylum_per_million")
    )
    pop = _normalised(data.population, states)
    gdp = _normalised(data.gdp, states)
    pure_asylum = _inverse_shares(data.asylum_per_million, states, "asylum_per_million")
    pure_unemployment = _inverse_shares(data.unemployment, states, "unemployment")
    w_pop, w_gdp, w_asylum, w_unemployment = EU2015_WEIGHTS
    capped: dict[str, float] = {}
    for state in states:
        limit = math.inf if cap is None else cap * (pop[state] + gdp[state])
        asylum = min(pure_asylum[state], limit)
        unemployment = min(pure_unemployment[state], limit)
        capped[state] = (
            w_pop * pop[state]
            + w_gdp * gdp[state]
            + w_asylum * asylum
            + w_unemployment * unemployment
        )
    residual = 1.0 - math.fsum(capped.values())
    return {
        state: capped[state] + residual * 0.5 * (pop[state] + gdp[state])
        for state in states
    }


def ammr_shares(data: KeyData, states: tuple[str, ...]) -> dict[str, float]:
    """Return the AMMR reference key (2024/1351 Art. 66): 50% population, 50% GDP."""
    _check_figures(data, states, ("population", "gdp"))
    pop = _normalised(data.population, states)
    gdp = _normalised(data.gdp, states)
    return {state: 0.5 * pop[state] + 0.5 * gdp[state] for state in states}


def population_shares(data: KeyData, states: tuple[str, ...]) -> dict[str, float]:
    """Return shares in proportion to population (the 2015 UK petition's key)."""
    _check_figures(data, states, ("population",))
    return _normalised(data.population, states)


KEYS: Mapping[str, Callable[[KeyData, tuple[str, ...]], dict[str, float]]] = (
    MappingProxyType(
        {"eu2015": eu2015_shares, "ammr": ammr_shares, "population": population_shares}
    )
)


# The figures each key reads; a state needs all of them to take part.
KEY_FIGURES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "eu2015": ("population", "gdp", "unemployment", "asylum_per_million"),
        "ammr": ("population", "gdp"),
        "population": ("population",),
    }
)


def distribute(
    key: str,
    data: KeyData,
    total: int,
    *,
    include: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
) -> KeyResult:
    """
    Share ``total`` persons by ``key`` over the participating states, in whole persons.

    >>> from haven.engines.allocation.data import default_key_data
    >>> result = distribute("population", default_key_data(), 100, include=["DE", "FR"])
    >>> result.persons()
    {'DE': 55, 'FR': 45}
    """
    if key not in KEYS:
        raise KeyInputError(
            f"unknown key {key!r}; choose one of {', '.join(KEYS)}", code="unknown_key"
        )
    needed = KEY_FIGURES[key]
    available = set.intersection(*(set(getattr(data, figure)) for figure in needed))
    known = set.union(*(set(getattr(data, figure)) for figure in needed))
    if include is not None:
        include = [normalise_state_code(code) for code in include]
        # A state with some figures but not all is missing a figure, not unknown.
        _check_figures(data, tuple(sorted(set(include) & known)), needed)
    states = participating_states(available, include=include, exclude=exclude)
    shares = KEYS[key](data, states)
    persons = largest_remainder(shares, total)
    rows = tuple(StateShare(state, shares[state], persons[state]) for state in states)
    left_out: list[tuple[str, tuple[str, ...]]] = []
    if include is None:
        excluded = {normalise_state_code(code) for code in exclude}
        for state in sorted(known - available - excluded):
            lacking = tuple(f for f in needed if state not in getattr(data, f))
            left_out.append((state, lacking))
    return KeyResult(key=key, total=total, states=rows, left_out=tuple(left_out))
