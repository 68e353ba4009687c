"""Apportion a whole number of persons by largest remainder."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping

from haven.engines.allocation.errors import KeyInputError

# Decimal places to which remainders and quotas are compared when breaking ties.
TIE_DIGITS = 9


def largest_remainder(shares: Mapping[str, float], total: int) -> dict[str, int]:
    """
    Return whole persons per state summing exactly to ``total``.

    Each state first gets the floor of ``share * total``; the persons left over go one
    each to the largest remainders. Ties are broken by the larger share, then by the
    state code in alphabetical order, so the result never depends on dict order.
    Remainders and quotas are compared to ``TIE_DIGITS`` decimal places, so shares that
    are equal but reached by different floating-point sums still tie.

    >>> largest_remainder({"AT": 0.5, "BE": 0.25, "BG": 0.25}, 2)
    {'AT': 1, 'BE': 1, 'BG': 0}
    """
    try:
        whole = None if isinstance(total, bool) else operator.index(total)
    except TypeError:
        whole = None
    if whole is None:
        raise KeyInputError(
            f"total must be a whole number, got {total!r}", code="bad_total"
        )
    total = whole
    if total < 0:
        raise KeyInputError(f"total must be >= 0, got {total}", code="negative_total")
    if not shares:
        raise KeyInputError("no participating states", code="empty_participating_set")
    weight = math.fsum(shares.values())
    if any(value < 0 or not math.isfinite(value) for value in shares.values()):
        raise KeyInputError("shares must be finite and non-negative", code="bad_share")
    if weight <= 0:
        raise KeyInputError("shares sum to zero", code="bad_share")
    quotas = {state: share / weight * total for state, share in shares.items()}
    persons = {state: math.floor(quota) for state, quota in quotas.items()}
    left = total - sum(persons.values())
    order = sorted(
        quotas,
        key=lambda state: (
            -round(quotas[state] - persons[state], TIE_DIGITS),
            -round(quotas[state], TIE_DIGITS),
            state,
        ),
    )
    for state in order[:left]:
        persons[state] += 1
    return dict(sorted(persons.items()))
