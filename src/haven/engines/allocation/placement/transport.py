"""
The transportation model solved with HiGHS: types (or families) into groups of places.

Maximise ``sum value[t, area(g)] * x[t, g]`` subject to ``sum_g x[t, g] <= count[t]``,
``sum_t demand[t, s] * x[t, g] <= capacity[g, s]`` for every service, and one
interpreter of the family's language per family at groups not speaking it. With integer
``x`` over single families and single places this is the exact MIP; over types and
groups of places it is an LP relaxation whose optimum bounds every placement.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from haven.engines.allocation.errors import SolverError
from haven.engines.allocation.placement.compiled import (
    BoolArray,
    Compiled,
    FloatArray,
    IntArray,
)


@dataclass(frozen=True, slots=True, eq=False)
class Groups:
    """Places pooled into groups with summed capacities (one per group for the MIP)."""

    area: IntArray  # (G,)
    capacity: IntArray  # (G, S)
    speaks: BoolArray  # (G, L)
    interpreters: IntArray  # (G, L)


@dataclass(frozen=True, slots=True, eq=False)
class TransportSolution:
    """Column values and the solver's figures."""

    kind: IntArray  # (n,) type of each column
    group: IntArray  # (n,) group of each column
    x: FloatArray  # (n,)
    objective: float
    lp_bound: float
    dual_bound: float
    optimal: bool


def _build(
    compiled: Compiled, groups: Groups, kind: IntArray, group: IntArray
) -> highspy.HighsLp:
    """Return the HiGHS model in column-wise sparse form."""
    count_t = len(compiled.type_count)
    count_g, count_s = groups.capacity.shape
    count_l = groups.speaks.shape[1]
    demand = compiled.demand[kind]
    lang = compiled.type_language[kind]
    needs = ~groups.speaks[group, lang]
    cols = [np.arange(len(kind))]
    rows = [kind]
    vals = [np.ones(len(kind))]
    for service in range(count_s):
        used = demand[:, service] > 0
        cols.append(np.flatnonzero(used))
        rows.append(count_t + group[used] * count_s + service)
        vals.append(demand[used, service].astype(np.float64))
    interp_key = group[needs] * count_l + lang[needs]
    interp_rows, interp_index = np.unique(interp_key, return_inverse=True)
    cols.append(np.flatnonzero(needs))
    rows.append(count_t + count_g * count_s + interp_index)
    vals.append(np.ones(int(needs.sum())))
    col = np.concatenate(cols)
    row = np.concatenate(rows)
    val = np.concatenate(vals)
    order = np.lexsort((row, col))
    model = highspy.HighsLp()
    model.num_col_ = len(kind)
    model.num_row_ = count_t + count_g * count_s + len(interp_rows)
    model.sense_ = highspy.ObjSense.kMaximize
    model.col_cost_ = compiled.value[kind, groups.area[group]]
    model.col_lower_ = np.zeros(len(kind))
    model.col_upper_ = compiled.type_count[kind].astype(np.float64)
    upper = np.concatenate(
        [
            compiled.type_count.astype(np.float64),
            groups.capacity.reshape(-1).astype(np.float64),
            groups.interpreters.reshape(-1)[interp_rows].astype(np.float64),
        ]
    )
    model.row_lower_ = np.full(model.num_row_, -highspy.kHighsInf)
    model.row_upper_ = upper
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.num_col_ = model.num_col_
    model.a_matrix_.num_row_ = model.num_row_
    model.a_matrix_.start_ = np.concatenate(
        [[0], np.cumsum(np.bincount(col, minlength=len(kind)))]
    ).astype(np.int32)
    model.a_matrix_.index_ = row[order].astype(np.int32)
    model.a_matrix_.value_ = val[order]
    return model


def _run(
    model: highspy.HighsLp, *, time_limit: float, mip_rel_gap: float
) -> highspy.Highs:
    """Solve ``model``; raise :class:`SolverError` unless HiGHS found a solution."""
    solver = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy has no hints
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    solver.setOptionValue("random_seed", 0)
    solver.passModel(model)
    solver.run()
    status = solver.getModelStatus()
    if status not in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kTimeLimit,
    ):
        raise SolverError(
            f"HiGHS stopped with status {solver.modelStatusToString(status)}"
        )
    if solver.getInfo().primal_solution_status != 2:  # 2: feasible
        raise SolverError("HiGHS found no feasible solution within the time limit")
    return solver


def solve_transport(
    compiled: Compiled,
    groups: Groups,
    kind: IntArray,
    group: IntArray,
    *,
    integer: bool,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
) -> TransportSolution:
    """Solve the LP relaxation and, with ``integer``, the MIP over the given columns."""
    model = _build(compiled, groups, kind, group)
    if len(kind) == 0:
        empty = np.zeros(0)
        return TransportSolution(kind, group, empty, 0.0, 0.0, 0.0, True)
    relaxed = _run(model, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    lp_bound = float(relaxed.getInfo().objective_function_value)
    if not integer:
        x = np.asarray(relaxed.getSolution().col_value, dtype=np.float64)
        optimal = relaxed.getModelStatus() == highspy.HighsModelStatus.kOptimal
        return TransportSolution(kind, group, x, lp_bound, lp_bound, lp_bound, optimal)
    model.integrality_ = [highspy.HighsVarType.kInteger] * len(kind)
    solver = _run(model, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    info = solver.getInfo()
    x = np.rint(np.asarray(solver.getSolution().col_value, dtype=np.float64))
    optimal = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return TransportSolution(
        kind,
        group,
        x,
        float(info.objective_function_value),
        lp_bound,
        min(lp_bound, float(info.mip_dual_bound)),
        optimal,
    )
