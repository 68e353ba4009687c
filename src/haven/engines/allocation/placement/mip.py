"""Exact placement: a binary per (family, compatible place), solved by HiGHS."""

from __future__ import annotations

import numpy as np

from haven.engines.allocation.placement.compiled import Compiled
from haven.engines.allocation.placement.flow import compatible_columns
from haven.engines.allocation.placement.packing import Residual
from haven.engines.allocation.placement.transport import (
    Groups,
    TransportSolution,
    solve_transport,
)


def solve_mip(
    compiled: Compiled, *, time_limit: float, mip_rel_gap: float
) -> tuple[Residual, TransportSolution]:
    """Return the MIP's placement; ``compiled`` must hold one type per family."""
    groups = Groups(
        area=compiled.place_area,
        capacity=compiled.capacity,
        speaks=compiled.speaks,
        interpreters=compiled.interpreters,
    )
    kind, place = compatible_columns(compiled, groups, compiled.capacity)
    solution = solve_transport(
        compiled,
        groups,
        kind,
        place,
        integer=True,
        time_limit=time_limit,
        mip_rel_gap=mip_rel_gap,
    )
    residual = Residual(compiled)
    for column in np.flatnonzero(solution.x > 0.5):
        family_kind = int(kind[column])
        family = compiled.type_first[family_kind : family_kind + 1]
        residual.fill(family_kind, family, place[column : column + 1])
    return residual, solution
