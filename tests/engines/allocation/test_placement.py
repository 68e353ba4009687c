"""Placement: capacities hold, families stay whole, the unplaced are explained."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from bench.allocation import small_instance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.engines.allocation import (
    SERVICES,
    Family,
    Objective,
    Place,
    PlacementInputError,
    place_families,
)

SPEAKS = frozenset({"ar"})


def used_capacity(families, places, report):
    """Return per place the units of each service and interpreters used."""
    by_id = {family.id: family for family in families}
    spoken = {place.id: place.languages for place in places}
    used: dict[str, Counter] = {place.id: Counter() for place in places}
    for row in report.assignments:
        family = by_id[row.family_id]
        for name, amount in zip(SERVICES, family.demand(), strict=True):
            used[row.place_id][name] += amount
        if family.language not in spoken[row.place_id]:
            used[row.place_id][f"interpreters:{family.language}"] += 1
    return used


def assert_capacities_hold(families, places, report):
    used = used_capacity(families, places, report)
    for place in places:
        for name, amount in zip(SERVICES, place.capacity(), strict=True):
            assert used[place.id][name] <= amount, (place.id, name)
        for key, count in used[place.id].items():
            if key.startswith("interpreters:"):
                assert count <= place.interpreters.get(key.split(":", 1)[1], 0)


def assert_every_family_once(families, report):
    seen = [row.family_id for row in report.assignments] + [
        u.family_id for u in report.unplaced
    ]
    assert sorted(seen) == sorted(family.id for family in families)


def test_small_instance_is_solved_to_proven_optimality():
    families, places = small_instance()
    report = place_families(families, places, objective="mix", solver="mip")
    assert report.proven_optimal is True
    assert report.gap <= 1e-6
    assert report.objective <= report.lp_bound + 1e-6
    assert_capacities_hold(families, places, report)


@pytest.mark.parametrize("solver", ["mip", "flow", "greedy"])
def test_every_solver_respects_every_capacity_on_the_small_instance(solver):
    families, places = small_instance()
    report = place_families(families, places, objective="mix", solver=solver)
    assert_capacities_hold(families, places, report)
    assert_every_family_once(families, report)
    assert report.objective <= report.lp_bound + 1e-6


def test_greedy_never_beats_the_mip():
    families, places = small_instance()
    mip = place_families(families, places, objective="ranking", solver="mip")
    greedy = place_families(families, places, objective="ranking", solver="greedy")
    assert greedy.objective <= mip.objective + 1e-6


def test_more_people_than_beds_places_what_fits_and_reports_the_rest():
    families = [Family(f"f{i}", size=3, language="ar") for i in range(4)]
    places = [Place("A", beds=7, languages=SPEAKS)]
    report = place_families(families, places, solver="mip")
    assert report.persons_placed == 6
    assert {u.reason for u in report.unplaced} == {"capacity_exhausted"}
    assert any("only 7 beds" in note for note in report.notes)


def test_a_family_larger_than_any_place_is_reported_and_the_rest_placed():
    families = [
        Family("big", size=9, language="ar"),
        Family("small", size=2, language="ar"),
    ]
    places = [Place("A", beds=8, large_family_units=1, languages=SPEAKS)]
    report = place_families(families, places, solver="flow")
    assert [row.family_id for row in report.assignments] == ["small"]
    (unplaced,) = report.unplaced
    assert unplaced.reason == "larger_than_any_place"
    assert "needs 9 beds" in unplaced.detail


def test_a_language_nobody_speaks_or_interprets_is_reported():
    report = place_families(
        [Family("f", size=1, language="ti")], [Place("A", beds=5, languages=SPEAKS)]
    )
    assert report.unplaced[0].reason == "no_language_support"


def test_an_interpreter_makes_a_place_usable_and_is_used_up():
    places = [Place("A", beds=10, languages=SPEAKS, interpreters={"ti": 1})]
    families = [Family(f"f{i}", size=1, language="ti") for i in range(2)]
    report = place_families(families, places, solver="mip")
    assert report.families_placed == 1
    assert "interpreters:ti short" in report.unplaced[0].detail


def test_a_family_that_must_stay_near_relatives_goes_only_there():
    families = [
        Family(
            "f",
            size=2,
            language="ar",
            relatives=frozenset({"B"}),
            near_relatives_required=True,
        )
    ]
    places = [
        Place("A", beds=9, languages=SPEAKS),
        Place("B", beds=2, languages=SPEAKS),
    ]
    report = place_families(families, places, objective="ranking", solver="greedy")
    assert report.assignments[0].place_id == "B"


def test_an_explanation_lists_terms_that_add_up_and_what_stood_in_the_way():
    families = [
        Family("first", size=2, language="ar", ranking=("B", "A")),
        Family("second", size=2, language="ar", ranking=("B", "A")),
    ]
    places = [
        Place("A", beds=4, languages=SPEAKS),
        Place("B", beds=2, languages=SPEAKS),
    ]
    report = place_families(families, places, objective="ranking", solver="mip")
    at_a = next(row for row in report.assignments if row.place_id == "A")
    assert sum(value for _, value in at_a.terms) == pytest.approx(at_a.value)
    assert at_a.passed_over[0].startswith("B: full")
    at_b = next(row for row in report.assignments if row.place_id == "B")
    assert "beds" in at_b.binding


def test_preference_pass_leaves_no_family_below_an_available_preferred_area():
    families, places = small_instance()
    report = place_families(
        families,
        places,
        objective="integration",
        solver="greedy",
        respect_preference=True,
    )
    assert_capacities_hold(families, places, report)
    used = used_capacity(families, places, report)
    by_id = {family.id: family for family in families}
    for row in report.assignments:
        family = by_id[row.family_id]
        if row.area not in family.ranking:
            better = family.ranking
        else:
            better = family.ranking[: family.ranking.index(row.area)]
        for place in places:
            if place.area_id not in better or family.language not in place.languages:
                continue
            room = [
                amount - used[place.id][name]
                for name, amount in zip(SERVICES, place.capacity(), strict=True)
            ]
            assert not all(np.array(room) >= np.array(family.demand())), (
                family.id,
                place.id,
            )


def test_duplicate_family_ids_are_rejected_with_a_code():
    family = Family("f", size=1, language="ar")
    with pytest.raises(PlacementInputError) as raised:
        place_families([family, family], [Place("A", beds=2, languages=SPEAKS)])
    assert raised.value.code == "invalid_placement_input"


def test_an_unknown_solver_is_rejected():
    with pytest.raises(PlacementInputError):
        place_families([], [Place("A", beds=1)], solver="magic")


family_strategy = st.builds(
    lambda size, lang, school, medical, rank: (
        size,
        lang,
        min(school, size),
        min(medical, size),
        rank,
    ),
    st.integers(1, 7),
    st.sampled_from(["ar", "ps", "ti"]),
    st.integers(0, 3),
    st.integers(0, 1),
    st.permutations(["A", "B", "C", "D"]),
)
place_strategy = st.tuples(
    st.integers(0, 12),
    st.integers(0, 1),
    st.integers(0, 4),
    st.integers(0, 2),
    st.sets(st.sampled_from(["ar", "ps", "ti"]), max_size=2),
    st.integers(0, 2),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    raw_families=st.lists(family_strategy, min_size=1, max_size=14),
    raw_places=st.lists(place_strategy, min_size=4, max_size=4),
    solver=st.sampled_from(["mip", "flow", "greedy"]),
    respect=st.booleans(),
)
def test_any_instance_keeps_capacities_and_whole_families(
    raw_families, raw_places, solver, respect
):
    families = [
        Family(
            f"f{i}",
            size=s,
            language=lang,
            school_children=school,
            medical_needs=med,
            ranking=tuple(rank[:2]),
        )
        for i, (s, lang, school, med, rank) in enumerate(raw_families)
    ]
    places = [
        Place(
            name,
            beds=beds,
            large_family_units=large,
            school_places=school,
            medical_places=med,
            languages=frozenset(langs),
            interpreters={"ti": interp},
        )
        for name, (beds, large, school, med, langs, interp) in zip(
            "ABCD", raw_places, strict=True
        )
    ]
    report = place_families(
        families,
        places,
        objective=Objective(ranking=1.0),
        solver=solver,
        respect_preference=respect,
    )
    assert_capacities_hold(families, places, report)
    assert_every_family_once(families, report)
    assert report.objective <= report.best_bound + 1e-6
    if solver == "mip" and not respect:
        assert report.proven_optimal is True
