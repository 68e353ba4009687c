"""
The transportation model solved with HiGHS: types (or families) into groups of places.

Maximise ``sum value[t, area(g)] * x[t, g]`` subject to ``sum_g x[t, g] <= count[t]``,
``sum_t demand[t, s] * x[t, g] <= capacity[g, s]`` for every service, and one
interpreter of the family's language per family at groups not speaking it. With integer
``x`` over single families and single places this is the exact MIP; over types and
groups of places it is an LP relaxation whose optimum bounds every placement. Large LPs
are solved by column generation with HiGHS's dual simplex, warm-started each round.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import numpy.typing as npt

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


@dataclass(frozen=True, slots=True, eq=False)
class _Columns:
    """Every column of the model in compressed sparse column form."""

    cost: FloatArray
    upper: FloatArray
    start: IntArray  # (n + 1,)
    index: IntArray
    value: FloatArray
    row_upper: FloatArray

    def model(self, chosen: IntArray) -> highspy.HighsLp:
        """Return the HiGHS model restricted to the ``chosen`` columns."""
        model = highspy.HighsLp()
        model.num_col_ = len(chosen)
        model.num_row_ = len(self.row_upper)
        model.sense_ = highspy.ObjSense.kMaximize
        model.col_cost_ = self.cost[chosen]
        model.col_lower_ = np.zeros(len(chosen))
        model.col_upper_ = self.upper[chosen]
        model.row_lower_ = np.full(model.num_row_, -highspy.kHighsInf)
        model.row_upper_ = self.row_upper
        start, index, value = self.gather(chosen)
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.num_col_ = model.num_col_
        model.a_matrix_.num_row_ = model.num_row_
        model.a_matrix_.start_ = start
        model.a_matrix_.index_ = index
        model.a_matrix_.value_ = value
        return model

    def gather(
        self, chosen: IntArray
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], FloatArray]:
        """Return the sparse form (starts, row indexes, values) of ``chosen``."""
        lengths = self.start[chosen + 1] - self.start[chosen]
        starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        offsets = np.arange(int(starts[-1])) - np.repeat(starts[:-1], lengths)
        picked = np.repeat(self.start[chosen], lengths) + offsets
        return (
            starts.astype(np.int32),
            self.index[picked].astype(np.int32),
            self.value[picked],
        )

    def reduced_costs(self, duals: FloatArray) -> FloatArray:
        """Return each column's reduced cost under the row ``duals``."""
        column_of = np.repeat(np.arange(len(self.cost)), np.diff(self.start))
        priced: FloatArray = self.cost - np.bincount(
            column_of, weights=self.value * duals[self.index], minlength=len(self.cost)
        )
        return priced


def _columns(
    compiled: Compiled, groups: Groups, kind: IntArray, group: IntArray
) -> _Columns:
    """Return the model's columns: objective, bounds and constraint coefficients."""
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
    return _Columns(
        cost=compiled.value[kind, groups.area[group]],
        upper=compiled.type_count[kind].astype(np.float64),
        start=np.concatenate(
            [[0], np.cumsum(np.bincount(col, minlength=len(kind)))]
        ).astype(np.int64),
        index=row[order].astype(np.int64),
        value=val[order],
        row_upper=np.concatenate(
            [
                compiled.type_count.astype(np.float64),
                groups.capacity.reshape(-1).astype(np.float64),
                groups.interpreters.reshape(-1)[interp_rows].astype(np.float64),
            ]
        ),
    )


def _best_per_type(
    kind: IntArray, score: FloatArray, chosen: IntArray, k: int
) -> IntArray:
    """Return up to ``k`` columns per type among ``chosen``, best ``score`` first."""
    if len(chosen) == 0:
        return chosen
    ordered = chosen[np.lexsort((-score[chosen], kind[chosen]))]
    kinds = kind[ordered]
    first = np.concatenate([[True], kinds[1:] != kinds[:-1]])
    position = np.arange(len(ordered))
    rank = position - np.maximum.accumulate(np.where(first, position, 0))
    best: IntArray = np.sort(ordered[rank < k])
    return best


# Column generation: start from each type's best columns, then add each type's best
# columns of positive reduced cost until none is left. The restricted LP's optimum is
# then the full LP's optimum, found on a small fraction of the columns.
START_COLUMNS_PER_TYPE = 8
ENTERING_COLUMNS_PER_TYPE = 3
# Below this many columns the full LP is solved at once.
FULL_LP_COLUMNS = 50_000


def _solve_lp(
    columns: _Columns, kind: IntArray, *, time_limit: float
) -> tuple[FloatArray, float, bool]:
    """Return the LP's column values, optimum and whether it is proven optimal."""
    count = len(columns.cost)
    everything = np.arange(count, dtype=np.int64)
    if count <= FULL_LP_COLUMNS:
        chosen = everything
    else:
        chosen = _best_per_type(kind, columns.cost, everything, START_COLUMNS_PER_TYPE)
    solver = _solver(columns.model(chosen), time_limit=time_limit, mip_rel_gap=1e-6)
    while True:
        _check(solver)
        if len(chosen) == count:
            break
        duals = np.asarray(solver.getSolution().row_dual, dtype=np.float64)
        priced = columns.reduced_costs(duals)
        outside = np.ones(count, dtype=np.bool_)
        outside[chosen] = False
        entering = np.flatnonzero(outside & (priced > 1e-7))
        if len(entering) == 0:
            break
        entering = _best_per_type(kind, priced, entering, ENTERING_COLUMNS_PER_TYPE)
        start, index, value = columns.gather(entering)
        solver.addCols(
            len(entering),
            columns.cost[entering],
            np.zeros(len(entering)),
            columns.upper[entering],
            len(index),
            start[:-1],
            index,
            value,
        )
        chosen = np.concatenate([chosen, entering])
        solver.run()
    x = np.zeros(count)
    x[chosen] = np.asarray(solver.getSolution().col_value, dtype=np.float64)
    optimal = solver.getModelStatus() == highspy.HighsModelStatus.kOptimal
    return x, float(solver.getInfo().objective_function_value), optimal


def _solver(
    model: highspy.HighsLp, *, time_limit: float, mip_rel_gap: float
) -> highspy.Highs:
    """Return a HiGHS instance that has run on ``model``."""
    solver = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy has no hints
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("time_limit", float(time_limit))
    solver.setOptionValue("mip_rel_gap", float(mip_rel_gap))
    solver.setOptionValue("random_seed", 0)
    solver.passModel(model)
    solver.run()
    return solver


def _check(solver: highspy.Highs) -> None:
    """Raise :class:`SolverError` unless HiGHS found a solution."""
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
    if len(kind) == 0:
        empty = np.zeros(0)
        return TransportSolution(kind, group, empty, 0.0, 0.0, 0.0, True)
    columns = _columns(compiled, groups, kind, group)
    if not integer:
        x, lp_bound, optimal = _solve_lp(columns, kind, time_limit=time_limit)
        return TransportSolution(kind, group, x, lp_bound, lp_bound, lp_bound, optimal)
    everything = np.arange(len(kind), dtype=np.int64)
    model = columns.model(everything)
    relaxed = _solver(model, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    _check(relaxed)
    lp_bound = float(relaxed.getInfo().objective_function_value)
    model.integrality_ = [highspy.HighsVarType.kInteger] * len(kind)
    solver = _solver(model, time_limit=time_limit, mip_rel_gap=mip_rel_gap)
    _check(solver)
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
