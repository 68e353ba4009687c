"""
Benchmark the allocation engine's placement.

Large batch: about 1,000,000 people in 400,000 families placed across 27 states x 1,000
places with five service dimensions (beds, large-family units, school places, places
for unaccompanied children, medical places), language and relatives rules; solved with
the type LP ("flow") and with the greedy baseline, both measured against the LP bound.
Small instance: 330 families, 21 places, 3 dimensions, solved to proven optimality by
the MIP. Instances are synthetic and seeded.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from bench.machine import machine_info, peak_rss_mib, write_result
from haven.engines.allocation import (
    SERVICES,
    Family,
    Objective,
    Place,
    PlacementReport,
    default_key_data,
    distribute,
    place_families,
)

EU27 = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
LANGUAGES = ("ar", "prs", "ps", "ti", "ku", "fa", "so", "ur")
SIZES = (1, 2, 3, 4, 5, 6, 7, 8)
SIZE_WEIGHTS = (0.36, 0.20, 0.17, 0.12, 0.08, 0.04, 0.02, 0.01)
# The benchmark's large batch; smaller runs (options of main) are printed, not stored.
LARGE_FAMILIES = 400_000
LARGE_PLACES_PER_STATE = 1_000


def small_instance(seed: int = 2017) -> tuple[list[Family], list[Place]]:
    """Return 330 families and 21 places using 3 services (beds, school, medical)."""
    rng = random.Random(seed)
    langs = LANGUAGES[:4]
    places = []
    for index in range(21):
        spoken = frozenset(rng.sample(langs, 2))
        beds = rng.randint(35, 85)
        places.append(
            Place(
                id=f"P{index:02d}",
                beds=beds,
                school_places=rng.randint(beds // 6, beds // 3),
                medical_places=rng.randint(1, 6),
                languages=spoken,
            )
        )
    areas = [place.id for place in places]
    families = []
    for index in range(330):
        size = rng.choices(SIZES[:5], weights=(0.3, 0.2, 0.2, 0.18, 0.12))[0]
        children = rng.randint(0, max(0, size - 1))
        ranking = tuple(rng.sample(areas, 3))
        relatives = (
            frozenset(rng.sample(areas, 1)) if rng.random() < 0.2 else frozenset()
        )
        families.append(
            Family(
                id=f"F{index:03d}",
                size=size,
                language=rng.choice(langs),
                school_children=rng.randint(0, children),
                medical_needs=1 if rng.random() < 0.1 else 0,
                relatives=relatives,
                ranking=ranking,
                integration=MappingProxyType(
                    {area: round(rng.random(), 2) for area in rng.sample(areas, 6)}
                ),
            )
        )
    return families, places


def large_instance(
    seed: int = 2016,
    *,
    families: int = LARGE_FAMILIES,
    places_per_state: int = LARGE_PLACES_PER_STATE,
) -> tuple[list[Family], list[Place]]:
    """Return the large batch: families of few types, 27 states of alike places."""
    rng = random.Random(seed)
    states = EU27
    # Preference classes: a few rankings of states, as a family would give them.
    rankings = [tuple(rng.sample(states, 3)) for _ in range(6)] + [()]
    integration = {
        lang: MappingProxyType(
            {state: round(rng.uniform(0.2, 0.8), 2) for state in states}
        )
        for lang in LANGUAGES
    }
    relatives_states = rng.sample(states, 8)
    out: list[Family] = []
    people = 0
    for index in range(families):
        unaccompanied = rng.random() < 0.03
        size = 1 if unaccompanied else rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
        children = 0 if size < 3 else rng.randint(0, min(3, size - 2))
        lang = LANGUAGES[min(int(rng.expovariate(0.6)), len(LANGUAGES) - 1)]
        relatives = (
            frozenset({rng.choice(relatives_states)})
            if rng.random() < 0.2
            else frozenset()
        )
        out.append(
            Family(
                id=f"F{index:06d}",
                size=size,
                language=lang,
                school_children=children,
                unaccompanied_minors=1 if unaccompanied else 0,
                medical_needs=1 if rng.random() < 0.08 else 0,
                relatives=relatives,
                near_relatives_required=unaccompanied and bool(relatives),
                ranking=rng.choice(rankings),
                integration=integration[lang],
            )
        )
        people += size
    shares = distribute("ammr", default_key_data(), 10**6, include=states).shares()
    demand = {
        "beds": people,
        "large": sum(1 for f in out if f.size >= 6),
        "school": sum(f.school_children for f in out),
        "unaccompanied": sum(f.unaccompanied_minors for f in out),
        "medical": sum(f.medical_needs for f in out),
    }
    slack = 1.04
    places: list[Place] = []
    for state in states:
        per_place = {
            key: value * shares[state] * slack / places_per_state
            for key, value in demand.items()
        }
        spoken = frozenset(rng.sample(LANGUAGES[:4], 2))
        for index in range(places_per_state):
            profile = index % 4
            # Profiles: 0 general, 1 families, 2 medical, 3 unaccompanied children.
            beds = max(10, round(per_place["beds"] * rng.uniform(0.8, 1.2)))
            places.append(
                Place(
                    id=f"{state}-{index:04d}",
                    area=state,
                    beds=beds,
                    large_family_units=_units(per_place["large"] * 4, rng)
                    if profile == 1
                    else 0,
                    school_places=_units(per_place["school"] * 2, rng)
                    if profile in (0, 1)
                    else 0,
                    unaccompanied_places=_units(per_place["unaccompanied"] * 4, rng)
                    if profile == 3
                    else 0,
                    medical_places=_units(per_place["medical"] * 4, rng)
                    if profile == 2
                    else 0,
                    languages=spoken,
                    interpreters=MappingProxyType(
                        {
                            lang: max(1, beds // 4)
                            for lang in LANGUAGES
                            if lang not in spoken
                        }
                    ),
                )
            )
    return out, places


def _units(expected: float, rng: random.Random) -> int:
    """Return ``expected`` rounded up or down at random, keeping totals unbiased."""
    whole = int(expected)
    return whole + (1 if rng.random() < expected - whole else 0)


def check_feasible(
    families: list[Family],
    places: list[Place],
    report: PlacementReport,
    objective: Objective,
) -> list[str]:
    """
    Return every way the report's placement breaks the rules; empty when it holds.

    Checks, independently of the engine: each family appears once, placed or not;
    no place exceeds any service or interpreter capacity; relatives-only families
    are near relatives; and the objective is the sum of the values recomputed from
    the weights.
    """
    problems: list[str] = []
    by_id = {family.id: family for family in families}
    place_by_id = {place.id: place for place in places}
    seen = Counter(row.family_id for row in report.assignments)
    seen.update(row.family_id for row in report.unplaced)
    if set(seen) != set(by_id) or any(count != 1 for count in seen.values()):
        problems.append("families: not every family appears exactly once")
    used: dict[str, list[int]] = {place.id: [0] * 5 for place in places}
    interpreted: Counter[tuple[str, str]] = Counter()
    total = 0.0
    for row in report.assignments:
        family, place = by_id[row.family_id], place_by_id[row.place_id]
        for service, amount in enumerate(family.demand()):
            used[place.id][service] += amount
        if family.language not in place.languages:
            interpreted[place.id, family.language] += 1
        if family.near_relatives_required and place.area_id not in family.relatives:
            problems.append(f"family {family.id}: placed away from its relatives")
        total += _value(family, place.area_id, objective)
    for place in places:
        for service, (amount, limit) in enumerate(
            zip(used[place.id], place.capacity(), strict=True)
        ):
            if amount > limit:
                problems.append(
                    f"place {place.id}: {SERVICES[service]} {amount} over {limit}"
                )
    for (place_id, language), count in interpreted.items():
        limit = place_by_id[place_id].interpreters.get(language, 0)
        if count > limit:
            problems.append(
                f"place {place_id}: interpreters:{language} {count} over {limit}"
            )
    if abs(total - report.objective) > 1e-6 * max(1.0, abs(total)):
        problems.append(f"objective: reported {report.objective}, recomputed {total}")
    return problems


def _value(family: Family, area: str, objective: Objective) -> float:
    """Return the value of ``family`` placed in ``area``, from the weights."""
    value = objective.coverage * family.size
    if area in family.relatives:
        value += objective.relatives
    if area in family.ranking:
        length = len(family.ranking)
        value += objective.ranking * (length - family.ranking.index(area)) / length
    value += objective.integration * family.integration.get(area, 0.0)
    return value


def _timed(**kwargs: Any) -> tuple[PlacementReport, float, float]:
    """Run ``place_families``; return the report, wall-clock and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    report = place_families(**kwargs)
    return report, time.perf_counter() - start, time.process_time() - cpu


