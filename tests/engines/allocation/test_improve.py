"""Destroy and repair: blocking families make way, capacities hold, value holds."""

from __future__ import annotations

import numpy as np
import pytest
from bench.allocation import check_feasible, large_instance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.engines.allocation import Family, Objective, Place, place_families
from haven.engines.allocation.placement.compiled import Compiled, compile_problem
from haven.engines.allocation.placement.flow import refill_unplaced
from haven.engines.allocation.placement.greedy import solve_greedy
from haven.engines.allocation.placement.improve import (
    blocking_families,
    improve,
    placed_value,
    spare_services,
)
from haven.engines.allocation.placement.packing import Residual, members_by_type

SPEAKS = frozenset({"ar"})


def flow_refill(compiled: Compiled):
    members = members_by_type(compiled)

    def refill(residual: Residual) -> None:
        refill_unplaced(compiled, residual, members, time_limit=10.0)

    return refill


def recomputed_residual(compiled: Compiled, residual: Residual):
    """Return capacities and interpreters left, recomputed from where families are."""
    capacity = compiled.capacity.copy()
    interpreters = compiled.interpreters.copy()
    for index in np.flatnonzero(residual.place_of >= 0):
        place = residual.place_of[index]
        kind = compiled.family_type[index]
        capacity[place] -= compiled.demand[kind]
        lang = compiled.type_language[kind]
        if not compiled.speaks[place, lang]:
            interpreters[place, lang] -= 1
    return capacity, interpreters


def blocked_instance() -> tuple[Compiled, Residual]:
    """A plain family sits in the only place with school room; a school family waits."""
    families = [
        Family("plain", size=3, language="ar"),
        Family("pupils", size=3, language="ar", school_children=1),
    ]
    places = [
        Place("A", beds=4, school_places=2, languages=SPEAKS),
        Place("B", beds=4, languages=SPEAKS),
    ]
    compiled = compile_problem(families, places, Objective())
    residual = Residual(compiled)
    plain = int(compiled.family_type[0])
    residual.fill(plain, np.array([0]), np.array([0]))
    return compiled, residual


def test_a_family_using_no_spare_service_is_blocking():
    compiled, residual = blocked_instance()
    spare = spare_services(compiled, residual)
    assert spare[0].tolist() == [False, False, True, False, False]
    assert not spare[1].any()
    assert blocking_families(compiled, residual).tolist() == [0]


def test_releasing_the_blocking_family_places_both():
    compiled, residual = blocked_instance()
    before = placed_value(compiled, residual)
    history = improve(compiled, residual, flow_refill(compiled))
    assert history[0] == before
    assert len(history) == 2
    assert residual.place_of.tolist() == [1, 0]
    assert placed_value(compiled, residual) == history[-1] > before
    capacity, interpreters = recomputed_residual(compiled, residual)
    assert (residual.capacity == capacity).all()
    assert (residual.interpreters == interpreters).all()


def test_a_round_that_lowers_the_objective_is_undone():
    compiled, residual = blocked_instance()
    before = residual.place_of.copy()

    def refill_nothing(_residual: Residual) -> None:
        return None

    assert improve(compiled, residual, refill_nothing) == (
        placed_value(compiled, residual),
    )
    assert (residual.place_of == before).all()
    assert (residual.capacity == recomputed_residual(compiled, residual)[0]).all()


def test_releasing_every_family_gives_back_every_capacity():
    families, places = large_instance(families=300, places_per_state=2)
    compiled = compile_problem(families, places, Objective(ranking=1.0))
    residual = solve_greedy(compiled)
    placed = np.flatnonzero(residual.place_of >= 0)
    assert len(placed) > 0
    residual.release_families(placed)
    assert (residual.capacity == compiled.capacity).all()
    assert (residual.interpreters == compiled.interpreters).all()
    assert (residual.place_of < 0).all()


raw_family = st.tuples(
    st.integers(1, 7),
    st.sampled_from(["ar", "ps", "ti"]),
    st.integers(0, 3),
    st.integers(0, 1),
    st.booleans(),
)
raw_place = st.tuples(
    st.integers(0, 12),
    st.integers(0, 1),
    st.integers(0, 4),
    st.integers(0, 2),
    st.sets(st.sampled_from(["ar", "ps", "ti"]), max_size=2),
    st.integers(0, 2),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw_families=st.lists(raw_family, min_size=1, max_size=16),
    raw_places=st.lists(raw_place, min_size=1, max_size=5),
)
def test_improving_any_placement_keeps_capacities_and_never_loses_value(
    raw_families, raw_places
):
    families = [
        Family(
            f"f{i}",
            size=size,
            language=lang,
            school_children=min(school, size),
            medical_needs=medical,
            ranking=("P0",) if first else (),
        )
        for i, (size, lang, school, medical, first) in enumerate(raw_families)
    ]
    places = [
        Place(
            f"P{i}",
            beds=beds,
            large_family_units=large,
            school_places=school,
            medical_places=medical,
            languages=frozenset(langs),
            interpreters={"ti": interp},
        )
        for i, (beds, large, school, medical, langs, interp) in enumerate(raw_places)
    ]
    compiled = compile_problem(families, places, Objective(ranking=1.0))
    residual = solve_greedy(compiled)
    before = placed_value(compiled, residual)
    improve(compiled, residual, flow_refill(compiled))
    assert placed_value(compiled, residual) >= before - 1e-9
    capacity, interpreters = recomputed_residual(compiled, residual)
    assert (residual.capacity == capacity).all()
    assert (residual.interpreters == interpreters).all()
    assert (capacity >= 0).all()
    assert (interpreters >= 0).all()
    placed = np.flatnonzero(residual.place_of >= 0)
    for index in placed:
        assert compiled.compatible(int(compiled.family_type[index]))[
            residual.place_of[index]
        ]


@pytest.mark.slow
def test_flow_comes_within_half_a_percent_of_the_bound_on_a_scaled_batch():
    families, places = large_instance(families=6_000, places_per_state=20)
    objective = Objective(relatives=0.4, ranking=0.3, integration=0.3)
    flow = place_families(
        families, places, objective=objective, solver="flow", explain=False
    )
    greedy = place_families(
        families, places, objective=objective, solver="greedy", explain=False
    )
    assert check_feasible(families, places, flow, objective) == []
    assert check_feasible(families, places, greedy, objective) == []
    assert flow.lp_bound == greedy.lp_bound
    assert flow.gap <= 0.005
    assert flow.gap < greedy.gap
    assert any(note.startswith("destroy and repair") for note in flow.notes)
