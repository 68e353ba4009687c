"""
Large batches: an LP over family types and groups of alike places, then rounding.

Places of one area with the same languages, interpreter languages and offered services
are pooled into a group with summed capacities. The LP over (type, group) is a
relaxation of the placement problem, so its optimum bounds every placement. Its solution
is rounded down per (type, group) and unpacked into single places: families needing
scarce services first, then larger before smaller, each column spread over its group's
places in proportion to their room. The families left over are repaired by solving the
LP again over what is left (residual capacities, regrouped) and unpacking it, twice;
the last ones go greedily to the best place with room. Then destroy and repair rounds
(:mod:`.improve`) release the families that block services a waiting family needs and
repair again, while the objective rises. Every step checks each place's capacity, so
capacities always hold.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from haven.engines.allocation.placement.compiled import BoolArray, Compiled, IntArray
from haven.engines.allocation.placement.greedy import greedy_fill
from haven.engines.allocation.placement.improve import improve
from haven.engines.allocation.placement.packing import Residual, members_by_type
from haven.engines.allocation.placement.transport import (
    Groups,
    TransportSolution,
    solve_transport,
)


def place_groups(compiled: Compiled) -> tuple[Groups, IntArray, IntArray]:
    """Return the groups, each place's group, and each group's largest capacities."""
    signature = np.column_stack(
        [
            compiled.place_area,
            compiled.speaks.astype(np.int64),
            (compiled.interpreters > 0).astype(np.int64),
            (compiled.capacity > 0).astype(np.int64),
        ]
    )
    _, first, place_group = np.unique(
        signature, axis=0, return_index=True, return_inverse=True
    )
    place_group = place_group.reshape(-1)
    count_g = len(first)
    capacity = np.zeros((count_g, compiled.capacity.shape[1]), dtype=np.int64)
    np.add.at(capacity, place_group, compiled.capacity)
    largest = np.zeros_like(capacity)
    np.maximum.at(largest, place_group, compiled.capacity)
    interpreters = np.zeros((count_g, compiled.interpreters.shape[1]), dtype=np.int64)
    np.add.at(interpreters, place_group, compiled.interpreters)
    groups = Groups(
        area=compiled.place_area[first],
        capacity=capacity,
        speaks=compiled.speaks[first],
        interpreters=interpreters,
    )
    return groups, place_group, largest


def compatible_columns(
    compiled: Compiled, groups: Groups, largest: IntArray, *, block: int = 512
) -> tuple[IntArray, IntArray]:
    """Return (type, group) pairs where a family of the type fits an empty place."""
    kinds: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    cols: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    count_t = len(compiled.type_count)
    for start in range(0, count_t, block):
        stop = min(start + block, count_t)
        lang = compiled.type_language[start:stop]
        ok: BoolArray = compiled.allowed_area[start:stop][:, groups.area]
        ok &= (groups.speaks[:, lang] | (groups.interpreters[:, lang] > 0)).T
        ok &= np.all(
            largest[None, :, :] >= compiled.demand[start:stop, None, :], axis=2
        )
        kind, col = np.nonzero(ok)
        kinds.append(kind + start)
        cols.append(col)
    return np.concatenate(kinds).astype(np.int64), np.concatenate(cols).astype(np.int64)


# Rounds of the LP over what is left after unpacking: each places most of the
# families that rounding and packing left over, where the LP says they are worth most.
REPAIR_ROUNDS = 2


def _unpack(
    compiled: Compiled,
    residual: Residual,
    members: list[IntArray],
    solution: TransportSolution,
    place_group: IntArray,
    groups: Groups,
) -> None:
    """Place the LP's whole families into single places of each column's group."""
    kind, group = solution.kind, solution.group
    counts = np.floor(solution.x + 1e-7).astype(np.int64)
    chosen = np.flatnonzero(counts > 0)
    demand = compiled.demand[kind[chosen]]
    interpreted = ~groups.speaks[group[chosen], compiled.type_language[kind[chosen]]]
    # Families needing scarce services (and interpreters) go first, then larger
    # before smaller: plain small families fill what is left.
    special = (demand[:, 1:] > 0).sum(axis=1) + interpreted
    order = chosen[np.lexsort((chosen, -demand[:, 0], -special))]
    places_of_group = np.split(
        np.argsort(place_group, kind="stable"),
        np.cumsum(np.bincount(place_group, minlength=len(groups.area)))[:-1],
    )
    for column in order:
        family_kind = int(kind[column])
        family = members[family_kind]
        waiting = family[residual.place_of[family] < 0]
        residual.spread(
            family_kind, waiting[: counts[column]], places_of_group[group[column]]
        )


def _solve_groups(
    compiled: Compiled, *, time_limit: float
) -> tuple[TransportSolution, IntArray, Groups]:
    """Group the places of ``compiled`` and solve the LP over (type, group)."""
    groups, place_group, largest = place_groups(compiled)
    kind, group = compatible_columns(compiled, groups, largest)
    waiting = compiled.type_count[kind] > 0
    solution = solve_transport(
        compiled,
        groups,
        kind[waiting],
        group[waiting],
        integer=False,
        time_limit=time_limit,
    )
    return solution, place_group, groups


def flow_lp(compiled: Compiled, *, time_limit: float) -> TransportSolution:
    """Return the LP relaxation over (type, group), whose optimum bounds placement."""
    return _solve_groups(compiled, time_limit=time_limit)[0]


def refill_unplaced(
    compiled: Compiled,
    residual: Residual,
    members: list[IntArray],
    *,
    time_limit: float,
) -> None:
    """Place what is unplaced: the LP over what is left, unpacked, then greedily."""
    for _round in range(REPAIR_ROUNDS):
        left = np.bincount(
            compiled.family_type[residual.place_of < 0],
            minlength=len(compiled.type_count),
        ).astype(np.int64)
        if not left.any():
            break
        rest = replace(
            compiled,
            type_count=left,
            capacity=residual.capacity.copy(),
            interpreters=residual.interpreters.copy(),
        )
        repair, rest_group, rest_groups = _solve_groups(rest, time_limit=time_limit)
        _unpack(rest, residual, members, repair, rest_group, rest_groups)
    greedy_fill(compiled, residual)


def solve_flow(
    compiled: Compiled, *, time_limit: float
) -> tuple[Residual, TransportSolution, tuple[float, ...]]:
    """
    Return the rounded, repaired and improved placement and the LP it came from.

    The third value is the objective after rounding and repair, then after each
    destroy and repair round kept.
    """
    solution, place_group, groups = _solve_groups(compiled, time_limit=time_limit)
    residual = Residual(compiled)
    members = members_by_type(compiled)
    _unpack(compiled, residual, members, solution, place_group, groups)

    def refill(target: Residual) -> None:
        refill_unplaced(compiled, target, members, time_limit=time_limit)

    refill(residual)
    history = improve(compiled, residual, refill)
    return residual, solution, history
