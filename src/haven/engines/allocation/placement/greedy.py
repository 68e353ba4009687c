"""The greedy baseline: largest families first, each to its best area with room."""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled, IntArray
from haven.engines.allocation.placement.packing import Residual, members_by_type


def type_order(compiled: Compiled) -> list[int]:
    """Return types by descending size, then descending best value, then index."""
    best = compiled.value.max(axis=1, initial=0.0)
    return [
        int(kind)
        for kind in np.lexsort((np.arange(len(best)), -best, -compiled.demand[:, 0]))
    ]


def greedy_fill(compiled: Compiled, residual: Residual) -> None:
    """Place every still-unplaced family greedily, by :func:`type_order`."""
    members = members_by_type(compiled)
    for kind in type_order(compiled):
        waiting = members[kind][residual.place_of[members[kind]] < 0]
        if len(waiting):
            fill_best_areas(compiled, residual, kind, waiting)


def fill_best_areas(
    compiled: Compiled, residual: Residual, kind: int, waiting: IntArray
) -> None:
    """Place ``waiting`` families of type ``kind`` area by area, best value first."""
    candidates = np.flatnonzero(compiled.compatible(kind))
    if len(candidates) == 0:
        return
    # Areas where no suitable place has room would take nobody; skip them.
    with_room = candidates[residual.fit(kind, candidates) > 0]
    areas = np.unique(compiled.place_area[with_room])
    values = compiled.value[kind]
    for area in areas[np.argsort(-values[areas], kind="stable")]:
        places = with_room[compiled.place_area[with_room] == area]
        placed = residual.fill(kind, waiting, places)
        waiting = waiting[placed:]
        if len(waiting) == 0:
            return


def solve_greedy(compiled: Compiled) -> Residual:
    """Return the greedy placement."""
    residual = Residual(compiled)
    greedy_fill(compiled, residual)
    return residual