def _load() -> list[float]:
    """Return the load average, which other jobs on a shared machine raise."""
    return [round(value, 2) for value in os.getloadavg()]


def _checked(
    families: list[Family],
    places: list[Place],
    report: PlacementReport,
    objective: Objective,
) -> None:
    """Raise if the placement breaks a capacity or any other rule."""
    problems = check_feasible(families, places, report, objective)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise RuntimeError(
            f"{report.solver} placement is infeasible: {'; '.join(problems[:5])}{more}"
        )


def main(argv: Sequence[str] = ()) -> None:
    """Run both instances, print the figures and write bench/results/allocation.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.allocation")
    parser.add_argument("--families", type=int, default=LARGE_FAMILIES)
    parser.add_argument("--places-per-state", type=int, default=LARGE_PLACES_PER_STATE)
    options = parser.parse_args(list(argv))
    full_scale = (options.families, options.places_per_state) == (
        LARGE_FAMILIES,
        LARGE_PLACES_PER_STATE,
    )
    objective = Objective(relatives=0.4, ranking=0.3, integration=0.3)
    small_families, small_places = small_instance()
    small, small_seconds, small_cpu = _timed(
        families=small_families, places=small_places, objective=objective, solver="mip"
    )
    _checked(small_families, small_places, small, objective)
    start = time.perf_counter()
    families, places = large_instance(
        families=options.families, places_per_state=options.places_per_state
    )
    build_seconds = time.perf_counter() - start
    people = sum(family.size for family in families)
    results: dict[str, dict[str, Any]] = {}
    for solver in ("flow", "greedy"):
        load_before = _load()
        report, seconds, cpu_seconds = _timed(
            families=families,
            places=places,
            objective=objective,
            solver=solver,
            explain=False,
        )
        load_after = _load()
        _checked(families, places, report, objective)
        results[solver] = {
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu_seconds, 2),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "objective": report.objective,
            "lp_bound": report.lp_bound,
            "gap": report.gap,
            "persons_placed": report.persons_placed,
            "persons_unplaced": report.persons_unplaced,
            "families_placed": report.families_placed,
            "notes": list(report.notes),
            "feasible": True,
        }
        print(f"{solver}: {results[solver]}")
    peak = round(peak_rss_mib(), 1)
    flow = results["flow"]
    payload = {
        "machine": machine_info(("highspy", "numpy")),
        "load_average": _load(),
        "large": {
            "families": len(families),
            "people": people,
            "places": len(places),
            "states": len(EU27),
            "services": 5,
            "instance_build_seconds": round(build_seconds, 2),
            "flow": flow,
            "greedy": results["greedy"],
            "targets": {"seconds": 60, "memory_gib": 8, "gap": 0.005},
            "flow_within_targets": {
                "cpu_seconds": flow["cpu_seconds"] <= 60,
                "memory": peak <= 8 * 1024,
                "gap": flow["gap"] <= 0.005,
            },
        },
        "small": {
            "families": len(small_families),
            "places": len(small_places),
            "services": 3,
            "seconds": round(small_seconds, 2),
            "cpu_seconds": round(small_cpu, 2),
            "objective": small.objective,
            "lp_bound": small.lp_bound,
            "best_bound": small.best_bound,
            "gap": small.gap,
            "proven_optimal": small.proven_optimal,
            "feasible": True,
        },
        "peak_rss_mib": peak,
    }
    print(f"small: {payload['small']}")
    print(f"peak RSS {peak} MiB")
    if full_scale:
        path = write_result("allocation", payload)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
