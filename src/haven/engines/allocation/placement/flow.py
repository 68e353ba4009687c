"""
Large batches: an LP over family types and groups of alike places, then rounding.

Places of one area with the same languages, interpreter languages and offered services
are pooled into a group with summed capacities. The LP over (type, group) is a
relaxation of the placement problem, so its optimum bounds every placement. Its solution
is rounded down per (type, group) and unpacked into single places in descending family
size, checking each place's capacity; families left over by rounding or packing then go
greedily to the best place with room. Capacities therefore always hold.
"""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import BoolArray, Compiled, IntArray
from haven.engines.allocation.placement.greedy import greedy_fill
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
    kinds: list[IntArray] = []
    cols: list[IntArray] = []
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


def solve_flow(
    compiled: Compiled, *, time_limit: float
) -> tuple[Residual, TransportSolution]:
    """Return the rounded placement and the LP solution it came from."""
    groups, place_group, largest = place_groups(compiled)
    kind, group = compatible_columns(compiled, groups, largest)
    solution = solve_transport(
        compiled, groups, kind, group, integer=False, time_limit=time_limit
    )
    residual = Residual(compiled)
    members = members_by_type(compiled)
    counts = np.floor(solution.x + 1e-7).astype(np.int64)
    chosen = np.flatnonzero(counts > 0)
    sizes = compiled.demand[kind[chosen], 0]
    order = chosen[np.lexsort((chosen, -sizes))]
    places_of_group = np.split(
        np.argsort(place_group, kind="stable"),
        np.cumsum(np.bincount(place_group, minlength=len(groups.area)))[:-1],
    )
    for column in order:
        family_kind = int(kind[column])
        family = members[family_kind]
        waiting = family[residual.place_of[family] < 0]
        residual.fill(
            family_kind, waiting[: counts[column]], places_of_group[group[column]]
        )
    greedy_fill(compiled, residual)
    return residual, solution
