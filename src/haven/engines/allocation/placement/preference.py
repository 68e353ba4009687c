"""
The preference-respecting pass: no family stays below an available area it prefers.

After the optimiser, each family with a ranking is moved to the best area it ranks above
its current one (or to any ranked area, if unplaced) where a suitable place still has
room. Every move improves that family's position strictly, so the pass ends; when it
does, no family ranks an area above its own in which a place could still take it. Moves
never unplace anyone, but they may lower the objective; the report shows by how much.
"""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled
from haven.engines.allocation.placement.packing import Residual, members_by_type


def respect_preferences(compiled: Compiled, residual: Residual) -> int:
    """Move families to preferred areas with room until none can; return the moves."""
    area_at = {area: index for index, area in enumerate(compiled.areas)}
    members = members_by_type(compiled)
    rankings = {
        kind: [area_at[area] for area in compiled.families[int(first)].ranking]
        for kind, first in enumerate(compiled.type_first)
        if compiled.families[int(first)].ranking
    }
    moves = 0
    changed = True
    while changed:
        changed = False
        for kind, ranking in rankings.items():
            compatible = compiled.compatible(kind)
            rank_of = np.full(len(compiled.areas), len(ranking), dtype=np.int64)
            rank_of[ranking] = np.arange(len(ranking))
            for target_rank, area in enumerate(ranking):
                family = members[kind]
                where = residual.place_of[family]
                current = np.where(
                    where >= 0,
                    rank_of[compiled.place_area[np.maximum(where, 0)]],
                    len(ranking) + 1,
                )
                movers = family[current > target_rank]
                if len(movers) == 0:
                    break
                places = np.flatnonzero(compatible & (compiled.place_area == area))
                room = int(residual.fit(kind, places).sum()) if len(places) else 0
                if room == 0:
                    continue
                # Unplaced families first, then the worst placed.
                movers = movers[
                    np.argsort(-current[current > target_rank], kind="stable")
                ]
                chosen = movers[:room]
                placed = chosen[residual.place_of[chosen] >= 0]
                residual.release(kind, placed)
                moved = residual.fill(kind, chosen, places)
                moves += moved
                changed = changed or moved > 0
    return moves
