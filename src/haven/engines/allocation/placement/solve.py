"""Place families: choose a solver, optionally respect preferences, and report."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from haven.engines.allocation.errors import PlacementInputError
from haven.engines.allocation.placement.compiled import compile_problem
from haven.engines.allocation.placement.flow import flow_lp, solve_flow
from haven.engines.allocation.placement.greedy import solve_greedy
from haven.engines.allocation.placement.mip import solve_mip
from haven.engines.allocation.placement.model import (
    OBJECTIVES,
    Family,
    Objective,
    Place,
    PlacementReport,
)
from haven.engines.allocation.placement.preference import respect_preferences
from haven.engines.allocation.placement.report import build_report

SOLVERS: tuple[str, ...] = ("mip", "flow", "greedy")


def resolve_objective(objective: Objective | str) -> Objective:
    """Return ``objective``, looking a name up in ``OBJECTIVES``."""
    if isinstance(objective, Objective):
        return objective
    if objective not in OBJECTIVES:
        raise PlacementInputError(
            f"unknown objective {objective!r}; choose one of {', '.join(OBJECTIVES)}",
            code="unknown_objective",
        )
    return OBJECTIVES[objective]


# The steps ``place_families`` reports to its progress callback.
STEPS = 4


def place_families(
    families: Sequence[Family],
    places: Sequence[Place],
    *,
    objective: Objective | str = "mix",
    solver: str = "mip",
    respect_preference: bool = False,
    explain: bool = True,
    time_limit: float = 60.0,
    mip_rel_gap: float = 1e-6,
    progress: Callable[[int, int, str], None] | None = None,
) -> PlacementReport:
    """
    Place whole families into places without exceeding any capacity.

    ``solver`` is ``"mip"`` (exact, one variable per family and place), ``"flow"`` (LP
    over family types and groups of alike places, rounded; for large batches) or
    ``"greedy"`` (the baseline). Every report carries the objective, the LP bound
    and the gap; families that cannot be placed are listed with the reason.
    ``progress``, when given, is called as ``progress(done, total, step)`` before
    each of the four steps and once at the end (the engine stays pure: the caller
    decides where it goes).

    >>> report = place_families(
    ...     [Family("f1", size=3, language="ar", ranking=("B", "A"))],
    ...     [Place("A", beds=4, languages=frozenset({"ar"})),
    ...      Place("B", beds=4, languages=frozenset({"ar"}))],
    ...     objective="ranking")
    >>> [(a.family_id, a.place_id) for a in report.assignments], report.proven_optimal
    ([('f1', 'B')], True)
    """
    if solver not in SOLVERS:
        raise PlacementInputError(
            f"unknown solver {solver!r}; choose one of {', '.join(SOLVERS)}",
            code="unknown_solver",
        )
    report_step = progress or _silent
    report_step(0, STEPS, "compiling the problem")
    weights = resolve_objective(objective)
    compiled = compile_problem(
        families, places, weights, one_type_per_family=solver == "mip"
    )
    notes: tuple[str, ...] = ()
    report_step(1, STEPS, f"solving ({solver})")
    if solver == "mip":
        residual, solution = solve_mip(
            compiled, time_limit=time_limit, mip_rel_gap=mip_rel_gap
        )
    elif solver == "flow":
        residual, solution, history = solve_flow(compiled, time_limit=time_limit)
        if len(history) > 1:
            steps = " -> ".join(f"{value:.2f}" for value in history)
            notes += (f"destroy and repair rounds raised the objective: {steps}",)
    else:
        solution = flow_lp(compiled, time_limit=time_limit)
        residual = solve_greedy(compiled)
    report_step(2, STEPS, "placing by preference")
    if respect_preference:
        moves = respect_preferences(compiled, residual)
        notes += (f"preference pass moved {moves} families",)
    report_step(3, STEPS, "explaining each placement")
    report = build_report(
        compiled,
        residual,
        solver=solver,
        lp_bound=solution.lp_bound,
        best_bound=solution.dual_bound,
        optimal=solution.optimal and solver == "mip",
        explain=explain,
        notes=notes,
    )
    report_step(STEPS, STEPS, "done")
    return report


def _silent(done: int, total: int, step: str) -> None:
    """Report nothing (no progress callback was given)."""
