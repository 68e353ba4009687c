"""
Placement against brute force on instances small enough to try every assignment.

Rules: ``specs/allocation.md`` §3.2 (family indivisibility, per-location capacities per
service, compatibility masks, a pluggable objective) and ``docs/allocation.md``
(services, interpreters, relatives rule and the objective's terms).
"""

from __future__ import annotations

import itertools
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.engines.allocation import (
    OBJECTIVES,
    SOLVERS,
    Family,
    Objective,
    Place,
    PlacementInputError,
    place_families,
)

AREAS = ("A1", "A2", "A3")
LANGUAGES = ("ar", "ps", "ti")


def fits(families: list[Family], places: list[Place], where: tuple[int, ...]) -> bool:
    """Return whether ``where`` (a place index per family, -1: none) breaks no rule."""
    for index, place in enumerate(places):
        left = list(place.capacity())
        interpreters = dict(place.interpreters)
        for family, at in zip(families, where, strict=True):
            if at != index:
                continue
            if family.near_relatives_required and place.area_id not in family.relatives:
                return False
            left = [
                have - need for have, need in zip(left, family.demand(), strict=True)
            ]
            if family.language not in place.languages:
                interpreters[family.language] = interpreters.get(family.language, 0) - 1
                if interpreters[family.language] < 0:
                    return False
        if min(left) < 0:
            return False
    return True


def worth(family: Family, area: str, objective: Objective) -> float:
    """The objective's value of ``family`` in ``area``, from docs/allocation.md."""
    value = objective.coverage * family.size
    if area in family.relatives:
        value += objective.relatives
    if area in family.ranking:
        k, i = len(family.ranking), family.ranking.index(area)
        value += objective.ranking * (k - i) / k
    return value + objective.integration * family.integration.get(area, 0.0)


def best_by_brute_force(families, places, objective) -> float:
    best = 0.0
    for where in itertools.product(range(-1, len(places)), repeat=len(families)):
        if fits(families, places, where):
            value = sum(
                worth(family, places[at].area_id, objective)
                for family, at in zip(families, where, strict=True)
                if at >= 0
            )
            best = max(best, value)
    return best


@st.composite
def instances(draw):
    place_areas = draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=3))
    places = [
        Place(
            f"p{j}",
            area=area,
            beds=draw(st.integers(0, 10)),
            large_family_units=draw(st.integers(0, 1)),
            school_places=draw(st.integers(0, 3)),
            unaccompanied_places=draw(st.integers(0, 1)),
            medical_places=draw(st.integers(0, 1)),
            languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))),
            interpreters=MappingProxyType(
                draw(st.dictionaries(st.sampled_from(LANGUAGES), st.integers(0, 1)))
            ),
        )
        for j, area in enumerate(place_areas)
    ]
    ranked = sorted(set(place_areas))
    families = []
    for i in range(draw(st.integers(1, 5))):
        size = draw(st.sampled_from([1, 2, 3, 4, 6, 7]))
        families.append(
            Family(
                f"f{i}",
                size=size,
                language=draw(st.sampled_from(LANGUAGES)),
                school_children=draw(st.integers(0, min(2, size))),
                unaccompanied_minors=draw(st.integers(0, 1)) if size == 1 else 0,
                medical_needs=draw(st.integers(0, 1)),
                relatives=frozenset(draw(st.sets(st.sampled_from(AREAS), max_size=1))),
                near_relatives_required=draw(st.booleans()),
                ranking=tuple(draw(st.permutations(ranked))[: draw(st.integers(0, 3))]),
                integration=MappingProxyType(
                    draw(
                        st.dictionaries(
                            st.sampled_from(AREAS),
                            st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
                        )
                    )
                ),
            )
        )
    return families, places


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instance=instances(), name=st.sampled_from(sorted(OBJECTIVES)))
def test_mip_reaches_the_brute_force_optimum(instance, name):
    families, places = instance
    report = place_families(families, places, objective=name, solver="mip")
    assert report.objective == pytest.approx(
        best_by_brute_force(families, places, OBJECTIVES[name]), abs=1e-6
    )
    where = {row.family_id: row.place_id for row in report.assignments}
    index = {place.id: j for j, place in enumerate(places)}
    assert fits(
        families, places, tuple(index.get(where.get(f.id, ""), -1) for f in families)
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_an_empty_batch_gives_an_empty_report(solver):
    report = place_families([], [Place("a", beds=3)], solver=solver)
    assert (report.families_placed, report.persons_placed, report.objective) == (
        0,
        0,
        0,
    )
    assert report.assignments == ()
    assert report.unplaced == ()


@pytest.mark.parametrize("solver", SOLVERS)
def test_unaccompanied_children_go_only_to_places_for_them(solver):
    places = [
        Place("adults", beds=10, languages=frozenset({"ar"})),
        Place("children", beds=2, unaccompanied_places=1, languages=frozenset({"ar"})),
    ]
    families = [
        Family(f"c{i}", size=1, language="ar", unaccompanied_minors=1) for i in range(2)
    ]
    report = place_families(families, places, solver=solver)
    assert [row.place_id for row in report.assignments] == ["children"]
    assert [row.reason for row in report.unplaced] == ["capacity_exhausted"]


@pytest.mark.parametrize(
    "weights",
    [
        {"coverage": 0.0, "ranking": 1.0},
        {"relatives": -0.5},
        {"ranking": float("inf")},
        {"integration": float("nan")},
    ],
)
def test_an_objective_that_could_leave_a_family_out_is_refused(weights):
    """Placing a person is always worth something: no zero, negative or NaN weight."""
    with pytest.raises(PlacementInputError) as caught:
        Objective(**weights)
    assert caught.value.code == "bad_weight"
    assert caught.value.message.startswith(next(iter(weights)))
